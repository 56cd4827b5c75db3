// Close Day's input checks: every refusal names the sale (its item and transaction) and the field,
// before any call. Table-driven over one good sale that each row spoils in one way.
import type { IDataObject } from 'n8n-workflow';

import {
	buildCashStatement,
	type CashMovement,
	readCashMovement,
} from '../../../nodes/FiskalyDsfinvk/helpers/closing/cashStatement';
import { readSale } from '../../../nodes/FiskalyDsfinvk/helpers/closing/sale';
import {
	readSignedTransaction,
	transactionSource,
} from '../../../nodes/FiskalyDsfinvk/helpers/closing/signedData';
import { FieldError } from '../../../nodes/shared/errors';
import { DEFAULTS, sale, signedTx } from './closingFixtures';

const TX = 'b0000000-0000-4000-8000-000000000001';
const SALE = `Sale in item 0 (transaction ${TX})`;

/** 2 × 5.95 at 19 % and 1 × 2.14 at 7 %, paid 10.00 cash and 4.04 by card. */
function goodItem(): IDataObject {
	return {
		...signedTx({
			id: TX,
			number: 1,
			start: 1710522130,
			end: 1710522161,
			processData: 'Beleg^11.90_2.14_0.00_0.00_0.00^10.00:Bar_4.04:Unbar',
		}),
		line_items: [
			{ text: 'Weißwein 0,2l', quantity: 2, price_per_unit: '5.95', vat_rate: 19 },
			{ text: 'Brezel', quantity: 1, price_per_unit: '2.14', vat_rate: 7 },
		],
	};
}

function refusal(run: () => unknown): FieldError {
	try {
		run();
	} catch (error) {
		if (error instanceof FieldError) return error;
		throw error;
	}
	throw new Error('not refused');
}

const withLines = (lines: unknown): IDataObject => ({ ...goodItem(), line_items: lines as IDataObject[] });
const line = (change: IDataObject) =>
	withLines([
		{ ...(goodItem().line_items as IDataObject[])[0], ...change },
		(goodItem().line_items as IDataObject[])[1],
	]);
const signedAs = (processData: string, extra: IDataObject = {}) => ({
	...goodItem(),
	...signedTx({ id: TX, number: 1, start: 1710522130, end: 1710522161, processData }),
	...extra,
});

describe('a good sale', () => {
	test('is read with its lines, VAT and signed payments', () => {
		const read = sale(goodItem());
		expect(read.grossCents).toBe(BigInt(1404));
		expect(read.lines.map((entry) => [entry.vat.id, entry.grossCents, entry.vatCents])).toEqual([
			[1, BigInt(1190), BigInt(190)],
			[2, BigInt(214), BigInt(14)],
		]);
		expect(read.payments).toEqual([
			{ type: 'Bar', currency: 'EUR', cents: BigInt(1000) },
			{ type: 'Unbar', currency: 'EUR', cents: BigInt(404) },
		]);
		expect(read.exportId).toBe('1');
		expect(read.user).toEqual(DEFAULTS.user);
	});

	test.each([
		[
			'quantity × unit price, rounded half away from zero',
			{ quantity: '0.5', price_per_unit: '0.99', amount: undefined },
			'Beleg^0.50_2.14_0.00_0.00_0.00^2.64:Bar',
		],
		[
			'a given line total (after a discount) wins',
			{ amount: '10.00' },
			'Beleg^10.00_2.14_0.00_0.00_0.00^12.14:Bar',
		],
		['a refund: negative quantity', { quantity: -2 }, 'Beleg^-11.90_2.14_0.00_0.00_0.00^-9.76:Bar'],
	])('%s', (_name, change, processData) => {
		const item = {
			...signedAs(processData),
			line_items: [
				{ ...(goodItem().line_items as IDataObject[])[0], ...change },
				(goodItem().line_items as IDataObject[])[1],
			],
		};
		expect(() => sale(item)).not.toThrow();
	});

	test('explicit payments refine Unbar into DSFinV-K types', () => {
		const read = sale({
			...goodItem(),
			payments: [
				{ type: 'Bar', amount: 10 },
				{ type: 'ECKarte', amount: '2.04' },
				{ type: 'Kreditkarte', amount: '2,00', name: 'Visa' },
			],
		});
		expect(read.payments.map((payment) => [payment.type, payment.name, payment.cents])).toEqual([
			['Bar', undefined, BigInt(1000)],
			['ECKarte', undefined, BigInt(204)],
			['Kreditkarte', 'Visa', BigInt(200)],
		]);
	});

	test('foreign cash needs the base amount; the foreign amount is checked against the TSS', () => {
		const item = signedAs('Beleg^11.90_2.14_0.00_0.00_0.00^15.00:Bar:USD', {
			payments: [{ type: 'Bar', amount: '14.04', currency_code: 'USD', foreign_amount: '15.00' }],
		});
		expect(sale(item).payments).toEqual([
			{
				type: 'Bar',
				currency: 'USD',
				cents: BigInt(1404),
				foreignCents: BigInt(1500),
				name: undefined,
			},
		]);
	});

	test('an aborted sale (AVBelegabbruch, zero amounts) needs no lines', () => {
		const read = sale(
			signedAs('AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^', {
				line_items: undefined,
				state: 'CANCELLED',
			}),
		);
		expect([read.signed.type, read.lines, read.payments]).toEqual(['AVBelegabbruch', [], []]);
	});
});

describe('refused before any call, naming the sale and the field', () => {
	test.each<[string, () => IDataObject, string]>([
		[
			'totals without line items',
			() => withLines(undefined),
			`${SALE} › line_items: are missing: the TSS signed 14.04, but DSFinV-K needs every sold item as a single record`,
		],
		[
			'an empty line list',
			() => withLines([]),
			`${SALE} › line_items: are missing: the TSS signed 14.04, but DSFinV-K needs every sold item as a single record`,
		],
		[
			'lines that are not a list',
			() => withLines('2 x Wein'),
			`${SALE} › line_items: is not a list`,
		],
		[
			'lines that differ from the signed amount',
			() => line({ price_per_unit: '5.90' }),
			`${SALE} › line_items: gross amount at NORMAL: 11.80 here, but the TSS signed 11.90`,
		],
		[
			'a line at a rate the TSS did not sign',
			() => line({ vat_rate: 7 }),
			`${SALE} › line_items: gross amount at NORMAL: 0.00 here, but the TSS signed 11.90`,
		],
		[
			'an unknown VAT rate',
			() => line({ vat_rate: 20 }),
			`${SALE} › line_items[0] › vat_rate: 20 % is no German VAT rate on 2024-03-15`,
		],
		[
			'a missing VAT rate',
			() => line({ vat_rate: undefined }),
			`${SALE} › line_items[0] › vat_rate: is empty`,
		],
		[
			'a custom VAT ID whose total differs',
			() => line({ vat_rate: 19, vat_id: 1000, amount: '11.00' }),
			`${SALE} › line_items: gross amount at all rates: 13.14 here, but the TSS signed 14.04`,
		],
		['an empty text', () => line({ text: ' ' }), `${SALE} › line_items[0] › text: is empty`],
		[
			'a text with a line break',
			() => line({ text: 'Wein\n0,2l' }),
			`${SALE} › line_items[0] › text: contains a line break`,
		],
		[
			'a quantity with 4 decimals',
			() => line({ quantity: '0.1255' }),
			`${SALE} › line_items[0] › quantity: 0.1255 has more than 3 decimals`,
		],
		[
			'a price with 3 decimals',
			() => line({ price_per_unit: '5.955' }),
			`${SALE} › line_items[0] › price_per_unit: "5.955" is ambiguous: three digits after "." or "," could be decimals or a thousands group (5.955 or 5955)`,
		],
		[
			'an unknown business case',
			() => line({ business_case: 'Verkauf' }),
			`${SALE} › line_items[0] › business_case: "Verkauf" is not a DSFinV-K business case`,
		],
		['a line that is no object', () => withLines([5]), `${SALE} › line_items[0]: is not an object`],
		[
			'payments that differ from the signed ones',
			() => ({ ...goodItem(), payments: [{ type: 'Bar', amount: '14.04' }] }),
			`${SALE} › payments: payment Bar EUR: 14.04 here, but the TSS signed 10.00`,
		],
		[
			'an unknown payment type',
			() => ({ ...goodItem(), payments: [{ type: 'Karte', amount: '14.04' }] }),
			`${SALE} › payments[0] › type: "Karte" is not a DSFinV-K payment type`,
		],
		[
			'payments that are not a list',
			() => ({ ...goodItem(), payments: 'Bar' }),
			`${SALE} › payments: is not a list`,
		],
		[
			'signed payments not adding up to the total',
			() => signedAs('Beleg^11.90_2.14_0.00_0.00_0.00^20.00:Bar'),
			`${SALE} › payments: add up to 20.00, but the receipt totals 14.04`,
		],
		[
			'a foreign payment without its base amount',
			() => signedAs('Beleg^11.90_2.14_0.00_0.00_0.00^15.00:Bar:USD'),
			`${SALE} › payments: are missing: the TSS signed a Bar payment in USD`,
		],
		[
			'a foreign payment without foreign_amount',
			() =>
				signedAs('Beleg^11.90_2.14_0.00_0.00_0.00^15.00:Bar:USD', {
					payments: [{ type: 'Bar', amount: '14.04', currency_code: 'USD' }],
				}),
			`${SALE} › payments[0] › foreign_amount: is missing for USD`,
		],
		[
			'an unfinished transaction',
			() => ({ ...goodItem(), state: 'ACTIVE' }),
			`${SALE} › state: is ACTIVE: the transaction is not signed yet`,
		],
		[
			'an order instead of a receipt',
			() => ({
				...goodItem(),
				schema: {
					raw: {
						process_type: 'Bestellung-V1',
						process_data: Buffer.from('1;"Wein";5.95').toString('base64'),
					},
				},
			}),
			`${SALE} › schema.raw.process_type: is Bestellung-V1: Close Day closes receipts (Kassenbeleg-V1) only`,
		],
		[
			'no signed process data',
			() => ({ ...goodItem(), schema: { standard_v1: {} } }),
			`${SALE} › schema.raw: is missing: the signed process data cannot be read`,
		],
		[
			'a receipt ID longer than 40 characters',
			() => ({ ...goodItem(), transaction_export_id: 'x'.repeat(41) }),
			`${SALE} › transaction_export_id: is 41 characters long (at most 40)`,
		],
		[
			'a receipt number that is no whole number',
			() => ({ ...goodItem(), receipt_number: '7a' }),
			`${SALE} › receipt_number: "7a" is not a whole number`,
		],
		[
			'a user without ID',
			() => ({ ...goodItem(), user: { name: 'Anna' } }),
			`${SALE} › user › user_export_id: is empty`,
		],
	])('%s', (_name, item, message) => {
		const error = refusal(() => sale(item()));
		expect(error.message).toBe(message);
		expect(error.hint.length).toBeGreaterThan(10);
	});
});

describe('where the transaction of a sale item is', () => {
	test.each<[string, IDataObject, IDataObject]>([
		[
			'the Sign Receipt output itself',
			goodItem(),
			{ transaction: goodItem(), tssId: 'a1b2c3d4-0000-4000-8000-0000000075e1' },
		],
		[
			'a nested transaction',
			{ transaction: goodItem(), tss_id: 't' },
			{ transaction: goodItem(), tssId: 't' },
		],
		['a transaction ID', { transaction: TX.toUpperCase() }, { id: TX }],
		[
			'transaction_id with tss_id',
			{ transaction_id: ` ${TX} `, tss_id: 'x' },
			{ id: TX, tssId: 'x' },
		],
	])('%s', (_name, item, expected) => {
		expect(transactionSource(item, 'Sale in item 0')).toEqual({ tssId: undefined, ...expected });
	});

	test.each<[string, IDataObject, string]>([
		[
			'a simplified Sign Receipt output',
			{ transaction_number: 1, receipt: {} },
			'Sale in item 0: is a simplified Sign Receipt output (the receipt block only), which does not name the transaction',
		],
		['nothing', { order: 'A-1' }, 'Sale in item 0: has no signed transaction'],
		[
			'a transaction ID that is no UUID',
			{ transaction_id: 'A-1' },
			'Sale in item 0 › transaction_id: "A-1" is not a UUID',
		],
	])('refused: %s', (_name, item, message) => {
		expect(refusal(() => transactionSource(item, 'Sale in item 0')).message).toBe(message);
	});

	test('a transaction without client or times is refused by name', () => {
		const tx = { ...goodItem(), time_end: undefined };
		expect(refusal(() => readSignedTransaction(tx, 'Sale in item 2')).message).toBe(
			`Sale in item 2 (transaction ${TX}) › time_end: is missing`,
		);
	});
});

describe('cash movements', () => {
	test.each<[IDataObject, CashMovement]>([
		[
			{ type: 'Anfangsbestand', amount: '150' },
			{ type: 'Anfangsbestand', amountCents: BigInt(15000) },
		],
		[
			{ type: 'Auszahlung', amount: '-50,00', name: ' Bank ' },
			{ type: 'Auszahlung', amountCents: BigInt(-5000), name: 'Bank' },
		],
		[
			{ type: 'DifferenzSollIst', amount: '-0.20' },
			{ type: 'DifferenzSollIst', amountCents: BigInt(-20) },
		],
		[
			{ type: 'Geldtransit', amount: 300 },
			{ type: 'Geldtransit', amountCents: BigInt(30000) },
		],
	])('%j', (entry, expected) => {
		expect(readCashMovement(entry, 'Cash Movements (entry 1)')).toEqual(expected);
	});

	test.each<[IDataObject, string]>([
		[
			{ type: 'Auszahlung', amount: '50' },
			'Cash Movements (entry 1) › Amount: is positive, but Auszahlung takes money out of the drawer',
		],
		[
			{ type: 'Privatentnahme', amount: '5' },
			'Cash Movements (entry 1) › Amount: is positive, but Privatentnahme takes money out of the drawer',
		],
		[
			{ type: 'Anfangsbestand', amount: '-5' },
			'Cash Movements (entry 1) › Amount: is negative, but Anfangsbestand puts money into the drawer',
		],
		[
			{ type: 'Umsatz', amount: '5' },
			'Cash Movements (entry 1) › Type: "Umsatz" is not a cash movement',
		],
		[{ type: 'Einzahlung', amount: '' }, 'Cash Movements (entry 1) › Amount: is empty'],
		[
			{ type: 'Einzahlung', amount: '5', name: 'x'.repeat(41) },
			'Cash Movements (entry 1) › Name: is 41 characters long (at most 40)',
		],
	])('refused: %j', (entry, message) => {
		expect(refusal(() => readCashMovement(entry, 'Cash Movements (entry 1)')).message).toBe(
			message,
		);
	});

	test('a day without a paid receipt cannot be closed (empty payment types)', () => {
		const aborted = sale(
			signedAs('AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^', {
				line_items: undefined,
				state: 'CANCELLED',
			}),
		);
		expect(refusal(() => buildCashStatement([aborted], [], 'EUR')).message).toBe(
			'Sales: contain no payment: none of the 1 sales is a paid receipt (Beleg)',
		);
	});
});

test('readSale keeps the item index it was given', () => {
	const item = goodItem();
	expect(readSale(item, readSignedTransaction(item, 'Sale in item 5'), 5, DEFAULTS).itemIndex).toBe(
		5,
	);
});
