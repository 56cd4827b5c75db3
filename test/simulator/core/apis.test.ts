// One simulator, three fiskaly APIs: each base path has its own POST /auth, tokens only work at the API
// that issued them, and the stats count requests per API.

import { startSimulator, type RunningSimulator } from '../../../simulator';

let simulator: RunningSimulator;

beforeAll(async () => {
	simulator = await startSimulator({ port: 0 });
});

afterAll(async () => {
	await simulator.close();
});

async function call(url: string, method: string, body?: unknown, token?: string) {
	const response = await fetch(url, {
		method,
		headers: {
			'content-type': 'application/json',
			...(token ? { authorization: `Bearer ${token}` } : {}),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const login = (baseUrl: string) =>
	call(`${baseUrl}/auth`, 'POST', {
		api_key: simulator.apiKey,
		api_secret: simulator.apiSecret,
	});

describe('APIs served by one simulator', () => {
	it('names every base URL, SIGN DE as `url`', () => {
		const origin = simulator.url.replace('/api/v2', '');
		expect(simulator.urls).toEqual({
			signDe: `${origin}/api/v2`,
			dsfinvk: `${origin}/dsfinvk/api/v1`,
			submitDe: `${origin}/submission-api/v1`,
		});
		expect(simulator.url).toBe(simulator.urls.signDe);
	});

	it.each(['signDe', 'dsfinvk', 'submitDe'] as const)(
		'%s answers POST /auth with the SIGN DE answer shape',
		async (api) => {
			const { status, body } = await login(simulator.urls[api]);
			expect(status).toBe(200);
			expect(Object.keys(body).sort()).toEqual([
				'access_token',
				'access_token_claims',
				'access_token_expires_at',
				'access_token_expires_in',
				'refresh_token',
				'refresh_token_expires_at',
				'refresh_token_expires_in',
			]);
			const wrong = await call(`${simulator.urls[api]}/auth`, 'POST', {
				api_key: simulator.apiKey,
				api_secret: 'wrong',
			});
			expect(wrong).toMatchObject({ status: 401, body: { code: 'E_UNAUTHORIZED' } });
		},
	);

	it('refuses a token at an API that did not issue it', async () => {
		const dsfinvk = (await login(simulator.urls.dsfinvk)).body;
		const atSignDe = await call(
			`${simulator.urls.signDe}/tss`,
			'GET',
			undefined,
			dsfinvk.access_token,
		);
		expect(atSignDe).toMatchObject({ status: 401, body: { code: 'E_UNAUTHORIZED' } });

		const signDe = (await login(simulator.urls.signDe)).body;
		expect(
			(await call(`${simulator.urls.signDe}/tss`, 'GET', undefined, signDe.access_token)).status,
		).toBe(200);
		const refreshElsewhere = await call(`${simulator.urls.submitDe}/auth`, 'POST', {
			refresh_token: signDe.refresh_token,
		});
		expect(refreshElsewhere).toMatchObject({ status: 401, body: { code: 'E_UNAUTHORIZED' } });
	});

	it('counts requests per API', async () => {
		await fetch(`${simulator.controlUrl}/stats`, { method: 'DELETE' });
		await login(simulator.urls.signDe);
		await login(simulator.urls.dsfinvk);
		await login(simulator.urls.dsfinvk);
		const stats = (await call(`${simulator.controlUrl}/stats`, 'GET')).body;
		expect(stats).toMatchObject({
			requests: 3,
			auth: 3,
			byApi: { signDe: 1, dsfinvk: 2, submitDe: 0 },
		});
	});

	it('answers paths outside every API with 404 naming the base paths', async () => {
		const origin = simulator.url.replace('/api/v2', '');
		const { status, body } = await call(`${origin}/api/v1/tss`, 'GET');
		expect(status).toBe(404);
		expect(body.message).toContain('/api/v2, /dsfinvk/api/v1, /submission-api/v1');
	});
});
