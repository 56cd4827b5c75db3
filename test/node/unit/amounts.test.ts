import {
	amountOfCents,
	centsOf,
	formatAmount,
	formatQuantity,
} from '../../../nodes/shared/amounts';
import { FieldError } from '../../../nodes/shared/errors';

const FIELD = 'Amounts per VAT Rate (entry 2) › Amount';

describe('formatAmount', () => {
	test.each<[unknown, string]>([
		[0.1 + 0.2, '0.30'],
		[1.1 + 2.2, '3.30'],
		[19.99, '19.99'],
		[5, '5.00'],
		[-4.5, '-4.50'],
		[0, '0.00'],
		[-0, '0.00'],
		[0.01, '0.01'],
		[90071992547409.91, '90071992547409.91'],
		['19.99', '19.99'],
		['19,99', '19.99'],
		['9,95', '9.95'],
		['9,9', '9.90'],
		['5', '5.00'],
		['5.5', '5.50'],
		['  3.2 ', '3.20'],
		['007.50', '7.50'],
		['1.00000', '1.00'],
		['12.3000', '12.30'],
		['1000', '1000.00'],
		['-0.00', '0.00'],
		['-12.30', '-12.30'],
		['999999999999999999.99', '999999999999999999.99'],
	])('%p → %p', (input, expected) => {
		const result = formatAmount(input, FIELD);
		expect(result).toBe(expected);
		expect(result).toMatch(/^-?\d+\.\d{2}$/);
	});

	test.each<[unknown, RegExp]>([
		[Number.NaN, /is not an amount/],
		[Number.POSITIVE_INFINITY, /is not an amount/],
		[1.005, /1.005 has more than 2 decimals/],
		[19.999, /has more than 2 decimals/],
		[0.001, /has more than 2 decimals/],
		[1e15, /too large/],
		['1.2345', /"1.2345" has more than 2 decimals/],
		['12,3456', /has more than 2 decimals/],
		['1.005', /"1.005" is ambiguous: .*\(1.005 or 1005\)/],
		['1.000', /"1.000" is ambiguous: .*\(1.000 or 1000\)/],
		['1,000', /"1,000" is ambiguous/],
		['-2,500', /"-2,500" is ambiguous/],
		['abc', /is not a decimal number/],
		['', /is empty/],
		['   ', /is empty/],
		['1,234.56', /"1,234.56" uses a thousands separator/],
		['1.234,56', /"1.234,56" uses a thousands separator/],
		['1.234.567', /uses a thousands separator/],
		['1.2.3', /is not a decimal number/],
		['1,2,3', /is not a decimal number/],
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
		[0.125, '0.125'],
		['0.00001', '0.00001'],
		['1.2500', '1.25'],
	])('%p → %p', (input, expected) => {
		const result = formatQuantity(input, 'Quantity');
		expect(result).toBe(expected);
		expect(result).toMatch(/^-?\d+(\.\d{1,5})?$/);
	});

	test.each<unknown>([1.123456, 'two', '', null, '1.250', '1,000', '1.000,5'])(
		'rejects %p',
		(input) => {
			expect(() => formatQuantity(input, 'Line Items (entry 1) › Quantity')).toThrow(
				/^Line Items \(entry 1\) › Quantity: /,
			);
		},
	);
});

describe('cents', () => {
	test.each<[string, bigint]>([
		['0.00', 0n],
		['19.99', 1999n],
		['-4.50', -450n],
		['999999999999999999.99', 99999999999999999999n],
	])('%s ↔ %p cents', (amount, cents) => {
		expect(centsOf(amount)).toBe(cents);
		expect(amountOfCents(cents)).toBe(amount);
	});

	it('adds amounts exactly where floats would not', () => {
		const sum = ['0.10', '0.20', '9007199254740.93'].map(centsOf).reduce((a, b) => a + b, 0n);
		expect(amountOfCents(sum)).toBe('9007199254741.23');
	});
});
