// TSS operations through n8n's engine against the simulator: create, set up (whole quickstart,
// resumable), get, get many, update, initialize, disable, admin PIN and admin session.
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { byId } from '../../../scripts/n8n-engine';
import { ADMIN_PIN, EngineSession, fieldError, fiskalyApiError, inputItems } from './session';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let session: EngineSession;

beforeAll(async () => {
	session = await EngineSession.start();
});

afterAll(async () => {
	await session?.close();
});

beforeEach(async () => {
	await session.clearFaults();
	await session.resetTraffic();
});

const run = (options: Parameters<EngineSession['engine']['runNode']>[0]) =>
	session.engine.runNode(options);

describe('TSS › Create', () => {
	it('creates a TSS under a generated UUIDv4 and labels the PUK as shown only once', async () => {
		const { items, error, rawPairedItems } = await run({ resource: 'tss', operation: 'create' });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const tss = items[0].json;
		expect(tss._id).toMatch(UUID_V4);
		expect(tss.state).toBe('CREATED');
		expect(tss.admin_puk).toEqual(expect.any(String));
		expect(String(tss.admin_puk).length).toBeGreaterThanOrEqual(10);
		expect(String(tss.admin_puk_notice)).toMatch(/only once/i);
		expect(rawPairedItems).toEqual([{ item: 0 }]);

		const stored = await session.expectOk('GET', `/tss/${tss._id}`);
		expect(stored.state).toBe('CREATED');
	});

	it('uses the given TSS ID and metadata, and a repeated create while CREATED returns the same TSS', async () => {
		const tssId = randomUUID();
		const parameters = { tssId, metadata: { entries: [{ key: 'store', value: 'Berlin Mitte' }] } };
		const first = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'create',
			parameters,
		});
		const again = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'create',
			parameters,
		});
		expect(first[0].json._id).toBe(tssId);
		expect(first[0].json.metadata).toEqual({ store: 'Berlin Mitte' });
		expect(again[0].json._id).toBe(tssId);
		expect(again[0].json.admin_puk).toBe(first[0].json.admin_puk);
	});

	it('creates one TSS per input item, each paired with its item', async () => {
		const { items, rawPairedItems } = await run({
			resource: 'tss',
			operation: 'create',
			items: inputItems(3),
		});
		expect(items.map((item) => item.json.state)).toEqual(['CREATED', 'CREATED', 'CREATED']);
		expect(new Set(items.map((item) => item.json._id)).size).toBe(3);
		expect(rawPairedItems).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('TSS › Set Up', () => {
	it('runs the whole quickstart and returns an INITIALIZED TSS with PUK and generated PIN', async () => {
		const { items, error } = await run({
			resource: 'tss',
			operation: 'setUp',
			parameters: { description: 'Store Berlin Mitte' },
		});
		expect(error).toBeUndefined();
		const tss = items[0].json;
		expect(tss.state).toBe('INITIALIZED');
		expect(tss.description).toBe('Store Berlin Mitte');
		expect(String(tss.admin_puk)).toMatch(/\S{10,}/);
		expect(String(tss.admin_pin).length).toBeGreaterThanOrEqual(6);
		expect(String(tss.admin_pin_notice)).toMatch(/not shown again|only once/i);
		expect(String(tss.admin_puk_notice)).toMatch(/only once/i);

		// The calls fiskaly's quickstart needs, in order, ending with the admin logout.
		const tssPath = `/tss/${tss._id}`;
		expect((await session.requestLines()).filter((line) => line !== 'POST /auth')).toEqual([
			`PUT ${tssPath}`,
			`PATCH ${tssPath}`,
			`PATCH ${tssPath}/admin`,
			`POST ${tssPath}/admin/auth`,
			`PATCH ${tssPath}`,
			`POST ${tssPath}/admin/logout`,
		]);

		// The returned PIN is the one the TSS now has: an admin login with it works.
		const login = await run({
			resource: 'tss',
			operation: 'adminLogin',
			parameters: { tss: byId(String(tss._id)), adminPin: tss.admin_pin },
		});
		expect(login.error).toBeUndefined();
	});

	it('sets a PIN given as parameter and hands it on for later nodes', async () => {
		const pin = 'Given-PIN-4711';
		const { items, error } = await run({
			resource: 'tss',
			operation: 'setUp',
			parameters: { adminPin: pin },
		});
		expect(error).toBeUndefined();
		expect(items[0].json.state).toBe('INITIALIZED');
		expect(items[0].json.admin_pin).toBe(pin);
		const login = await run({
			resource: 'tss',
			operation: 'adminLogin',
			parameters: { tss: byId(String(items[0].json._id)), adminPin: pin },
		});
		expect(login.error).toBeUndefined();
	});

	it('with a wrong API secret says that nothing was created and points at the credential, not at a TSS to resume', async () => {
		const secret = 'wrong-secret-for-set-up-0815';
		session.engine.saveCredential('set-up-wrong-secret', { apiSecret: secret });
		const before = (await session.expectOk('GET', '/tss', { query: { limit: 100 } })).data.length;
		await session.resetTraffic();
		const stopped = await run({
			resource: 'tss',
			operation: 'setUp',
			credentialId: 'set-up-wrong-secret',
		});
		expect(stopped.error?.message).toMatch(
			/stopped at the step "create the TSS": fiskaly did not accept the API key and secret/,
		);
		expect(stopped.error?.description).toMatch(/API Key and API Secret/);
		expect(stopped.error?.description).toMatch(/Nothing was created/);
		expect(stopped.error?.description).toMatch(/TSS ID left empty/);
		expect(stopped.error?.description).not.toMatch(/state unknown|with TSS ID [0-9a-f-]{36}/);
		expect(JSON.stringify(stopped.error)).not.toContain(secret);
		// Indeed nothing: no request past POST /auth, no new TSS.
		expect((await session.requestLines()).filter((line) => line !== 'POST /auth')).toEqual([]);
		const after = (await session.expectOk('GET', '/tss', { query: { limit: 100 } })).data.length;
		expect(after).toBe(before);

		// Resuming a given TSS with the wrong secret changes nothing either, and says so.
		const tssId = randomUUID();
		const resumed = await run({
			resource: 'tss',
			operation: 'setUp',
			credentialId: 'set-up-wrong-secret',
			parameters: { tssId },
		});
		expect(resumed.error?.description).toMatch(
			new RegExp(`Nothing was changed: this run did not reach TSS ${tssId}`),
		);
	});

	it('says which step failed and in which state the TSS is, and a re-run with the PUK continues', async () => {
		const tssId = randomUUID();
		await session.inject(
			{ method: 'POST', path: '/tss/*/admin/auth' },
			{ type: 'status', status: 401, code: 'E_UNAUTHORIZED' },
		);

		const stopped = await run({ resource: 'tss', operation: 'setUp', parameters: { tssId } });
		expect(stopped.error).toEqual(fiskalyApiError('E_UNAUTHORIZED'));
		expect(stopped.error?.message).toMatch(/log in as admin/);
		expect(stopped.error?.description).toMatch(/UNINITIALIZED/);
		expect(stopped.error?.description).toMatch(/PUK/);
		expect((await session.expectOk('GET', `/tss/${tssId}`)).state).toBe('UNINITIALIZED');

		// With On Error → Continue the secrets of the half-done run are kept.
		const tssId2 = randomUUID();
		await session.inject(
			{ method: 'POST', path: '/tss/*/admin/auth' },
			{ type: 'status', status: 401, code: 'E_UNAUTHORIZED' },
		);
		const kept = await run({
			resource: 'tss',
			operation: 'setUp',
			parameters: { tssId: tssId2 },
			continueOnFail: true,
		});
		expect(kept.error).toBeUndefined();
		// A single `error` key: the shape n8n routes to an error output.
		expect(Object.keys(kept.items[0].json)).toEqual(['error']);
		const failure = kept.items[0].json.error as IDataObject;
		expect(failure).toMatchObject({
			failed_step: 'adminLogin',
			tss_id: tssId2,
			tss_state: 'UNINITIALIZED',
		});
		expect(failure.admin_puk).toEqual(expect.any(String));
		expect(kept.items[0].pairedItem).toEqual({ item: 0 });

		const resumed = await run({
			resource: 'tss',
			operation: 'setUp',
			parameters: { tssId: tssId2, adminPuk: failure.admin_puk, adminPin: 'Resumed-PIN-1' },
		});
		expect(resumed.error).toBeUndefined();
		expect(resumed.items[0].json.state).toBe('INITIALIZED');
		expect(resumed.items[0].json.set_up_steps).toEqual([
			'changeAdminPin',
			'adminLogin',
			'initialize',
		]);
	});

	it('continues a TSS that stopped while CREATED without needing the PUK', async () => {
		const tssId = randomUUID();
		await session.inject(
			{ method: 'PATCH', path: '/tss/*' },
			{ type: 'status', status: 400, code: 'E_ILLEGAL_TSS_STATE_CHANGE' },
		);
		const stopped = await run({ resource: 'tss', operation: 'setUp', parameters: { tssId } });
		expect(stopped.error?.message).toMatch(/deploy/);
		expect(stopped.error?.description).toMatch(/CREATED/);

		const resumed = await run({ resource: 'tss', operation: 'setUp', parameters: { tssId } });
		expect(resumed.error).toBeUndefined();
		expect(resumed.items[0].json.state).toBe('INITIALIZED');
	});

	it('on a TSS that is already INITIALIZED only reads it', async () => {
		const tss = await session.prepareTss();
		await session.resetTraffic();
		const { items, error } = await run({
			resource: 'tss',
			operation: 'setUp',
			parameters: { tssId: tss.tssId },
		});
		expect(error).toBeUndefined();
		expect(items[0].json.state).toBe('INITIALIZED');
		expect(items[0].json.set_up_steps).toEqual([]);
		expect(
			(await session.requestLines()).filter(
				(line) => !line.startsWith('GET') && line !== 'POST /auth',
			),
		).toEqual([]);
	});
});

describe('TSS › Get', () => {
	it('reads a TSS chosen by ID or from the list', async () => {
		const tss = await session.prepareTss();
		const byIdResult = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'get',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(byIdResult[0].json).toMatchObject({
			_id: tss.tssId,
			state: 'INITIALIZED',
			public_key: tss.publicKey,
		});
		const fromList = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'get',
			parameters: { tss: { __rl: true, mode: 'list', value: tss.tssId } },
		});
		expect(fromList[0].json._id).toBe(tss.tssId);
	});

	it('turns an unknown TSS into a NodeApiError with the fiskaly code and how to fix it', async () => {
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			parameters: { tss: byId(randomUUID()) },
		});
		expect(error).toEqual(fiskalyApiError('E_TSS_NOT_FOUND', /TSS ID/));
	});
});

describe('TSS › Get Many', () => {
	let created: string[];

	beforeAll(async () => {
		created = [];
		for (let i = 0; i < 104; i++) created.push((await session.prepareTss('CREATED')).tssId);
	});

	it('returns every TSS with Return All, reading page after page', async () => {
		const items = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'getAll',
			parameters: { returnAll: true },
		});
		const ids = items.map((item) => item.json._id);
		expect(ids).toEqual(expect.arrayContaining(created));
		expect(new Set(ids).size).toBe(ids.length);
		const pages = (await session.requestLines()).filter((line) => line.startsWith('GET /tss?'));
		expect(pages.length).toBe(Math.floor(ids.length / 100) + 1);
		expect(pages[1]).toMatch(/offset=100/);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('stops at Limit, also beyond one page', async () => {
		const items = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'getAll',
			parameters: { returnAll: false, limit: 102 },
		});
		expect(items).toHaveLength(102);
		const pages = (await session.requestLines()).filter((line) => line.startsWith('GET /tss?'));
		expect(pages).toHaveLength(2);
		expect(pages[1]).toMatch(/limit=2/);
	});

	it('pairs every listed TSS with the input item that asked for it', async () => {
		const { items, rawPairedItems } = await run({
			resource: 'tss',
			operation: 'getAll',
			items: inputItems(2),
			parameters: { returnAll: false, limit: 3 },
		});
		expect(items).toHaveLength(6);
		expect(rawPairedItems).toEqual([0, 0, 0, 1, 1, 1].map((item) => ({ item })));
	});

	it('filters by state and orders', async () => {
		const initialized = await session.prepareTss();
		const items = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'getAll',
			parameters: {
				returnAll: true,
				filters: { states: ['INITIALIZED'], orderBy: 'time_creation', order: 'desc' },
			},
		});
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((item) => item.json.state === 'INITIALIZED')).toBe(true);
		expect(items.map((item) => item.json._id)).toContain(initialized.tssId);
		const times = items.map((item) => Number(item.json.time_creation));
		expect([...times].sort((a, b) => b - a)).toEqual(times);
	});
});

describe('TSS › Update', () => {
	it('merges metadata and returns the TSS', async () => {
		const tss = await session.prepareTss();
		await session.expectOk('PATCH', `/tss/${tss.tssId}/metadata`, { body: { kept: 'yes' } });
		const items = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'update',
			parameters: {
				tss: byId(tss.tssId),
				metadata: { entries: [{ key: 'store', value: 'Köln' }] },
			},
		});
		expect(items[0].json._id).toBe(tss.tssId);
		expect(items[0].json.metadata).toEqual({ kept: 'yes', store: 'Köln' });
	});
});

describe('TSS › Initialize and Disable', () => {
	it('initializes an UNINITIALIZED TSS inside an admin session', async () => {
		const tss = await session.prepareTss('UNINITIALIZED');
		await session.resetTraffic();
		const items = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'initialize',
			parameters: { tss: byId(tss.tssId), adminPin: tss.adminPin, description: 'Kasse Nord' },
		});
		expect(items[0].json).toMatchObject({
			_id: tss.tssId,
			state: 'INITIALIZED',
			description: 'Kasse Nord',
		});
		const path = `/tss/${tss.tssId}`;
		expect((await session.requestLines()).filter((line) => !line.startsWith('POST /auth'))).toEqual(
			[`GET ${path}`, `POST ${path}/admin/auth`, `PATCH ${path}`, `POST ${path}/admin/logout`],
		);
	});

	it('returns an already initialized TSS without an admin login', async () => {
		const tss = await session.prepareTss();
		await session.resetTraffic();
		const items = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'initialize',
			parameters: { tss: byId(tss.tssId), adminPin: tss.adminPin },
		});
		expect(items[0].json.state).toBe('INITIALIZED');
		expect((await session.requestLines()).some((line) => line.includes('/admin'))).toBe(false);
	});

	it('disables a TSS, and a wrong PIN is refused before any change', async () => {
		const tss = await session.prepareTss();
		await session.resetTraffic();
		const wrong = await run({
			resource: 'tss',
			operation: 'disable',
			parameters: { tss: byId(tss.tssId), adminPin: 'wrong-pin-0' },
		});
		expect(wrong.error).toEqual(fiskalyApiError('E_UNAUTHORIZED', /Change Admin PIN/));
		expect(wrong.error?.message).toMatch(/admin PIN was not accepted/i);
		expect(JSON.stringify({ m: wrong.error?.message, d: wrong.error?.description })).not.toContain(
			'wrong-pin-0',
		);
		expect((await session.requestLines()).some((line) => line === `PATCH /tss/${tss.tssId}`)).toBe(
			false,
		);
		expect((await session.expectOk('GET', `/tss/${tss.tssId}`)).state).toBe('INITIALIZED');

		const items = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'disable',
			parameters: { tss: byId(tss.tssId), adminPin: tss.adminPin },
		});
		expect(items[0].json.state).toBe('DISABLED');
	});
});

describe('TSS › Change Admin PIN, Admin Login and Admin Logout', () => {
	it('sets a new PIN with the PUK; the old one stops working', async () => {
		const tss = await session.prepareTss();
		const items = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'changeAdminPin',
			parameters: { tss: byId(tss.tssId), adminPuk: tss.adminPuk, newAdminPin: 'New-PIN-2024' },
		});
		expect(items[0].json).toEqual({ tss_id: tss.tssId, admin_pin_changed: true });
		expect(JSON.stringify(items[0].json)).not.toContain(tss.adminPuk);

		const oldPin = await run({
			resource: 'tss',
			operation: 'adminLogin',
			parameters: { tss: byId(tss.tssId), adminPin: ADMIN_PIN },
		});
		expect(oldPin.error).toEqual(fiskalyApiError('E_UNAUTHORIZED'));
		const newPin = await run({
			resource: 'tss',
			operation: 'adminLogin',
			parameters: { tss: byId(tss.tssId), adminPin: 'New-PIN-2024' },
		});
		expect(newPin.error).toBeUndefined();
	});

	it('a wrong PUK gives E_CHANGE_ADMIN_PIN_FAILED without repeating PUK or PIN', async () => {
		const tss = await session.prepareTss();
		const { error } = await run({
			resource: 'tss',
			operation: 'changeAdminPin',
			parameters: { tss: byId(tss.tssId), adminPuk: '0000000000', newAdminPin: 'Secret-PIN-77' },
		});
		expect(error).toEqual(fiskalyApiError('E_CHANGE_ADMIN_PIN_FAILED', /PUK/));
		const shown = JSON.stringify({ message: error?.message, description: error?.description });
		expect(shown).not.toContain('0000000000');
		expect(shown).not.toContain('Secret-PIN-77');
	});

	it('an admin login opens a session on the credential’s token that Admin Logout closes', async () => {
		const tss = await session.prepareTss();
		const login = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'adminLogin',
			parameters: { tss: byId(tss.tssId), adminPin: tss.adminPin },
		});
		expect(login[0].json).toEqual({ tss_id: tss.tssId, admin_logged_in: true });

		// The session belongs to the token n8n stored for the credential: an admin-only call with
		// that token now works.
		const stored = String(session.engine.credentials.read('fiskaly-cred-1').accessToken);
		const token = (JSON.parse(stored) as { signDe: { token: string } }).signDe.token; // one token per API
		const asAdmin = await session.api.call('PUT', `/tss/${tss.tssId}/client/${randomUUID()}`, {
			token,
			body: { serial_number: 'Admin session check' },
		});
		expect(asAdmin.status).toBe(200);

		const logout = await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'adminLogout',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(logout[0].json).toEqual({ tss_id: tss.tssId, admin_logged_in: false });
		const afterLogout = await session.api.call('PUT', `/tss/${tss.tssId}/client/${randomUUID()}`, {
			token,
			body: { serial_number: 'After logout' },
		});
		expect(afterLogout.status).toBe(401);
	});

	it('rejects a too short PIN before any request', async () => {
		const { error } = await run({
			resource: 'tss',
			operation: 'adminLogin',
			parameters: { tss: byId(randomUUID()), adminPin: '123' },
		});
		expect(error).toEqual(fieldError('Admin PIN'));
		expect(await session.requestLines()).toEqual([]);
	});
});
