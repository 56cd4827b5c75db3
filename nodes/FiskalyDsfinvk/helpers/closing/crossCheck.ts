import type { IDataObject } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';

/**
 * The cross-check against the TSS: every FINISHED transaction the register's client signed in the
 * business day is among the sales. A transaction counts for the day in which it was finished
 * (time_end), in the workflow's time zone [INFERRED: fiskaly does not define a business day].
 * Pure: no n8n context.
 */

/** Seconds to add to UTC to get the wall clock of `timeZone` at `unixSeconds`. */
function zoneOffset(unixSeconds: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(unixSeconds * 1000));
	const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const wall = Date.UTC(
		value('year'),
		value('month') - 1,
		value('day'),
		value('hour'),
		value('minute'),
		value('second'),
	);
	return wall / 1000 - unixSeconds;
}

/** The wall-clock midnight of `date` in `timeZone`, as Unix seconds (DST-safe: the offset is re-read). */
function midnight(date: string, timeZone: string): number {
	const [year, month, day] = date.split('-').map(Number);
	const local = Date.UTC(year, month - 1, day) / 1000;
	const first = local - zoneOffset(local, timeZone);
	return local - zoneOffset(first, timeZone);
}

function isTimeZone(timeZone: string): boolean {
	try {
		zoneOffset(0, timeZone);
		return true;
	} catch {
		return false;
	}
}

/** [start, end) of a business date in a time zone, Unix seconds. */
export function dayWindow(businessDate: string, timeZone: string): { start: number; end: number } {
	if (!isTimeZone(timeZone)) {
		throw new FieldError(
			'Time Zone',
			`"${timeZone}" is not a time zone`,
			'Use an IANA time zone such as Europe/Berlin.',
		);
	}
	const [year, month, day] = businessDate.split('-').map(Number);
	const next = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
	return { start: midnight(businessDate, timeZone), end: midnight(next, timeZone) };
}

export interface CrossCheckResult {
	/** FINISHED transactions of the day the TSS holds. */
	tssTransactions: number;
	/** Signed in the day but not among the sales. */
	missing: IDataObject[];
	/** Among the sales but finished outside the day. */
	outsideDay: IDataObject[];
}

function summary(transaction: { id: string; number: unknown; timeEnd: unknown }): IDataObject {
	return {
		transaction_id: transaction.id,
		number: transaction.number as number,
		time_end: transaction.timeEnd as number,
	};
}

export function crossCheck(
	tssTransactions: IDataObject[],
	sales: Array<{ id: string; number: number; timeEnd: number }>,
	window: { start: number; end: number },
): CrossCheckResult {
	const inDay = (time: unknown) =>
		typeof time === 'number' && time >= window.start && time < window.end;
	const ofDay = tssTransactions.filter((tx) => tx.state === 'FINISHED' && inDay(tx.time_end));
	const given = new Set(sales.map((sale) => sale.id));
	return {
		tssTransactions: ofDay.length,
		missing: ofDay
			.filter((tx) => !given.has(String(tx._id).toLowerCase()))
			.map((tx) =>
				summary({ id: String(tx._id).toLowerCase(), number: tx.number, timeEnd: tx.time_end }),
			),
		outsideDay: sales
			.filter((sale) => !inDay(sale.timeEnd))
			.map((sale) => summary({ id: sale.id, number: sale.number, timeEnd: sale.timeEnd })),
	};
}

/** Whether a page of transactions ordered by time_start descending has gone past the day. */
export function pastDay(page: IDataObject[], window: { start: number }): boolean {
	const last = page[page.length - 1];
	// A sale started up to a day before midnight can still finish in the day [INFERRED margin].
	return typeof last?.time_start === 'number' && last.time_start < window.start - 86400;
}
