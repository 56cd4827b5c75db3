// The simulator's HTTP edge over real HTTP: request-id, error bodies, 404/405/413, JSON and schema
// errors, bearer auth and POST /auth, list query validation and envelopes, rate limits, latency.

import * as crypto from 'node:crypto';
import * as http from 'node:http';

import { startSimulator, type RunningSimulator } from '../../simulator';
import { expectError, SimApi, startTestSimulator } from './sim-api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function decodeJwt(token: string): { header: any; payload: any } {
	const [header, payload] = token.split('.');
	return {
		header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
		payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
	};
}

describe('simulator HTTP edge', () => {
	let simulator: RunningSimulator;
	let api: SimApi;

	beforeAll(async () => {
		({ simulator, api } = await startTestSimulator());
	});
	afterAll(() => simulator.close());

	describe('request-id header', () => {
		it('echoes the client request-id or x-request-id, on success and on errors', async () => {
			const own = await api.request('GET', '/tss', { headers: { 'request-id': 'till-7-req-42' } });
			expect(own.status).toBe(200);
			expect(own.headers['request-id']).toBe('till-7-req-42');
			const legacy = await api.request('GET', '/nope', { headers: { 'x-request-id': 'abc-123' } });
			expect(legacy.status).toBe(404);
			expect(legacy.headers['request-id']).toBe('abc-123');
		});

		it('generates a fresh UUID when the client sends none', async () => {
			const first = await api.request('GET', '/tss');
			const second = await api.request('GET', '/tss');
			expect(first.headers['request-id']).toMatch(UUID);
			expect(second.headers['request-id']).toMatch(UUID);
			expect(first.headers['request-id']).not.toBe(second.headers['request-id']);
		});
	});

	describe('routing errors', () => {
		it('answers unknown paths with 404 E_NOT_FOUND in the fiskaly error body', async () => {
			expectError(
				await api.request('GET', '/tss/00000000-0000-4000-8000-000000000000/nothing'),
				404,
				'E_NOT_FOUND',
			);
			const outside = await new SimApi(
				simulator.url.replace('/api/v2', ''),
				simulator.controlUrl,
				'',
				'',
			).request('GET', '/index.html');
			expectError(outside, 404, 'E_NOT_FOUND');
		});

		it('answers a known path with the wrong method with 405 and an Allow header', async () => {
			const reply = await api.request('DELETE', '/tss');
			expectError(reply, 405, 'E_METHOD_NOT_ALLOWED', /DELETE/);
			expect(reply.headers.allow).toBe('GET');
		});
	});

	describe('request bodies', () => {
		it('rejects malformed JSON with 400 E_FAILED_SCHEMA_VALIDATION saying so', async () => {
			const reply = await api.request('PUT', `/tss/${crypto.randomUUID()}`, {
				raw: '{"metadata": {',
			});
			expectError(reply, 400, 'E_FAILED_SCHEMA_VALIDATION', /not valid JSON/);
		});

		it('rejects a missing required body', async () => {
			const reply = await api.request('PATCH', `/tss/${crypto.randomUUID()}`);
			expectError(reply, 400, 'E_FAILED_SCHEMA_VALIDATION', /body is required/);
		});

		it('names the field of a body that breaks the schema', async () => {
			const { tssId } = await api.deployTss();
			expectError(
				await api.request('PATCH', `/tss/${tssId}`, { body: { state: 'READY' } }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/state must be one of UNINITIALIZED, INITIALIZED, DISABLED/,
			);
			expectError(
				await api.request('PATCH', `/tss/${tssId}`, {
					body: { state: 'UNINITIALIZED', colour: 'red' },
				}),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/"colour"/,
			);
			expectError(
				await api.request('PATCH', `/tss/${tssId}/metadata`, { body: { note: 42 } }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/note must be a string/,
			);
			expectError(
				await api.request('GET', '/tss/not-a-uuid'),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/tss_id must be a UUID/,
			);
		});

		it('accepts a body of exactly 1 MB and refuses one byte more with 413', async () => {
			const exact = Buffer.alloc(1024 * 1024, ' ');
			exact.write('{}', 0);
			const accepted = await api.request('PUT', `/tss/${crypto.randomUUID()}`, { raw: exact });
			expect(accepted.status).toBe(200);

			const tooBig = Buffer.alloc(1024 * 1024 + 1, ' ');
			tooBig.write('{}', 0);
			const refused = await api.request('PUT', `/tss/${crypto.randomUUID()}`, { raw: tooBig });
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

	describe('authentication', () => {
		it('POST /auth returns fiskaly-shaped tokens with 24 h / 48 h lifetimes', async () => {
			const reply = await api.request('POST', '/auth', {
				body: { api_key: api.apiKey, api_secret: api.apiSecret },
				token: null,
			});
			expect(reply.status).toBe(200);
			const now = Math.floor(Date.now() / 1000);
			expect(reply.body).toEqual({
				access_token: expect.any(String),
				access_token_claims: { env: 'TEST', organization_id: expect.stringMatching(UUID) },
				access_token_expires_in: 86400,
				access_token_expires_at: expect.any(Number),
				refresh_token: expect.any(String),
				refresh_token_expires_in: 172800,
				refresh_token_expires_at: expect.any(Number),
			});
			expect(Math.abs(reply.body.access_token_expires_at - (now + 86400))).toBeLessThanOrEqual(2);
			const { header, payload } = decodeJwt(reply.body.access_token);
			expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
			expect(payload).toMatchObject({
				typ: 'Bearer',
				env: 'TEST',
				organization: reply.body.access_token_claims.organization_id,
			});
			expect(payload.exp - payload.iat).toBe(86400);
			expect(payload.session_state).toMatch(UUID);
		});

		it('refuses wrong credentials with 401 E_UNAUTHORIZED and a body missing them with 400', async () => {
			expectError(
				await api.request('POST', '/auth', {
					body: { api_key: api.apiKey, api_secret: 'wrong' },
					token: null,
				}),
				401,
				'E_UNAUTHORIZED',
				/Invalid credentials/,
			);
			expectError(
				await api.request('POST', '/auth', { body: { api_key: api.apiKey }, token: null }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/api_secret/,
			);
		});

		it('requires a valid bearer token everywhere except /auth', async () => {
			expectError(
				await api.request('GET', '/tss', { token: null }),
				401,
				'E_UNAUTHORIZED',
				/Authorization/,
			);
			expectError(
				await api.request('GET', '/tss', { headers: { authorization: 'Basic abc' }, token: null }),
				401,
				'E_UNAUTHORIZED',
			);
			expectError(
				await api.request('GET', '/tss', { token: 'not.a.token' }),
				401,
				'E_UNAUTHORIZED',
				/invalid or unknown/,
			);
			// A refresh token is not an access token.
			expectError(
				await api.request('GET', '/tss', { token: api.refreshToken }),
				401,
				'E_UNAUTHORIZED',
			);
		});

		it('rejects tokens of another simulator (another signing secret)', async () => {
			const other = await startTestSimulator();
			try {
				expectError(
					await api.request('GET', '/tss', { token: other.api.token }),
					401,
					'E_UNAUTHORIZED',
					/invalid or unknown/,
				);
			} finally {
				await other.simulator.close();
			}
		});

		it('exchanges a refresh token for new tokens and refuses a bad one with 401', async () => {
			const refreshed = await api.request('POST', '/auth', {
				body: { refresh_token: api.refreshToken },
				token: null,
			});
			expect(refreshed.status).toBe(200);
			expect(
				(await api.request('GET', '/tss', { token: refreshed.body.access_token })).status,
			).toBe(200);
			expect(decodeJwt(refreshed.body.access_token).payload.session_state).toBe(
				decodeJwt(api.token!).payload.session_state,
			);
			expectError(
				await api.request('POST', '/auth', { body: { refresh_token: 'x.y.z' }, token: null }),
				401,
				'E_UNAUTHORIZED',
			);
		});

		it('expires access tokens after tokenTtlSeconds (refresh tokens after twice that)', async () => {
			let now = Date.now();
			const timed = await startTestSimulator({ tokenTtlSeconds: 60, clock: () => now });
			try {
				const { api: client } = timed;
				const login = await client.request('POST', '/auth', {
					body: { api_key: client.apiKey, api_secret: client.apiSecret },
					token: null,
				});
				expect(login.body.access_token_expires_in).toBe(60);
				expect(login.body.refresh_token_expires_in).toBe(120);
				now += 59_000;
				expect((await client.request('GET', '/tss')).status).toBe(200);
				now += 2_000;
				expectError(await client.request('GET', '/tss'), 401, 'E_UNAUTHORIZED', /expired/);
				expect(
					(
						await client.request('POST', '/auth', {
							body: { refresh_token: client.refreshToken },
							token: null,
						})
					).status,
				).toBe(200);
				now += 60_000;
				expectError(
					await client.request('POST', '/auth', {
						body: { refresh_token: client.refreshToken },
						token: null,
					}),
					401,
					'E_UNAUTHORIZED',
					/expired/,
				);
			} finally {
				await timed.simulator.close();
			}
		});
	});

	describe('list queries and envelopes', () => {
		let tssIds: string[];

		beforeAll(async () => {
			tssIds = [];
			for (let i = 0; i < 3; i++) {
				const tssId = crypto.randomUUID();
				expect((await api.request('PUT', `/tss/${tssId}`, { body: {} })).status).toBe(200);
				tssIds.push(tssId);
			}
			await api.request('PATCH', `/tss/${tssIds[2]}`, { body: { state: 'UNINITIALIZED' } });
		});

		it('wraps lists in {data, count, _type, _env, _version} with count = items returned', async () => {
			const reply = await api.request('GET', '/tss?limit=2');
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
			const all = (await api.request('GET', '/tss')).body.data.map((tss: any) => tss._id);
			const second = (await api.request('GET', '/tss?limit=1&offset=1')).body.data.map(
				(tss: any) => tss._id,
			);
			expect(second).toEqual([all[1]]);
			const reversed = (await api.request('GET', '/tss?order=desc')).body.data.map(
				(tss: any) => tss._id,
			);
			expect(reversed).toEqual([...all].reverse());
			const byState = (await api.request('GET', '/tss?order_by=state&order=desc')).body.data;
			expect(byState[0].state).toBe('UNINITIALIZED');
			expect((await api.request('GET', `/tss?offset=${all.length}`)).body).toMatchObject({
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
			const reply = await api.request('GET', `/tss?${query}`);
			expect(reply.status).toBe(200);
			expect(reply.body.data.map((tss: any) => tss._id)).toContain(tssIds[2]);
			expect(reply.body.data.every((tss: any) => tss.state === 'UNINITIALIZED')).toBe(true);
		});

		it('combines several states', async () => {
			const reply = await api.request('GET', '/tss?states[]=CREATED&states[]=UNINITIALIZED');
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
				await api.request('GET', `/tss?${query}`),
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
			for (const tssId of [first, second]) await api.request('PUT', `/tss/${tssId}`, { body: {} });
			for (let i = 0; i < 20; i++)
				expect((await api.request('GET', `/tss/${first}/tx`)).status).toBe(200);
			const limited = await api.request('GET', `/tss/${first}/tx`);
			expectError(limited, 429, 'E_TOO_MANY_REQUESTS');
			expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
			expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
			expect((await api.request('GET', `/tss/${second}/tx`)).status).toBe(200); // per TSS
			now += 61_000;
			expect((await api.request('GET', `/tss/${first}/tx`)).status).toBe(200);
		} finally {
			await simulator.close();
		}
	});

	it('allows 12 export reads (status and file together) per minute per export', async () => {
		const { simulator, api } = await startTestSimulator({ rateLimits: true });
		try {
			const { tssId } = await api.initializedTss();
			const exportId = crypto.randomUUID();
			expect(
				(await api.request('PUT', `/tss/${tssId}/export/${exportId}`, { body: {} })).status,
			).toBe(200);
			for (let i = 0; i < 6; i++) {
				expect((await api.request('GET', `/tss/${tssId}/export/${exportId}`)).status).toBe(200);
				expect([200, 404]).toContain(
					(await api.request('GET', `/tss/${tssId}/export/${exportId}/file`)).status,
				);
			}
			const limited = await api.request('GET', `/tss/${tssId}/export/${exportId}`);
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
			await api.request('PUT', `/tss/${tssId}`, { body: {} });
			for (let i = 0; i < 25; i++)
				expect((await api.request('GET', `/tss/${tssId}/tx`)).status).toBe(200);
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
			expect((await api.request('GET', '/tss')).status).toBe(200);
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
			const api = SimApi.of(simulator);
			await api.login();
			expectError(
				await api.request('POST', '/auth', {
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
