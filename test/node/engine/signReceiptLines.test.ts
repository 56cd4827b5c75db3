// Fiskaly SIGN DE › Sign Receipt with Amounts From › Line Items through n8n's engine against the
// simulator: the signed process data are the sums of the lines per VAT rate in cents, the lines go
// out as line_items, and DSFinV-K › Close Day takes those output items unchanged to COMPLETED.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { byId } from '../../../scripts/n8n-engine';
import type { SimulatorClient } from '../../support/simulatorClient';
import {
	dsfinvkApi,
	dsfinvkNode,
	prepareRegister,
	startDsfinvkSession,
	type PreparedRegister,
} from './dsfinvkSession';
import { EngineSession } from './session';

let session: EngineSession;
let api: SimulatorClient;
let register: PreparedRegister;

beforeAll(async () => {
	session = await startDsfinvkSession();
	api = await dsfinvkApi(session);
	register = await prepareRegister(session, api);
});

afterAll(async () => {
	await session?.close();
});

const ZONE = 'Europe/Berlin';

/** Lines as a shop maps them: an expression, numbers and strings mixed, comma decimals. */
const SALE = [
	{ text: 'Kaffee', quantity: 2, price_per_unit: '2,50', vat_rate: 19, number: 'K-1' },
	{ text: 'Keks', quantity: '3', price_per_unit: 0.1, vat_rate: 7, group_name: 'Gebäck' },
	{
		text: 'Brezel',
		quantity: 1,
		price_per_unit: '1.07',
		vat_rate: 'REDUCED_1',
		gtin: '4006381333931',
	},
	{ text: 'Pfand', quantity: 1, price_per_unit: '0.25', vat_rate: 0 },
	{ text: 'Kaffee zurück', quantity: -1, price_per_unit: '2.50', vat_rate: 19 },
];

const processDataOf = (item: IDataObject) => (item.receipt as IDataObject).process_data;

async function signLines(lines: unknown, extra: IDataObject = {}): Promise<IDataObject> {
	const [item] = await session.engine.runNodeOk({
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: {
			tss: byId(register.tss.tssId),
			client: byId(register.client.clientId),
			amountsFrom: 'lineItems',
			saleLineItems: `={{ ${JSON.stringify(lines)} }}`,
			...extra,
		},
	});
	return item.json;
}

/** Sign Receipt reading the lines from the input field body.line_items, as the shop example does. */
const signFromFields = (fields: IDataObject, items: INodeExecutionData[]) => ({
	resource: 'transaction',
	operation: 'signReceipt',
	parameters: {
		tss: byId(register.tss.tssId),
		client: byId(register.client.clientId),
		amountsFrom: 'lineItemsField',
		saleLineItemsField: 'body.line_items',
		...fields,
	},
	items,
});

describe('Sign Receipt from line items', () => {
	const signed: IDataObject[] = [];

	it('signs the sums of the lines per VAT rate and the total as one cash payment', async () => {
		const item = await signLines(SALE);
		signed.push(item);
		// NORMAL 5.00 - 2.50, REDUCED_1 0.30 + 1.07, NULL 0.25: total 4.12
		expect(processDataOf(item)).toBe('Beleg^2.50_1.37_0.00_0.00_0.25^4.12:Bar');
		expect((item.schema as any).standard_v1.receipt).toMatchObject({
			receipt_type: 'RECEIPT',
			amounts_per_vat_rate: [
				{ vat_rate: 'NORMAL', amount: '2.50' },
				{ vat_rate: 'REDUCED_1', amount: '1.37' },
				{ vat_rate: 'NULL', amount: '0.25' },
			],
			amounts_per_payment_type: [{ payment_type: 'CASH', amount: '4.12' }],
		});
		expect(item.line_items).toEqual([
			{ text: 'Kaffee', quantity: '2', price_per_unit: '2.50', vat_rate: 19, number: 'K-1' },
			{ text: 'Keks', quantity: '3', price_per_unit: '0.10', vat_rate: 7, group_name: 'Gebäck' },
			{
				text: 'Brezel',
				quantity: '1',
				price_per_unit: '1.07',
				vat_rate: 'REDUCED_1',
				gtin: '4006381333931',
			},
			{ text: 'Pfand', quantity: '1', price_per_unit: '0.25', vat_rate: 0 },
			{ text: 'Kaffee zurück', quantity: '-1', price_per_unit: '2.50', vat_rate: 19 },
		]);
	});

	it('signs a payments list, and a refund of fractional quantities rounded half away from zero', async () => {
		const item = await signLines(
			[{ text: 'Käse', quantity: '-0.5', price_per_unit: '1.99', vat_rate: 7 }],
			{
				linePayment: 'list',
				linePaymentList: '={{ [{ "payment_type": "NON_CASH", "amount": "-1,00" }] }}',
			},
		);
		signed.push(item);
		expect(processDataOf(item)).toBe('Beleg^0.00_-1.00_0.00_0.00_0.00^-1.00:Unbar');
		expect(item.line_items).toEqual([
			{ text: 'Käse', quantity: '-0.5', price_per_unit: '1.99', vat_rate: 7 },
		]);
	});

	it('Close Day takes the Sign Receipt output items unchanged and completes', async () => {
		const businessDate = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(
			new Date(Number(signed[0].time_end) * 1000),
		);
		const { items, error } = await session.engine.runNode(
			dsfinvkNode({
				resource: 'cashPointClosing',
				operation: 'closeDay',
				parameters: {
					cashRegister: byId(register.client.clientId),
					businessDate,
					options: { timeZone: ZONE },
					maxWait: 30,
				},
				items: signed.map((json) => ({ json: json as any })),
			}),
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			state: 'COMPLETED',
			transactions: 2,
			full_amount: 3.12,
			cross_check: { missing: [], outside_day: [] },
		});
	});

	it('with a Reference a re-run returns the same signature and lines; Simplify keeps the lines', async () => {
		const reference = `LINES-${Date.now()}`;
		const lines = [{ text: 'Tee', quantity: 1, price_per_unit: '3.10', vat_rate: 19 }];
		const first = await signLines(lines, { reference });
		const again = await signLines(lines, { reference, simplify: true });
		expect(again.signature).toBe((first.receipt as IDataObject).signature);
		expect(again.process_data).toBe('Beleg^3.10_0.00_0.00_0.00_0.00^3.10:Bar');
		expect(again.line_items).toEqual(first.line_items);
	});

	it("reads each order's lines and payments from input fields, without an expression", async () => {
		const order = (id: string, price: string, paid: unknown[]) => ({
			json: {
				headers: {},
				body: {
					order_id: id,
					line_items: [{ text: 'Tee', quantity: 2, price_per_unit: price, vat_rate: 7 }],
					payments: paid,
				},
			},
		});
		const items = await session.engine.runNodeOk(
			signFromFields({ linePayment: 'field', linePaymentsField: ' body.payments ' }, [
				order('F-1', '3.10', [{ payment_type: 'NON_CASH', amount: '6.20' }]),
				order('F-2', '1,05', [
					{ payment_type: 'cash', amount: '2.00' },
					{ payment_type: 'NON_CASH', amount: '0.10' },
				]),
			]),
		);
		expect(items.map((item) => processDataOf(item.json))).toEqual([
			'Beleg^0.00_6.20_0.00_0.00_0.00^6.20:Unbar',
			'Beleg^0.00_2.10_0.00_0.00_0.00^2.00:Bar_0.10:Unbar',
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[1].json.line_items).toEqual([
			{ text: 'Tee', quantity: '2', price_per_unit: '1.05', vat_rate: 7 },
		]);
	});

	it.each([
		[
			'a missing field',
			{ saleLineItemsField: 'body.lines' },
			'Line Items Field: the input item has no field "body.lines" [item 0]',
			/it has headers, body.*body\.line_items/,
		],
		[
			'a field that holds no list',
			{ saleLineItemsField: 'body' },
			'Line Items Field: "body" holds object, not a list [item 0]',
			/holds the JSON array itself/,
		],
		[
			'an empty payments field name',
			{ linePayment: 'field', linePaymentsField: ' ' },
			'Payments Field: is empty [item 0]',
			/Name the input field/,
		],
	])('refuses %s before any call to fiskaly', async (_case, fields, message, fix) => {
		await session.resetTraffic();
		const line = { text: 'Tee', quantity: 1, price_per_unit: '1', vat_rate: 7 };
		const { error } = await session.engine.runNode(
			signFromFields(fields, [{ json: { headers: {}, body: { line_items: [line] } } }]),
		);
		expect(error?.message).toBe(message);
		expect(error?.description).toMatch(fix);
		expect(await session.requestLines()).toEqual([]);
	});

	it('on a TSE outage the failure receipt still carries the lines, so the sale can be recorded', async () => {
		const reference = `LINES-OUTAGE-${Date.now()}`;
		await session.inject(
			{ method: 'PUT', path: `/tss/${register.tss.tssId}/tx/*` },
			{ type: 'status', status: 503 },
			20,
		);
		try {
			const lines = [{ text: 'Tee', quantity: 2, price_per_unit: '3.10', vat_rate: 7 }];
			const item = await signLines(lines, {
				reference,
				options: { onTseOutage: 'failureReceipt' },
			});
			expect(item).toMatchObject({ tse_failure: true, reference });
			expect((item.receipt as IDataObject).signature).toBeNull();
			expect(item.line_items).toEqual([
				{ text: 'Tee', quantity: '2', price_per_unit: '3.10', vat_rate: 7 },
			]);
		} finally {
			await session.clearFaults();
		}
	});
});
