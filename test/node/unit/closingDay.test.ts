// Close Day's day-level helpers: the derived closing ID, the next closing number, what differs from
// a stored closing, the business day's window in a time zone, and the cross-check with the TSS.
import { createHash } from 'node:crypto';

import {
	closingDifferences,
	closingIdFor,
	nextClosingNumber,
} from '../../../nodes/FiskalyDsfinvk/helpers/closing/closingId';
import {
	crossCheck,
	dayWindow,
	pastDay,
} from '../../../nodes/FiskalyDsfinvk/helpers/closing/crossCheck';
import { FieldError } from '../../../nodes/shared/errors';

const CLIENT = 'A1B2C3D4-0000-4000-8000-00000000C001';

/** The derivation written out independently of the node (UUIDv4 bits over SHA-256). */
function expectedId(text: string): string {
	const b = createHash('sha256').update(text, 'utf8').digest().subarray(0, 16);
	b[6] = 0x40 | (b[6] & 0x0f);
	b[8] = 0x80 | (b[8] & 0x3f);
	const h = b.toString('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

describe('closingIdFor', () => {
	test.each([
		[1, `dsfinvk close day\n${CLIENT.toLowerCase()}\n2024-03-15`],
		[2, `dsfinvk close day\n${CLIENT.toLowerCase()}\n2024-03-15\n2`],
		[7, `dsfinvk close day\n${CLIENT.toLowerCase()}\n2024-03-15\n7`],
	])('attempt %s', (attempt, text) => {
		expect(closingIdFor(CLIENT, '2024-03-15', attempt)).toBe(expectedId(text));
	});

	test('depends on register and day, not on the case of the ID', () => {
		const id = closingIdFor(CLIENT, '2024-03-15');
		expect(closingIdFor(CLIENT.toLowerCase(), '2024-03-15')).toBe(id);
		expect(closingIdFor(CLIENT, '2024-03-16')).not.toBe(id);
		expect(closingIdFor('a1b2c3d4-0000-4000-8000-00000000c002', '2024-03-15')).not.toBe(id);
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});
});

describe('nextClosingNumber', () => {
	test.each([
		['no closing yet', [], 1],
		['after 41', [{ cash_point_closing_export_id: 41, state: 'COMPLETED' }], 42],
		[
			'the highest, in any order',
			[
				{ cash_point_closing_export_id: 3, state: 'COMPLETED' },
				{ cash_point_closing_export_id: 9, state: 'PENDING' },
				{ cash_point_closing_export_id: 5, state: 'WORKING' },
			],
			10,
		],
		[
			'failed closings do not count',
			[
				{ cash_point_closing_export_id: 4, state: 'COMPLETED' },
				{ cash_point_closing_export_id: 5, state: 'ERROR' },
				{ cash_point_closing_export_id: 6, state: 'DELETED' },
			],
			5,
		],
	])('%s', (_name, closings, next) => {
		expect(nextClosingNumber(closings)).toBe(next);
	});
});

describe('closingDifferences', () => {
	const built = {
		head: { first_transaction_export_id: '1001', last_transaction_export_id: '1002' },
		cash_statement: { payment: { full_amount: 22.6, cash_amount: 11.9 } },
	};
	test.each([
		[
			'the same closing',
			{
				full_amount: 22.6,
				cash_amount: 11.9,
				first_transaction_export_id: '1001',
				last_transaction_export_id: '1002',
			},
			[],
		],
		['amounts as strings', { full_amount: '22.60', cash_amount: '11.90' }, []],
		['other totals', { full_amount: 25, cash_amount: 11.9 }, ['full_amount 25 there, 22.6 now']],
		[
			'another last receipt',
			{ last_transaction_export_id: '1003' },
			['last_transaction_export_id 1003 there, 1002 now'],
		],
	])('%s', (_name, stored, differences) => {
		expect(closingDifferences(stored, built)).toEqual(differences);
	});
});

describe('dayWindow', () => {
	test.each([
		// date, zone, start, end (hours long)
		['2024-03-15', 'Europe/Berlin', '2024-03-14T23:00:00Z', 24],
		['2024-03-31', 'Europe/Berlin', '2024-03-30T23:00:00Z', 23], // clocks go forward
		['2024-10-27', 'Europe/Berlin', '2024-10-26T22:00:00Z', 25], // clocks go back
		['2024-07-01', 'Europe/Berlin', '2024-06-30T22:00:00Z', 24],
		['2024-03-15', 'UTC', '2024-03-15T00:00:00Z', 24],
		['2024-12-31', 'America/New_York', '2024-12-31T05:00:00Z', 24],
	])('%s in %s starts %s and lasts %s h', (date, zone, start, hours) => {
		const window = dayWindow(date, zone);
		expect(new Date(window.start * 1000).toISOString()).toBe(start.replace('Z', '.000Z'));
		expect((window.end - window.start) / 3600).toBe(hours);
	});

	test('an unknown time zone is refused by name', () => {
		expect(() => dayWindow('2024-03-15', 'Europe/Bonn')).toThrow(FieldError);
		expect(() => dayWindow('2024-03-15', 'Europe/Bonn')).toThrow(
			'Time Zone: "Europe/Bonn" is not a time zone',
		);
	});
});

describe('crossCheck', () => {
	const window = dayWindow('2024-03-15', 'Europe/Berlin');
	const tx = (n: number, timeEnd: number, state = 'FINISHED') => ({
		_id: `B0000000-0000-4000-8000-00000000000${n}`,
		number: n,
		time_end: timeEnd,
		time_start: timeEnd - 30,
		state,
	});
	const id = (n: number) => `b0000000-0000-4000-8000-00000000000${n}`;
	const listed = [
		tx(1, window.start + 60),
		tx(2, window.start + 3600),
		tx(3, window.end + 10), // the next day
		tx(4, window.start - 10), // the day before
		tx(5, window.start + 7200),
	];

	test.each<[string, Array<{ id: string; number: number; timeEnd: number }>, number[], number[]]>([
		[
			'all there',
			[1, 2, 5].map((n) => ({ id: id(n), number: n, timeEnd: window.start + 60 })),
			[],
			[],
		],
		['two missing', [{ id: id(2), number: 2, timeEnd: window.start + 3600 }], [1, 5], []],
		[
			'a sale of the next day',
			[1, 2, 3, 5].map((n) => ({
				id: id(n),
				number: n,
				timeEnd: n === 3 ? window.end + 10 : window.start + 60,
			})),
			[],
			[3],
		],
	])('%s', (_name, sales, missing, outside) => {
		const result = crossCheck(listed, sales, window);
		expect(result.tssTransactions).toBe(3);
		expect(result.missing.map((entry) => entry.number)).toEqual(missing);
		expect(result.outsideDay.map((entry) => entry.number)).toEqual(outside);
	});

	test('only FINISHED transactions count', () => {
		expect(
			crossCheck(
				[tx(1, window.start + 60, 'CANCELLED'), tx(2, window.start + 60, 'ACTIVE')],
				[],
				window,
			).missing,
		).toEqual([]);
	});

	test.each([
		['a page still in the day', [tx(1, window.start + 60)], false],
		['a page reaching a day before the day', [tx(1, window.start - 86400 - 100)], true],
		['an empty page', [], false],
	])('pastDay: %s', (_name, page, past) => {
		expect(pastDay(page, window)).toBe(past);
	});
});
