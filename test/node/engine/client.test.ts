// Client operations through n8n's engine against the simulator: create (admin session around it),
// get, get many (one TSS or all, filters, paging) and update (register/deregister, metadata).
import { randomUUID } from 'node:crypto';

import { byId } from '../../../scripts/n8n-engine';
import { EngineSession, fieldError, fiskalyApiError, type PreparedTss } from './session';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let session: EngineSession;
let tss: PreparedTss;

beforeAll(async () => {
	session = await EngineSession.start();
	tss = await session.prepareTss();
});

afterAll(async () => {
	await session?.close();
});

beforeEach(async () => {
	await session.clearFaults();
	await session.resetTraffic();
});

const nonAuth = (lines: string[]) => lines.filter((line) => line !== 'POST /auth');

describe('Client › Create', () => {
	it('registers a client under a generated UUIDv4, logging in as admin around it', async () => {
		const { items, error, rawPairedItems } = await session.engine.runNode({
			resource: 'client',
			operation: 'create',
			parameters: {
				tss: byId(tss.tssId),
				serialNumber: 'Kasse 1',
				adminPin: tss.adminPin,
				metadata: { entries: [{ key: 'till', value: 'front' }] },
			},
		});
		expect(error).toBeUndefined();
		const client = items[0].json;
		expect(client._id).toMatch(UUID_V4);
		expect(client).toMatchObject({
			serial_number: 'Kasse 1',
			state: 'REGISTERED',
			tss_id: tss.tssId,
			metadata: { till: 'front' },
		});
		expect(rawPairedItems).toEqual([{ item: 0 }]);
		const path = `/tss/${tss.tssId}`;
		expect(nonAuth(await session.requestLines())).toEqual([
			`GET ${path}`,
			`POST ${path}/admin/auth`,
			`PUT ${path}/client/${client._id}`,
			`POST ${path}/admin/logout`,
		]);
	});

	it('uses a given client ID', async () => {
		const clientId = randomUUID();
		const items = await session.engine.runNodeOk({
			resource: 'client',
			operation: 'create',
			parameters: {
				tss: byId(tss.tssId),
				serialNumber: 'Kasse 2',
				clientId,
				adminPin: tss.adminPin,
			},
		});
		expect(items[0].json._id).toBe(clientId);
		expect(
			(await session.expectOk('GET', `/tss/${tss.tssId}/client/${clientId}`)).serial_number,
		).toBe('Kasse 2');
	});

	it('logs out even when fiskaly refuses the client', async () => {
		const serialNumber = `Dup ${randomUUID().slice(0, 8)}`;
		await session.prepareClient(tss, serialNumber);
		await session.resetTraffic();
		const { error } = await session.engine.runNode({
			resource: 'client',
			operation: 'create',
			parameters: { tss: byId(tss.tssId), serialNumber, adminPin: tss.adminPin },
		});
		expect(error).toEqual(fiskalyApiError('E_ILLEGAL_CLIENT_SERIAL', /serial number/i));
		const lines = nonAuth(await session.requestLines());
		expect(lines[lines.length - 1]).toBe(`POST /tss/${tss.tssId}/admin/logout`);
	});

	it('rejects a serial number fiskaly would refuse before any request', async () => {
		const { error } = await session.engine.runNode({
			resource: 'client',
			operation: 'create',
			parameters: { tss: byId(tss.tssId), serialNumber: 'Kasse_1', adminPin: tss.adminPin },
		});
		expect(error).toEqual(fieldError('Serial Number'));
		expect(await session.requestLines()).toEqual([]);
	});
});

describe('Client › Get', () => {
	it('reads a client by ID', async () => {
		const client = await session.prepareClient(tss);
		const items = await session.engine.runNodeOk({
			resource: 'client',
			operation: 'get',
			parameters: { tss: byId(tss.tssId), client: byId(client.clientId) },
		});
		expect(items[0].json).toMatchObject({
			_id: client.clientId,
			serial_number: client.serialNumber,
			state: 'REGISTERED',
		});
	});

	it('turns an unknown client into E_CLIENT_NOT_FOUND with a fix', async () => {
		const { error } = await session.engine.runNode({
			resource: 'client',
			operation: 'get',
			parameters: { tss: byId(tss.tssId), client: byId(randomUUID()) },
		});
		expect(error).toEqual(fiskalyApiError('E_CLIENT_NOT_FOUND', /Client ID/));
	});
});

describe('Client › Get Many', () => {
	let manyTss: PreparedTss;
	let clientIds: string[];

	beforeAll(async () => {
		manyTss = await session.prepareTss();
		clientIds = [];
		for (let i = 0; i < 103; i++)
			clientIds.push(
				(await session.prepareClient(manyTss, `Till ${String(i).padStart(3, '0')}`)).clientId,
			);
	});

	it('returns all clients of one TSS beyond one page', async () => {
		const items = await session.engine.runNodeOk({
			resource: 'client',
			operation: 'getAll',
			parameters: { scope: 'tss', tss: byId(manyTss.tssId), returnAll: true },
		});
		expect(items.map((item) => item.json._id).sort()).toEqual([...clientIds].sort());
		const pages = (await session.requestLines()).filter((line) =>
			line.startsWith(`GET /tss/${manyTss.tssId}/client?`),
		);
		expect(pages).toHaveLength(2);
	});

	it('stops at Limit', async () => {
		const items = await session.engine.runNodeOk({
			resource: 'client',
			operation: 'getAll',
			parameters: { scope: 'tss', tss: byId(manyTss.tssId), returnAll: false, limit: 5 },
		});
		expect(items).toHaveLength(5);
	});

	it('filters by serial number and state, and lists clients of all TSS', async () => {
		const bySerial = await session.engine.runNodeOk({
			resource: 'client',
			operation: 'getAll',
			parameters: {
				scope: 'tss',
				tss: byId(manyTss.tssId),
				returnAll: true,
				filters: { serialNumber: 'Till 042' },
			},
		});
		expect(bySerial.map((item) => item.json._id)).toEqual([clientIds[42]]);

		await session.expectOk('POST', `/tss/${manyTss.tssId}/admin/auth`, {
			body: { admin_pin: manyTss.adminPin },
		});
		await session.expectOk('PATCH', `/tss/${manyTss.tssId}/client/${clientIds[7]}`, {
			body: { state: 'DEREGISTERED' },
		});
		const deregistered = await session.engine.runNodeOk({
			resource: 'client',
			operation: 'getAll',
			parameters: {
				scope: 'tss',
				tss: byId(manyTss.tssId),
				returnAll: true,
				filters: { state: 'DEREGISTERED' },
			},
		});
		expect(deregistered.map((item) => item.json._id)).toEqual([clientIds[7]]);

		const everywhere = await session.engine.runNodeOk({
			resource: 'client',
			operation: 'getAll',
			parameters: { scope: 'all', returnAll: true },
		});
		const tssIds = new Set(everywhere.map((item) => item.json.tss_id));
		expect(tssIds.has(manyTss.tssId)).toBe(true);
		expect(tssIds.has(tss.tssId)).toBe(true);
	});
});

describe('Client › Update', () => {
	it('deregisters and registers again with the admin PIN', async () => {
		const client = await session.prepareClient(tss);
		const deregistered = await session.engine.runNodeOk({
			resource: 'client',
			operation: 'update',
			parameters: {
				tss: byId(tss.tssId),
				client: byId(client.clientId),
				state: 'DEREGISTERED',
				adminPin: tss.adminPin,
			},
		});
		expect(deregistered[0].json).toMatchObject({ _id: client.clientId, state: 'DEREGISTERED' });
		const registered = await session.engine.runNodeOk({
			resource: 'client',
			operation: 'update',
			parameters: {
				tss: byId(tss.tssId),
				client: byId(client.clientId),
				state: 'REGISTERED',
				adminPin: tss.adminPin,
			},
		});
		expect(registered[0].json.state).toBe('REGISTERED');
	});

	it('changes only metadata without an admin login', async () => {
		const client = await session.prepareClient(tss);
		await session.resetTraffic();
		const items = await session.engine.runNodeOk({
			resource: 'client',
			operation: 'update',
			parameters: {
				tss: byId(tss.tssId),
				client: byId(client.clientId),
				metadata: { entries: [{ key: 'room', value: 'terrace' }] },
			},
		});
		expect(items[0].json).toMatchObject({
			_id: client.clientId,
			state: 'REGISTERED',
			metadata: { room: 'terrace' },
		});
		expect((await session.requestLines()).some((line) => line.includes('/admin'))).toBe(false);
	});

	it('a deregistered client cannot sign, with a fix that says how to register it again', async () => {
		const client = await session.prepareClient(tss);
		await session.engine.runNodeOk({
			resource: 'client',
			operation: 'update',
			parameters: {
				tss: byId(tss.tssId),
				client: byId(client.clientId),
				state: 'DEREGISTERED',
				adminPin: tss.adminPin,
			},
		});
		const { error } = await session.engine.runNode({
			resource: 'transaction',
			operation: 'start',
			parameters: { tss: byId(tss.tssId), client: byId(client.clientId) },
		});
		expect(error).toEqual(fiskalyApiError('E_CLIENT_DEREGISTERED', /Client › Update/));
	});
});
