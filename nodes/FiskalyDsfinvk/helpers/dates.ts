import { FieldError } from '../../shared/errors';
import { trimmedText } from '../../shared/validation';

/** Dates as DSFinV-K takes them: Unix seconds for moments, YYYY-MM-DD for business days. Pure. */

/**
 * A moment from a date-time field (ISO 8601 text, as n8n's picker and expressions give it, or
 * Unix seconds) as Unix seconds. A text without a zone is read as UTC [INFERRED: n8n hands the
 * picker's value over without one; give a zone, e.g. +01:00, for local time].
 */
export function unixSecondsOf(value: unknown, field: string): number {
	const hint = 'Enter a date and time, e.g. 2024-03-01T00:00:00+01:00, or Unix seconds.';
	if (typeof value === 'number') {
		if (Number.isInteger(value) && value >= 0) return value;
		throw new FieldError(field, `${value} is not a time`, hint);
	}
	const text = trimmedText(value);
	if (/^\d+$/.test(text)) return Number(text);
	const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(text) || !/T|\s\d/.test(text) ? text : `${text}Z`;
	const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(zoned) : Number.NaN;
	if (Number.isNaN(ms)) throw new FieldError(field, `"${text}" is not a date and time`, hint);
	return Math.floor(ms / 1000);
}

/** A business day as YYYY-MM-DD, refusing days that do not exist (2024-02-30). */
export function businessDateOf(value: unknown, field: string): string {
	const text = trimmedText(value).slice(0, 10);
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	const day = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : undefined;
	if (!match || !day || day.toISOString().slice(0, 10) !== text) {
		throw new FieldError(
			field,
			`"${trimmedText(value)}" is not a date`,
			'Enter the business day as YYYY-MM-DD, e.g. 2024-03-15.',
		);
	}
	return text;
}

/** Whether a filter was filled in. */
export function isGiven(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

/** business_date_start/_end from the Business Date From/To filters, where given. */
export function businessDateQuery(filters: {
	businessDateStart?: unknown;
	businessDateEnd?: unknown;
}): { business_date_start?: string; business_date_end?: string } {
	const query: { business_date_start?: string; business_date_end?: string } = {};
	if (isGiven(filters.businessDateStart))
		query.business_date_start = businessDateOf(filters.businessDateStart, 'Business Date From');
	if (isGiven(filters.businessDateEnd))
		query.business_date_end = businessDateOf(filters.businessDateEnd, 'Business Date To');
	return query;
}
