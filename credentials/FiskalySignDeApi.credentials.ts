import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { apiOfUrl, baseUrlsOf, FISKALY_API_INFO, FISKALY_APIS } from '../nodes/shared/apis';
import type { BaseUrls, FiskalyApi } from '../nodes/shared/apis';
import { sharedTokens, tokenCacheKey } from '../nodes/shared/tokenCache';
import type { FetchedTokens } from '../nodes/shared/tokenCache';

/**
 * One token per fiskaly API: each API has its own POST <base>/auth and, we assume, accepts only
 * the tokens it issued itself [INFERRED: fiskaly documents /auth per API, not whether tokens are
 * shared]. n8n keeps one hidden expirable field and calls preAuthentication without saying which
 * request needs it, so `accessToken` holds the tokens of all APIs as JSON keyed by API, fetched
 * together, and `authenticate` picks the token of the API a request goes to.
 */

/** A failed POST /auth as kept for its API: what the user is told (never a secret). */
interface AuthFailure {
	message: string;
	description: string;
	/** Sending the request again may help (rate limit, fiskaly or network down). */
	retryable: boolean;
}

type TokenEntry = { token: string } | { failure: AuthFailure };
/** A fetched token and how many seconds fiskaly says it lives (`access_token_expires_in`). */
type FetchedEntry = { token: string; expiresIn?: number } | { failure: AuthFailure };
type TokenSet = Partial<Record<FiskalyApi, TokenEntry>>;

/** SIGN DE keeps the messages it always had; the other APIs name themselves. */
function namingApi(api: FiskalyApi, failure: AuthFailure): AuthFailure {
	return api === 'signDe'
		? failure
		: { ...failure, message: `${FISKALY_API_INFO[api].name}: ${failure.message}` };
}

/** Explains a failed POST /auth without repeating the secret. */
function authenticationFailure(error: unknown, api: FiskalyApi, baseUrl: string): AuthFailure {
	const info = FISKALY_API_INFO[api];
	const told = (failure: AuthFailure) => namingApi(api, failure);
	const failure = (typeof error === 'object' && error !== null ? error : {}) as {
		code?: unknown;
		response?: { status?: unknown; data?: { code?: unknown } };
	};
	const status = typeof failure.response?.status === 'number' ? failure.response.status : undefined;
	const fiskalyCode =
		typeof failure.response?.data?.code === 'string' ? ` (${failure.response.data.code})` : '';
	if (status === 401 || status === 400) {
		return told({
			message: `fiskaly did not accept the API key and secret${fiskalyCode}`,
			description:
				'Check the API Key and API Secret, that they belong to the environment you mean (TEST keys start with test_, LIVE keys need a LIVE organisation), and that they are API credentials from the fiskaly dashboard, not a HUB login.',
			retryable: false,
		});
	}
	if (status === 404 || status === 405) {
		return told({
			message: `No fiskaly authentication endpoint at ${baseUrl}/auth (HTTP ${status})`,
			description: `Check the ${info.urlLabel}: it must end with ${info.path}, e.g. ${info.defaultUrl}.`,
			retryable: false,
		});
	}
	if (status !== undefined) {
		return told({
			message: `fiskaly could not authenticate right now (HTTP ${status})`,
			description: `Try again later; see https://status.fiskaly.com. Also check the ${info.urlLabel} (${baseUrl}).`,
			retryable: status === 429 || status === 499 || status >= 500,
		});
	}
	// The code goes into the description: n8n swaps any message naming ECONNREFUSED & co. for its own.
	const networkCode = typeof failure.code === 'string' ? ` (${failure.code})` : '';
	return told({
		message: `Could not reach fiskaly at ${baseUrl}`,
		description: `The connection failed${networkCode}. Check the ${info.urlLabel} (default ${info.defaultUrl}) and the network connection of n8n.`,
		retryable: true,
	});
}

/** `extra.retryable` tells the node's transport that sending the request again may help. */
function authenticationError(failure: AuthFailure, extra: IDataObject = {}): UserError {
	return new UserError(failure.message, {
		description: failure.description,
		extra: { retryable: failure.retryable, ...extra },
	});
}

async function fetchToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	api: FiskalyApi,
	baseUrl: string,
): Promise<FetchedEntry> {
	let response: IDataObject;
	try {
		response = (await helper.helpers.httpRequest({
			method: 'POST',
			url: `${baseUrl}/auth`,
			body: { api_key: credentials.apiKey, api_secret: credentials.apiSecret },
			json: true,
			timeout: 30_000,
		})) as IDataObject;
	} catch (error) {
		return { failure: authenticationFailure(error, api, baseUrl) };
	}
	if (typeof response?.access_token !== 'string' || response.access_token === '') {
		const info = FISKALY_API_INFO[api];
		return {
			failure: namingApi(api, {
				message: `The server at ${baseUrl}/auth did not return an access token`,
				description: `Check that the ${info.urlLabel} points to fiskaly ${info.name} API ${info.path.split('/').pop()}, e.g. ${info.defaultUrl}.`,
				retryable: false,
			}),
		};
	}
	const expiresIn = response.access_token_expires_in;
	return {
		token: response.access_token,
		expiresIn: typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : undefined,
	};
}

/**
 * The tokens of every API, fetched in parallel. A failure is kept for its API and only fails the
 * whole fetch when no API gave a token; then SIGN DE's failure is the one reported.
 */
async function fetchTokenSet(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	baseUrls: BaseUrls,
): Promise<FetchedTokens> {
	const entries = await Promise.all(
		FISKALY_APIS.map(async (api) => fetchToken(helper, credentials, api, baseUrls[api])),
	);
	const tokens: TokenSet = {};
	const lifetimes: number[] = [];
	FISKALY_APIS.forEach((api, index) => {
		const entry = entries[index];
		if ('failure' in entry) tokens[api] = entry;
		else {
			tokens[api] = { token: entry.token };
			if (entry.expiresIn !== undefined) lifetimes.push(entry.expiresIn);
		}
	});
	const signDe = tokens.signDe;
	if (signDe && 'failure' in signDe && entries.every((entry) => 'failure' in entry)) {
		throw authenticationError(signDe.failure);
	}
	return {
		accessToken: JSON.stringify(tokens),
		expiresInSeconds: lifetimes.length > 0 ? Math.min(...lifetimes) : undefined,
	};
}

/** The stored tokens; a plain string is a SIGN DE token saved before there were several APIs. */
function readTokenSet(value: unknown): TokenSet {
	if (typeof value !== 'string' || value === '') return {};
	if (!value.startsWith('{')) return { signDe: { token: value } };
	try {
		return JSON.parse(value) as TokenSet;
	} catch {
		return {};
	}
}

/**
 * The error for a request to an API without a token. Its 401 makes n8n fetch the tokens again and
 * resend once, so a failure does not stick until the other tokens expire; if the API still gives
 * none, the user sees why (the transport reads `tokenUnavailable` and ignores that 401).
 */
function tokenUnavailable(api: FiskalyApi, failure: AuthFailure | undefined): UserError {
	const told = failure ?? {
		message: `No access token for fiskaly ${FISKALY_API_INFO[api].name}`,
		description: 'Run the workflow again: n8n fetches the tokens on the next request.',
		retryable: true,
	};
	return Object.assign(authenticationError(told, { tokenUnavailable: true }), {
		response: { status: 401 },
	});
}

/** Where a request goes: its URL, or the base URL plus path of a declarative request (the credential test). */
function requestUrl(options: IHttpRequestOptions): string {
	const url = String(options.url ?? '');
	if (/^https?:\/\//i.test(url) || !options.baseURL) return url;
	return `${String(options.baseURL).replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

export class FiskalySignDeApi implements ICredentialType {
	name = 'fiskalySignDeApi';

	displayName = 'Fiskaly SIGN DE API';

	icon = {
		light: 'file:../nodes/FiskalySignDe/fiskaly.svg',
		dark: 'file:../nodes/FiskalySignDe/fiskaly.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-fiskaly-sign-de/n8n-nodes-fiskaly-sign-de#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. test_2dhjebat7wtsvtk4eaewmqco2_mykey',
			description:
				'API key of your fiskaly organisation (fiskaly dashboard › API keys). TEST keys start with test_.',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Secret belonging to the API key, shown once when the key was created',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: FISKALY_API_INFO.signDe.defaultUrl,
			required: true,
			description:
				'The fiskaly SIGN DE middleware. TEST and LIVE share this URL: the API key decides the environment. A local simulator works too, e.g. http://127.0.0.1:8000/api/v2.',
		},
		{
			displayName: 'DSFinV-K Base URL',
			name: 'dsfinvkBaseUrl',
			type: 'string',
			default: FISKALY_API_INFO.dsfinvk.defaultUrl,
			description:
				'The fiskaly DSFinV-K API (cash point closings and DSFinV-K exports). A local simulator works too, e.g. http://127.0.0.1:8000/dsfinvk/api/v1.',
		},
		{
			displayName: 'SUBMIT DE Base URL',
			name: 'submitDeBaseUrl',
			type: 'string',
			default: FISKALY_API_INFO.submitDe.defaultUrl,
			description:
				'The fiskaly SUBMIT DE API (notifications to the tax office). A local simulator works too, e.g. http://127.0.0.1:8000/submission-api/v1.',
		},
		{
			// The tokens of every API (JSON keyed by API). n8n fills this through preAuthentication when
			// it is empty and again after a 401.
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const baseUrls = baseUrlsOf(credentials);
		// One fetch per process for the first tokens and per expiry (nodes/shared/tokenCache.ts).
		const held = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
		const key = tokenCacheKey([credentials.apiKey, credentials.apiSecret, baseUrls]);
		const accessToken = await sharedTokens(key, held, async () =>
			fetchTokenSet(this, credentials, baseUrls),
		);
		return { accessToken };
	}

	/** Adds the token of the API the request goes to; see tokenUnavailable for an API without one. */
	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		const api = apiOfUrl(requestUrl(requestOptions), baseUrlsOf(credentials));
		const entry = readTokenSet(credentials.accessToken)[api];
		if (entry === undefined || 'failure' in entry) throw tokenUnavailable(api, entry?.failure);
		requestOptions.headers = { ...requestOptions.headers, Authorization: `Bearer ${entry.token}` };
		return requestOptions;
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/tss',
			qs: { limit: 1 },
			method: 'GET',
		},
	};
}
