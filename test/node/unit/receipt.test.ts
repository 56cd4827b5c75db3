import { tseFailureReceipt } from '../../../nodes/FiskalySignDe/helpers/tseFailure';
import { FieldError } from '../../../nodes/shared/errors';
import {
	buildOrderSchema,
	buildOtherSchema,
	buildPrintedReceipt,
	buildRawSchema,
	buildReceiptSchema,
	cancellationSchema,
	parseSchemaJson,
	sameTransactionData,
} from '../../../nodes/FiskalySignDe/helpers/receipt';
import {
	PAYMENT_TYPES,
	RECEIPT_TYPES,
	VAT_RATES,
} from '../../../nodes/FiskalySignDe/helpers/receiptChoices';

function fieldErrorOf(run: () => unknown): FieldError {
	try {
		run();
	} catch (error) {
		if (error instanceof FieldError) return error;
		throw error;
	}
	throw new Error('expected a FieldError');
}

describe('buildReceiptSchema', () => {
	test.each(VAT_RATES.map((rate) => [rate.value, rate.label]))('VAT rate %s (%s)', (vatRate) => {
		expect(
			buildReceiptSchema({
				receiptType: 'RECEIPT',
				amountsPerVatRate: [{ vatRate, amount: 10 }],
				amountsPerPaymentType: [],
			}),
		).toEqual({
			standard_v1: {
				receipt: {
					receipt_type: 'RECEIPT',
					amounts_per_vat_rate: [{ vat_rate: vatRate, amount: '10.00' }],
				},
			},
		});
	});

	test('labels say which rate each name stands for', () => {
		expect(Object.fromEntries(VAT_RATES.map((rate) => [rate.value, rate.label]))).toEqual({
			NORMAL: 'Normal (19%)',
			REDUCED_1: 'Reduced (7%)',
			SPECIAL_RATE_1: 'Special Rate 1 (10.7%)',
			SPECIAL_RATE_2: 'Special Rate 2 (5.5%)',
			NULL: 'Zero (0%)',
		});
	});

	test.each(PAYMENT_TYPES.map((type) => [type.value]))(
		'payment type %s, currency optional and upper-cased',
		(paymentType) => {
			const schema = buildReceiptSchema({
				receiptType: 'RECEIPT',
				amountsPerVatRate: [{ vatRate: 'NORMAL', amount: '21.42' }],
				amountsPerPaymentType: [
					{ paymentType, amount: '20', currencyCode: '' },
					{ paymentType, amount: 1.42, currencyCode: 'usd' },
				],
			});
			expect(
				(schema.standard_v1 as { receipt: { amounts_per_payment_type: unknown } }).receipt
					.amounts_per_payment_type,
			).toEqual([
				{ payment_type: paymentType, amount: '20.00' },
				{ payment_type: paymentType, amount: '1.42', currency_code: 'USD' },
			]);
		},
	);

	test('the receipt types tell a shop owner when to use which, and where refunds go', () => {
		const use = Object.fromEntries(RECEIPT_TYPES.map((type) => [type.value, type.use]));
		// Abort and Cancellation sign the same (AVBelegabbruch): each says so and what it is for.
		expect(use.ABORT).toMatch(/broken off before it was completed.*like Cancellation/);
		expect(use.CANCELLATION).toMatch(/broken off before it was completed.*like Abort/);
		expect(use.ANNULATION).toMatch(/voided as a whole \(Storno\)/);
		for (const type of ['RECEIPT', 'CANCELLATION', 'ANNULATION'])
			expect(use[type]).toMatch(/Receipt with negative amounts/);
	});

	test.each(RECEIPT_TYPES.map((type) => [type.value]))(
		'receipt type %s is accepted without payments',
		(receiptType) => {
			const schema = buildReceiptSchema({
				receiptType,
				amountsPerVatRate: [{ vatRate: 'NULL', amount: '0' }],
				amountsPerPaymentType: [],
			});
			expect(
				(schema.standard_v1 as { receipt: { receipt_type: string } }).receipt.receipt_type,
			).toBe(receiptType);
		},
	);

	test('a whole receipt: several rates, negative refund line, mixed payments, exact decimals', () => {
		expect(
			buildReceiptSchema({
				receiptType: 'receipt',
				amountsPerVatRate: [
					{ vatRate: 'NORMAL', amount: 0.1 + 0.2 },
					{ vatRate: 'reduced_1', amount: '7,5' },
					{ vatRate: 'NULL', amount: '-1.00000' },
				],
				amountsPerPaymentType: [
					{ paymentType: 'CASH', amount: '5' },
					{ paymentType: 'NON_CASH', amount: 1.8 },
				],
			}),
		).toEqual({
			standard_v1: {
				receipt: {
					receipt_type: 'RECEIPT',
					amounts_per_vat_rate: [
						{ vat_rate: 'NORMAL', amount: '0.30' },
						{ vat_rate: 'REDUCED_1', amount: '7.50' },
						{ vat_rate: 'NULL', amount: '-1.00' },
					],
					amounts_per_payment_type: [
						{ payment_type: 'CASH', amount: '5.00' },
						{ payment_type: 'NON_CASH', amount: '1.80' },
					],
				},
			},
		});
	});

	test.each<[string, Parameters<typeof buildReceiptSchema>[0], string, RegExp]>([
		[
			'empty receipt',
			{ receiptType: 'RECEIPT', amountsPerVatRate: [], amountsPerPaymentType: [] },
			'Amounts per VAT Rate',
			/is empty/,
		],
		[
			'unknown rate "19"',
			{
				receiptType: 'RECEIPT',
				amountsPerVatRate: [{ vatRate: '19', amount: '1' }],
				amountsPerPaymentType: [],
			},
			'Amounts per VAT Rate (entry 1) › VAT Rate',
			/"19" is not one of/,
		],
		[
			'missing rate',
			{ receiptType: 'RECEIPT', amountsPerVatRate: [{ amount: '1' }], amountsPerPaymentType: [] },
			'Amounts per VAT Rate (entry 1) › VAT Rate',
			/is not one of/,
		],
		[
			'duplicate rate',
			{
				receiptType: 'RECEIPT',
				amountsPerVatRate: [
					{ vatRate: 'NORMAL', amount: '1' },
					{ vatRate: 'NORMAL', amount: '2' },
				],
				amountsPerPaymentType: [],
			},
			'Amounts per VAT Rate (entry 2) › VAT Rate',
			/appears twice/,
		],
		[
			'bad amount',
			{
				receiptType: 'RECEIPT',
				amountsPerVatRate: [
					{ vatRate: 'NORMAL', amount: '1' },
					{ vatRate: 'NULL', amount: 'ten' },
				],
				amountsPerPaymentType: [],
			},
			'Amounts per VAT Rate (entry 2) › Amount',
			/not a decimal number/,
		],
		[
			'unknown receipt type',
			{
				receiptType: 'SALE',
				amountsPerVatRate: [{ vatRate: 'NORMAL', amount: '1' }],
				amountsPerPaymentType: [],
			},
			'Receipt Type',
			/"SALE" is not one of/,
		],
		[
			'unknown payment type',
			{
				receiptType: 'RECEIPT',
				amountsPerVatRate: [{ vatRate: 'NORMAL', amount: '1' }],
				amountsPerPaymentType: [{ paymentType: 'CARD', amount: '1' }],
			},
			'Amounts per Payment Type (entry 1) › Payment Type',
			/"CARD"/,
		],
		[
			'bad payment amount',
			{
				receiptType: 'RECEIPT',
				amountsPerVatRate: [{ vatRate: 'NORMAL', amount: '1' }],
				amountsPerPaymentType: [{ paymentType: 'CASH', amount: NaN }],
			},
			'Amounts per Payment Type (entry 1) › Amount',
			/not an amount/,
		],
		[
			'bad currency',
			{
				receiptType: 'RECEIPT',
				amountsPerVatRate: [{ vatRate: 'NORMAL', amount: '1' }],
				amountsPerPaymentType: [{ paymentType: 'CASH', amount: '1', currencyCode: 'EURO' }],
			},
			'Amounts per Payment Type (entry 1) › Currency Code',
			/not a currency code/,
		],
		[
			'three decimals',
			{
				receiptType: 'RECEIPT',
				amountsPerVatRate: [{ vatRate: 'NORMAL', amount: 19.995 }],
				amountsPerPaymentType: [],
			},
			'Amounts per VAT Rate (entry 1) › Amount',
			/19.995 has more than 2 decimals/,
		],
		[
			'a thousands separator',
			{
				receiptType: 'RECEIPT',
				amountsPerVatRate: [{ vatRate: 'NORMAL', amount: '1.000' }],
				amountsPerPaymentType: [],
			},
			'Amounts per VAT Rate (entry 1) › Amount',
			/"1.000" is ambiguous/,
		],
		...([
			'TRANSFER',
			'ORDER',
			'CANCELLATION',
			'ABORT',
			'BENEFIT_IN_KIND',
			'INVOICE',
			'OTHER',
			'ANNULATION',
		].map((receiptType) => [
			`payments on ${receiptType}`,
			{
				receiptType,
				amountsPerVatRate: [{ vatRate: 'NORMAL', amount: '1' }],
				amountsPerPaymentType: [{ paymentType: 'CASH', amount: '1' }],
			},
			'Amounts per Payment Type',
			new RegExp(`must be empty for the receipt type ${receiptType}`),
		]) as Array<[string, Parameters<typeof buildReceiptSchema>[0], string, RegExp]>),
	])('rejects %s, naming the field', (_case, input, field, problem) => {
		const error = fieldErrorOf(() => buildReceiptSchema(input));
		expect(error.field).toBe(field);
		expect(error.message).toMatch(problem);
	});

	test('the unknown-rate hint lists the SIGN DE names with their rates', () => {
		const error = fieldErrorOf(() =>
			buildReceiptSchema({
				receiptType: 'RECEIPT',
				amountsPerVatRate: [{ vatRate: '19%', amount: '1' }],
				amountsPerPaymentType: [],
			}),
		);
		expect(error.hint).toContain('NORMAL (Normal (19%))');
		expect(error.hint).toContain('NULL (Zero (0%))');
	});
});

describe('buildOrderSchema', () => {
	test('line items with formatted quantities and prices', () => {
		expect(
			buildOrderSchema([
				{ quantity: 2, text: ' Cappuccino ', pricePerUnit: '3.2' },
				{ quantity: '-1', text: 'Returned cup', pricePerUnit: 1 },
			]),
		).toEqual({
			standard_v1: {
				order: {
					line_items: [
						{ quantity: '2', text: 'Cappuccino', price_per_unit: '3.20' },
						{ quantity: '-1', text: 'Returned cup', price_per_unit: '1.00' },
					],
				},
			},
		});
	});

	test.each<[string, unknown[], string]>([
		['no items', [], 'Line Items'],
		['empty text', [{ quantity: 1, text: ' ', pricePerUnit: '1' }], 'Line Items (entry 1) › Text'],
		[
			'long text',
			[{ quantity: 1, text: 'x'.repeat(256), pricePerUnit: '1' }],
			'Line Items (entry 1) › Text',
		],
		[
			'bad quantity',
			[{ quantity: 'a lot', text: 'Tea', pricePerUnit: '1' }],
			'Line Items (entry 1) › Quantity',
		],
		[
			'bad price',
			[{ quantity: 1, text: 'Tea', pricePerUnit: '1.999999' }],
			'Line Items (entry 1) › Price per Unit',
		],
		[
			'a price with three decimals',
			[{ quantity: 1, text: 'Tea', pricePerUnit: 1.995 }],
			'Line Items (entry 1) › Price per Unit',
		],
		[
			'a line break in the text',
			[{ quantity: 1, text: 'Tea\nwith milk', pricePerUnit: '1' }],
			'Line Items (entry 1) › Text',
		],
		[
			'a carriage return in the text',
			[{ quantity: 1, text: 'Tea\rwith milk', pricePerUnit: '1' }],
			'Line Items (entry 1) › Text',
		],
	])('rejects %s', (_case, items, field) => {
		expect(fieldErrorOf(() => buildOrderSchema(items as never)).field).toBe(field);
	});
});

describe('other, raw and JSON schemas', () => {
	test('other takes a JSON object given as text or object', () => {
		expect(buildOtherSchema('{"kind":"deposit"}')).toEqual({
			standard_v1: { other: { kind: 'deposit' } },
		});
		expect(buildOtherSchema({ kind: 'deposit' })).toEqual({
			standard_v1: { other: { kind: 'deposit' } },
		});
		expect(fieldErrorOf(() => buildOtherSchema('[1]')).field).toBe('Other Data');
		expect(fieldErrorOf(() => buildOtherSchema('{oops')).message).toMatch(/not valid JSON/);
	});

	test('raw needs a process type and base64 data', () => {
		expect(
			buildRawSchema(
				'Kassenbeleg-V1',
				'QmVsZWdeMjEuNDJfMC4wMF8wLjAwXzAuMDBfMC4wMF4yMS40MjpVbmJhcg==',
			),
		).toEqual({
			raw: {
				process_type: 'Kassenbeleg-V1',
				process_data: 'QmVsZWdeMjEuNDJfMC4wMF8wLjAwXzAuMDBfMC4wMF4yMS40MjpVbmJhcg==',
			},
		});
		expect(fieldErrorOf(() => buildRawSchema('', 'dGVzdA==')).field).toBe('Process Type');
		expect(fieldErrorOf(() => buildRawSchema('Kassenbeleg-V1', 'not base64!')).field).toBe(
			'Process Data',
		);
		expect(fieldErrorOf(() => buildRawSchema('Kassenbeleg-V1', 'abc')).field).toBe('Process Data');
	});

	test('schema JSON needs exactly one known key', () => {
		expect(parseSchemaJson('{"raw":{"process_type":"X","process_data":""}}')).toEqual({
			raw: { process_type: 'X', process_data: '' },
		});
		expect(fieldErrorOf(() => parseSchemaJson('{"receipt":{}}')).message).toMatch(/\[receipt\]/);
		expect(fieldErrorOf(() => parseSchemaJson({ raw: {}, standard_v1: {} })).field).toBe(
			'Schema (JSON)',
		);
	});

	test.each<[string, unknown, string, RegExp]>([
		[
			'more than two decimals',
			{
				receipt_type: 'RECEIPT',
				amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '1.23456' }],
			},
			'Schema (JSON) › amounts_per_vat_rate[0].amount',
			/more than 2 decimals/,
		],
		[
			'a payment with three decimals',
			{
				receipt_type: 'RECEIPT',
				amounts_per_vat_rate: [],
				amounts_per_payment_type: [{ payment_type: 'CASH', amount: '2.000' }],
			},
			'Schema (JSON) › amounts_per_payment_type[0].amount',
			/ambiguous/,
		],
		[
			'payments on an abort',
			{
				receipt_type: 'ABORT',
				amounts_per_vat_rate: [],
				amounts_per_payment_type: [{ payment_type: 'CASH', amount: '2.00' }],
			},
			'Schema (JSON) › amounts_per_payment_type',
			/must be empty for the receipt type ABORT/,
		],
	])(
		'a receipt given as JSON follows the same fiscal rules: %s',
		(_case, receipt, field, problem) => {
			const error = fieldErrorOf(() => parseSchemaJson({ standard_v1: { receipt } }));
			expect(error.field).toBe(field);
			expect(error.message).toMatch(problem);
		},
	);
});

describe('cancellationSchema', () => {
	test('a receipt is aborted with zero amounts and no payments (DSFinV-K AVBelegabbruch), whatever it held', () => {
		const current = {
			schema: {
				standard_v1: {
					receipt: {
						receipt_type: 'RECEIPT',
						amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '5.00' }],
						amounts_per_payment_type: [{ payment_type: 'CASH', amount: '5.00' }],
					},
				},
				raw: { process_type: 'Kassenbeleg-V1', process_data: 'x' },
			},
		};
		expect(cancellationSchema(current)).toEqual({
			standard_v1: { receipt: { receipt_type: 'CANCELLATION', amounts_per_vat_rate: [] } },
		});
		expect(
			cancellationSchema({
				schema: {
					raw: {
						process_type: 'Kassenbeleg-V1',
						process_data: 'QmVsZWdeMS4wMF8wLjAwXzAuMDBfMC4wMF8wLjAwXjEuMDA6QmFy',
					},
				},
			}),
		).toEqual({
			standard_v1: { receipt: { receipt_type: 'CANCELLATION', amounts_per_vat_rate: [] } },
		});
	});

	test('an order and a raw transaction keep their data, so the type does not change', () => {
		const order = { standard_v1: { order: { line_items: [] } } };
		expect(cancellationSchema({ schema: order })).toEqual(order);
		expect(
			cancellationSchema({
				schema: { raw: { process_type: 'SonstigerVorgang', process_data: 'eA==' } },
			}),
		).toEqual({
			raw: { process_type: 'SonstigerVorgang', process_data: 'eA==' },
		});
	});

	test('a transaction without data is closed as an empty cancelled receipt', () => {
		const empty = {
			standard_v1: { receipt: { receipt_type: 'CANCELLATION', amounts_per_vat_rate: [] } },
		};
		expect(cancellationSchema({ schema: {} })).toEqual(empty);
		expect(cancellationSchema(undefined)).toEqual(empty);
	});
});

/** The Finish response of a real fiskaly TEST session (REFERENCE §4.3), signature withheld there too. */
const CAPTURED_FINISH = {
	schema: {
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
	},
	state: 'FINISHED',
	tss_id: 'cdb96888-86f5-4b5e-b213-ef265ecc4676',
	tss_serial_number: 'a408459289ea51b6f492df7a24272c395fa0a4820245389dea15eba89f6e12f7',
	client_id: 'd884dfc1-b8d6-4c59-a41f-2c33c916f30e',
	client_serial_number: 'ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20',
	revision: 3,
	latest_revision: 3,
	number: 1,
	time_start: 1674239242,
	time_end: 1674239587,
	_id: '9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
	_type: 'TRANSACTION',
	signature: {
		value: 'c2lnbmF0dXJl',
		algorithm: 'ecdsa-plain-SHA256',
		counter: 34,
		public_key:
			'BO8SGEEyy6KZQeZ+gbaJK9A9s8UkNZ8NhUut3t2BB9D9heCk/rJRwEKIJUCDcjLHl7c3M6jZ8rq98zYeuLuirHc=',
	},
	log: { operation: 'Finish', timestamp: 1674239587, timestamp_format: 'unixTime' },
	qr_code_data:
		'V0;ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20;Kassenbeleg-V1;Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar;1;34;2023-01-20T18:27:22.000Z;2023-01-20T18:33:07.000Z;ecdsa-plain-SHA256;unixTime;c2lnbmF0dXJl;BO8SGEEyy6KZQeZ+gbaJK9A9s8UkNZ8NhUut3t2BB9D9heCk/rJRwEKIJUCDcjLHl7c3M6jZ8rq98zYeuLuirHc=',
};

describe('buildPrintedReceipt', () => {
	test('a finished transaction gives everything a German receipt prints, times as in the QR code', () => {
		expect(buildPrintedReceipt(CAPTURED_FINISH)).toEqual({
			tss_serial_number: 'a408459289ea51b6f492df7a24272c395fa0a4820245389dea15eba89f6e12f7',
			client_serial_number: 'ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20',
			transaction_number: 1,
			signature_counter: '34',
			time_start: '2023-01-20T18:27:22.000Z',
			time_end: '2023-01-20T18:33:07.000Z',
			signature: 'c2lnbmF0dXJl',
			public_key:
				'BO8SGEEyy6KZQeZ+gbaJK9A9s8UkNZ8NhUut3t2BB9D9heCk/rJRwEKIJUCDcjLHl7c3M6jZ8rq98zYeuLuirHc=',
			signature_algorithm: 'ecdsa-plain-SHA256',
			timestamp_format: 'unixTime',
			qr_code_data: CAPTURED_FINISH.qr_code_data,
			qr_code_fits: true,
			receipt_type: 'RECEIPT',
			process_type: 'Kassenbeleg-V1',
			process_data: 'Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar',
			warnings: [],
			tse_failure: false,
			tse_failure_reason: null,
			tse_failure_time: null,
			reference: null,
		});
		const receipt = buildPrintedReceipt(CAPTURED_FINISH);
		const qr = String(receipt.qr_code_data).split(';');
		expect([qr[6], qr[7]]).toEqual([receipt.time_start, receipt.time_end]);
	});

	test('a counter sent as a string (as documented) prints the same; an open transaction has no end yet', () => {
		const active = {
			...CAPTURED_FINISH,
			signature: { ...CAPTURED_FINISH.signature, counter: '32' },
			time_end: undefined,
			qr_code_data: undefined,
		};
		const receipt = buildPrintedReceipt(active);
		expect(receipt.signature_counter).toBe('32');
		expect(receipt.time_end).toBeNull();
		expect(receipt.qr_code_data).toBeNull();
	});

	test('the TSE failure receipt has exactly the keys of a signed one, so a printer template fits both', () => {
		const failure = tseFailureReceipt(
			'fiskaly unreachable',
			new Date('2026-12-06T10:00:00Z'),
			'A-1',
		);
		expect(Object.keys(failure).sort()).toEqual(
			Object.keys(buildPrintedReceipt(CAPTURED_FINISH)).sort(),
		);
		expect(failure).toMatchObject({
			tse_failure: true,
			tse_failure_reason: 'fiskaly unreachable',
			tse_failure_time: '2026-12-06T10:00:00.000Z',
			reference: 'A-1',
		});
	});

	test('payments that do not add up to the VAT totals are signed, with a warning', () => {
		const receiptOf = (payments: unknown[]) =>
			buildPrintedReceipt({
				...CAPTURED_FINISH,
				schema: {
					...CAPTURED_FINISH.schema,
					standard_v1: {
						receipt: {
							...CAPTURED_FINISH.schema.standard_v1.receipt,
							amounts_per_payment_type: payments,
						},
					},
				},
			});
		expect(receiptOf([{ payment_type: 'CASH', amount: '20.00' }]).warnings).toEqual([
			'The payments add up to 20.00 but the amounts per VAT rate to 21.42: check the receipt (it was signed as given).',
		]);
		expect(
			receiptOf([
				{ payment_type: 'CASH', amount: '20.00' },
				{ payment_type: 'NON_CASH', amount: '1.42', currency_code: 'EUR' },
			]).warnings,
		).toEqual([]);
		// Another currency cannot be compared with euro totals.
		expect(
			receiptOf([{ payment_type: 'CASH', amount: '20.00', currency_code: 'USD' }]).warnings,
		).toEqual([]);
		expect(receiptOf([]).warnings).toEqual([]);
	});

	test.each([
		[2953, true],
		[2954, false],
	])('QR code data of %i bytes fits one QR code: %p', (bytes, fits) => {
		const prefix = CAPTURED_FINISH.qr_code_data;
		const receipt = buildPrintedReceipt({
			...CAPTURED_FINISH,
			qr_code_data: `${prefix}${'ä'.repeat(((bytes - prefix.length) / 2) | 0)}${(bytes - prefix.length) % 2 ? 'x' : ''}`,
		});
		expect(Buffer.byteLength(String(receipt.qr_code_data))).toBe(bytes);
		expect(receipt.qr_code_fits).toBe(fits);
		expect(
			(receipt.warnings as string[]).some((warning) =>
				warning.startsWith('The QR code data is longer than one QR code can hold'),
			),
		).toBe(!fits);
	});
});

describe('sameTransactionData', () => {
	const sent = {
		standard_v1: {
			receipt: {
				receipt_type: 'RECEIPT',
				amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '21.42' }],
				amounts_per_payment_type: [{ payment_type: 'NON_CASH', amount: '21.42' }],
			},
		},
	};

	test('matches fiskaly’s echo (EUR added, raw block computed, keys reordered)', () => {
		expect(sameTransactionData(sent, CAPTURED_FINISH.schema)).toBe(true);
	});

	test.each([
		[
			'another amount',
			{
				...CAPTURED_FINISH.schema,
				standard_v1: {
					receipt: {
						...CAPTURED_FINISH.schema.standard_v1.receipt,
						amounts_per_vat_rate: [{ amount: '21.43', vat_rate: 'NORMAL' }],
					},
				},
			},
		],
		[
			'another currency',
			{
				...CAPTURED_FINISH.schema,
				standard_v1: {
					receipt: {
						...CAPTURED_FINISH.schema.standard_v1.receipt,
						amounts_per_payment_type: [
							{ amount: '21.42', currency_code: 'USD', payment_type: 'NON_CASH' },
						],
					},
				},
			},
		],
		['no data', {}],
		['nothing', undefined],
	])('differs with %s', (_case, stored) => {
		expect(sameTransactionData(sent, stored)).toBe(false);
	});

	test('raw data is compared as sent', () => {
		expect(sameTransactionData({ raw: CAPTURED_FINISH.schema.raw }, CAPTURED_FINISH.schema)).toBe(
			true,
		);
		expect(
			sameTransactionData(
				{ raw: { ...CAPTURED_FINISH.schema.raw, process_data: 'eA==' } },
				CAPTURED_FINISH.schema,
			),
		).toBe(false);
	});
});
