// Errors through n8n's engine against the simulator: every fiskaly error a user can run into
// surfaces as a NodeApiError with fiskaly's code and message and a description that says how to
// fix it; credential problems are explained without the secret. Bad input (refused before any
// request) has its table in test/reliability/badInput.test.ts.
import { randomUUID } from 'node:crypto';
import * as net from 'node:net';

import { byId, FiskalyEngine, type RunNodeOptions } from '../../../scripts/n8n-engine';
import {
	EngineSession,
	fiskalyApiError,
	ONE_AUTH_PER_API,
	type PreparedClient,
	type PreparedTss,
} from './session';

let session: EngineSession;
let tss: PreparedTss;
let client: PreparedClient;

beforeAll(async () => {
	// Small TEST limits so the limit errors are reachable with a handful of calls.
	session = await EngineSession.start({ limits: { activeTransactions: 3, registeredClients: 3 } });
	tss = await session.prepareTss();
	client = await session.prepareClient(tss);
});

afterAll(async () => {
	await session?.close();
});

beforeEach(async () => {
	await session.clearFaults();
	await session.resetTraffic();
});

const run = (options: RunNodeOptions) => session.engine.runNode(options);

const signOn = (on: PreparedTss, clientId: string, amount = '1.00') =>
	run({
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: {
			tss: byId(on.tssId),
			client: byId(clientId),
			amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount }] },
		},
	});

describe('fiskaly errors become NodeApiErrors with code, message and a fix', () => {
	it('E_TSS_NOT_INITIALIZED: signing on a TSS that is not initialized', async () => {
		const uninitialized = await session.prepareTss('UNINITIALIZED');
		const { error } = await signOn(uninitialized, randomUUID());
		expect(error).toEqual(fiskalyApiError('E_TSS_NOT_INITIALIZED', /Set Up|Initialize/));
		expect(error?.httpCode).toBe('400');
	});

	it('E_TSS_DISABLED: signing on a disabled TSS', async () => {
		const disabled = await session.prepareTss();
		const till = await session.prepareClient(disabled);
		await session.expectOk('POST', `/tss/${disabled.tssId}/admin/auth`, {
			body: { admin_pin: disabled.adminPin },
		});
		await session.expectOk('PATCH', `/tss/${disabled.tssId}`, { body: { state: 'DISABLED' } });
		const { error } = await signOn(disabled, till.clientId);
		expect(error).toEqual(fiskalyApiError('E_TSS_DISABLED', /new TSS/));
	});

	it('E_TSS_NOT_FOUND and E_CLIENT_NOT_FOUND: unknown IDs', async () => {
		const unknownTss = await signOn({ ...tss, tssId: randomUUID() }, client.clientId);
		expect(unknownTss.error).toEqual(fiskalyApiError('E_TSS_NOT_FOUND', /TSS ID/));
		const unknownClient = await signOn(tss, randomUUID());
		expect(unknownClient.error).toEqual(fiskalyApiError('E_CLIENT_NOT_FOUND', /Client/));
	});

	it('fiskaly’s own message is part of what the user sees', async () => {
		const missingTss = randomUUID();
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			parameters: { tss: byId(missingTss) },
		});
		expect(error?.message).toContain(missingTss); // the simulator's message names the TSS
	});

	it('E_TX_LIMIT_REACHED: too many open transactions', async () => {
		const busy = await session.prepareTss();
		const till = await session.prepareClient(busy);
		for (let i = 0; i < 3; i++) await session.signDirectly(busy, till, '1.00', false);
		const { error } = await run({
			resource: 'transaction',
			operation: 'start',
			parameters: { tss: byId(busy.tssId), client: byId(till.clientId) },
		});
		expect(error).toEqual(fiskalyApiError('E_TX_LIMIT_REACHED', /Cancel/));
	});

	it('E_CLIENT_LIMIT_REACHED: too many registered clients', async () => {
		const full = await session.prepareTss();
		for (let i = 0; i < 3; i++) await session.prepareClient(full);
		const { error } = await run({
			resource: 'client',
			operation: 'create',
			parameters: { tss: byId(full.tssId), serialNumber: 'One too many', adminPin: full.adminPin },
		});
		expect(error).toEqual(fiskalyApiError('E_CLIENT_LIMIT_REACHED', /Deregister/));
	});

	it('E_ADMIN_PIN_BLOCKED: after five wrong PINs, with the way out', async () => {
		const blocked = await session.prepareTss();
		const login = (adminPin: string) =>
			run({
				resource: 'tss',
				operation: 'adminLogin',
				parameters: { tss: byId(blocked.tssId), adminPin },
			});
		for (let i = 0; i < 5; i++) {
			const { error } = await login(`wrong-pin-${i}`);
			expect(error?.message).toMatch(/admin PIN was not accepted/i);
		}
		const { error } = await login(blocked.adminPin);
		expect(error).toEqual(fiskalyApiError('E_ADMIN_PIN_BLOCKED', /Change Admin PIN/));

		// The described fix works: a new PIN set with the PUK unblocks the TSS.
		await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'changeAdminPin',
			parameters: {
				tss: byId(blocked.tssId),
				adminPuk: blocked.adminPuk,
				newAdminPin: 'Unblocked-1',
			},
		});
		expect((await login('Unblocked-1')).error).toBeUndefined();
	});

	it('E_ILLEGAL_CLIENT_SERIAL: a serial number already used on the TSS', async () => {
		const { error } = await run({
			resource: 'client',
			operation: 'create',
			parameters: {
				tss: byId(tss.tssId),
				serialNumber: client.serialNumber,
				adminPin: tss.adminPin,
			},
		});
		expect(error).toEqual(fiskalyApiError('E_ILLEGAL_CLIENT_SERIAL', /serial number/i));
	});

	it('E_TSS_CONFLICT: creating a TSS under the ID of one that left CREATED', async () => {
		const { error } = await run({
			resource: 'tss',
			operation: 'create',
			parameters: { tssId: tss.tssId },
		});
		expect(error).toEqual(fiskalyApiError('E_TSS_CONFLICT', /Set Up/));
	});

	it.each([
		[403, 'E_ACCESS_DENIED', /organisation/],
		[423, 'E_TSS_DEFECTIVE', /new TSS/],
		[423, 'E_CERTIFICATE_EXPIRED', /new TSS/],
		[432, 'E_USE_MIDDLEWARE', /kassensichv-middleware/],
		[400, 'E_ILLEGAL_TSS_STATE_CHANGE', /one step at a time/],
	])('HTTP %i %s (injected) surfaces with its fix', async (status, code, fix) => {
		await session.inject(
			{ method: 'GET', path: `/tss/${tss.tssId}` },
			{ type: 'status', status, code, message: `Simulated ${code}` },
		);
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error).toEqual(fiskalyApiError(code, fix));
		expect(error?.message).toContain(`Simulated ${code}`);
		expect(error?.httpCode).toBe(String(status));
	});
});

describe('credential problems', () => {
	const secret = 'secret-that-must-not-leak-4711';

	it('a wrong API secret is explained without repeating it, and not retried', async () => {
		session.engine.saveCredential('wrong-secret', { apiSecret: secret });
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			credentialId: 'wrong-secret',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/API key and secret/);
		expect(error?.description).toMatch(/API Key and API Secret/);
		expect(JSON.stringify(error)).not.toContain(secret);
		expect((await session.stats()).authByApi).toEqual(ONE_AUTH_PER_API);
		expect((await session.requestLines()).some((line) => line.startsWith('GET'))).toBe(false);
	});

	it('a Base URL without the API path says where /auth was looked for', async () => {
		const origin = new URL(session.sim.url).origin;
		session.engine.saveCredential('wrong-path', { baseUrl: `${origin}/api/v1` });
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			credentialId: 'wrong-path',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error?.message).toMatch(/authentication endpoint/);
		expect(error?.description).toMatch(/\/api\/v2/);
	});

	it('a Base URL without the API path is reported the same when another fiskaly API gave a token', async () => {
		const origin = new URL(session.sim.url).origin;
		// The DSFinV-K base URL points at the simulator's SIGN DE API, so its /auth answers.
		session.engine.saveCredential('wrong-path-other-api-ok', {
			baseUrl: `${origin}/api/v1`,
			dsfinvkBaseUrl: session.sim.url,
		});
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			credentialId: 'wrong-path-other-api-ok',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error?.message).toMatch(/authentication endpoint/);
		expect(error?.description).toMatch(/\/api\/v2/);
		expect((await session.requestLines()).some((line) => line.startsWith('GET'))).toBe(false);
		// The failure was kept for SIGN DE beside the other API's token, not thrown by /auth.
		const stored = session.engine.credentials.read('wrong-path-other-api-ok').accessToken;
		expect(JSON.parse(String(stored))).toMatchObject({
			signDe: { failure: { retryable: false } },
			dsfinvk: { token: expect.any(String) },
		});
	});

	it('an unreachable Base URL says so after a few attempts', async () => {
		const closedPort = await new Promise<number>((resolve) => {
			const server = net.createServer().listen(0, '127.0.0.1', () => {
				const { port } = server.address() as net.AddressInfo;
				server.close(() => resolve(port));
			});
		});
		const engine = new FiskalyEngine({
			simulator: {
				urls: {
					signDe: `http://127.0.0.1:${closedPort}/api/v2`,
					dsfinvk: `http://127.0.0.1:${closedPort}/dsfinvk/api/v1`,
					submitDe: `http://127.0.0.1:${closedPort}/submission-api/v1`,
				},
				apiKey: 'k',
				apiSecret: secret,
			},
		});
		const { error } = await engine.runNode({
			resource: 'tss',
			operation: 'get',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error?.message).toMatch(/Could not reach fiskaly/);
		expect(error?.description).toMatch(/Base URL/);
		expect(engine.credentials.stats.preAuthentications).toBe(4);
		expect(JSON.stringify(error)).not.toContain(secret);
	}, 20_000);
});
