/**
 * The fiskaly APIs the package talks to, and where the one credential keeps each API's base URL.
 * Both the credential (which fetches a token per API) and the transport (which sends each request
 * to its API) read this table, so a new API is added here once.
 */

export type FiskalyApi = 'signDe' | 'dsfinvk' | 'submitDe';

export const FISKALY_APIS: readonly FiskalyApi[] = ['signDe', 'dsfinvk', 'submitDe'];

export const CREDENTIAL_TYPE = 'fiskalySignDeApi';

export interface FiskalyApiInfo {
	/** How fiskaly names the product, for messages. */
	name: string;
	/** The credential field holding the base URL (`baseUrl` stays SIGN DE's for saved workflows). */
	urlField: string;
	/** The field's display name, as the user sees it in the credential. */
	urlLabel: string;
	defaultUrl: string;
	/** The path every base URL of this API ends with. */
	path: string;
	/** How a list filter with several values goes into the query string. */
	arrayFormat: 'brackets' | 'repeat';
}

export const FISKALY_API_INFO: Record<FiskalyApi, FiskalyApiInfo> = {
	signDe: {
		name: 'SIGN DE',
		urlField: 'baseUrl',
		urlLabel: 'Base URL',
		defaultUrl: 'https://kassensichv-middleware.fiskaly.com/api/v2',
		path: '/api/v2',
		arrayFormat: 'brackets',
	},
	dsfinvk: {
		name: 'DSFinV-K',
		urlField: 'dsfinvkBaseUrl',
		urlLabel: 'DSFinV-K Base URL',
		defaultUrl: 'https://dsfinvk.fiskaly.com/api/v1',
		path: '/api/v1',
		// `states=PENDING&states=WORKING` (REFERENCE DSFinV-K §3).
		arrayFormat: 'repeat',
	},
	submitDe: {
		name: 'SUBMIT DE',
		urlField: 'submitDeBaseUrl',
		urlLabel: 'SUBMIT DE Base URL',
		defaultUrl: 'https://kassensichv.fiskaly.com/submission-api/v1',
		path: '/submission-api/v1',
		arrayFormat: 'brackets',
	},
};

/** A base URL as typed into the credential, without trailing slashes; empty means the default. */
export function normaliseBaseUrl(value: unknown, api: FiskalyApi = 'signDe'): string {
	const url = typeof value === 'string' ? value.trim().replace(/\/+$/, '') : '';
	return url === '' ? FISKALY_API_INFO[api].defaultUrl : url;
}

export type BaseUrls = Record<FiskalyApi, string>;

/** Every API's base URL from the credential's fields. */
export function baseUrlsOf(credentials: Record<string, unknown>): BaseUrls {
	const urls = {} as BaseUrls;
	for (const api of FISKALY_APIS)
		urls[api] = normaliseBaseUrl(credentials[FISKALY_API_INFO[api].urlField], api);
	return urls;
}

/**
 * The API a request URL goes to: the one whose base URL is the longest prefix of it (base URLs
 * may share a host). Anything else, e.g. a relative URL, counts as SIGN DE, the original API.
 */
export function apiOfUrl(url: string, baseUrls: BaseUrls): FiskalyApi {
	let found: FiskalyApi = 'signDe';
	let length = 0;
	for (const api of FISKALY_APIS) {
		const base = baseUrls[api];
		const below = url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
		if (below && base.length > length) {
			found = api;
			length = base.length;
		}
	}
	return found;
}
