import { formatAmount, formatQuantity } from '../../../nodes/shared/amounts';
import { FieldError } from '../../../nodes/shared/errors';

const FIELD = 'Amounts per VAT Rate (entry 2) › Amount';

describe('formatAmount', () => {
	test.each<[unknown, string]>([
		[0.1 + 0.2, '0.30'],
		[1.1 + 2.2, '3.30'],
		[19.99, '19.99'],
		[5, '5.00'],
		[-4.5, '-4.50'],
		[1.005, '1.005'],
		[123.45678, '123.45678'],
		[0, '0.00'],
		[-0, '0.00'],
		[0.00001, '0.00001'],
		[90071992547.40991, '90071992547.40991'],
		['19.99', '19.99'],
		['19,99', '19.99'],
		['5', '5.00'],
		['5.5', '5.50'],
		['  3.2 ', '3.20'],
		['007.50', '7.50'],
		['1.00000', '1.00'],
		['12345.12345', '12345.12345'],
		['-0.00', '0.00'],
		['-12.30', '-12.30'],
		['999999999999999999.99', '999999999999999999.99'],
	])('%p → %p', (input, expected) => {
		const result = formatAmount(input, FIELD);
		expect(result).toBe(expected);
		expect(result).toMatch(/^-?\d+(\.\d{2,5})$/);
	});

	test.each<[unknown, RegExp]>([
		[Number.NaN, /is not an amount/],
		[Number.POSITIVE_INFINITY, /is not an amount/],
		[1.123456, /more than 5 decimals/],
		[0.000001, /more than 5 decimals/],
		[1e15, /too large/],
		['1.234567', /more than 5 decimals/],
		['abc', /is not a decimal number/],
		['', /is empty/],
		['   ', /is empty/],
		['1,234.56', /is not a decimal number/],
		['1.234,56', /is not a decimal number/],
		['1.2.3', /is not a decimal number/],
		['.5', /is not a decimal number/],
		['+5', /is not a decimal number/],
		['5 EUR', /is not a decimal number/],
		['1e3', /is not a decimal number/],
		[null, /is empty/],
		[undefined, /is empty/],
		[true, /got boolean/],
		[{}, /got object/],
	])('rejects %p naming the field', (input, problem) => {
		let thrown: unknown;
		try {
			formatAmount(input, FIELD);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(FieldError);
		const error = thrown as FieldError;
		expect(error.field).toBe(FIELD);
		expect(error.message.startsWith(`${FIELD}: `)).toBe(true);
		expect(error.message).toMatch(problem);
		expect(error.hint).not.toBe('');
	});
});

describe('formatQuantity', () => {
	test.each<[unknown, string]>([
		[2, '2'],
		[0.5, '0.5'],
		[0.1 * 3, '0.3'],
		['1.50', '1.5'],
		['2,25', '2.25'],
		[-1, '-1'],
		['0.00001', '0.00001'],
	])('%p → %p', (input, expected) => {
		const result = formatQuantity(input, 'Quantity');
		expect(result).toBe(expected);
		expect(result).toMatch(/^-?\d+(\.\d{1,5})?$/);
	});

	test.each<unknown>([1.123456, 'two', '', null])('rejects %p', (input) => {
		expect(() => formatQuantity(input, 'Line Items (entry 1) › Quantity')).toThrow(/^Line Items \(entry 1\) › Quantity: /);
	});
});
