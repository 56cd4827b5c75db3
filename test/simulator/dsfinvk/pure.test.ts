// The room's small pure functions, table-driven: exact decimals (parse with the schema's limits, format
// for a column), German local time around the summer-time switches, VAT ids → SIGN DE slots.

import { berlinDate, berlinDateTime, endOfBerlinDay } from '../../../simulator/dsfinvk/berlinTime';
import { formatDecimal, formatNumber, parseDecimal } from '../../../simulator/dsfinvk/decimal';
import { builtInVatDefinition, vatSlotOf } from '../../../simulator/dsfinvk/vat';

describe('decimals', () => {
	it.each([
		[11.9, 2, '11,90'],
		[22.6, 2, '22,60'],
		['5.95', 5, '5,95000'],
		[2, 3, '2,000'],
		[-0.15966, 5, '-0,15966'],
		[1.005, 2, '1,01'],
		[-1.005, 2, '-1,01'],
		[-0.001, 2, '0,00'],
		[0.00001, 5, '0,00001'],
		[9999999999.99, 2, '9999999999,99'],
		[42, 0, '42'],
	])('%p with %i decimals → %s', (value, accuracy, expected) => {
		expect(formatNumber(value, accuracy)).toBe(expected);
		expect(formatDecimal(parseDecimal(value, 'v', 5, '9999999999.99999'), accuracy)).toBe(expected);
	});

	it.each([
		[1.000001, 5, '9999999999.99', 'should be multiple of 0.00001'],
		[1.0001, 3, '9999999999.999', 'should be multiple of 0.001'],
		[10000000000, 5, '9999999999.99', 'should be <= 9999999999.99'],
		[-10000000000, 5, '9999999999.99', 'should be >= -9999999999.99'],
		['12,5', 5, '100', 'should be number'],
		[true, 5, '100', 'should be number'],
		[Number.NaN, 5, '100', 'should be number'],
	])('%p is refused (%s)', (value, decimals, max, message) => {
		expect(() => parseDecimal(value, 'v', decimals, max)).toThrow(message);
	});
});

describe('German local time', () => {
	it.each([
		[1710540300, '2024-03-15T23:05:00'], // CET, the §10 example
		[1711846799, '2024-03-31T01:59:59'], // last second of CET in 2024
		[1711846800, '2024-03-31T03:00:00'], // first second of CEST
		[1729990799, '2024-10-27T02:59:59'], // last second of CEST
		[1729990800, '2024-10-27T02:00:00'], // back to CET
		[1703977200, '2023-12-31T00:00:00'],
	])('%i → %s', (unix, expected) => {
		expect(berlinDateTime(unix)).toBe(expected);
		expect(berlinDate(unix)).toBe(expected.slice(0, 10));
	});

	it.each([
		['2024-03-15', 1710543599],
		['2024-07-01', 1719871199],
	])('end of %s is %i', (date, unix) => {
		expect(endOfBerlinDay(date)).toBe(unix);
		expect(berlinDateTime(unix)).toBe(`${date}T23:59:59`);
	});
});

describe('VAT ids', () => {
	it.each([
		[1, Date.UTC(2020, 8, 1) / 1000, '16'],
		[1, Date.UTC(2024, 2, 15) / 1000, '19'],
		[2, Date.UTC(2020, 11, 31, 12) / 1000, '5'],
		[3, Date.UTC(2021, 5, 1) / 1000, '10.7'],
		[3, Date.UTC(2022, 5, 1) / 1000, '9.5'],
		[21, 0, '16'],
	])('id %i at %i is %s %%', (id, at, percentage) => {
		expect(builtInVatDefinition(id, at)?.percentage).toBe(percentage);
	});

	it('unknown ids have no definition; slots follow SIGN DE order', () => {
		expect(builtInVatDefinition(8, 0)).toBeUndefined();
		expect(builtInVatDefinition(1000, 0)).toBeUndefined();
		expect([1, 2, 3, 4, 5, 6, 7, 11, 22, 43, 14, 1000].map(vatSlotOf)).toEqual([
			0,
			1,
			2,
			3,
			4,
			4,
			4,
			0,
			1,
			2,
			3,
			undefined,
		]);
	});
});
