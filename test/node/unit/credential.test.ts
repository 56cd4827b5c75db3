// The credential's token per fiskaly API, driven the way n8n drives it: preAuthentication with a
// stand-in for n8n's HTTP helper, then the function `authenticate` on each outgoing request.
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { FiskalySignDeApi } from '../../../credentials/FiskalySignDeApi.credentials';
import { readFailure } from '../../../nodes/shared/errors';
import { isRetryable } from '../../../nodes/shared/retry';

const ORIGIN = 'http://127.0.0.1:9';
const SIGN_DE = `${ORIGIN}/api/v2`;
const DSFINVK = `${ORIGIN}/dsfinvk/api/v1`;
const SUBMIT_DE = `${ORIGIN}/submission-api/v1`;
const SECRET = 'secret-that-must-not-leak-4711';

const node: INode = {
	id: 'n1',
	name: 'Fiskaly SIGN DE',
	type: 'n8n-nodes-fiskaly-sign-de.fiskalySignDe',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

type Answer = { token: string } | { status: number; code?: string } | { networkCode: string };

/** n8n's HTTP helper, answering POST <base>/auth per URL; records every URL asked. */
function authServer(answers: Record<string, Answer>) {
	const asked: string[] = [];
	const helper = {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				asked.push(String(options.url));
				await new Promise((resolve) => setImmediate(resolve));
				const answer = answers[String(options.url)];
				if (!answer) throw Object.assign(new Error('no route'), { response: { status: 404 } });
				if ('token' in answer) return { access_token: answer.token };
				if ('status' in answer)
					throw Object.assign(new Error(`HTTP ${answer.status}`), {
						response: { status: answer.status, data: { code: answer.code } },
					});
				throw Object.assign(new Error(`connect ${answer.networkCode}`), {
					code: answer.networkCode,
				});
			},
		},
	} as unknown as IHttpRequestHelper;
	return { helper, asked };
}

let keyCounter = 0;
/** A credential with its own API key, so no test shares a token fetch with another. */
function credentials(extra: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		apiKey: `test_key_${++keyCounter}`,
		apiSecret: SECRET,
		baseUrl: SIGN_DE,
		dsfinvkBaseUrl: DSFINVK,
		submitDeBaseUrl: SUBMIT_DE,
		accessToken: '',
		...extra,
	};
}

const type = new FiskalySignDeApi();

async function preAuthenticate(helper: IHttpRequestHelper, data: ICredentialDataDecryptedObject) {
	const output = await type.preAuthentication!.call(helper, data);
	return { ...data, ...output };
}

async function authorization(data: ICredentialDataDecryptedObject, options: IHttpRequestOptions) {
	const authenticate = type.authenticate as (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;
	return (await authenticate(data, { ...options })).headers?.Authorization;
}

async function authenticationError(data: ICredentialDataDecryptedObject, url: string) {
	try {
		await authorization(data, { url, method: 'GET' });
	} catch (error) {
		return error as Error & { response?: { status?: number }; description?: string };
	}
	throw new Error('authenticate did not fail');
}

describe('one token per fiskaly API', () => {
	test('preAuthentication asks each API for a token once, and each request gets its own', async () => {
		const { helper, asked } = authServer({
			[`${SIGN_DE}/auth`]: { token: 'sign-de-token' },
			[`${DSFINVK}/auth`]: { token: 'dsfinvk-token' },
			[`${SUBMIT_DE}/auth`]: { token: 'submit-de-token' },
		});
		const data = await preAuthenticate(helper, credentials());
		expect(asked.sort()).toEqual([`${SIGN_DE}/auth`, `${DSFINVK}/auth`, `${SUBMIT_DE}/auth`]);
		expect(await authorization(data, { url: `${SIGN_DE}/tss/t1`, method: 'GET' })).toBe(
			'Bearer sign-de-token',
		);
		expect(await authorization(data, { url: `${DSFINVK}/cash_registers`, method: 'GET' })).toBe(
			'Bearer dsfinvk-token',
		);
		expect(
			await authorization(data, { url: `${SUBMIT_DE}/submissions?limit=1`, method: 'GET' }),
		).toBe('Bearer submit-de-token');
		// The credential test is declarative: base URL and path come separately.
		expect(await authorization(data, { baseURL: `${SIGN_DE}/`, url: '/tss', method: 'GET' })).toBe(
			'Bearer sign-de-token',
		);
	});

	test('requests holding the same tokens share one round of /auth', async () => {
		const { helper, asked } = authServer({
			[`${SIGN_DE}/auth`]: { token: 'a' },
			[`${DSFINVK}/auth`]: { token: 'b' },
			[`${SUBMIT_DE}/auth`]: { token: 'c' },
		});
		const data = credentials();
		const outputs = await Promise.all(
			Array.from({ length: 5 }, async () => preAuthenticate(helper, data)),
		);
		expect(new Set(outputs.map((output) => output.accessToken)).size).toBe(1);
		expect(asked).toHaveLength(3);
	});

	test('an API whose /auth failed fails its own requests with a clear message; the others work', async () => {
		const { helper } = authServer({
			[`${SIGN_DE}/auth`]: { token: 'sign-de-token' },
			[`${SUBMIT_DE}/auth`]: { status: 503 },
		});
		const data = await preAuthenticate(helper, credentials());
		expect(await authorization(data, { url: `${SIGN_DE}/tss`, method: 'GET' })).toBe(
			'Bearer sign-de-token',
		);

		const notFound = await authenticationError(data, `${DSFINVK}/cash_registers`);
		expect(notFound.message).toBe(
			`DSFinV-K: No fiskaly authentication endpoint at ${DSFINVK}/auth (HTTP 404)`,
		);
		expect(notFound.description).toMatch(/DSFinV-K Base URL: it must end with \/api\/v1/);
		// The 401 makes n8n fetch the tokens again and resend once.
		expect(notFound.response?.status).toBe(401);

		const down = await authenticationError(data, `${SUBMIT_DE}/submissions`);
		expect(down.message).toBe('SUBMIT DE: fiskaly could not authenticate right now (HTTP 503)');
		for (const error of [notFound, down]) expect(JSON.stringify(error)).not.toContain(SECRET);

		// What the node's transport makes of it once n8n gives up: fiskaly never answered that 401.
		const failure = readFailure(new NodeApiError(node, down as never));
		expect(failure.status).toBeUndefined();
		expect(failure.message).toBe(down.message);
		expect(isRetryable(failure)).toBe(true);
		expect(isRetryable(readFailure(new NodeApiError(node, notFound as never)))).toBe(false);
	});

	test('when every API fails, the SIGN DE failure is the error, as with one API', async () => {
		const { helper } = authServer({
			[`${SIGN_DE}/auth`]: { status: 401, code: 'E_UNAUTHORIZED' },
			[`${DSFINVK}/auth`]: { status: 401 },
			[`${SUBMIT_DE}/auth`]: { networkCode: 'ECONNREFUSED' },
		});
		const fetching = preAuthenticate(helper, credentials());
		await expect(fetching).rejects.toThrow(
			'fiskaly did not accept the API key and secret (E_UNAUTHORIZED)',
		);
		await expect(fetching).rejects.toMatchObject({
			description: expect.stringMatching(/API Key and API Secret/),
		});
	});

	test('a SIGN DE failure is kept for SIGN DE when another API gave a token', async () => {
		const { helper } = authServer({
			[`${SIGN_DE}/auth`]: { networkCode: 'ECONNREFUSED' },
			[`${DSFINVK}/auth`]: { token: 'dsfinvk-token' },
		});
		const data = await preAuthenticate(helper, credentials());
		const error = await authenticationError(data, `${SIGN_DE}/tss`);
		expect(error.message).toBe(`Could not reach fiskaly at ${SIGN_DE}`);
		expect(error.description).toMatch(/\(ECONNREFUSED\)/);
		expect(isRetryable(readFailure(new NodeApiError(node, error as never)))).toBe(true);
	});

	test('a token saved before there were several APIs still serves SIGN DE', async () => {
		const data = credentials({ accessToken: 'saved.jwt.token' });
		expect(await authorization(data, { url: `${SIGN_DE}/tss`, method: 'GET' })).toBe(
			'Bearer saved.jwt.token',
		);
		const error = await authenticationError(data, `${DSFINVK}/cash_registers`);
		expect(error.message).toBe('No access token for fiskaly DSFinV-K');
		expect(error.response?.status).toBe(401);
	});
});
