import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

const DEFAULT_BASE_URL = 'https://kassensichv-middleware.fiskaly.com/api/v2';

function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const url = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim().replace(/\/+$/, '') : '';
	return url === '' ? DEFAULT_BASE_URL : url;
}

/**
 * Explains a failed POST /auth without repeating the secret. `extra.retryable` tells the node's
 * transport that sending the request again may help (rate limit, fiskaly or network down).
 */
function authenticationError(error: unknown, baseUrl: string): UserError {
	const failure = (typeof error === 'object' && error !== null ? error : {}) as {
		code?: unknown;
		response?: { status?: unknown; data?: { code?: unknown } };
	};
	const status = typeof failure.response?.status === 'number' ? failure.response.status : undefined;
	const fiskalyCode = typeof failure.response?.data?.code === 'string' ? ` (${failure.response.data.code})` : '';
	if (status === 401 || status === 400) {
		return new UserError(`fiskaly did not accept the API key and secret${fiskalyCode}`, {
			description:
				'Check the API Key and API Secret, that they belong to the environment you mean (TEST keys start with test_, LIVE keys need a LIVE organisation), and that they are API credentials from the fiskaly dashboard, not a HUB login.',
		});
	}
	if (status === 404 || status === 405) {
		return new UserError(`No fiskaly authentication endpoint at ${baseUrl}/auth (HTTP ${status})`, {
			description: `Check the Base URL: it must end with /api/v2, e.g. ${DEFAULT_BASE_URL}.`,
		});
	}
	if (status !== undefined) {
		const retryable = status === 429 || status === 499 || status >= 500;
		return new UserError(`fiskaly could not authenticate right now (HTTP ${status})`, {
			description: `Try again later; see https://status.fiskaly.com. Also check the Base URL (${baseUrl}).`,
			extra: { retryable },
		});
	}
	// The code goes into the description: n8n swaps any message naming ECONNREFUSED & co. for its own.
	const networkCode = typeof failure.code === 'string' ? ` (${failure.code})` : '';
	return new UserError(`Could not reach fiskaly at ${baseUrl}`, {
		description: `The connection failed${networkCode}. Check the Base URL (default ${DEFAULT_BASE_URL}) and the network connection of n8n.`,
		extra: { retryable: true },
	});
}

/**
 * When a token expires, every request in flight gets a 401 at about the same moment, and n8n asks
 * for a new token once per request. Requests that hold the same expired token share one POST
 * /auth: the one in progress, or the one that replaced that token within the last minute (a 401
 * can arrive after the new token). A first token (none held yet) is shared only while it is fetched.
 */
const TOKEN_REUSE_MS = 60_000;
const renewals = new Map<string, { accessToken: Promise<string>; startedAt: number }>();

function sharedTokenFetch(
	credentials: ICredentialDataDecryptedObject,
	fetchToken: () => Promise<string>,
): Promise<string> {
	const now = Date.now();
	for (const [key, renewal] of renewals) if (now - renewal.startedAt > TOKEN_REUSE_MS) renewals.delete(key);
	const heldToken = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
	const key = JSON.stringify([baseUrlOf(credentials), credentials.apiKey, credentials.apiSecret, heldToken]);
	const running = renewals.get(key);
	if (running) return running.accessToken;
	const accessToken = fetchToken();
	renewals.set(key, { accessToken, startedAt: now });
	// A failure is shared by the requests waiting for it, but the next request tries again.
	accessToken.then(
		() => heldToken === '' && renewals.delete(key),
		() => renewals.delete(key),
	);
	return accessToken;
}

export class FiskalySignDeApi implements ICredentialType {
	name = 'fiskalySignDeApi';

	displayName = 'Fiskaly SIGN DE API';

	icon = {
		light: 'file:../nodes/FiskalySignDe/fiskaly.svg',
		dark: 'file:../nodes/FiskalySignDe/fiskaly.dark.svg',
	} as const;

	documentationUrl = 'https://github.com/n8n-nodes-fiskaly-sign-de/n8n-nodes-fiskaly-sign-de#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. test_2dhjebat7wtsvtk4eaewmqco2_mykey',
			description: 'API key of your fiskaly organisation (fiskaly dashboard › API keys). TEST keys start with test_.',
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
			default: DEFAULT_BASE_URL,
			required: true,
			description:
				'The fiskaly SIGN DE middleware. TEST and LIVE share this URL: the API key decides the environment. A local simulator works too, e.g. http://127.0.0.1:8000/api/v2.',
		},
		{
			// n8n fills this through preAuthentication when it is empty and again after a 401.
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const baseUrl = baseUrlOf(credentials);
		const accessToken = await sharedTokenFetch(credentials, async () => {
			let response: IDataObject;
			try {
				response = (await this.helpers.httpRequest({
					method: 'POST',
					url: `${baseUrl}/auth`,
					body: { api_key: credentials.apiKey, api_secret: credentials.apiSecret },
					json: true,
					timeout: 30_000,
				})) as IDataObject;
			} catch (error) {
				throw authenticationError(error, baseUrl);
			}
			if (typeof response?.access_token !== 'string' || response.access_token === '') {
				throw new UserError(`The server at ${baseUrl}/auth did not return an access token`, {
					description: `Check that the Base URL points to fiskaly SIGN DE API v2, e.g. ${DEFAULT_BASE_URL}.`,
				});
			}
			return response.access_token;
		});
		return { accessToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
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
