// Fiskaly DSFinV-K › Cash Point Closing › Close Day through n8n's engine against the simulator: a day
// signed for real with Fiskaly SIGN DE › Sign Receipt, then closed from those output items (one
// sale per item) plus line items; a re-run returns the same closing; a lost answer and a run that
// dies before COMPLETED leave exactly one closing; ERROR is reported with fiskaly's code and fixed
// by a re-run; bad input and a sale missing from the day are refused before the closing is sent.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { byId } from '../../../scripts/n8n-engine';
import type { SimulatorClient } from '../../support/simulatorClient';
import {
	dsfinvkApi,
	dsfinvkNode,
	dsfinvkRequestLines,
	prepareRegister,
	signReceiptSale,
	startDsfinvkSession,
	type PreparedRegister,
	type SaleSpec,
} from './dsfinvkSession';
import { EngineSession } from './session';

let session: EngineSession;
let api: SimulatorClient;

beforeAll(async () => {
	session = await startDsfinvkSession();
	api = await dsfinvkApi(session);
});

afterAll(async () => {
	await session?.close();
});

beforeEach(async () => {
	await session.clearFaults();
});

const ZONE = 'Europe/Berlin';

const WINE: SaleSpec = {
	vat: [['NORMAL', '11.90']],
	payments: [['CASH', '11.90']],
	lines: [
		{ text: 'Weißwein 0,2l', quantity: 2, price_per_unit: '5.95', vat_rate: 19, number: 'WW-02' },
	],
};
const PRETZELS: SaleSpec = {
	vat: [['REDUCED_1', '10.70']],
	payments: [['NON_CASH', '10.70']],
	lines: [{ text: 'Brezel', quantity: 5, price_per_unit: '2.14', vat_rate: 7, number: 'BR-01' }],
	extra: { payments: [{ type: 'ECKarte', amount: '10.70' }] },
};
const COFFEE_AND_BISCUIT: SaleSpec = {
	vat: [
		['NORMAL', '2.50'],
		['REDUCED_1', '1.07'],
	],
	payments: [['CASH', '3.57']],
	lines: [
		{ text: 'Kaffee', quantity: 1, price_per_unit: '2.50', vat_rate: 19 },
		{
			text: 'Keks',
			quantity: 1,
			price_per_unit: '1.07',
			vat_rate: 'REDUCED_1',
			group_name: 'Gebäck',
		},
	],
};

/** The business day (in ZONE) of a signed sale. */
function businessDateOf(sale: IDataObject): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(
		new Date(Number(sale.time_end) * 1000),
	);
}

const asItems = (sales: IDataObject[]): INodeExecutionData[] =>
	sales.map((json) => ({ json: json as any }));

function closeDay(
	register: PreparedRegister,
	sales: IDataObject[],
	parameters: IDataObject = {},
	continueOnFail = false,
) {
	return session.engine.runNode(
		dsfinvkNode({
			resource: 'cashPointClosing',
			operation: 'closeDay',
			parameters: {
				cashRegister: byId(register.client.clientId),
				businessDate: businessDateOf(sales[0]),
				options: { timeZone: ZONE },
				maxWait: 30,
				...parameters,
			},
			items: asItems(sales),
			continueOnFail,
		}),
	);
}

async function closeDayOk(
	register: PreparedRegister,
	sales: IDataObject[],
	parameters: IDataObject = {},
): Promise<IDataObject> {
	const { items, error } = await closeDay(register, sales, parameters);
	if (error) throw new Error(`closeDay: ${error.message} | ${error.description ?? ''}`);
	expect(items).toHaveLength(1);
	return items[0].json;
}

async function closingsOf(register: PreparedRegister): Promise<IDataObject[]> {
	const answer = await api.raw('GET', '/cash_point_closings', {
		query: { client_id: register.client.clientId },
	});
	return answer.body.data as IDataObject[];
}

describe('Close Day over a day signed with Sign Receipt', () => {
	let register: PreparedRegister;
	let sales: IDataObject[];

	beforeAll(async () => {
		register = await prepareRegister(session, api);
		sales = [
			await signReceiptSale(session, register, WINE),
			await signReceiptSale(session, register, PRETZELS),
		];
		// The third sale is given by its transaction ID only: the node fetches it from SIGN DE.
		const third = await signReceiptSale(session, register, COFFEE_AND_BISCUIT);
		sales.push({
			transaction_id: third._id,
			tss_id: register.tss.tssId,
			line_items: COFFEE_AND_BISCUIT.lines,
		});
	});

	it('closes all input items as one closing, COMPLETED, paired with every input', async () => {
		const { items, error } = await closeDay(register, sales, {
			cashMovements: { entries: [{ type: 'Anfangsbestand', amount: '100.00' }] },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const closed = items[0].json as IDataObject;
		expect(closed).toMatchObject({
			state: 'COMPLETED',
			client_id: register.client.clientId,
			cash_point_closing_export_id: 1,
			already_inserted: false,
			attempt: 1,
			transactions: 3,
			full_amount: 26.17,
			cash_amount: 15.47,
			cross_check: { tss_transactions: 3, missing: [], outside_day: [] },
		});
		const details = await api.raw(
			'GET',
			`/cash_point_closings/${String(closed.closing_id)}/details`,
		);
		const stored = details.body.cash_point_closing;
		expect(stored.transactions.map((tx: any) => tx.security.tss_tx_id).sort()).toEqual(
			[sales[0]._id, sales[1]._id, sales[2].transaction_id].sort(),
		);
		expect(stored.cash_statement.business_cases).toEqual([
			{
				type: 'Umsatz',
				amounts_per_vat_id: [
					{ vat_definition_export_id: 1, incl_vat: 14.4, excl_vat: 12.1, vat: 2.3 },
					{ vat_definition_export_id: 2, incl_vat: 11.77, excl_vat: 11, vat: 0.77 },
				],
			},
			{
				type: 'Anfangsbestand',
				amounts_per_vat_id: [{ vat_definition_export_id: 5, incl_vat: 100, excl_vat: 100, vat: 0 }],
			},
		]);
		expect(stored.cash_statement.payment.payment_types).toEqual([
			{ type: 'Bar', currency_code: 'EUR', amount: 15.47 },
			{ type: 'ECKarte', currency_code: 'EUR', amount: 10.7 },
		]);
	});

	it('a re-run returns the same closing and inserts no second one', async () => {
		const [first] = await closingsOf(register);
		await session.resetTraffic();
		const again = await closeDayOk(register, sales, {
			cashMovements: { entries: [{ type: 'Anfangsbestand', amount: '100.00' }] },
		});
		expect(again).toMatchObject({
			closing_id: first.closing_id,
			state: 'COMPLETED',
			already_inserted: true,
			cash_point_closing_export_id: 1,
		});
		expect(await closingsOf(register)).toHaveLength(1);
		const puts = (await dsfinvkRequestLines(session)).filter((line) => line.startsWith('PUT '));
		expect(puts).toEqual([`PUT /cash_point_closings/${String(first.closing_id)}`]);
	});

	it('a re-run with other sales is refused: a closing cannot be changed', async () => {
		const { error } = await closeDay(register, sales.slice(0, 2), {
			options: { timeZone: ZONE, crossCheck: false },
		});
		expect(error?.message).toMatch(
			/already has a closing for .* with other data: full_amount 26.17 there, 22.6 now/,
		);
		expect(error?.description).toMatch(/Cash Point Closing › Delete/);
		expect(await closingsOf(register)).toHaveLength(1);
	});
});

describe('refused before the closing is sent', () => {
	let register: PreparedRegister;
	let sales: IDataObject[];

	beforeAll(async () => {
		register = await prepareRegister(session, api);
		sales = [
			await signReceiptSale(session, register, WINE),
			await signReceiptSale(session, register, PRETZELS),
		];
	});

	beforeEach(async () => {
		await session.resetTraffic();
	});

	it.each<[string, (given: IDataObject[]) => IDataObject[], RegExp]>([
		[
			'lines that differ from what the TSS signed',
			(given) => [given[0], { ...given[1], line_items: [{ ...PRETZELS.lines[0], quantity: 4 }] }],
			/Sale in item 1 \(transaction .*\) › line_items: gross amount at REDUCED_1: 8.56 here, but the TSS signed 10.70/,
		],
		[
			'totals without line items',
			(given) => [{ ...given[0], line_items: undefined }, given[1]],
			/Sale in item 0 .* › line_items: are missing: the TSS signed 11.90, but DSFinV-K needs every sold item as a single record/,
		],
		[
			'an unknown VAT rate',
			(given) => [given[0], { ...given[1], line_items: [{ ...PRETZELS.lines[0], vat_rate: 8 }] }],
			/Sale in item 1 .* › line_items\[0\] › vat_rate: 8 % is no German VAT rate/,
		],
		[
			'the same sale twice',
			(given) => [given[0], given[1], given[0]],
			/Sale in item 2: has the same transaction .* as the sale in item 0/,
		],
	])('%s: no call at all', async (_name, spoil, message) => {
		const { error } = await closeDay(register, spoil(sales));
		expect(error?.message).toMatch(message);
		expect(error?.description).toMatch(/\S/);
		expect(await session.requests()).toEqual([]);
	});

	it('a sale signed in the day but missing from the input: nothing is inserted', async () => {
		const { error } = await closeDay(register, sales.slice(0, 1));
		expect(error?.message).toContain(
			`1 transaction(s) the TSS signed for register ${register.client.clientId}`,
		);
		expect(error?.message).toContain(String(sales[1]._id));
		expect((await dsfinvkRequestLines(session)).filter((line) => !line.startsWith('GET'))).toEqual(
			[],
		);
		expect(await closingsOf(register)).toEqual([]);
	});
});

describe('nothing lost, nothing twice', () => {
	it('the answer to the insert is lost: the retry finds the closing (409) and waits for it', async () => {
		const register = await prepareRegister(session, api);
		const sales = [await signReceiptSale(session, register, WINE)];
		await session.inject(
			{ method: 'PUT', path: '/cash_point_closings/*' },
			{ type: 'drop', when: 'after' },
		);
		await session.resetTraffic();
		const closed = await closeDayOk(register, sales);
		expect(closed).toMatchObject({ state: 'COMPLETED', attempt: 1 });
		expect(await closingsOf(register)).toHaveLength(1);
		const puts = (await dsfinvkRequestLines(session)).filter((line) => line.startsWith('PUT '));
		expect(puts).toEqual([
			`PUT /cash_point_closings/${String(closed.closing_id)}`,
			`PUT /cash_point_closings/${String(closed.closing_id)}`,
		]);
	});

	it('the run dies after the insert, before COMPLETED: the re-run picks up that closing', async () => {
		const register = await prepareRegister(session, api);
		const sales = [
			await signReceiptSale(session, register, WINE),
			await signReceiptSale(session, register, COFFEE_AND_BISCUIT),
		];
		// The insert's answer is lost and fiskaly stays unreachable while the node waits: the run
		// ends with an error after the closing was stored.
		await session.inject(
			{ method: 'PUT', path: '/cash_point_closings/*' },
			{ type: 'drop', when: 'after' },
		);
		await session.inject(
			{ method: 'GET', path: '/cash_point_closings/*' },
			{ type: 'status', status: 503 },
			20,
		);
		const { error } = await closeDay(register, sales);
		expect(error?.message).toContain('503');
		await session.clearFaults();
		const stored = await closingsOf(register);
		expect(stored).toHaveLength(1);
		const closed = await closeDayOk(register, sales);
		expect(closed).toMatchObject({
			closing_id: stored[0].closing_id,
			state: 'COMPLETED',
			already_inserted: true,
			full_amount: 15.47,
		});
		expect(await closingsOf(register)).toHaveLength(1);
	});

	it('ERROR is reported with fiskaly code and fix; after the fix the re-run inserts the next attempt', async () => {
		const register = await prepareRegister(session, api);
		const custom = { ...WINE, lines: [{ ...WINE.lines[0], vat_id: 1777 }] };
		const sales = [await signReceiptSale(session, register, custom)];
		const { error } = await closeDay(register, sales);
		expect(error?.message).toContain('E_VAT_DEFINITION_NOT_FOUND');
		expect(error?.description).toMatch(/VAT Definition › Create or Update.*run Close Day again/);
		const failed = await closingsOf(register);
		expect(failed.map((closing) => closing.state)).toEqual(['ERROR']);
		const defined = await api.raw('PUT', '/vat_definitions/1777', {
			body: { percentage: 19, description: 'Regelsatz (eigene ID)' },
		});
		expect(defined.status).toBe(200);
		const closed = await closeDayOk(register, sales);
		expect(closed).toMatchObject({
			state: 'COMPLETED',
			attempt: 2,
			already_inserted: false,
			cash_point_closing_export_id: 1,
		});
		expect((await closingsOf(register)).map((closing) => closing.state).sort()).toEqual([
			'COMPLETED',
			'ERROR',
		]);
	});

	it('On Error: Continue puts one error item, paired with every sale', async () => {
		const register = await prepareRegister(session, api);
		const sales = [
			await signReceiptSale(session, register, WINE),
			await signReceiptSale(session, register, PRETZELS),
		];
		const { items } = await closeDay(
			register,
			[sales[0], { ...sales[1], line_items: [] }],
			{},
			true,
		);
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect((items[0].json.error as IDataObject).message).toMatch(/line_items: are missing/);
	});
});
