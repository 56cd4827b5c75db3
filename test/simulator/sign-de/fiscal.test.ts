// From a transaction schema to what is signed (simulator/fiscal.ts): decimals, Kassenbeleg-V1,
// Bestellung-V1, SonstigerVorgang, raw, schema errors and the QR code. Over HTTP: tx.test.ts.

import * as crypto from 'node:crypto';

import { formatTwoDecimals, parseDecimal } from '../../../simulator/sign-de/amounts';
import {
	canonicalJson,
	computeProcessData,
	SchemaValidationError,
} from '../../../simulator/sign-de/fiscal';
import { buildQrCodeData } from '../../../simulator/sign-de/qrCode';
import {
	buildTransactionDtbs,
	createCertificateAuthority,
	createTssKeys,
	loadSigningKey,
	signLog,
} from '../../../simulator/sign-de/signing';
import { verifyPlainSignature as verifyLogSignature } from '../../support/tr03151';

import vectors from '../../fixtures/test-vectors.json';

type Amount = { vat_rate?: string; amount?: unknown };
type Payment = { payment_type?: string; amount?: unknown; currency_code?: string };

function receipt(
	amountsPerVatRate: Amount[],
	amountsPerPaymentType?: Payment[],
	receiptType = 'RECEIPT',
) {
	return {
		standard_v1: {
			receipt: {
				receipt_type: receiptType,
				amounts_per_vat_rate: amountsPerVatRate,
				...(amountsPerPaymentType ? { amounts_per_payment_type: amountsPerPaymentType } : {}),
			},
		},
	};
}

const processDataText = (schema: unknown) =>
	computeProcessData(schema).processData.toString('utf8');

describe('exact decimals', () => {
	it.each([
		['1.00', '1.00'],
		['0.10', '0.10'],
		['1.005', '1.00'],
		['1.009', '1.00'],
		['1.99999', '1.99'],
		['-1.239', '-1.23'],
		['-0.001', '0.00'],
		['-0.01', '-0.01'],
		['-100.00', '-100.00'],
		['007.50', '7.50'],
		['0', '0.00'],
		['12345678901234567890.12345', '12345678901234567890.12'],
	])('%s is written as %s (cut off after two decimals, toward zero)', (input, expected) => {
		expect(formatTwoDecimals(parseDecimal(input))).toBe(expected);
	});

	it('adds at full precision before cutting, without float drift', () => {
		const sum = ['0.005', '0.005', '0.1', '0.2'].map(parseDecimal).reduce((a, b) => a + b, 0n);
		expect(formatTwoDecimals(sum)).toBe('0.31'); // 0.1 + 0.2 would be 0.30000000000000004 in floats
	});
});

describe('Kassenbeleg-V1 (standard_v1.receipt)', () => {
	it('reproduces the real fiskaly response for NORMAL 21.42 / NON_CASH 21.42', () => {
		const example = vectors.process_data_examples[0];
		const computed = computeProcessData({ standard_v1: { receipt: example.receipt } });
		expect(computed.processType).toBe('Kassenbeleg-V1');
		expect(computed.processData.toString('utf8')).toBe(
			'Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar',
		);
		// The captured response schema, key for key (currency_code added, raw block computed).
		expect(computed.echo).toEqual({
			standard_v1: {
				receipt: {
					amounts_per_payment_type: [
						{ amount: '21.42', currency_code: 'EUR', payment_type: 'NON_CASH' },
					],
					amounts_per_vat_rate: [{ amount: '21.42', vat_rate: 'NORMAL' }],
					receipt_type: 'RECEIPT',
				},
			},
			raw: {
				process_type: 'Kassenbeleg-V1',
				process_data: 'QmVsZWdeMjEuNDJfMC4wMF8wLjAwXzAuMDBfMC4wMF4yMS40MjpVbmJhcg==',
			},
		});
	});

	it('reproduces the DSFinV-K example with foreign currencies', () => {
		const schema = receipt(
			[
				{ vat_rate: 'REDUCED_1', amount: '7.99' },
				{ vat_rate: 'NORMAL', amount: '75.33' },
			],
			[
				{ payment_type: 'NON_CASH', amount: '64.30' },
				{ payment_type: 'CASH', amount: '5.00', currency_code: 'USD' },
				{ payment_type: 'CASH', amount: '10.00' },
				{ payment_type: 'CASH', amount: '5.00', currency_code: 'CHF' },
			],
		);
		expect(processDataText(schema)).toBe(vectors.process_data_examples[1].process_data);
	});

	it.each([
		['RECEIPT', 'Beleg'],
		['TRAINING', 'AVTraining'],
		['TRANSFER', 'AVTransfer'],
		['ORDER', 'AVBestellung'],
		['CANCELLATION', 'AVBelegabbruch'],
		['ABORT', 'AVBelegabbruch'],
		['BENEFIT_IN_KIND', 'AVSachbezug'],
		['INVOICE', 'AVRechnung'],
		['OTHER', 'AVSonstige'],
		['ANNULATION', 'AVBelegstorno'],
	])('receipt_type %s is Vorgangstyp %s', (receiptType, vorgangstyp) => {
		expect(processDataText(receipt([], [], receiptType))).toBe(
			`${vorgangstyp}^0.00_0.00_0.00_0.00_0.00^`,
		);
	});

	it.each([
		['NORMAL', '1.23_0.00_0.00_0.00_0.00'],
		['REDUCED_1', '0.00_1.23_0.00_0.00_0.00'],
		['SPECIAL_RATE_1', '0.00_0.00_1.23_0.00_0.00'],
		['SPECIAL_RATE_2', '0.00_0.00_0.00_1.23_0.00'],
		['NULL', '0.00_0.00_0.00_0.00_1.23'],
		['19', '1.23_0.00_0.00_0.00_0.00'],
		['7', '0.00_1.23_0.00_0.00_0.00'],
		['10.7', '0.00_0.00_1.23_0.00_0.00'],
		['5.5', '0.00_0.00_0.00_1.23_0.00'],
		['0', '0.00_0.00_0.00_0.00_1.23'],
	])('vat_rate %s fills slot %s', (vatRate, slots) => {
		const computed = computeProcessData(receipt([{ vat_rate: vatRate, amount: '1.23' }]));
		expect(computed.processData.toString('utf8')).toBe(`Beleg^${slots}^`);
		// The echo keeps the name the client sent, deprecated or not.
		expect(computed.echo.standard_v1).toEqual({
			receipt: {
				amounts_per_vat_rate: [{ amount: '1.23', vat_rate: vatRate }],
				receipt_type: 'RECEIPT',
			},
		});
	});

	it.each([
		[
			'sums entries of one slot',
			[
				{ vat_rate: 'NORMAL', amount: '10.00' },
				{ vat_rate: 'NORMAL', amount: '5.50' },
			],
			'15.50_0.00_0.00_0.00_0.00',
		],
		[
			'sums a deprecated and a current name of the same slot',
			[
				{ vat_rate: '7', amount: '1.00' },
				{ vat_rate: 'REDUCED_1', amount: '2.00' },
			],
			'0.00_3.00_0.00_0.00_0.00',
		],
		[
			'keeps negative totals',
			[{ vat_rate: 'NORMAL', amount: '-100.00' }],
			'-100.00_0.00_0.00_0.00_0.00',
		],
		[
			'nets returns against sales',
			[
				{ vat_rate: 'NORMAL', amount: '10.00' },
				{ vat_rate: 'NORMAL', amount: '-10.00' },
			],
			'0.00_0.00_0.00_0.00_0.00',
		],
		[
			'cuts five decimals after summing',
			[
				{ vat_rate: 'NULL', amount: '0.00999' },
				{ vat_rate: 'NULL', amount: '0.00001' },
			],
			'0.00_0.00_0.00_0.00_0.01',
		],
		[
			'cuts rather than rounds',
			[{ vat_rate: 'NORMAL', amount: '2.999' }],
			'2.99_0.00_0.00_0.00_0.00',
		],
		[
			'adds a five-decimal amount after two-decimal ones exactly',
			[
				{ vat_rate: 'NORMAL', amount: '0.10' },
				{ vat_rate: 'NORMAL', amount: '0.20' },
				{ vat_rate: 'NORMAL', amount: '0.00999' },
			],
			'0.30_0.00_0.00_0.00_0.00',
		],
		[
			'stays exact when cents pass 2^53',
			[
				{ vat_rate: 'NORMAL', amount: '90071992547409.91' },
				{ vat_rate: 'NORMAL', amount: '0.02' }, // 2^53 + 1 cents: a float would say …09.92
			],
			'90071992547409.93_0.00_0.00_0.00_0.00',
		],
		[
			'stays exact for a single amount beyond 2^53 cents',
			[{ vat_rate: 'NORMAL', amount: '-12345678901234567.89' }],
			'-12345678901234567.89_0.00_0.00_0.00_0.00',
		],
	])('%s', (_label, amounts, slots) => {
		expect(processDataText(receipt(amounts))).toBe(`Beleg^${slots}^`);
	});

	it.each([
		['no payments array', undefined, ''],
		['an empty payments array', [], ''],
		['one EUR cash payment', [{ payment_type: 'CASH', amount: '2.55' }], '2.55:Bar'],
		[
			'explicit EUR has no suffix',
			[{ payment_type: 'CASH', amount: '2.55', currency_code: 'EUR' }],
			'2.55:Bar',
		],
		[
			'lower-case eur is EUR',
			[{ payment_type: 'NON_CASH', amount: '1.00', currency_code: 'eur' }],
			'1.00:Unbar',
		],
		[
			'lower-case foreign code is upper-cased',
			[{ payment_type: 'CASH', amount: '1.00', currency_code: 'chf' }],
			'1.00:Bar:CHF',
		],
		[
			'Bar before Unbar',
			[
				{ payment_type: 'NON_CASH', amount: '1.00' },
				{ payment_type: 'CASH', amount: '2.00' },
			],
			'2.00:Bar_1.00:Unbar',
		],
		[
			'EUR first, then currencies alphabetically, within each type',
			[
				{ payment_type: 'NON_CASH', amount: '4.00', currency_code: 'USD' },
				{ payment_type: 'NON_CASH', amount: '3.00', currency_code: 'CHF' },
				{ payment_type: 'NON_CASH', amount: '2.00' },
				{ payment_type: 'CASH', amount: '1.00', currency_code: 'GBP' },
				{ payment_type: 'CASH', amount: '5.00', currency_code: 'AUD' },
			],
			'5.00:Bar:AUD_1.00:Bar:GBP_2.00:Unbar_3.00:Unbar:CHF_4.00:Unbar:USD',
		],
		[
			'accumulates per payment type and currency',
			[
				{ payment_type: 'CASH', amount: '5.00' },
				{ payment_type: 'CASH', amount: '2.50', currency_code: 'USD' },
				{ payment_type: 'CASH', amount: '5.00', currency_code: 'EUR' },
				{ payment_type: 'CASH', amount: '2.50', currency_code: 'usd' },
			],
			'10.00:Bar_5.00:Bar:USD',
		],
		[
			'change given back as a negative cash amount',
			[
				{ payment_type: 'CASH', amount: '20.00' },
				{ payment_type: 'CASH', amount: '-7.45' },
			],
			'12.55:Bar',
		],
		[
			'cuts payment totals to two decimals',
			[{ payment_type: 'NON_CASH', amount: '9.99999' }],
			'9.99:Unbar',
		],
	])('payments: %s', (_label, payments, expected) => {
		expect(processDataText(receipt([{ vat_rate: 'NORMAL', amount: '0.00' }], payments))).toBe(
			`Beleg^0.00_0.00_0.00_0.00_0.00^${expected}`,
		);
	});

	it('adds currency_code EUR to payments in the echo and keeps other codes as sent', () => {
		const { echo } = computeProcessData(
			receipt(
				[],
				[
					{ payment_type: 'CASH', amount: '1.00' },
					{ payment_type: 'CASH', amount: '1.00', currency_code: 'chf' },
				],
			),
		);
		expect(
			(echo.standard_v1 as { receipt: { amounts_per_payment_type: unknown } }).receipt
				.amounts_per_payment_type,
		).toEqual([
			{ amount: '1.00', currency_code: 'EUR', payment_type: 'CASH' },
			{ amount: '1.00', currency_code: 'chf', payment_type: 'CASH' },
		]);
	});

	it('leaves properties the API does not know out of the echo', () => {
		const schema = receipt([{ vat_rate: 'NORMAL', amount: '1.00' }]);
		(schema.standard_v1.receipt as Record<string, unknown>).note = 'ignored';
		expect(computeProcessData(schema).echo.standard_v1).toEqual({
			receipt: {
				amounts_per_vat_rate: [{ amount: '1.00', vat_rate: 'NORMAL' }],
				receipt_type: 'RECEIPT',
			},
		});
	});
});

describe('Bestellung-V1 (standard_v1.order)', () => {
	it('writes one CR-separated line per item with quantity and price as sent', () => {
		const computed = computeProcessData({
			standard_v1: {
				order: {
					line_items: [
						{ quantity: '1', text: 'Döner', price_per_unit: '7.00' },
						{ quantity: '-1', text: 'Döner', price_per_unit: '7.00' },
						{ quantity: '0.5', text: 'Cola', price_per_unit: '2.50' },
						{ quantity: '2.12345', text: 'Diesel', price_per_unit: '1.79900' },
					],
				},
			},
		});
		expect(computed.processType).toBe('Bestellung-V1');
		expect(computed.processData.toString('utf8')).toBe(
			'1;"Döner";7.00\r-1;"Döner";7.00\r0.5;"Cola";2.50\r2.12345;"Diesel";1.79900',
		);
		expect(computed.processData.includes(Buffer.from('Döner', 'utf8'))).toBe(true);
		expect(computed.echo.raw).toEqual({
			process_type: 'Bestellung-V1',
			process_data: computed.processData.toString('base64'),
		});
	});

	it('doubles quotes inside the text', () => {
		const line = { quantity: '1', text: 'Eisbecher "Himbeere"', price_per_unit: '4.20' };
		expect(processDataText({ standard_v1: { order: { line_items: [line] } } })).toBe(
			'1;"Eisbecher ""Himbeere""";4.20',
		);
	});

	it('accepts a text of exactly 255 characters (counted as characters, not bytes)', () => {
		const text = 'ä'.repeat(255);
		expect(
			processDataText({
				standard_v1: { order: { line_items: [{ quantity: '1', text, price_per_unit: '1.00' }] } },
			}),
		).toContain(text);
	});

	it('an empty order signs empty process data', () => {
		const computed = computeProcessData({ standard_v1: { order: { line_items: [] } } });
		expect(computed.processType).toBe('Bestellung-V1');
		expect(computed.processData).toHaveLength(0);
	});
});

describe('SonstigerVorgang (standard_v1.other) and raw', () => {
	it('signs the other object as canonical JSON (sorted keys) and echoes it as sent', () => {
		const other = { zeta: 1, alpha: { b: 'x', a: [true, null, 'ü'] } };
		const computed = computeProcessData({ standard_v1: { other } });
		expect(computed.processType).toBe('SonstigerVorgang');
		expect(computed.processData.toString('utf8')).toBe(
			'{"alpha":{"a":[true,null,"ü"],"b":"x"},"zeta":1}',
		);
		expect(computed.echo.standard_v1).toEqual({ other });
		const reordered = computeProcessData({
			standard_v1: { other: { alpha: { a: [true, null, 'ü'], b: 'x' }, zeta: 1 } },
		});
		expect(reordered.processData).toEqual(computed.processData);
	});

	it('canonicalJson matches JSON.parse round trips', () => {
		const value = { b: [1, { d: 'q"uote', c: -0.5 }], a: 'x' };
		expect(JSON.parse(canonicalJson(value))).toEqual(value);
	});

	it('signs raw process data as decoded bytes and echoes only the raw block', () => {
		const computed = computeProcessData({
			raw: { process_type: 'Kassenbeleg-V1', process_data: 'dGVzdA==' },
		});
		expect(computed).toEqual({
			echo: { raw: { process_type: 'Kassenbeleg-V1', process_data: 'dGVzdA==' } },
			processType: 'Kassenbeleg-V1',
			processData: Buffer.from('test'),
		});
	});

	it('accepts empty raw process data', () => {
		expect(
			computeProcessData({ raw: { process_type: 'SonstigerVorgang', process_data: '' } })
				.processData,
		).toHaveLength(0);
	});

	it('no schema: empty echo, processType and processData', () => {
		expect(computeProcessData(undefined)).toEqual({
			echo: {},
			processType: '',
			processData: Buffer.alloc(0),
		});
	});
});

describe('invalid schemas name the field', () => {
	const vat = (amount: unknown, vatRate = 'NORMAL') => receipt([{ vat_rate: vatRate, amount }]);
	const pay = (payment: Payment) => receipt([{ vat_rate: 'NORMAL', amount: '1.00' }], [payment]);
	const line = (item: Record<string, unknown>) => ({
		standard_v1: {
			order: { line_items: [{ quantity: '1', text: 'x', price_per_unit: '1.00', ...item }] },
		},
	});
	const AMOUNT = '^-?\\d+(\\.\\d{2,5})$';

	it.each([
		['null schema', null, 'schema', 'must be an object'],
		['array schema', [], 'schema', 'must be an object'],
		['empty schema', {}, 'schema', 'exactly one of standard_v1, dsfinvtw_v1, raw (found none)'],
		[
			'two variants',
			{ standard_v1: {}, raw: {} },
			'schema',
			'exactly one of standard_v1, dsfinvtw_v1, raw (found standard_v1, raw)',
		],
		['unknown variant', { standard_v2: {} }, 'schema', 'found standard_v2'],
		[
			'DSFinV-TW',
			{ dsfinvtw_v1: { power_up: {} } },
			'schema.dsfinvtw_v1',
			'not supported by the simulator',
		],
		[
			'standard_v1 not an object',
			{ standard_v1: 'receipt' },
			'schema.standard_v1',
			'must be an object',
		],
		[
			'standard_v1 empty',
			{ standard_v1: {} },
			'schema.standard_v1',
			'exactly one of receipt, order, other',
		],
		[
			'receipt and order',
			{ standard_v1: { receipt: {}, order: {} } },
			'schema.standard_v1',
			'exactly one of receipt, order, other',
		],
		[
			'receipt not an object',
			{ standard_v1: { receipt: [] } },
			'schema.standard_v1.receipt',
			'must be an object',
		],
		[
			'missing receipt_type',
			{ standard_v1: { receipt: { amounts_per_vat_rate: [] } } },
			'schema.standard_v1.receipt.receipt_type',
			'is required',
		],
		[
			'unknown receipt_type',
			receipt([], undefined, 'SALE'),
			'schema.standard_v1.receipt.receipt_type',
			'must be one of RECEIPT, TRAINING',
		],
		[
			'missing amounts_per_vat_rate',
			{ standard_v1: { receipt: { receipt_type: 'RECEIPT' } } },
			'schema.standard_v1.receipt.amounts_per_vat_rate',
			'is required',
		],
		[
			'amounts_per_vat_rate not an array',
			{ standard_v1: { receipt: { receipt_type: 'RECEIPT', amounts_per_vat_rate: {} } } },
			'schema.standard_v1.receipt.amounts_per_vat_rate',
			'must be an array',
		],
		[
			'vat entry not an object',
			{ standard_v1: { receipt: { receipt_type: 'RECEIPT', amounts_per_vat_rate: ['1.00'] } } },
			'schema.standard_v1.receipt.amounts_per_vat_rate[0]',
			'must be an object',
		],
		[
			'unknown vat_rate',
			vat('1.00', '16'),
			'schema.standard_v1.receipt.amounts_per_vat_rate[0].vat_rate',
			'must be one of NORMAL, REDUCED_1, SPECIAL_RATE_1, SPECIAL_RATE_2, NULL, 19, 7, 10.7, 5.5, 0',
		],
		[
			'missing amount',
			receipt([{ vat_rate: 'NORMAL' }]),
			'schema.standard_v1.receipt.amounts_per_vat_rate[0].amount',
			'is required',
		],
		[
			'amount as a number',
			vat(21.42),
			'schema.standard_v1.receipt.amounts_per_vat_rate[0].amount',
			'not a number',
		],
		[
			'amount with one decimal',
			vat('21.4'),
			'schema.standard_v1.receipt.amounts_per_vat_rate[0].amount',
			`must match ${AMOUNT}`,
		],
		[
			'amount without decimals',
			vat('21'),
			'schema.standard_v1.receipt.amounts_per_vat_rate[0].amount',
			`must match ${AMOUNT}`,
		],
		[
			'amount with six decimals',
			vat('1.000001'),
			'schema.standard_v1.receipt.amounts_per_vat_rate[0].amount',
			`must match ${AMOUNT}`,
		],
		[
			'amount with a comma',
			vat('21,42'),
			'schema.standard_v1.receipt.amounts_per_vat_rate[0].amount',
			`must match ${AMOUNT}`,
		],
		[
			'amount with a plus sign',
			vat('+1.00'),
			'schema.standard_v1.receipt.amounts_per_vat_rate[0].amount',
			`must match ${AMOUNT}`,
		],
		[
			'amount with exponent',
			vat('1e2.00'),
			'schema.standard_v1.receipt.amounts_per_vat_rate[0].amount',
			`must match ${AMOUNT}`,
		],
		[
			'second vat entry bad',
			receipt([
				{ vat_rate: 'NORMAL', amount: '1.00' },
				{ vat_rate: 'NORMAL', amount: '.50' },
			]),
			'schema.standard_v1.receipt.amounts_per_vat_rate[1].amount',
			`must match ${AMOUNT}`,
		],
		[
			'payments not an array',
			{
				standard_v1: {
					receipt: {
						receipt_type: 'RECEIPT',
						amounts_per_vat_rate: [],
						amounts_per_payment_type: {},
					},
				},
			},
			'schema.standard_v1.receipt.amounts_per_payment_type',
			'must be an array',
		],
		[
			'unknown payment_type',
			pay({ payment_type: 'CARD', amount: '1.00' }),
			'schema.standard_v1.receipt.amounts_per_payment_type[0].payment_type',
			'must be one of CASH, NON_CASH',
		],
		[
			'missing payment_type',
			pay({ amount: '1.00' }),
			'schema.standard_v1.receipt.amounts_per_payment_type[0].payment_type',
			'is required',
		],
		[
			'bad payment amount',
			pay({ payment_type: 'CASH', amount: '1' }),
			'schema.standard_v1.receipt.amounts_per_payment_type[0].amount',
			`must match ${AMOUNT}`,
		],
		[
			'currency with digits',
			pay({ payment_type: 'CASH', amount: '1.00', currency_code: 'EU1' }),
			'schema.standard_v1.receipt.amounts_per_payment_type[0].currency_code',
			'must match ^[a-zA-Z]{3}$',
		],
		[
			'currency too long',
			pay({ payment_type: 'CASH', amount: '1.00', currency_code: 'EURO' }),
			'schema.standard_v1.receipt.amounts_per_payment_type[0].currency_code',
			'must match ^[a-zA-Z]{3}$',
		],
		[
			'missing line_items',
			{ standard_v1: { order: {} } },
			'schema.standard_v1.order.line_items',
			'is required',
		],
		[
			'bad quantity',
			line({ quantity: '1.' }),
			'schema.standard_v1.order.line_items[0].quantity',
			'must match ^-?\\d+(\\.\\d{1,5})?$',
		],
		[
			'quantity with six decimals',
			line({ quantity: '1.123456' }),
			'schema.standard_v1.order.line_items[0].quantity',
			'must match',
		],
		[
			'missing text',
			line({ text: undefined }),
			'schema.standard_v1.order.line_items[0].text',
			'is required',
		],
		[
			'text not a string',
			line({ text: 5 }),
			'schema.standard_v1.order.line_items[0].text',
			'must be a string',
		],
		[
			'text too long',
			line({ text: 'x'.repeat(256) }),
			'schema.standard_v1.order.line_items[0].text',
			'at most 255 characters',
		],
		[
			'text with a line break',
			line({ text: 'a\rb' }),
			'schema.standard_v1.order.line_items[0].text',
			'must not contain line breaks',
		],
		[
			'bad price',
			line({ price_per_unit: '1.0' }),
			'schema.standard_v1.order.line_items[0].price_per_unit',
			`must match ${AMOUNT}`,
		],
		[
			'other not an object',
			{ standard_v1: { other: 'text' } },
			'schema.standard_v1.other',
			'must be an object',
		],
		['raw not an object', { raw: 'dGVzdA==' }, 'schema.raw', 'must be an object'],
		[
			'raw without process_type',
			{ raw: { process_data: 'dGVzdA==' } },
			'schema.raw.process_type',
			'is required',
		],
		[
			'raw process_type not printable',
			{ raw: { process_type: 'Kassen_beleg', process_data: '' } },
			'schema.raw.process_type',
			'PrintableString',
		],
		[
			'raw without process_data',
			{ raw: { process_type: 'x' } },
			'schema.raw.process_data',
			'is required',
		],
		[
			'raw process_data not base64',
			{ raw: { process_type: 'x', process_data: 'not base64!' } },
			'schema.raw.process_data',
			'must be base64',
		],
		[
			'raw process_data missing padding',
			{ raw: { process_type: 'x', process_data: 'dGVzdA' } },
			'schema.raw.process_data',
			'must be base64',
		],
	])('%s', (_label, schema, field, problem) => {
		let error: unknown;
		try {
			computeProcessData(schema);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(SchemaValidationError);
		expect((error as SchemaValidationError).field).toBe(field);
		expect((error as SchemaValidationError).message.startsWith(`${field} `)).toBe(true);
		expect((error as SchemaValidationError).message).toContain(problem);
	});

	it('quotes the amount pattern exactly as the API documents it', () => {
		expect(() => computeProcessData(vat('21.4'))).toThrow(
			'schema.standard_v1.receipt.amounts_per_vat_rate[0].amount must match ^-?\\d+(\\.\\d{2,5})$',
		);
	});
});

describe('QR code data', () => {
	it('reproduces the captured fiskaly QR code (signature withheld in the capture)', () => {
		const qr = buildQrCodeData({
			clientSerial: 'ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20',
			processType: 'Kassenbeleg-V1',
			processData: Buffer.from('Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar', 'utf8'),
			transactionNumber: 1,
			signatureCounter: 34,
			timeStart: 1674239242,
			logTime: 1674239587,
			signature: '<withheld>',
			publicKey: vectors.tss.public_key,
		});
		expect(qr).toBe(
			'V0;ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20;Kassenbeleg-V1;Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar;1;34;' +
				'2023-01-20T18:27:22.000Z;2023-01-20T18:33:07.000Z;ecdsa-plain-SHA256;unixTime;<withheld>;' +
				'BO8SGEEyy6KZQeZ+gbaJK9A9s8UkNZ8NhUut3t2BB9D9heCk/rJRwEKIJUCDcjLHl7c3M6jZ8rq98zYeuLuirHc=',
		);
	});

	it('reproduces the spec example layout', () => {
		const time = Date.UTC(2019, 6, 10, 18, 41, 4) / 1000;
		const qr = buildQrCodeData({
			clientSerial: '955002-00',
			processType: 'Kassenbeleg-V1',
			processData: Buffer.from(
				processDataText(
					receipt(
						[{ vat_rate: 'REDUCED_1', amount: '2.55' }],
						[{ payment_type: 'CASH', amount: '2.55' }],
					),
				),
			),
			transactionNumber: 18,
			signatureCounter: 112,
			timeStart: time,
			logTime: time,
			signature: 'MEQCIAy4P9k+…',
			publicKey: 'BHhWOeis…',
		});
		expect(qr).toBe(
			'V0;955002-00;Kassenbeleg-V1;Beleg^0.00_2.55_0.00_0.00_0.00^2.55:Bar;18;112;2019-07-10T18:41:04.000Z;2019-07-10T18:41:04.000Z;ecdsa-plain-SHA256;unixTime;MEQCIAy4P9k+…;BHhWOeis…',
		);
		expect(qr.split(';')).toHaveLength(12);
	});

	it('carries everything needed to verify the signature from the QR code alone', () => {
		const keys = createTssKeys(createCertificateAuthority(1_767_225_600), 1_767_225_600);
		const key = loadSigningKey(keys);
		const computed = computeProcessData(
			receipt([{ vat_rate: 'NORMAL', amount: '9.99' }], [{ payment_type: 'CASH', amount: '9.99' }]),
		);
		const fields = {
			clientSerial: 'Kasse 1',
			processType: computed.processType,
			processData: computed.processData,
			transactionNumber: 42,
			signatureCounter: 1001,
			logTime: 1_767_225_700,
		};
		const { signature } = signLog(
			key,
			buildTransactionDtbs({ ...fields, operation: 'Finish', serialNumber: keys.serialNumber }),
		);
		const qr = buildQrCodeData({
			...fields,
			timeStart: 1_767_225_650,
			signature,
			publicKey: keys.publicKey,
		});

		// What a receipt checker does: rebuild the DTBS from the QR fields (serial = sha256(public key)).
		const [
			,
			client,
			processType,
			processData,
			txNumber,
			counter,
			,
			logTimeIso,
			,
			,
			qrSignature,
			publicKey,
		] = qr.split(';');
		const rebuilt = buildTransactionDtbs({
			operation: 'Finish',
			clientSerial: client,
			processType,
			processData: Buffer.from(processData, 'utf8'),
			transactionNumber: Number(txNumber),
			serialNumber: crypto
				.createHash('sha256')
				.update(Buffer.from(publicKey, 'base64'))
				.digest('hex'),
			signatureCounter: Number(counter),
			logTime: Date.parse(logTimeIso) / 1000,
		});
		expect(verifyLogSignature(publicKey, rebuilt, qrSignature)).toBe(true);
		const tampered = Buffer.from(rebuilt);
		tampered[tampered.indexOf(Buffer.from('9.99'))] ^= 0x01;
		expect(verifyLogSignature(publicKey, tampered, qrSignature)).toBe(false);
	});
});
