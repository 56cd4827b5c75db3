// POST /auth and the bearer tokens it issues, over real HTTP: token shape and lifetimes, refresh,
// expiry, and the 401 answers for missing, foreign and unknown tokens.

import type { RunningSimulator } from '../../../simulator';
import { expectError, SimulatorClient, startTestSimulator } from '../../support/simulatorClient';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function decodeJwt(token: string): { header: any; payload: any } {
	const [header, payload] = token.split('.');
	return {
		header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
		payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
	};
}

describe('simulator authentication (POST /auth and bearer tokens)', () => {
	let simulator: RunningSimulator;
	let api: SimulatorClient;

	beforeAll(async () => {
		({ simulator, api } = await startTestSimulator());
	});
	afterAll(() => simulator.close());
	it('POST /auth returns fiskaly-shaped tokens with 24 h / 48 h lifetimes', async () => {
		const reply = await api.call('POST', '/auth', {
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
			await api.call('POST', '/auth', {
				body: { api_key: api.apiKey, api_secret: 'wrong' },
				token: null,
			}),
			401,
			'E_UNAUTHORIZED',
			/Invalid credentials/,
		);
		expectError(
			await api.call('POST', '/auth', {
				body: { api_key: api.apiKey },
				token: null,
				invalidRequest: true,
			}),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/api_secret/,
		);
	});

	it('requires a valid bearer token everywhere except /auth', async () => {
		expectError(
			await api.call('GET', '/tss', { token: null }),
			401,
			'E_UNAUTHORIZED',
			/Authorization/,
		);
		expectError(
			await api.call('GET', '/tss', { headers: { authorization: 'Basic abc' }, token: null }),
			401,
			'E_UNAUTHORIZED',
		);
		expectError(
			await api.call('GET', '/tss', { token: 'not.a.token' }),
			401,
			'E_UNAUTHORIZED',
			/invalid or unknown/,
		);
		expectError(
			await api.call('GET', '/tss', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.x' }),
			401,
			'E_UNAUTHORIZED',
		);
		// A refresh token is not an access token.
		expectError(await api.call('GET', '/tss', { token: api.refreshToken }), 401, 'E_UNAUTHORIZED');
	});

	it('rejects tokens of another simulator (another signing secret)', async () => {
		const other = await startTestSimulator();
		try {
			expectError(
				await api.call('GET', '/tss', { token: other.api.token }),
				401,
				'E_UNAUTHORIZED',
				/invalid or unknown/,
			);
		} finally {
			await other.simulator.close();
		}
	});

	it('exchanges a refresh token for new tokens and refuses a bad one with 401', async () => {
		const refreshed = await api.call('POST', '/auth', {
			body: { refresh_token: api.refreshToken },
			token: null,
		});
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.access_token).not.toBe(api.token);
		expect((await api.call('GET', '/tss', { token: refreshed.body.access_token })).status).toBe(
			200,
		);
		expect(decodeJwt(refreshed.body.access_token).payload.session_state).toBe(
			decodeJwt(api.token!).payload.session_state,
		);
		expectError(
			await api.call('POST', '/auth', { body: { refresh_token: 'x.y.z' }, token: null }),
			401,
			'E_UNAUTHORIZED',
		);
	});

	it('expires access tokens after tokenTtlSeconds (refresh tokens after twice that)', async () => {
		let now = Date.now();
		const timed = await startTestSimulator({ tokenTtlSeconds: 60, clock: () => now });
		try {
			const { api: client } = timed;
			const login = await client.call('POST', '/auth', {
				body: { api_key: client.apiKey, api_secret: client.apiSecret },
				token: null,
			});
			expect(login.body.access_token_expires_in).toBe(60);
			expect(login.body.refresh_token_expires_in).toBe(120);
			now += 59_000;
			expect((await client.call('GET', '/tss')).status).toBe(200);
			now += 2_000;
			expectError(await client.call('GET', '/tss'), 401, 'E_UNAUTHORIZED', /expired/);
			expect(
				(
					await client.call('POST', '/auth', {
						body: { refresh_token: client.refreshToken },
						token: null,
					})
				).status,
			).toBe(200);
			now += 60_000;
			expectError(
				await client.call('POST', '/auth', {
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
