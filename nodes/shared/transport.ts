import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { baseUrlsOf, CREDENTIAL_TYPE, FISKALY_API_INFO } from './apis';
import type { FiskalyApi } from './apis';
import { describeFailure, readFailure, redact } from './errors';
import type { FiskalyFailure } from './errors';
import { isRetryable, MAX_ATTEMPTS, retryDelayMs } from './retry';

/**
 * The only module that talks HTTP, for every fiskaly API. Everything goes through n8n's credential
 * handling; the credential adds the token of the API the request goes to.
 */

/** Ordinary calls. fiskaly answers in well under a second; this only bounds a stuck connection. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** CREATED → UNINITIALIZED deploys the TSS; fiskaly asks for at least 30 s, it can take longer. */
export const DEPLOY_TIMEOUT_MS = 120_000;

const PAGE_SIZE = 100;

/** Request-body fields whose values must never appear in an error shown to the user. */
const SECRET_FIELDS = ['admin_pin', 'admin_puk', 'new_admin_pin'];

export type FiskalyContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface FiskalyRequest {
	/** The API the request goes to, and so its base URL and token. Default SIGN DE. */
	api?: FiskalyApi;
	method: IHttpRequestMethods;
	/** Path below the API's base URL, e.g. `/tss/<id>`. */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	timeout?: number;
	/**
	 * false for the admin login: there a 401 means a wrong PIN, and letting n8n renew the token
	 * and send the PIN again would only use up a second of its five attempts.
	 */
	renewTokenOn401?: boolean;
	itemIndex?: number;
}

function secretsIn(body: IDataObject | undefined): string[] {
	if (!body) return [];
	return SECRET_FIELDS.map((field) => body[field]).filter(
		(value): value is string => typeof value === 'string',
	);
}

/** Builds the error the user sees: fiskaly's code and message, and how to fix it. */
export function fiskalyApiError(
	node: INode,
	failure: FiskalyFailure,
	request: FiskalyRequest & { baseUrl: string; attempts: number },
): NodeApiError {
	const secrets = secretsIn(request.body);
	const clean: FiskalyFailure = {
		...failure,
		message: failure.message === undefined ? undefined : redact(failure.message, secrets),
		description:
			failure.description === undefined ? undefined : redact(failure.description, secrets),
	};
	const { message, description } = describeFailure(clean, {
		api: request.api,
		method: request.method,
		path: request.path,
		baseUrl: request.baseUrl,
		attempts: request.attempts,
	});
	const error = new NodeApiError(
		node,
		{
			status_code: failure.status ?? null,
			code: failure.code ?? null,
			message: clean.message ?? null,
		},
		{
			message,
			description,
			httpCode: failure.status === undefined ? undefined : String(failure.status),
			itemIndex: request.itemIndex,
		},
	);
	if (failure.code) error.context.fiskalyCode = failure.code;
	// fiskaly could not be reached or kept failing after the retries: an outage, not a refusal.
	if (isRetryable(failure)) error.context.fiskalyUnavailable = true;
	// Kept for callers that wait themselves, e.g. for an export file that is not ready yet.
	if (failure.retryAfter) error.context.retryAfter = failure.retryAfter;
	return error;
}

/**
 * The credential of a node run, read once and handed to n8n with every request of the run. Without
 * it n8n reads and decrypts the credential from its database for each request (three times for one
 * Sign Receipt: the base URL, Start and Finish). n8n still runs preAuthentication on this object and
 * writes a renewed token into it, so the later requests of the run use that token.
 */
const credentialOfRun = new WeakMap<IExecuteFunctions, Promise<ICredentialsDecrypted>>();

async function readCredential(ctx: FiskalyContext): Promise<ICredentialsDecrypted> {
	const stored = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	return {
		id: stored?.id ?? '',
		name: stored?.name ?? '',
		type: CREDENTIAL_TYPE,
		data: (await ctx.getCredentials(CREDENTIAL_TYPE)) as ICredentialDataDecryptedObject,
	};
}

/**
 * Kept only for node runs: n8n builds a poll trigger's context once per activation and polls with
 * it while the workflow is active, so the trigger reads the credential anew for each request and
 * sees a changed key, secret or URL on its next poll.
 */
function credentialOf(ctx: FiskalyContext): Promise<ICredentialsDecrypted> {
	if (!isNodeRun(ctx)) return readCredential(ctx);
	let credential = credentialOfRun.get(ctx);
	if (credential === undefined) {
		credential = readCredential(ctx);
		credentialOfRun.set(ctx, credential);
		// A failed read is not kept: the next request asks n8n again.
		credential.catch(() => credentialOfRun.delete(ctx));
	}
	return credential;
}

function isNodeRun(ctx: FiskalyContext): ctx is IExecuteFunctions {
	return typeof (ctx as Partial<IExecuteFunctions>).getInputData === 'function';
}

/**
 * One fiskaly API call with n8n's token handling (the credential fetches the token once and
 * n8n renews it on a 401) and bounded retries with backoff for 429 (honouring Retry-After),
 * 499, 5xx and dropped connections. A retry resends exactly the same request, which fiskaly
 * treats idempotently (same IDs, same revision, same body), so nothing is created or signed twice.
 */
async function send(
	ctx: FiskalyContext,
	request: FiskalyRequest,
	format: Pick<IHttpRequestOptions, 'json' | 'encoding' | 'returnFullResponse'>,
): Promise<unknown> {
	const api = request.api ?? 'signDe';
	const credential = await credentialOf(ctx);
	const baseUrl = baseUrlsOf(credential.data ?? {})[api];
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}${request.path}`,
		timeout: request.timeout ?? DEFAULT_TIMEOUT_MS,
		arrayFormat: FISKALY_API_INFO[api].arrayFormat,
		...format,
	};
	if (request.body !== undefined) options.body = request.body;
	if (request.qs !== undefined) options.qs = request.qs;
	const credentialOptions: IAdditionalCredentialOptions = {
		credentialsDecrypted: credential,
		...(request.renewTokenOn401 === false ? { preAuthenticationRetryStatusCode: [] } : {}),
	};

	for (let attempt = 1; ; attempt++) {
		try {
			return (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				CREDENTIAL_TYPE,
				options,
				credentialOptions,
			)) as unknown;
		} catch (error) {
			const failure = readFailure(error);
			const wait =
				attempt < MAX_ATTEMPTS && isRetryable(failure)
					? retryDelayMs(attempt, failure.retryAfter, Date.now())
					: undefined;
			if (wait === undefined) {
				throw fiskalyApiError(ctx.getNode(), failure, { ...request, baseUrl, attempts: attempt });
			}
			await sleep(wait);
		}
	}
}

export async function fiskalyApiRequest(
	this: FiskalyContext,
	request: FiskalyRequest,
): Promise<IDataObject> {
	const body = await send(this, request, { json: true });
	// Admin login and logout answer with an empty body.
	return typeof body === 'object' && body !== null ? (body as IDataObject) : {};
}

export interface FiskalyFile {
	data: Buffer;
	contentType: string | undefined;
}

/** A file download (the export TAR) with the same token handling, retries and error mapping. */
export async function fiskalyApiDownload(
	this: FiskalyContext,
	request: FiskalyRequest,
): Promise<FiskalyFile> {
	const response = (await send(this, request, {
		json: false,
		encoding: 'arraybuffer',
		returnFullResponse: true,
	})) as { body?: unknown; headers?: Record<string, unknown> };
	const body = response.body;
	const data = Buffer.isBuffer(body)
		? body
		: body instanceof ArrayBuffer
			? Buffer.from(body)
			: Buffer.from(String(body ?? ''));
	const contentType = response.headers?.['content-type'];
	return { data, contentType: typeof contentType === 'string' ? contentType : undefined };
}

/**
 * Reads a fiskaly list (`{ data: [...] }`) page by page with offset/limit, up to `limit` items,
 * or all of them when `limit` is undefined.
 */
export async function fiskalyApiRequestAllItems(
	this: FiskalyContext,
	path: string,
	qs: IDataObject,
	limit: number | undefined,
	itemIndex?: number,
	api?: FiskalyApi,
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	for (;;) {
		const pageSize = limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - items.length);
		const page = await fiskalyApiRequest.call(this, {
			api,
			method: 'GET',
			path,
			qs: { ...qs, limit: pageSize, offset: items.length },
			itemIndex,
		});
		const data = Array.isArray(page.data) ? (page.data as IDataObject[]) : [];
		items.push(...data);
		if (data.length < pageSize || (limit !== undefined && items.length >= limit)) return items;
	}
}
