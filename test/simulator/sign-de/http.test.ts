// The simulator's HTTP core over real HTTP: request-id, routing (404/405), request bodies (JSON,
// schema errors, 1 MB limit), list query validation and envelopes, rate limits, options and life cycle.
// POST /auth and bearer tokens are in auth.test.ts.

import * as crypto from 'node:crypto';
import * as http from 'node:http';

import { startSimulator, type RunningSimulator } from '../../../simulator';
import { expectError, SimulatorClient, startTestSimulator } from '../../support/simulatorClient';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('simulator HTTP edge', () => {
	let simulator: RunningSimulator;
	let api: SimulatorClient;

	beforeAll(async () => {
		({ simulator, api } = await startTestSimulator());
	});
	afterAll(() => simulator.close());

	describe('request-id header', () => {
		it('echoes the client request-id or x-request-id, on success and on errors', async () => {
			const own = await api.call('GET', '/tss', { headers: { 'request-id': 'till-7-req-42' } });
			expect(own.status).toBe(200);
			expect(own.headers['request-id']).toBe('till-7-req-42');
			const legacy = await api.call('GET', '/nope', {
				headers: { 'x-request-id': 'abc-123' },
				undocumentedPath: true,
			});
			expect(legacy.status).toBe(404);
			expect(legacy.headers['request-id']).toBe('abc-123');
		});

		it('generates a fresh UUID when the client sends none', async () => {
			const first = await api.call('GET', '/tss');
			const second = await api.call('GET', '/tss');
			expect(first.headers['request-id']).toMatch(UUID);
			expect(second.headers['request-id']).toMatch(UUID);
			expect(first.headers['request-id']).not.toBe(second.headers['request-id']);
		});
	});

	describe('routing errors', () => {
		it('answers unknown paths with 404 E_NOT_FOUND in the fiskaly error body', async () => {
			expectError(
				await api.call('GET', '/tss/00000000-0000-4000-8000-000000000000/nothing', {
					undocumentedPath: true,
				}),
				404,
				'E_NOT_FOUND',
			);
			const outside = await new SimulatorClient(simulator.url.replace('/api/v2', '')).raw(
				'GET',
				'/index.html',
			);
			expectError(outside, 404, 'E_NOT_FOUND');
		});

		it('answers a known path with the wrong method with 405 and an Allow header', async () => {
			const reply = await api.call('DELETE', '/tss', { undocumentedPath: true });
			expectError(reply, 405, 'E_METHOD_NOT_ALLOWED', /DELETE/);
			expect(reply.headers.allow).toBe('GET');
		});
	});

	describe('request bodies', () => {
		it('rejects malformed JSON with 400 E_FAILED_SCHEMA_VALIDATION saying so', async () => {
			const reply = await api.call('PUT', `/tss/${crypto.randomUUID()}`, {
				raw: '{"metadata": {',
			});
			expectError(reply, 400, 'E_FAILED_SCHEMA_VALIDATION', /not valid JSON/);
		});

		it('rejects a missing required body', async () => {
			const reply = await api.call('PATCH', `/tss/${crypto.randomUUID()}`, {
				invalidRequest: true,
			});
			expectError(reply, 400, 'E_FAILED_SCHEMA_VALIDATION', /body is required/);
		});

		it('names the field of a body that breaks the schema', async () => {
			const { tssId } = await api.deployTss();
			expectError(
				await api.call('PATCH', `/tss/${tssId}`, {
					body: { state: 'READY' },
					invalidRequest: true,
				}),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/state must be one of UNINITIALIZED, INITIALIZED, DISABLED/,
			);
			expectError(
				await api.call('PATCH', `/tss/${tssId}`, {
					body: { state: 'UNINITIALIZED', colour: 'red' },
					invalidRequest: true,
				}),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/"colour"/,
			);
			expectError(
				await api.call('PATCH', `/tss/${tssId}/metadata`, {
					body: { note: 42 },
					invalidRequest: true,
				}),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/note must be a string/,
			);
			expectError(
				await api.call('GET', '/tss/not-a-uuid', { invalidRequest: true }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/tss_id must be a UUID/,
			);
		});

		it('accepts a body of exactly 1 MB and refuses one byte more with 413', async () => {
			const exact = Buffer.alloc(1024 * 1024, ' ');
			exact.write('{}', 0);
			const accepted = await api.call('PUT', `/tss/${crypto.randomUUID()}`, { raw: exact });
			expect(accepted.status).toBe(200);

			const tooBig = Buffer.alloc(1024 * 1024 + 1, ' ');
			tooBig.write('{}', 0);
			const refused = await api.call('PUT', `/tss/${crypto.randomUUID()}`, { raw: tooBig });
			expectError(refused, 413, 'E_PAYLOAD_TOO_LARGE', /1 MB/);
		});

		it('stops reading a chunked body once it passes 1 MB', async () => {
			const url = new URL(`${simulator.url}/tss/${crypto.randomUUID()}`);
			const status = await new Promise<number>((resolve, reject) => {
				const request = http.request(
					url,
					{
						method: 'PUT',
						headers: { authorization: `Bearer ${api.token}`, 'transfer-encoding': 'chunked' },
						agent: false,
					},
					(response) => {
						response.resume();
						resolve(response.statusCode ?? 0);
					},
				);
				request.on('error', reject);
				const chunk = Buffer.alloc(64 * 1024, ' ');
				let sent = 0;
				const pump = () => {
					// 2 MB at most: the server answers (and closes) long before that.
					while (sent < 2 * 1024 * 1024) {
						sent += chunk.length;
						if (!request.write(chunk)) return void request.once('drain', pump);
					}
					request.end();
				};
				pump();
			});
			expect(status).toBe(413);
		});
	});

	describe('list queries and envelopes', () => {
		let tssIds: string[];

		beforeAll(async () => {
			tssIds = [];
			for (let i = 0; i < 3; i++) {
				const tssId = crypto.randomUUID();
				expect((await api.call('PUT', `/tss/${tssId}`, { body: {} })).status).toBe(200);
				tssIds.push(tssId);
			}
			await api.call('PATCH', `/tss/${tssIds[2]}`, { body: { state: 'UNINITIALIZED' } });
		});

		it('wraps lists in {data, count, _type, _env, _version} with count = items returned', async () => {
			const reply = await api.call('GET', '/tss?limit=2');
			expect(reply.status).toBe(200);
			expect(Object.keys(reply.body).sort()).toEqual([
				'_env',
				'_type',
				'_version',
				'count',
				'data',
			]);
			expect(reply.body).toMatchObject({
				count: 2,
				_type: 'TSS_LIST',
				_env: 'TEST',
				_version: '2.2.2',
			});
			expect(reply.body.data).toHaveLength(2);
		});

		it('pages with limit and offset and orders with order_by / order', async () => {
			const all = (await api.call('GET', '/tss')).body.data.map((tss: any) => tss._id);
			const second = (await api.call('GET', '/tss?limit=1&offset=1')).body.data.map(
				(tss: any) => tss._id,
			);
			expect(second).toEqual([all[1]]);
			const reversed = (await api.call('GET', '/tss?order=desc')).body.data.map(
				(tss: any) => tss._id,
			);
			expect(reversed).toEqual([...all].reverse());
			const byState = (await api.call('GET', '/tss?order_by=state&order=desc')).body.data;
			expect(byState[0].state).toBe('UNINITIALIZED');
			expect((await api.call('GET', `/tss?offset=${all.length}`)).body).toMatchObject({
				data: [],
				count: 0,
			});
		});

		it.each([
			['states[]=UNINITIALIZED'],
			['states[0]=UNINITIALIZED'],
			['states=UNINITIALIZED'],
			['states%5B0%5D=UNINITIALIZED'],
		])('filters by %s', async (query) => {
			const reply = await api.call('GET', `/tss?${query}`);
			expect(reply.status).toBe(200);
			expect(reply.body.data.map((tss: any) => tss._id)).toContain(tssIds[2]);
			expect(reply.body.data.every((tss: any) => tss.state === 'UNINITIALIZED')).toBe(true);
		});

		it('combines several states', async () => {
			const reply = await api.call('GET', '/tss?states[]=CREATED&states[]=UNINITIALIZED');
			expect(reply.body.data.map((tss: any) => tss._id)).toEqual(expect.arrayContaining(tssIds));
		});

		it.each([
			['limit=0', /limit must be an integer from 1 to 100/],
			['limit=101', /limit/],
			['limit=ten', /limit/],
			['offset=-1', /offset/],
			['order=up', /order must be one of asc, desc/],
			['order_by=colour', /order_by must be one of description, state/],
			['states[]=BROKEN', /states must only hold/],
			['show_deleted=maybe', /show_deleted/],
		])('refuses %s with 400 naming the parameter', async (query, message) => {
			expectError(
				await api.call('GET', `/tss?${query}`, { invalidRequest: true }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				message,
			);
		});
	});
});

describe('simulator rate limits', () => {
	it('allows 20 transaction lists per minute per TSS, then 429 with Retry-After', async () => {
		let now = Date.now();
		const { simulator, api } = await startTestSimulator({ rateLimits: true, clock: () => now });
		try {
			const first = crypto.randomUUID();
			const second = crypto.randomUUID();
			for (const tssId of [first, second]) await api.call('PUT', `/tss/${tssId}`, { body: {} });
			for (let i = 0; i < 20; i++)
				expect((await api.call('GET', `/tss/${first}/tx`)).status).toBe(200);
			const limited = await api.call('GET', `/tss/${first}/tx`);
			expectError(limited, 429, 'E_TOO_MANY_REQUESTS');
			expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
			expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
			expect((await api.call('GET', `/tss/${second}/tx`)).status).toBe(200); // per TSS
			now += 61_000;
			expect((await api.call('GET', `/tss/${first}/tx`)).status).toBe(200);
		} finally {
			await simulator.close();
		}
	});

	it('allows 12 export reads (status and file together) per minute per export', async () => {
		const { simulator, api } = await startTestSimulator({ rateLimits: true });
		try {
			const { tssId } = await api.initializedTss();
			const exportId = crypto.randomUUID();
			expect((await api.call('PUT', `/tss/${tssId}/export/${exportId}`, { body: {} })).status).toBe(
				200,
			);
			for (let i = 0; i < 6; i++) {
				expect((await api.call('GET', `/tss/${tssId}/export/${exportId}`)).status).toBe(200);
				expect([200, 404]).toContain(
					(await api.call('GET', `/tss/${tssId}/export/${exportId}/file`)).status,
				);
			}
			const limited = await api.call('GET', `/tss/${tssId}/export/${exportId}`);
			expectError(limited, 429, 'E_TOO_MANY_REQUESTS');
			expect(limited.headers['retry-after']).toMatch(/^\d+$/);
		} finally {
			await simulator.close();
		}
	});

	it('is off by default from code', async () => {
		const { simulator, api } = await startTestSimulator();
		try {
			const tssId = crypto.randomUUID();
			await api.call('PUT', `/tss/${tssId}`, { body: {} });
			for (let i = 0; i < 25; i++)
				expect((await api.call('GET', `/tss/${tssId}/tx`)).status).toBe(200);
		} finally {
			await simulator.close();
		}
	});
});

describe('simulator options and lifecycle', () => {
	it('delays every API request by latencyMs', async () => {
		const { simulator, api } = await startTestSimulator({ latencyMs: 250 });
		try {
			const started = Date.now();
			expect((await api.call('GET', '/tss')).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(240);
		} finally {
			await simulator.close();
		}
	});

	it('accepts custom credentials and reports URLs, port and credentials', async () => {
		const simulator = await startSimulator({
			port: 0,
			apiKey: 'test_custom',
			apiSecret: 'secret-1',
		});
		try {
			expect(simulator.url).toBe(`http://127.0.0.1:${simulator.port}/api/v2`);
			expect(simulator.controlUrl).toBe(`http://127.0.0.1:${simulator.port}/_simulator`);
			expect([simulator.apiKey, simulator.apiSecret]).toEqual(['test_custom', 'secret-1']);
			const api = SimulatorClient.of(simulator);
			await api.login();
			expectError(
				await api.call('POST', '/auth', {
					body: { api_key: 'test_simulator_api_key', api_secret: 'test_simulator_api_secret' },
					token: null,
				}),
				401,
				'E_UNAUTHORIZED',
			);
		} finally {
			await simulator.close();
		}
	});

	it('close() ends open keep-alive connections and can be called twice', async () => {
		const simulator = await startSimulator({ port: 0 });
		const agent = new http.Agent({ keepAlive: true });
		await new Promise<void>((resolve, reject) => {
			http
				.get(`${simulator.url}/tss`, { agent }, (response) => {
					response.resume();
					response.on('end', () => resolve());
				})
				.on('error', reject);
		});
		const started = Date.now();
		await Promise.all([simulator.close(), simulator.close()]);
		expect(Date.now() - started).toBeLessThan(2000);
		agent.destroy();
		await expect(
			new Promise((resolve, reject) =>
				http.get(`${simulator.url}/tss`, resolve).on('error', reject),
			),
		).rejects.toThrow(/ECONNREFUSED/);
	});
});
