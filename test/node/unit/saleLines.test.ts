// Sign Receipt's line items: the sums per SIGN DE VAT rate in cents (as Close Day computes them),
// the payments, and bad lines refused with the line index and the field.
import { linePayments, sumSaleLines } from '../../../nodes/FiskalySignDe/helpers/saleLines';
import { FieldError } from '../../../nodes/shared/errors';

const DAY = '2026-12-07';
const line = (quantity: unknown, price: unknown, vat: unknown = 19) => ({
	text: 'Item',
	quantity,
	price_per_unit: price,
	vat_rate: vat,
});

describe('a line: quantity × unit price, half away from zero per line', () => {
	test.each<[string | number, number, number]>([
		// quantity, price cents, line cents
		['3', 10, 30],
		['2', 595, 1190],
		['-1', 995, -995],
		['-3', 10, -30],
		['0.5', 199, 100], // 99.5 → 100
		['-0.5', 199, -100], // a refund mirrors its sale
		// Three decimals only as a number: the string "0.125" is ambiguous (see the refusals).
		[0.125, 1000, 125],
		[0.333, 100, 33], // 33.3 → 33
		[1.005, 100, 101], // 100.5 → 101
		['0', 500, 0],
	])('%s × %i cents = %i cents', (quantity, price, cents) => {
		const sums = sumSaleLines([line(quantity, (price / 100).toFixed(2))], DAY);
		expect(sums.totalCents).toBe(BigInt(cents));
	});
});

describe('sumSaleLines: amounts per SIGN DE VAT rate', () => {
	test.each([
		['one line', [line(2, '5.95')], [['NORMAL', '11.90']], '11.90'],
		['3 × 0.10 exact', [line(3, 0.1)], [['NORMAL', '0.30']], '0.30'],
		['3 × "0,10" (comma decimals)', [line('3', '0,10')], [['NORMAL', '0.30']], '0.30'],
		['quantity with comma', [line('1,5', '2.00', 7)], [['REDUCED_1', '3.00']], '3.00'],
		[
			'mixed rates in SIGN DE order',
			[line(1, '1.07', 'REDUCED_1'), line(1, '2.50', '19 %'), line(2, '1.00', 0)],
			[
				['NORMAL', '2.50'],
				['REDUCED_1', '1.07'],
				['NULL', '2.00'],
			],
			'5.57',
		],
		[
			'special rates',
			[line(1, '10.00', '10,7'), line(1, '1.00', 5.5)],
			[
				['SPECIAL_RATE_1', '10.00'],
				['SPECIAL_RATE_2', '1.00'],
			],
			'11.00',
		],
		['refund (negative quantity)', [line(-2, '4.50')], [['NORMAL', '-9.00']], '-9.00'],
		[
			'sale and refund on one receipt',
			[line(1, '3.00'), line(-1, '3.00'), line(1, '2.00', 7)],
			[
				['NORMAL', '0.00'],
				['REDUCED_1', '2.00'],
			],
			'2.00',
		],
		[
			'line total after a discount wins',
			[{ ...line(2, '5.00'), amount: '9,00' }],
			[['NORMAL', '9.00']],
			'9.00',
		],
		['as JSON text', JSON.stringify([line(1, '1.99')]), [['NORMAL', '1.99']], '1.99'],
	])('%s', (_label, lines, amounts, total) => {
		const sums = sumSaleLines(lines, DAY);
		expect(sums.amountsPerVatRate).toEqual(
			amounts.map(([vatRate, amount]) => ({ vatRate, amount })),
		);
		expect(sums.totalCents.toString()).toBe(total.replace('.', '').replace(/^(-?)0+(?=\d)/, '$1'));
	});

	test('echoes the lines with canonical numbers and keeps the optional fields', () => {
		const sums = sumSaleLines(
			[
				{
					text: ' Keks ',
					quantity: '3',
					unit_price: '0,10',
					vat_rate: 7,
					number: 'K-1',
					gtin: '4006381333931',
					group_id: 'G1',
					group_name: 'Gebäck',
				},
			],
			DAY,
		);
		expect(sums.lineItems).toEqual([
			{
				text: 'Keks',
				quantity: '3',
				price_per_unit: '0.10',
				vat_rate: 7,
				number: 'K-1',
				gtin: '4006381333931',
				group_id: 'G1',
				group_name: 'Gebäck',
			},
		]);
	});

	test.each([
		['not a list', { text: 'x' }, 'Line Items', 'is not a list'],
		['not JSON', '[{', 'Line Items', 'is not valid JSON'],
		['empty list', [], 'Line Items', 'is an empty list'],
		[
			'a line not an object',
			[line(1, '1.00'), 'Coffee'],
			'Line Items › line 1',
			'is not an object',
		],
		[
			'text missing',
			[{ quantity: 1, price_per_unit: '1.00', vat_rate: 19 }],
			'line 0 › text',
			'is empty',
		],
		['text with line break', [{ ...line(1, '1.00'), text: 'a\nb' }], 'line 0 › text', 'line break'],
		['ambiguous price 1.000', [line(1, '1.000')], 'line 0 › price_per_unit', 'ambiguous'],
		['ambiguous quantity 1.000', [line('1.000', '1.00')], 'line 0 › quantity', 'ambiguous'],
		['thousands separator', [line(1, '1.234,50')], 'line 0 › price_per_unit', 'thousands'],
		['price with 3 decimals', [line(1, 0.105)], 'line 0 › price_per_unit', 'more than 2 decimals'],
		[
			'quantity with 4 decimals',
			[line('0.1255', '1.00')],
			'line 0 › quantity',
			'more than 3 decimals',
		],
		['quantity missing', [line(undefined, '1.00')], 'line 0 › quantity', 'is empty'],
		['price missing', [line(1, undefined)], 'line 0 › price_per_unit', 'is empty'],
		[
			'VAT rate missing',
			[{ ...line(1, '1.00'), vat_rate: undefined }],
			'line 0 › vat_rate',
			'is empty',
		],
		['VAT rate unknown', [line(1, '1.00', 'HIGH')], 'line 0 › vat_rate', 'is not a VAT rate'],
		['VAT rate not German', [line(1, '1.00', 20)], 'line 0 › vat_rate', 'no German VAT rate'],
		[
			'custom VAT ID',
			[{ ...line(1, '1.00', 12), vat_id: 1001 }],
			'line 0 › vat_id',
			'custom VAT ID',
		],
		[
			'gtin too long',
			[{ ...line(1, '1.00'), gtin: 'x'.repeat(51) }],
			'line 0 › gtin',
			'at most 50',
		],
		[
			'second line bad',
			[line(1, '1.00'), line(1, 'abc')],
			'line 1 › price_per_unit',
			'not a decimal',
		],
	])('refuses %s', (_label, lines, field, problem) => {
		let error: unknown;
		try {
			sumSaleLines(lines, DAY);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(FieldError);
		expect((error as Error).message).toContain(field);
		expect((error as Error).message).toContain(problem);
	});
});

describe('linePayments', () => {
	const total = BigInt(1999);
	test('one payment type with the total', () => {
		expect(linePayments('CASH', total, undefined)).toEqual([
			{ paymentType: 'CASH', amount: '19.99' },
		]);
		expect(linePayments('NON_CASH', total, undefined)).toEqual([
			{ paymentType: 'NON_CASH', amount: '19.99' },
		]);
		expect(linePayments('none', total, undefined)).toEqual([]);
	});
	test('a list that adds up', () => {
		expect(
			linePayments('list', total, [
				{ payment_type: 'cash', amount: '5,00' },
				{ payment_type: 'NON_CASH', amount: 14.99 },
			]),
		).toEqual([
			{ paymentType: 'CASH', amount: '5.00', currencyCode: undefined },
			{ paymentType: 'NON_CASH', amount: '14.99', currencyCode: undefined },
		]);
	});
	test('a foreign currency is not summed against the euro total', () => {
		expect(
			linePayments('list', total, [
				{ payment_type: 'CASH', amount: '25.00', currency_code: 'USD' },
			]),
		).toHaveLength(1);
	});
	test.each([
		['not a list', { payment_type: 'CASH' }, 'Payments', 'is not a list'],
		[
			'unknown type',
			[{ payment_type: 'CARD', amount: '19.99' }],
			'payment 0 › payment_type',
			'CARD',
		],
		['bad amount', [{ payment_type: 'CASH', amount: '1.000' }], 'payment 0 › amount', 'ambiguous'],
		['not the total', [{ payment_type: 'CASH', amount: '19.00' }], 'Payments', 'total 19.99'],
	])('refuses %s', (_label, list, field, problem) => {
		expect(() => linePayments('list', total, list)).toThrow(FieldError);
		expect(() => linePayments('list', total, list)).toThrow(field);
		expect(() => linePayments('list', total, list)).toThrow(problem);
	});
});
