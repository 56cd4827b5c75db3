// Transaction operations through n8n's engine against the simulator: the Set Up TSS → Create
// Client → Sign Receipt chain as one workflow, the receipt builder's data as signed, start /
// update / finish / cancel with automatic revisions, get, get many with paging, metadata.
// Signatures are checked independently (test/support/tr03151.ts), not with the simulator's code.
import { randomUUID } from 'node:crypto';

import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { checkQrCode, logFieldsOf } from '../../support/simulatorClient';
import { byId, FISKALY_NODE_TYPE, START_NODE_TYPE } from '../../../scripts/n8n-engine';
import { transactionDtbs, verifyPlainSignature } from '../../support/tr03151';
import {
	EngineSession,
	fiskalyApiError,
	inputItems,
	type PreparedClient,
	type PreparedTss,
} from './session';

let session: EngineSession;
let tss: PreparedTss;
let client: PreparedClient;

beforeAll(async () => {
	session = await EngineSession.start();
	tss = await session.prepareTss();
	client = await session.prepareClient(tss, 'Kasse Transaktion');
});

afterAll(async () => {
	await session?.close();
});

beforeEach(async () => {
	await session.clearFaults();
	await session.resetTraffic();
});

/** The signature verifies over the TR-03151 log rebuilt from the answer; a closed one has a matching QR code. */
function expectSignedBy(transaction: IDataObject, publicKey: string): void {
	const tx = transaction as any;
	expect(tx.signature.public_key).toBe(publicKey);
	const fields = logFieldsOf(tx);
	expect(verifyPlainSignature(publicKey, transactionDtbs(fields), tx.signature.value)).toBe(true);
	if (tx.state !== 'ACTIVE') checkQrCode(tx, fields);
}

const processDataOf = (transaction: IDataObject) =>
	Buffer.from(String((transaction.schema as any).raw.process_data), 'base64').toString('utf8');

const receiptParameters = (amount: unknown, extra: IDataObject = {}) => ({
	tss: byId(tss.tssId),
	client: byId(client.clientId),
	amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount }] },
	...extra,
});

const nonAuth = (lines: string[]) => lines.filter((line) => line !== 'POST /auth');

describe('Set Up TSS → Create Client → Sign Receipt in one workflow', () => {
	it('signs a receipt with data mapped between the nodes by expressions', async () => {
		const node = (
			name: string,
			x: number,
			resource: string,
			operation: string,
			parameters: IDataObject,
		): INode => ({
			...session.engine.fiskalyNode({
				resource,
				operation,
				parameters: parameters as any,
				nodeName: name,
			}),
			position: [x, 0],
		});
		const nodes: INode[] = [
			{
				id: 'start',
				name: 'Start',
				type: START_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			node('Set Up TSS', 200, 'tss', 'setUp', { description: 'Chain test' }),
			node('Create Client', 400, 'client', 'create', {
				tss: { __rl: true, mode: 'id', value: '={{ $json._id }}' },
				serialNumber: 'Kasse Kette',
				adminPin: '={{ $json.admin_pin }}',
			}),
			node('Sign Receipt', 600, 'transaction', 'signReceipt', {
				// Reaches back two nodes: n8n follows pairedItem to the Set Up output item.
				tss: { __rl: true, mode: 'id', value: "={{ $('Set Up TSS').item.json._id }}" },
				client: { __rl: true, mode: 'id', value: '={{ $json._id }}' },
				amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount: '21.42' }] },
				amountsPerPaymentType: { payments: [{ paymentType: 'NON_CASH', amount: 21.42 }] },
			}),
		];
		const chain = (from: string, to: string) => ({
			[from]: { main: [[{ node: to, type: 'main' as const, index: 0 }]] },
		});
		const { outputs, errors } = await session.engine.runWorkflow({
			nodes,
			connections: {
				...chain('Start', 'Set Up TSS'),
				...chain('Set Up TSS', 'Create Client'),
				...chain('Create Client', 'Sign Receipt'),
			},
			startNodeName: 'Start',
		});
		expect(errors).toEqual({});
		const setUp = outputs['Set Up TSS'][0].json;
		const createdClient = outputs['Create Client'][0].json;
		const [signed] = outputs['Sign Receipt'];
		expect(setUp.state).toBe('INITIALIZED');
		expect(createdClient).toMatchObject({
			tss_id: setUp._id,
			serial_number: 'Kasse Kette',
			state: 'REGISTERED',
		});

		const tx = signed.json;
		expect(tx).toMatchObject({
			_type: 'TRANSACTION',
			state: 'FINISHED',
			tss_id: setUp._id,
			client_id: createdClient._id,
			client_serial_number: 'Kasse Kette',
			revision: 2,
			latest_revision: 2,
		});
		expect(nodes.find((n) => n.name === 'Sign Receipt')?.type).toBe(FISKALY_NODE_TYPE);
		// The exact DSFinV-K process data fiskaly's own captured receipt has for the same amounts.
		expect(processDataOf(tx)).toBe('Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar');
		expectSignedBy(tx, String(setUp.public_key));

		// The printed-receipt block, straight from the signed transaction.
		const receipt = tx.receipt as IDataObject;
		const anyTx = tx as any;
		expect(receipt).toEqual({
			tss_serial_number: setUp.serial_number,
			client_serial_number: 'Kasse Kette',
			transaction_number: anyTx.number,
			signature_counter: String(anyTx.signature.counter),
			time_start: new Date(anyTx.time_start * 1000).toISOString(),
			time_end: new Date(anyTx.time_end * 1000).toISOString(),
			signature: anyTx.signature.value,
			public_key: setUp.public_key,
			signature_algorithm: 'ecdsa-plain-SHA256',
			timestamp_format: 'unixTime',
			qr_code_data: anyTx.qr_code_data,
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
	});
});

describe('Transaction › Sign Receipt', () => {
	it('sends amounts as exact decimal strings, numbers and strings alike', async () => {
		const items = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'signReceipt',
			parameters: {
				tss: byId(tss.tssId),
				client: byId(client.clientId),
				receiptType: 'RECEIPT',
				amountsPerVatRate: {
					amounts: [
						{ vatRate: 'NORMAL', amount: 0.1 + 0.2 },
						{ vatRate: 'REDUCED_1', amount: '7,5' },
						{ vatRate: 'SPECIAL_RATE_1', amount: '1.20000' },
						{ vatRate: 'NULL', amount: 5 },
					],
				},
				amountsPerPaymentType: {
					payments: [
						{ paymentType: 'CASH', amount: '10.00' },
						{ paymentType: 'NON_CASH', amount: 4.03, currencyCode: 'usd' },
					],
				},
			},
		});
		const tx = items[0].json as any;
		expect(tx.schema.standard_v1.receipt.amounts_per_vat_rate).toEqual([
			{ vat_rate: 'NORMAL', amount: '0.30' },
			{ vat_rate: 'REDUCED_1', amount: '7.50' },
			{ vat_rate: 'SPECIAL_RATE_1', amount: '1.20' },
			{ vat_rate: 'NULL', amount: '5.00' },
		]);
		expect(tx.schema.standard_v1.receipt.amounts_per_payment_type).toEqual([
			{ payment_type: 'CASH', amount: '10.00', currency_code: 'EUR' },
			{ payment_type: 'NON_CASH', amount: '4.03', currency_code: 'USD' },
		]);
		expectSignedBy(tx, tss.publicKey);
	});

	it('returns only the receipt block with Simplify', async () => {
		const items = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'signReceipt',
			parameters: receiptParameters('9.99', { simplify: true }),
		});
		const receipt = items[0].json;
		expect(Object.keys(receipt).sort()).toEqual(
			[
				'client_serial_number',
				'process_data',
				'process_type',
				'public_key',
				'qr_code_data',
				'qr_code_fits',
				'receipt_type',
				'signature',
				'signature_algorithm',
				'signature_counter',
				'time_end',
				'time_start',
				'timestamp_format',
				'transaction_number',
				'tss_serial_number',
				'warnings',
				'tse_failure',
				'tse_failure_reason',
				'tse_failure_time',
				'reference',
			].sort(),
		);
		expect(String(receipt.qr_code_data)).toMatch(
			/^V0;Kasse Transaktion;Kassenbeleg-V1;Beleg\^9\.99_/,
		);
	});

	it('signs one receipt per item, each paired with its item', async () => {
		const amounts = ['1.00', '2.00', '3.00', '4.00'];
		const { items, rawPairedItems, error } = await session.engine.runNode({
			resource: 'transaction',
			operation: 'signReceipt',
			items: inputItems(amounts.length, (i) => ({ total: amounts[i] })),
			parameters: receiptParameters('={{ $json.total }}'),
		});
		expect(error).toBeUndefined();
		expect(
			items.map(
				(item) => (item.json as any).schema.standard_v1.receipt.amounts_per_vat_rate[0].amount,
			),
		).toEqual(amounts);
		expect(rawPairedItems).toEqual(amounts.map((_, item) => ({ item })));
		const stats = await session.stats();
		expect(stats.signatures).toBe(amounts.length * 2);
	});

	it('reads fixed values once for all items and still resolves an expression beside them per item', async () => {
		// The node reads a parameter without an expression once per execution; one expression
		// inside a list (the second VAT rate) must still make the whole list per item.
		const totals = ['1.10', '2.20', '3.30'];
		const { items, error } = await session.engine.runNode({
			resource: 'transaction',
			operation: 'signReceipt',
			items: inputItems(totals.length, (i) => ({ total: totals[i] })),
			parameters: {
				tss: byId(tss.tssId),
				client: byId(client.clientId),
				amountsPerVatRate: {
					amounts: [
						{ vatRate: 'NORMAL', amount: '5.00' },
						{ vatRate: 'REDUCED_1', amount: '={{ $json.total }}' },
					],
				},
				amountsPerPaymentType: {
					payments: [{ paymentType: 'CASH', amount: '={{ 5 + Number($json.total) }}' }],
				},
				metadata: { entries: [{ key: 'till', value: 'fixed' }] },
			},
		});
		expect(error).toBeUndefined();
		const receipts = items.map((item) => (item.json as any).schema.standard_v1.receipt);
		expect(receipts.map((receipt) => receipt.amounts_per_vat_rate)).toEqual(
			totals.map((total) => [
				{ vat_rate: 'NORMAL', amount: '5.00' },
				{ vat_rate: 'REDUCED_1', amount: total },
			]),
		);
		expect(receipts.map((receipt) => receipt.amounts_per_payment_type[0].amount)).toEqual([
			'6.10',
			'7.20',
			'8.30',
		]);
		expect(items.map((item) => (item.json as any).metadata)).toEqual(
			totals.map(() => ({ till: 'fixed' })),
		);
		expect(new Set(items.map((item) => item.json._id)).size).toBe(totals.length);
	});

	it('signs the order, other, raw and JSON kinds of transaction data', async () => {
		const sign = async (parameters: IDataObject) =>
			(
				await session.engine.runNodeOk({
					resource: 'transaction',
					operation: 'signReceipt',
					parameters: { tss: byId(tss.tssId), client: byId(client.clientId), ...parameters },
				})
			)[0].json;

		const order = await sign({
			schemaType: 'order',
			lineItems: {
				items: [
					{ quantity: 2, text: 'Cappuccino', pricePerUnit: '3.2' },
					{ quantity: '0.5', text: 'Cake', pricePerUnit: 4 },
				],
			},
		});
		expect((order.schema as any).standard_v1.order.line_items).toEqual([
			{ quantity: '2', text: 'Cappuccino', price_per_unit: '3.20' },
			{ quantity: '0.5', text: 'Cake', price_per_unit: '4.00' },
		]);
		expect((order.schema as any).raw.process_type).toBe('Bestellung-V1');
		expectSignedBy(order, tss.publicKey);

		const other = await sign({ schemaType: 'other', otherData: '{"description":"cash deposit"}' });
		expect((other.schema as any).standard_v1.other).toEqual({ description: 'cash deposit' });
		expect((other.schema as any).raw.process_type).toBe('SonstigerVorgang');
		expectSignedBy(other, tss.publicKey);

		const rawData = Buffer.from('Beleg^19.99_0.00_0.00_0.00_0.00^19.99:Bar').toString('base64');
		const raw = await sign({
			schemaType: 'raw',
			processType: 'Kassenbeleg-V1',
			processData: rawData,
		});
		expect((raw.schema as any).raw).toEqual({
			process_type: 'Kassenbeleg-V1',
			process_data: rawData,
		});
		expectSignedBy(raw, tss.publicKey);

		const json = await sign({
			schemaType: 'json',
			schemaJson: JSON.stringify({
				standard_v1: {
					receipt: {
						receipt_type: 'TRAINING',
						amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '1.00' }],
					},
				},
			}),
		});
		expect(processDataOf(json)).toBe('AVTraining^1.00_0.00_0.00_0.00_0.00^');
		expectSignedBy(json, tss.publicKey);
	});

	it('returns an already signed receipt instead of signing again when run with the same transaction ID', async () => {
		const transactionId = randomUUID();
		const parameters = receiptParameters('12.34', { transactionId });
		const first = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'signReceipt',
			parameters,
		});
		const second = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'signReceipt',
			parameters,
		});
		expect(second[0].json._id).toBe(transactionId);
		expect((second[0].json as any).signature).toEqual((first[0].json as any).signature);
		expect((await session.stats()).signatures).toBe(2);
	});
});

describe('Transaction › Start, Update, Finish and Cancel', () => {
	const start = async (parameters: IDataObject = {}) =>
		session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'start',
			parameters: { tss: byId(tss.tssId), client: byId(client.clientId), ...parameters },
		});

	it('starts without data, as DSFinV-K wants', async () => {
		const [started] = await start({ metadata: { entries: [{ key: 'order', value: 'A-17' }] } });
		const tx = started.json as any;
		expect(tx).toMatchObject({
			state: 'ACTIVE',
			revision: 1,
			latest_revision: 1,
			log: { operation: 'Start' },
		});
		expect(tx.metadata).toEqual({ order: 'A-17' });
		expect(tx.receipt.time_end).toBeNull();
		expectSignedBy(tx, tss.publicKey);
	});

	it('takes the revision from the incoming item through Start → Update → Finish without extra reads', async () => {
		const [started] = await start();
		const txId = String(started.json._id);
		await session.resetTraffic();

		const updated = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'update',
			items: [{ json: started.json }],
			parameters: {
				tss: byId(tss.tssId),
				transactionId: '={{ $json._id }}',
				schemaType: 'order',
				lineItems: { items: [{ quantity: 1, text: 'Soup', pricePerUnit: '5.50' }] },
			},
		});
		expect(updated[0].json).toMatchObject({
			state: 'ACTIVE',
			revision: 2,
			log: { operation: 'Update' },
		});
		expectSignedBy(updated[0].json, tss.publicKey);

		const finished = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'finish',
			items: [{ json: updated[0].json }],
			parameters: {
				tss: byId(tss.tssId),
				transactionId: '={{ $json._id }}',
				schemaType: 'order',
				lineItems: {
					items: [
						{ quantity: 1, text: 'Soup', pricePerUnit: '5.50' },
						{ quantity: 2, text: 'Bread', pricePerUnit: '1.00' },
					],
				},
			},
		});
		expect(finished[0].json).toMatchObject({
			state: 'FINISHED',
			revision: 3,
			log: { operation: 'Finish' },
		});
		expectSignedBy(finished[0].json, tss.publicKey);
		expect(nonAuth(await session.requestLines())).toEqual([
			`PUT /tss/${tss.tssId}/tx/${txId}?tx_revision=2`,
			`PUT /tss/${tss.tssId}/tx/${txId}?tx_revision=3`,
		]);
	});

	it('reads the latest revision when the incoming item is not the transaction', async () => {
		const { txId } = await session.signDirectly(tss, client, '1.00', false);
		await session.resetTraffic();
		const finished = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'finish',
			// Client left empty (its default): the transaction's own client is used.
			parameters: {
				tss: byId(tss.tssId),
				transactionId: txId,
				amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount: '8.00' }] },
			},
		});
		expect(finished[0].json).toMatchObject({
			_id: txId,
			state: 'FINISHED',
			revision: 2,
			client_id: client.clientId,
		});
		expect(nonAuth(await session.requestLines())).toEqual([
			`GET /tss/${tss.tssId}/tx/${txId}`,
			`PUT /tss/${tss.tssId}/tx/${txId}?tx_revision=2`,
		]);
	});

	it('finishes by transaction number as well as by ID', async () => {
		const { transaction } = await session.signDirectly(tss, client, '1.00', false);
		const finished = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'finish',
			parameters: { ...receiptParameters('2.00'), transactionId: String(transaction.number) },
		});
		expect(finished[0].json).toMatchObject({
			_id: transaction._id,
			number: transaction.number,
			state: 'FINISHED',
		});
	});

	it('cancels an open transaction without data as a CANCELLATION receipt', async () => {
		const [started] = await start();
		const cancelled = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'cancel',
			items: [{ json: started.json }],
			parameters: { tss: byId(tss.tssId), transactionId: String(started.json._id) },
		});
		const tx = cancelled[0].json as any;
		expect(tx).toMatchObject({ state: 'CANCELLED', revision: 2 });
		expect(tx.schema.standard_v1.receipt.receipt_type).toBe('CANCELLATION');
		expectSignedBy(tx, tss.publicKey);
	});

	it('cancels a transaction that carries receipt data as an abort with zero amounts and no payments', async () => {
		const [started] = await start();
		const updated = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'update',
			items: [{ json: started.json }],
			parameters: { ...receiptParameters('6.66'), transactionId: String(started.json._id) },
		});
		const cancelled = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'cancel',
			items: [{ json: updated[0].json }],
			parameters: { tss: byId(tss.tssId), transactionId: String(started.json._id) },
		});
		const receipt = (cancelled[0].json as any).schema.standard_v1.receipt;
		expect(receipt.receipt_type).toBe('CANCELLATION');
		expect(receipt.amounts_per_vat_rate).toEqual([]);
		expect(receipt.amounts_per_payment_type).toBeUndefined();
		expect((cancelled[0].json as any).receipt.process_data).toBe('AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^');
	});

	it('refuses to change a finished transaction, saying so', async () => {
		const { txId } = await session.signDirectly(tss, client);
		const { error } = await session.engine.runNode({
			resource: 'transaction',
			operation: 'finish',
			parameters: { ...receiptParameters('1.00'), transactionId: txId },
		});
		expect(error?.message).toMatch(/already FINISHED/);
		expect(error).toEqual(fiskalyApiError('E_TX_UPSERT', /cannot change/));
		expect(error?.httpCode).toBe('400');
	});
});

describe('Transaction › Get', () => {
	it('returns the latest revision, or the one asked for', async () => {
		const { txId, transaction } = await session.signDirectly(tss, client, '3.30');
		const latest = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'get',
			parameters: { tss: byId(tss.tssId), transactionId: txId },
		});
		expect(latest[0].json).toMatchObject({ _id: txId, revision: 2, state: 'FINISHED' });
		expect((latest[0].json as any).signature).toEqual(transaction.signature);
		expect((latest[0].json as any).receipt.qr_code_data).toBe(transaction.qr_code_data);

		const first = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'get',
			parameters: { tss: byId(tss.tssId), transactionId: txId, revision: 1 },
		});
		expect(first[0].json).toMatchObject({ revision: 1, state: 'ACTIVE', latest_revision: 2 });
		expectSignedBy(first[0].json, tss.publicKey);
	});

	it('maps an unknown revision and an unknown transaction to fiskaly errors with fixes', async () => {
		const { txId } = await session.signDirectly(tss, client);
		const revision = await session.engine.runNode({
			resource: 'transaction',
			operation: 'get',
			parameters: { tss: byId(tss.tssId), transactionId: txId, revision: 9 },
		});
		expect(revision.error).toEqual(fiskalyApiError('E_TX_REVISION_NOT_FOUND', /latest_revision/));
		const missing = await session.engine.runNode({
			resource: 'transaction',
			operation: 'get',
			parameters: { tss: byId(tss.tssId), transactionId: randomUUID() },
		});
		expect(missing.error).toEqual(fiskalyApiError('E_TX_NOT_FOUND', /transaction ID/));
	});
});

describe('Transaction › Get Many', () => {
	let pagedTss: PreparedTss;
	let pagedClient: PreparedClient;
	let otherClient: PreparedClient;
	let finishedIds: string[];
	let activeIds: string[];

	beforeAll(async () => {
		pagedTss = await session.prepareTss();
		pagedClient = await session.prepareClient(pagedTss, 'Paging A');
		otherClient = await session.prepareClient(pagedTss, 'Paging B');
		finishedIds = [];
		for (let i = 0; i < 105; i++)
			finishedIds.push((await session.signDirectly(pagedTss, pagedClient, `${i}.00`)).txId);
		activeIds = [];
		for (let i = 0; i < 3; i++)
			activeIds.push((await session.signDirectly(pagedTss, otherClient, '1.00', false)).txId);
	});

	const list = (parameters: IDataObject) =>
		session.engine.runNodeOk({ resource: 'transaction', operation: 'getAll', parameters });

	it('returns every transaction of a TSS with Return All, across pages', async () => {
		const items = await list({ scope: 'tss', tss: byId(pagedTss.tssId), returnAll: true });
		expect(items.map((item) => item.json._id).sort()).toEqual(
			[...finishedIds, ...activeIds].sort(),
		);
		const pages = (await session.requestLines()).filter((line) =>
			line.startsWith(`GET /tss/${pagedTss.tssId}/tx?`),
		);
		expect(pages).toHaveLength(2);
		expect(items.every((item) => (item.json as any).receipt !== undefined)).toBe(true);
	});

	it('stops at Limit beyond one page', async () => {
		const items = await list({
			scope: 'tss',
			tss: byId(pagedTss.tssId),
			returnAll: false,
			limit: 101,
		});
		expect(items).toHaveLength(101);
		expect(new Set(items.map((item) => item.json._id)).size).toBe(101);
	});

	it('filters by state, by client, orders, and lists across all TSS', async () => {
		const active = await list({
			scope: 'tss',
			tss: byId(pagedTss.tssId),
			returnAll: true,
			filters: { states: ['ACTIVE'] },
		});
		expect(active.map((item) => item.json._id).sort()).toEqual([...activeIds].sort());

		const ofClient = await list({
			scope: 'client',
			tss: byId(pagedTss.tssId),
			client: byId(otherClient.clientId),
			returnAll: true,
		});
		expect(ofClient.map((item) => item.json._id).sort()).toEqual([...activeIds].sort());

		const newestFirst = await list({
			scope: 'tss',
			tss: byId(pagedTss.tssId),
			returnAll: false,
			limit: 5,
			filters: { orderBy: 'number', order: 'desc' },
		});
		const numbers = newestFirst.map((item) => Number(item.json.number));
		expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
		expect(numbers[0]).toBe(108);

		const everywhere = await list({ scope: 'all', returnAll: true, simplify: true });
		expect(everywhere.length).toBeGreaterThanOrEqual(108);
		expect(everywhere[0].json).toHaveProperty('qr_code_data');
		expect(everywhere[0].json).not.toHaveProperty('_id');
	});
});

describe('Transaction › Update Metadata', () => {
	it('merges metadata into a finished transaction without a new revision', async () => {
		const { txId } = await session.signDirectly(tss, client);
		await session.expectOk('PATCH', `/tss/${tss.tssId}/tx/${txId}/metadata`, {
			body: { existing: '1' },
		});
		const items: INodeExecutionData[] = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'updateMetadata',
			parameters: {
				tss: byId(tss.tssId),
				transactionId: txId,
				metadata: { entries: [{ key: 'invoice', value: 'R-2024-001' }] },
			},
		});
		expect(items[0].json).toMatchObject({
			transaction_id: txId,
			metadata: { existing: '1', invoice: 'R-2024-001' },
		});
		const stored = await session.expectOk('GET', `/tss/${tss.tssId}/tx/${txId}`);
		expect(stored.latest_revision).toBe(2);
		expect(stored.metadata).toEqual({ existing: '1', invoice: 'R-2024-001' });
	});
});
