// The control API over real HTTP: injected faults (status, drop before/after commit, latency,
// expired token), traffic statistics and the request log.

import * as crypto from 'node:crypto';

import type { RunningSimulator } from '../../../simulator';
import {
	expectError,
	receipt,
	SimulatorClient,
	startTestSimulator,
} from '../../support/simulatorClient';

describe('simulator control API', () => {
	let simulator: RunningSimulator;
	let api: SimulatorClient;
	let tssId: string;
	let clientId: string;

	beforeAll(async () => {
		({ simulator, api } = await startTestSimulator());
		const tss = await api.initializedTss(1);
		tssId = tss.tssId;
		clientId = tss.clientIds[0];
	});
	afterAll(() => simulator.close());
	afterEach(() => api.control('DELETE', '/faults'));

	const addFault = async (rule: unknown) => {
		const reply = await api.control('POST', '/faults', rule);
		expect(reply.status).toBe(201);
		return reply.body;
	};
	const startBody = () => ({ state: 'ACTIVE', client_id: clientId });

	it('answers the next N matching requests with the injected status and Retry-After', async () => {
		const rule = await addFault({
			match: { method: 'PUT', path: '/tss/*/tx/*' },
			count: 2,
			fault: { type: 'status', status: 503, retryAfter: 1 },
		});
		expect(rule).toMatchObject({
			id: expect.any(Number),
			remaining: 2,
			fault: { type: 'status', status: 503 },
		});
		const txId = crypto.randomUUID();
		for (let i = 0; i < 2; i++) {
			const reply = await api.upsert(tssId, txId, 1, startBody());
			expectError(reply, 503, 'E_TSS_LOCKED');
			expect(reply.headers['retry-after']).toBe('1');
		}
		// Other routes were never affected; the third upsert goes through.
		expect((await api.call('GET', `/tss/${tssId}`)).status).toBe(200);
		expect((await api.upsert(tssId, txId, 1, startBody())).status).toBe(200);
		expect((await api.control('GET', '/faults')).body.data).toEqual([]);
	});

	it.each([
		[429, 'E_TOO_MANY_REQUESTS'],
		[500, 'E_INTERNAL'],
		[502, 'ERROR_IDENTIFY_ERS'],
	])('injects %i with the code %s and the fiskaly error body', async (status, code) => {
		await addFault({ match: { path: '/tss' }, fault: { type: 'status', status, retryAfter: 2 } });
		const reply = await api.call('GET', '/tss');
		expectError(reply, status, code, /Injected fault/);
		expect(reply.headers['retry-after']).toBe('2');
	});

	it.each([429, 503])(
		'sends Retry-After: 1 with an injected %i that names no retryAfter',
		async (status) => {
			await addFault({ match: { path: '/tss' }, fault: { type: 'status', status } });
			expect((await api.call('GET', '/tss')).headers['retry-after']).toBe('1');
			await addFault({ match: { path: '/tss' }, fault: { type: 'status', status: 500 } });
			expect((await api.call('GET', '/tss')).headers['retry-after']).toBeUndefined();
		},
	);

	it('uses a custom code and message, and matches ** across segments', async () => {
		await addFault({
			match: { path: '/tss/**' },
			fault: {
				type: 'status',
				status: 502,
				code: 'SMAERS_GATEWAY_ERROR_PRECONDITION_UNEXPORTED_LOGS',
				message: 'try again',
			},
		});
		expectError(
			await api.call('GET', `/tss/${tssId}/client/${clientId}/metadata`),
			502,
			'SMAERS_GATEWAY_ERROR_PRECONDITION_UNEXPORTED_LOGS',
			/^try again$/,
		);
	});

	it('matches query parameters: the finish of a transaction fails, its start does not', async () => {
		const txId = crypto.randomUUID();
		await addFault({
			match: { method: 'PUT', path: `/tss/*/tx/${txId}`, query: 'tx_revision=2' },
			fault: {
				type: 'status',
				status: 400,
				code: 'E_FAILED_SCHEMA_VALIDATION',
				message: 'finish refused',
			},
		});
		const start = await api.call('PUT', `/tss/${tssId}/tx/${txId}?tx_revision=1`, {
			body: { state: 'ACTIVE', client_id: clientId },
		});
		expect(start.status).toBe(200);
		expectError(
			await api.call('PUT', `/tss/${tssId}/tx/${txId}?tx_revision=2`, {
				body: {
					state: 'FINISHED',
					client_id: clientId,
					schema: {
						standard_v1: {
							receipt: {
								receipt_type: 'RECEIPT',
								amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '1.00' }],
							},
						},
					},
				},
			}),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/^finish refused$/,
		);
	});

	it('drops the connection before handling: nothing is signed or stored', async () => {
		await addFault({
			match: { method: 'PUT', path: '/tss/*/tx/*' },
			fault: { type: 'drop', when: 'before' },
		});
		const before = await api.signatureCounter(tssId);
		const txId = crypto.randomUUID();
		await expect(api.upsert(tssId, txId, 1, startBody())).rejects.toThrow(
			/socket hang up|ECONNRESET/,
		);
		expect(await api.signatureCounter(tssId)).toBe(before);
		expectError(await api.call('GET', `/tss/${tssId}/tx/${txId}`), 404, 'E_TX_NOT_FOUND');
	});

	it('drops the connection after the commit: the retry gets the stored answer, signed once', async () => {
		const before = await api.signatureCounter(tssId);
		const txId = crypto.randomUUID();
		const finish = { state: 'FINISHED', client_id: clientId, schema: receipt() };
		expect((await api.upsert(tssId, txId, 1, startBody())).status).toBe(200);
		await addFault({
			match: { method: 'PUT', path: '/tss/*/tx/*' },
			fault: { type: 'drop', when: 'after' },
		});
		await expect(api.upsert(tssId, txId, 2, finish)).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(await api.signatureCounter(tssId)).toBe(before + 2);
		const retry = await api.upsert(tssId, txId, 2, finish);
		expect(retry.status).toBe(200);
		expect(retry.body).toMatchObject({
			state: 'FINISHED',
			revision: 2,
			signature: { counter: before + 2 },
		});
		expect(await api.signatureCounter(tssId)).toBe(before + 2);
	});

	it('adds latency to matching requests only', async () => {
		await addFault({
			match: { method: 'GET', path: '/tss/*' },
			fault: { type: 'latency', ms: 400 },
		});
		let started = Date.now();
		expect((await api.call('GET', '/tss')).status).toBe(200);
		expect(Date.now() - started).toBeLessThan(400);
		started = Date.now();
		expect((await api.call('GET', `/tss/${tssId}`)).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(390);
	});

	it('answers as if the access token had expired', async () => {
		await addFault({ fault: { type: 'expireToken' } });
		expectError(await api.call('GET', '/tss'), 401, 'E_UNAUTHORIZED', /expired/);
		expect((await api.call('GET', '/tss')).status).toBe(200);
	});

	it('lists and clears rules, and refuses malformed ones with 400', async () => {
		await addFault({ match: { path: '/tx' }, count: 5, fault: { type: 'latency', ms: 1 } });
		await addFault({ fault: { type: 'expireToken' } });
		expect((await api.control('GET', '/faults')).body.data).toHaveLength(2);
		expect((await api.control('DELETE', '/faults')).body).toEqual({ deleted: 2 });
		for (const bad of [
			{},
			{ fault: { type: 'explode' } },
			{ fault: { type: 'status', status: 200 } },
			{ fault: { type: 'drop', when: 'during' } },
			{ fault: { type: 'latency' } },
			{ count: 0, fault: { type: 'expireToken' } },
			{ match: { path: 'tss' }, fault: { type: 'expireToken' } },
		]) {
			expectError(await api.control('POST', '/faults', bad), 400, 'E_FAILED_SCHEMA_VALIDATION');
		}
		expectError(await api.control('GET', '/nothing'), 404, 'E_NOT_FOUND');
	});

	it('counts requests, /auth calls, upserts and signatures, and resets them', async () => {
		expect((await api.control('DELETE', '/stats')).body).toMatchObject({
			requests: 0,
			signatures: 0,
		});
		await api.login();
		const txId = crypto.randomUUID();
		await api.upsert(tssId, txId, 1, startBody());
		await api.upsert(tssId, txId, 1, startBody()); // replay: no signature
		await api.upsert(tssId, txId, 2, { state: 'FINISHED', client_id: clientId, schema: receipt() });
		await api.call('GET', `/tss/${tssId}`);
		const stats = (await api.control('GET', '/stats')).body;
		expect(stats).toMatchObject({
			requests: 5,
			auth: 1,
			upserts: 3,
			signatures: 2,
			replayedUpserts: 1,
			byOperation: { authenticateApi: 1, upsertTransaction: 3, retrieveTss: 1 },
			byStatus: { 200: 5 },
		});
	});

	it('keeps a log of recent requests without bodies or headers, and clears it', async () => {
		await api.control('DELETE', '/requests');
		await api.upsert(tssId, crypto.randomUUID(), 1, startBody());
		await api.call('POST', `/tss/${tssId}/admin/auth`, {
			body: { admin_pin: 'secret-pin-123' },
			headers: { 'request-id': 'r-1' },
		});
		const log = (await api.control('GET', '/requests')).body.data;
		expect(log).toHaveLength(2);
		expect(log[0]).toEqual({
			time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			method: 'PUT',
			path: expect.stringMatching(new RegExp(`^/api/v2/tss/${tssId}/tx/`)),
			query: 'tx_revision=1',
			status: 200,
			operationId: 'upsertTransaction',
			requestId: expect.any(String),
			durationMs: expect.any(Number),
		});
		expect(log[1]).toMatchObject({
			method: 'POST',
			status: 401,
			operationId: 'authenticateAdmin',
			requestId: 'r-1',
		});
		expect(JSON.stringify(log)).not.toMatch(/secret-pin-123|Bearer/);
		expect((await api.control('DELETE', '/requests')).body).toEqual({ data: [] });
		expect((await api.control('GET', '/requests')).body.data).toEqual([]);
	});

	it('records injected faults and dropped connections in the request log', async () => {
		await api.control('DELETE', '/requests');
		await addFault({ match: { path: '/tss' }, fault: { type: 'status', status: 503 } });
		await addFault({ match: { path: '/tss' }, fault: { type: 'drop', when: 'before' } });
		await api.call('GET', '/tss');
		await expect(api.call('GET', '/tss')).rejects.toThrow();
		const log = (await api.control('GET', '/requests')).body.data;
		expect(log.map((entry: any) => [entry.status, entry.fault])).toEqual([
			[503, 'status 503'],
			[0, 'drop'],
		]);
	});
});
