import { FieldError } from '../../shared/errors';
import { trimmedText } from '../../shared/validation';

/**
 * SUBMIT DE wants every date as `DD.MM.YYYY` (birthdate, acquisition, commissioning,
 * decommissioning). n8n hands a date over in many forms: the date picker's ISO text (with or without
 * a time and an offset), a Luxon DateTime from an expression such as `{{ $now }}`, a JavaScript Date,
 * or text a user typed in the German form. The date is taken as written: `2026-02-15T00:00:00+01:00`
 * is the 15th, never shifted to UTC, because it is the calendar day the user meant.
 */

/** The parts of a calendar date. */
export interface CalendarDate {
	year: number;
	month: number;
	day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;
const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const DATE_HINT = 'Pick the date in the date picker, or enter it as DD.MM.YYYY (e.g. 15.02.2026).';

function isCalendarDate({ year, month, day }: CalendarDate): boolean {
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		year >= 1900 &&
		year <= 2999 &&
		date.getUTCFullYear() === year &&
		date.getUTCMonth() === month - 1 &&
		date.getUTCDate() === day
	);
}

/** A Luxon DateTime (what n8n expressions give) without importing Luxon: it has `toISODate()`. */
/** A Date, also one made in another realm (n8n evaluates expressions in a sandbox). */
function isDate(value: unknown): value is Date {
	return Object.prototype.toString.call(value) === '[object Date]';
}

function isoDateOfLuxon(value: object): string | undefined {
	const toIsoDate = (value as { toISODate?: unknown }).toISODate;
	if (typeof toIsoDate !== 'function') return undefined;
	const text: unknown = toIsoDate.call(value);
	return typeof text === 'string' ? text : undefined;
}

function partsOf(value: unknown): CalendarDate | undefined {
	if (isDate(value)) {
		if (Number.isNaN(value.getTime())) return undefined;
		return {
			year: value.getUTCFullYear(),
			month: value.getUTCMonth() + 1,
			day: value.getUTCDate(),
		};
	}
	const text =
		typeof value === 'object' && value !== null ? isoDateOfLuxon(value) : trimmedText(value);
	if (text === undefined) return undefined;
	const iso = ISO_DATE.exec(text);
	if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
	const german = GERMAN_DATE.exec(text);
	if (german) return { year: Number(german[3]), month: Number(german[2]), day: Number(german[1]) };
	return undefined;
}

function shown(value: unknown): string {
	if (isDate(value)) return value.toString();
	if (typeof value === 'object' && value !== null) return isoDateOfLuxon(value) ?? '[object]';
	return `"${String(value)}"`;
}

/** The date as SUBMIT DE wants it (`DD.MM.YYYY`); a FieldError naming `field` when it is none. */
export function germanDate(value: unknown, field: string): string {
	if (value === undefined || value === null || trimmedText(value) === '')
		throw new FieldError(field, 'is empty', DATE_HINT);
	const parts = partsOf(value);
	if (!parts) throw new FieldError(field, `${shown(value)} is not a date`, DATE_HINT);
	if (!isCalendarDate(parts))
		throw new FieldError(field, `${shown(value)} is no day of the calendar`, DATE_HINT);
	const two = (number: number) => String(number).padStart(2, '0');
	return `${two(parts.day)}.${two(parts.month)}.${parts.year}`;
}

/** An optional date: undefined when the field is empty, else as `germanDate`. */
export function optionalGermanDate(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null || trimmedText(value) === '') return undefined;
	return germanDate(value, field);
}

/** A `DD.MM.YYYY` date made by `germanDate` as the sortable number YYYYMMDD. */
export function dayNumber(date: string): number {
	const [day, month, year] = date.split('.').map(Number);
	return year * 10_000 + month * 100 + day;
}
