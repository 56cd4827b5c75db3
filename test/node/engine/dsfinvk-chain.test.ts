// The whole DSFinV-K chain through n8n's engine against the simulator: sales signed with Fiskaly
// SIGN DE › Sign Receipt (with their line items) → Fiskaly DSFinV-K › Close Day → Export › Trigger
// (wait) → Export › Download → Export › Verify. The report must be clean and hold exactly the signed
// transactions and totals: the Close Day body, the simulator's archive and the verifier agree.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { byId } from '../../../scripts/n8n-engine';
import { amountOfCents, centsOf } from '../../../nodes/shared/amounts';
import {
	dsfinvkApi,
	dsfinvkNode,
	prepareRegister,
	signReceiptSale,
	startDsfinvkSession,
	type PreparedRegister,
	type SaleSpec,
} from './dsfinvkSession';
import { EngineSession } from './session';

let session: EngineSession;
let register: PreparedRegister;

beforeAll(async () => {
	session = await startDsfinvkSession();
	register = await prepareRegister(session, await dsfinvkApi(session));
});

afterAll(async () => {
	await session?.close();
});

const ZONE = 'Europe/Berlin';

/** A day of three sales over two VAT rates and two payment types, one sale with two lines. */
const DAY: SaleSpec[] = [
	{
		vat: [['NORMAL', '8.90']],
		payments: [['CASH', '8.90']],
		lines: [{ text: 'Rotwein 0,2l', quantity: 2, price_per_unit: '4.45', vat_rate: 19 }],
	},
	{
		vat: [['REDUCED_1', '6.42']],
		payments: [['NON_CASH', '6.42']],
		lines: [{ text: 'Laugenstange', quantity: 3, price_per_unit: '2.14', vat_rate: 7 }],
		extra: { payments: [{ type: 'ECKarte', amount: '6.42' }] },
	},
	{
		vat: [
			['NORMAL', '3.20'],
			['REDUCED_1', '2.35'],
		],
		payments: [['CASH', '5.55']],
		lines: [
			{ text: 'Espresso', quantity: 2, price_per_unit: '1.60', vat_rate: 19 },
			{ text: 'Croissant', quantity: 1, price_per_unit: '2.35', vat_rate: 7 },
		],
	},
];

/** DSFinV-K VAT keys (UST_SCHLUESSEL) of the SIGN DE rates used here. */
const VAT_KEY: Record<string, string> = { NORMAL: '1', REDUCED_1: '2' };

/** What the TSS signed, added up in cents from the Sign Receipt output items, written as the
 * archive (and so the report) writes amounts: with a decimal comma. */
function signedTotals(sales: IDataObject[]): { gross: string; perVatKey: Record<string, string> } {
	const perRate = new Map<string, bigint>();
	for (const sale of sales) {
		const receipt = (sale.schema as any).standard_v1.receipt;
		for (const entry of receipt.amounts_per_vat_rate as IDataObject[]) {
			const key = VAT_KEY[String(entry.vat_rate)];
			perRate.set(key, (perRate.get(key) ?? BigInt(0)) + centsOf(String(entry.amount)));
		}
	}
	const gross = [...perRate.values()].reduce((sum, cents) => sum + cents, BigInt(0));
	const written = (cents: bigint) => amountOfCents(cents).replace('.', ',');
	return {
		gross: written(gross),
		perVatKey: Object.fromEntries([...perRate].map(([key, cents]) => [key, written(cents)])),
	};
}

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

async function runOk(
	resource: string,
	operation: string,
	parameters: IDataObject,
	items?: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const { items: output, error } = await session.engine.runNode(
		dsfinvkNode({ resource, operation, parameters, items }),
	);
	if (error) throw new Error(`${operation}: ${error.message} | ${error.description ?? ''}`);
	return output;
}

it('Sign Receipt → Close Day → Trigger → Download → Verify: valid, with the signed transactions and totals', async () => {
	const sales: IDataObject[] = [];
	for (const spec of DAY) sales.push(await signReceiptSale(session, register, spec));
	const start = iso(Math.floor(Date.now() / 1000) - 1);

	const businessDate = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(
		new Date(Number(sales[0].time_end) * 1000),
	);
	const [closed] = await runOk(
		'cashPointClosing',
		'closeDay',
		{
			cashRegister: byId(register.client.clientId),
			businessDate,
			options: { timeZone: ZONE },
			maxWait: 30,
		},
		sales.map((json) => ({ json: json as any })),
	);
	expect(closed.json).toMatchObject({ state: 'COMPLETED', transactions: DAY.length });

	const [triggered] = await runOk('export', 'trigger', {
		start,
		end: iso(Math.floor(Date.now() / 1000) + 1),
		cashRegister: byId(register.client.clientId),
	});
	expect(triggered.json).toMatchObject({ state: 'COMPLETED' });

	const downloaded = await runOk('export', 'download', {
		export: byId(String(triggered.json.export_id)),
	});
	const [report] = await runOk('export', 'verify', {}, downloaded);

	const signed = signedTotals(sales);
	expect(report.json).toMatchObject({
		valid: true,
		errors: 0,
		findings: [],
		closings_count: 1,
		transactions: DAY.length,
		signatures_verified: DAY.length,
		signatures_failed: 0,
		totals: { gross: signed.gross },
	});
	const perVatKey = (report.json.totals as any).per_vat_key as Record<string, IDataObject>;
	expect(
		Object.fromEntries(Object.entries(perVatKey).map(([key, sums]) => [key, sums.BON_BRUTTO])),
	).toEqual(signed.perVatKey);
	expect(report.json.closings).toEqual([
		expect.objectContaining({
			cash_register: register.client.clientId,
			transactions: DAY.length,
			payments_total: signed.gross,
		}),
	]);
}, 120_000);
