import type { IDataObject } from 'n8n-workflow';

import { FieldError } from '../../shared/errors';
import { validateUuid } from '../../shared/validation';

/**
 * The query of PUT /tss/{id}/export/{id} from the Filters of Export › Trigger, refused before any
 * call when fiskaly would reject or silently ignore the combination (REFERENCE §5.1): a client
 * filter stands alone, a transaction number excludes a transaction number range, and only one
 * kind of range (transaction numbers, dates, signature counters) applies at a time.
 */

export interface ExportFilterInput {
	clientId?: unknown;
	transactionNumber?: unknown;
	startTransactionNumber?: unknown;
	endTransactionNumber?: unknown;
	startDate?: unknown;
	endDate?: unknown;
	startSignatureCounter?: unknown;
	endSignatureCounter?: unknown;
	maximumNumberRecords?: unknown;
}

/** fiskaly exports at most this many records; bigger exports are split by signature counter ranges. */
export const MAX_EXPORT_RECORDS = 1_000_000;

const LABELS: Record<keyof ExportFilterInput, string> = {
	clientId: 'Client ID',
	transactionNumber: 'Transaction Number',
	startTransactionNumber: 'Start Transaction Number',
	endTransactionNumber: 'End Transaction Number',
	startDate: 'Start Date',
	endDate: 'End Date',
	startSignatureCounter: 'Start Signature Counter',
	endSignatureCounter: 'End Signature Counter',
	maximumNumberRecords: 'Maximum Number of Records',
};

function given(value: unknown): boolean {
	return (
		value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '')
	);
}

function positiveInteger(value: unknown, key: keyof ExportFilterInput): number {
	const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
		throw new FieldError(
			`Filters › ${LABELS[key]}`,
			`"${String(value)}" is not a whole number of at least 1`,
			'Enter a whole number such as 1 or 250, or remove the filter.',
		);
	}
	return number;
}

/** Unix seconds from a date-time (ISO text as the date picker gives it, a Date, or unix seconds). */
function unixSeconds(value: unknown, key: keyof ExportFilterInput): number {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
	const time =
		value instanceof Date
			? value.getTime()
			: typeof value === 'string'
				? Date.parse(value)
				: Number.NaN;
	if (Number.isNaN(time) || time < 0) {
		throw new FieldError(
			`Filters › ${LABELS[key]}`,
			`"${String(value)}" is not a date and time`,
			'Pick a date and time, e.g. 2025-01-31T23:59:59Z.',
		);
	}
	return Math.floor(time / 1000);
}

function range(
	filters: ExportFilterInput,
	start: keyof ExportFilterInput,
	end: keyof ExportFilterInput,
	read: (value: unknown, key: keyof ExportFilterInput) => number,
	qs: IDataObject,
	names: [string, string],
): void {
	const from = given(filters[start]) ? read(filters[start], start) : undefined;
	const to = given(filters[end]) ? read(filters[end], end) : undefined;
	if (from !== undefined && to !== undefined && from > to) {
		throw new FieldError(
			`Filters › ${LABELS[start]}`,
			`is after ${LABELS[end]}`,
			`Swap the two values, or correct one of them.`,
		);
	}
	if (from !== undefined) qs[names[0]] = String(from);
	if (to !== undefined) qs[names[1]] = String(to);
}

export function buildExportQuery(filters: ExportFilterInput): IDataObject {
	const present = (Object.keys(LABELS) as Array<keyof ExportFilterInput>).filter((key) =>
		given(filters[key]),
	);
	if (given(filters.clientId)) {
		const others = present.filter((key) => key !== 'clientId');
		if (others.length > 0) {
			throw new FieldError(
				'Filters › Client ID',
				`cannot be combined with ${others.map((key) => LABELS[key]).join(', ')}`,
				'An export of one client’s logs takes no other filter (fiskaly ignores them). Remove the other filters, or the Client ID.',
			);
		}
		return { client_id: validateUuid(filters.clientId, 'Filters › Client ID') };
	}
	if (
		given(filters.transactionNumber) &&
		(given(filters.startTransactionNumber) || given(filters.endTransactionNumber))
	) {
		throw new FieldError(
			'Filters › Transaction Number',
			'cannot be combined with a transaction number range',
			'Use either one Transaction Number, or Start and/or End Transaction Number.',
		);
	}
	const kinds = [
		[
			'transaction numbers',
			['transactionNumber', 'startTransactionNumber', 'endTransactionNumber'],
		],
		['dates', ['startDate', 'endDate']],
		['signature counters', ['startSignatureCounter', 'endSignatureCounter']],
	] as const;
	const used = kinds
		.filter(([, keys]) => keys.some((key) => given(filters[key])))
		.map(([name]) => name);
	if (used.length > 1) {
		throw new FieldError(
			'Filters',
			`combine ranges of ${used.join(' and ')}`,
			'fiskaly exports by one kind of range at a time. Keep the transaction numbers, the dates or the signature counters, and remove the others.',
		);
	}

	const qs: IDataObject = {};
	if (given(filters.transactionNumber)) {
		qs.transaction_number = String(positiveInteger(filters.transactionNumber, 'transactionNumber'));
	}
	range(filters, 'startTransactionNumber', 'endTransactionNumber', positiveInteger, qs, [
		'start_transaction_number',
		'end_transaction_number',
	]);
	range(filters, 'startDate', 'endDate', unixSeconds, qs, ['start_date', 'end_date']);
	range(filters, 'startSignatureCounter', 'endSignatureCounter', positiveInteger, qs, [
		'start_signature_counter',
		'end_signature_counter',
	]);
	if (given(filters.maximumNumberRecords)) {
		const maximum = positiveInteger(filters.maximumNumberRecords, 'maximumNumberRecords');
		if (maximum > MAX_EXPORT_RECORDS) {
			throw new FieldError(
				'Filters › Maximum Number of Records',
				`${maximum} is more than ${MAX_EXPORT_RECORDS}`,
				'fiskaly exports at most 1,000,000 records. Split bigger exports by signature counter ranges (1 to 1000000, 1000001 to 2000000, …).',
			);
		}
		qs.maximum_number_records = String(maximum);
	}
	return qs;
}
