// SUBMIT DE dates: every form n8n gives a date in becomes DD.MM.YYYY, the calendar day as written.
import { DateTime } from 'luxon';

import { fieldErrorOf } from '../../support/fieldError';
import {
	dayNumber,
	germanDate,
	optionalGermanDate,
} from '../../../nodes/FiskalySubmitDe/helpers/dates';

describe('germanDate', () => {
	test.each<[string, unknown, string]>([
		['the date picker (date only)', '2026-02-15', '15.02.2026'],
		['the date picker (date and time)', '2026-02-15T00:00:00', '15.02.2026'],
		['ISO with an offset east of UTC, as written', '2026-02-15T00:30:00.000+01:00', '15.02.2026'],
		['ISO with an offset west of UTC, as written', '2026-02-15T23:30:00-05:00', '15.02.2026'],
		['ISO in UTC', '2026-02-15T23:59:59Z', '15.02.2026'],
		['ISO with a space', '2026-02-15 10:00', '15.02.2026'],
		['German text', '15.02.2026', '15.02.2026'],
		['German text without leading zeros', '1.2.2026', '01.02.2026'],
		['text with spaces around', '  2026-02-15 ', '15.02.2026'],
		['a JavaScript Date (its UTC day)', new Date(Date.UTC(2026, 1, 15, 23, 0)), '15.02.2026'],
		['a leap day', '2028-02-29', '29.02.2028'],
		[
			'a Luxon DateTime in Berlin just after midnight',
			DateTime.fromISO('2026-02-15T00:10:00', { zone: 'Europe/Berlin' }),
			'15.02.2026',
		],
		[
			'a Luxon DateTime from $today',
			DateTime.fromObject({ year: 2026, month: 12, day: 31 }),
			'31.12.2026',
		],
	])('%s', (_case, value, expected) => {
		expect(germanDate(value, 'Acquisition Date')).toBe(expected);
	});

	test.each<[string, unknown, RegExp]>([
		['empty', '', /is empty/],
		['undefined', undefined, /is empty/],
		['null', null, /is empty/],
		['a word', 'yesterday', /"yesterday" is not a date/],
		['US order', '02/15/2026', /"02\/15\/2026" is not a date/],
		['a two-digit year', '15.02.26', /is not a date/],
		['30 February', '30.02.2026', /"30.02.2026" is no day of the calendar/],
		['29 February outside a leap year', '2026-02-29', /no day of the calendar/],
		['month 13', '2026-13-01', /no day of the calendar/],
		['an invalid Date', new Date(Number.NaN), /is not a date/],
		['an invalid Luxon DateTime', DateTime.fromISO('nonsense'), /is not a date/],
		['a number', 1767225600, /is not a date/],
		['a year before 1900', '01.01.1899', /no day of the calendar/],
	])('rejects %s, naming the field and the fix', (_case, value, problem) => {
		const error = fieldErrorOf(() => germanDate(value, 'Acquisition Date'));
		expect(error.field).toBe('Acquisition Date');
		expect(error.message).toMatch(/^Acquisition Date: /);
		expect(error.message).toMatch(problem);
		expect(error.hint).toMatch(/DD\.MM\.YYYY/);
	});
});

describe('optionalGermanDate', () => {
	test.each([undefined, null, '', '   '])('is undefined for %p', (value) => {
		expect(optionalGermanDate(value, 'Decommissioning Date')).toBeUndefined();
	});

	it('converts and checks a given date', () => {
		expect(optionalGermanDate('2026-03-31', 'Decommissioning Date')).toBe('31.03.2026');
		expect(fieldErrorOf(() => optionalGermanDate('31.04.2026', 'Decommissioning Date')).field).toBe(
			'Decommissioning Date',
		);
	});
});

describe('dayNumber', () => {
	test.each([
		['01.02.2026', '31.01.2026'],
		['01.01.2027', '31.12.2026'],
		['10.03.2026', '09.03.2026'],
	])('%s is after %s', (later, earlier) => {
		expect(dayNumber(later)).toBeGreaterThan(dayNumber(earlier));
	});
});
