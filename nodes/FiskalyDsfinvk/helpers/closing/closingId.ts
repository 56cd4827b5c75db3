import type { IDataObject } from 'n8n-workflow';

import { uuidFromText } from '../../../shared/derivedId';

/**
 * The closing of a register and business date has an ID derived from both, so a re-run (or a
 * retry after a lost answer) hits the closing already inserted (409) instead of adding a second
 * one (uuidFromText, nodes/shared/derivedId.ts):
 *   uuidFromText("dsfinvk close day\n" + lowercase(client_id) + "\n" + business_date [+ "\n" + attempt])
 * Attempt n + 1 is used only when attempt n ended in ERROR or was deleted, so one register and day
 * map to any number of failed closings followed by at most one that counts.
 */
export function closingIdFor(clientId: string, businessDate: string, attempt = 1): string {
	const text = `dsfinvk close day\n${clientId.toLowerCase()}\n${businessDate}`;
	return uuidFromText(attempt === 1 ? text : `${text}\n${attempt}`);
}

/** Closings in these states do not count: their closing number can be given again [INFERRED]. */
export const FAILED_CLOSING_STATES = ['ERROR', 'DELETED'];

/**
 * The next closing number (Z_NR, "ascending, consecutive, non-resettable" per register): one
 * more than the highest of the register's closings that count, 1 for the first.
 */
export function nextClosingNumber(closings: IDataObject[]): number {
	let highest = 0;
	for (const closing of closings) {
		const number = closing.cash_point_closing_export_id;
		if (FAILED_CLOSING_STATES.includes(String(closing.state))) continue;
		if (typeof number === 'number' && number > highest) highest = number;
	}
	return highest + 1;
}

/**
 * What differs between a closing already stored and the one just built (empty when they agree):
 * a closing cannot be changed, so a re-run with other sales must not pass silently.
 */
export function closingDifferences(stored: IDataObject, built: IDataObject): string[] {
	const head = built.head as IDataObject;
	const payment = (built.cash_statement as IDataObject).payment as IDataObject;
	const pairs: Array<[string, unknown, unknown]> = [
		['full_amount', stored.full_amount, payment.full_amount],
		['cash_amount', stored.cash_amount, payment.cash_amount],
		[
			'first_transaction_export_id',
			stored.first_transaction_export_id,
			head.first_transaction_export_id,
		],
		[
			'last_transaction_export_id',
			stored.last_transaction_export_id,
			head.last_transaction_export_id,
		],
	];
	return pairs
		.filter(
			([, there, here]) =>
				there !== undefined && Number(there) !== Number(here) && String(there) !== String(here),
		)
		.map(([name, there, here]) => `${name} ${String(there)} there, ${String(here)} now`);
}
