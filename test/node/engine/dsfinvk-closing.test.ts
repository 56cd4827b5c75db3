// Fiskaly DSFinV-K › Cash Point Closing through n8n's engine against the simulator, whose
// DSFinV-K room checks every tss_tx_id against the SIGN DE transactions it signed: insert and
// wait until COMPLETED, a re-run that finds the first closing, ERROR reported with fiskaly's code
// and the fix, get, details, the list filters (states as fiskaly reads them), delete.
import type { IDataObject } from 'n8n-workflow';

import { byId } from '../../../scripts/n8n-engine';
import type { SimulatorClient } from '../../support/simulatorClient';
import {
	dsfinvkApi,
	dsfinvkNode,
	dsfinvkRequestLines,
	newId,
	prepareRegister,
	signedClosing,
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

const run = (operation: string, parameters: Record<string, unknown>, continueOnFail = false) =>
	session.engine.runNode(
		dsfinvkNode({ resource: 'cashPointClosing', operation, parameters, continueOnFail }),
	);

async function ok(operation: string, parameters: Record<string, unknown>): Promise<IDataObject[]> {
	const { items, error } = await run(operation, parameters);
	if (error) throw new Error(`${operation}: ${error.message} | ${error.description ?? ''}`);
	return items.map((item) => item.json);
}

const insert = (closing: IDataObject, extra: Record<string, unknown> = {}) =>
	ok('insert', {
		cashRegister: byId(register.client.clientId),
		closing: JSON.stringify(closing),
		...extra,
	});

describe('Insert', () => {
	it('inserts the closing of signed sales and waits until fiskaly has processed it', async () => {
		const closing = await signedClosing(session, register, 1);
		await session.resetTraffic();
		const [inserted] = await insert(closing);
		expect(inserted).toMatchObject({
			client_id: register.client.clientId,
			state: 'COMPLETED',
			already_inserted: false,
		});
		const lines = await dsfinvkRequestLines(session);
		expect(lines[0]).toBe(`PUT /cash_point_closings/${String(inserted.closing_id)}`);
		expect(lines.slice(1).every((line) => line.startsWith('GET /cash_point_closings/'))).toBe(true);
		// The sent body carries the register from the locator.
		const [details] = await ok('getDetails', { closing: byId(String(inserted.closing_id)) });
		expect(details.cash_point_closing).toMatchObject({
			client_id: register.client.clientId,
			cash_point_closing_export_id: 1,
		});
	});

	it('derives the closing ID from register and Z_NR: a re-run returns the first closing', async () => {
		const closing = await signedClosing(session, register, 2);
		const [first] = await insert(closing);
		const [again] = await insert(closing);
		expect(again).toMatchObject({
			closing_id: first.closing_id,
			state: 'COMPLETED',
			already_inserted: true,
		});
		const listed = await api.raw('GET', '/cash_point_closings', {
			query: { client_id: register.client.clientId, limit: 100 },
		});
		const withZ2 = (listed.body.data as IDataObject[]).filter(
			(entry) => entry.cash_point_closing_export_id === 2,
		);
		expect(withZ2).toHaveLength(1);
	});

	it('retries a closing whose answer was lost: one closing, found again under the same ID', async () => {
		const closing = await signedClosing(session, register, 6, 1);
		await session.resetTraffic();
		await session.inject(
			{ method: 'PUT', path: '/dsfinvk/api/v1/cash_point_closings/*' },
			{ type: 'drop', when: 'after' },
		);
		await session.inject(
			{ method: 'GET', path: '/dsfinvk/api/v1/cash_point_closings/*' },
			{ type: 'status', status: 503 },
		);
		const [inserted] = await insert(closing);
		expect(inserted).toMatchObject({ state: 'COMPLETED', already_inserted: true });
		expect((await session.stats()).faultsApplied).toBe(2);
		const listed = await api.raw('GET', '/cash_point_closings', {
			query: { client_id: register.client.clientId, limit: 100 },
		});
		const withZ6 = (listed.body.data as IDataObject[]).filter(
			(entry) => entry.cash_point_closing_export_id === 6,
		);
		expect(withZ6.map((entry) => entry.closing_id)).toEqual([inserted.closing_id]);
	});

	it('returns at once with PENDING when Wait for Completion is off', async () => {
		const closing = await signedClosing(session, register, 3, 1);
		const [pending] = await insert(closing, { waitForCompletion: false });
		expect(pending.state).toBe('PENDING');
	});

	it('reports a closing that ends in ERROR with fiskaly’s code and the fix', async () => {
		const closing = await signedClosing(session, register, 4, 1);
		const transactions = closing.transactions as IDataObject[];
		(transactions[0].security as IDataObject).tss_tx_id = newId();
		const { error } = await run('insert', {
			cashRegister: byId(register.client.clientId),
			closing: JSON.stringify(closing),
		});
		expect(error).toEqual(
			expect.objectContaining({
				name: 'NodeOperationError',
				message: expect.stringMatching(/ended in ERROR: .*\(E_TX_NOT_FOUND\)/),
				description: expect.stringMatching(/signed SIGN DE transaction.*new Closing ID/),
			}),
		);
		const continued = await run(
			'insert',
			{ cashRegister: byId(register.client.clientId), closing: JSON.stringify(closing) },
			true,
		);
		expect(continued.items[0].json.error).toMatchObject({
			code: 'E_TX_NOT_FOUND',
			state: 'ERROR',
			closing_id: expect.any(String),
		});
	});

	it('refuses an unknown register with fiskaly’s code and the fix', async () => {
		const closing = await signedClosing(session, register, 5, 1);
		const { error } = await run('insert', {
			cashRegister: byId(newId()),
			closing: JSON.stringify(closing),
		});
		expect(error?.message).toContain('E_CASH_REGISTER_NOT_FOUND');
		expect(error?.description).toMatch(/Cash Register › Create or Update/);
	});
});

describe('Get, Get Details, Get Many, Delete', () => {
	let closingId: string;

	beforeAll(async () => {
		const [inserted] = await insert(await signedClosing(session, register, 10, 1));
		closingId = String(inserted.closing_id);
	});

	it('gets the summary and the details', async () => {
		const [summary] = await ok('get', { closing: byId(closingId) });
		expect(summary).toMatchObject({
			closing_id: closingId,
			state: 'COMPLETED',
			cash_point_closing_export_id: 10,
			business_date: '2024-03-15',
		});
		const [details] = await ok('getDetails', { closing: byId(closingId) });
		expect((details.cash_point_closing as IDataObject).transactions).toHaveLength(1);
	});

	it('lists with the register, states and business date filters, as fiskaly reads them', async () => {
		await session.resetTraffic();
		const listed = await ok('getAll', {
			returnAll: true,
			filters: {
				clientId: register.client.clientId,
				states: ['COMPLETED', 'ERROR'],
				businessDateStart: '2024-03-15',
				businessDateEnd: '2024-03-15',
			},
		});
		expect(listed.length).toBeGreaterThanOrEqual(3);
		expect(listed.every((entry) => ['COMPLETED', 'ERROR'].includes(String(entry.state)))).toBe(
			true,
		);
		expect(listed.map((entry) => entry.closing_id)).toContain(closingId);
		const [line] = await dsfinvkRequestLines(session);
		expect(line).toContain('states=COMPLETED&states=ERROR');
		const other = await ok('getAll', {
			returnAll: true,
			filters: { businessDateStart: '2024-03-16' },
		});
		expect(other).toEqual([]);
		const limited = await ok('getAll', { limit: 1 });
		expect(limited).toHaveLength(1);
	});

	it('offers closings in the From list search', async () => {
		const { results } = await session.engine.listSearch('searchClosings', {
			...dsfinvkNode({ resource: 'cashPointClosing', operation: 'get' }),
			path: 'parameters.closing',
			filter: closingId,
		});
		expect(results.map((result) => result.value)).toEqual([closingId]);
		expect(results[0].name).toMatch(/^Z 10 · 2024-03-15 \(COMPLETED/);
	});

	it('deletes a closing: it stays DELETED', async () => {
		const [deleted] = await ok('delete', { closing: byId(closingId) });
		expect(deleted).toMatchObject({ closing_id: closingId, deleted: true });
		const [summary] = await ok('get', { closing: byId(closingId) });
		expect(summary.state).toBe('DELETED');
		const { error } = await run('delete', { closing: byId(closingId) });
		expect(error?.message).toContain('E_INVALID_STATE_CHANGE');
		expect(error?.description).toMatch(/COMPLETED or ERROR/);
	});
});
