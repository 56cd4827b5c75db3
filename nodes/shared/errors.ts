import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * Bad input found by a pure helper. `field` is the parameter's display name as the user sees it;
 * the operation turns this into a NodeOperationError that also names the item.
 */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		problem: string,
		readonly hint: string,
	) {
		super(`${field}: ${problem}`);
		this.name = 'FieldError';
	}
}

/** What went wrong with one HTTP call, read from whatever n8n threw. */
export interface FiskalyFailure {
	/** HTTP status when fiskaly answered. */
	status?: number;
	/** fiskaly's error code, e.g. `E_TSS_NOT_INITIALIZED`. */
	code?: string;
	/** fiskaly's own message (or the transport's message when nothing was answered). */
	message?: string;
	/** Description that already explains the failure (the credential's /auth errors carry one). */
	description?: string;
	/** `Retry-After` header, as sent. */
	retryAfter?: string;
	/** Node.js / axios error code when no HTTP answer arrived (ECONNRESET, ETIMEDOUT, ...). */
	networkCode?: string;
	/** Set by the credential when /auth failed for a reason worth retrying (429, 5xx, network). */
	retryableAuth?: boolean;
}

const NETWORK_CODE = /^(E[A-Z0-9_]+|UND_ERR_[A-Z_]+)$/;

function asObject(value: unknown): IDataObject | undefined {
	return typeof value === 'object' && value !== null ? (value as IDataObject) : undefined;
}

function headerValue(headers: unknown, name: string): string | undefined {
	const record = asObject(headers);
	if (!record) return undefined;
	if (typeof record.get === 'function') {
		const value = (record.get as (key: string) => unknown).call(record, name);
		return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
	}
	for (const [key, value] of Object.entries(record)) {
		if (key.toLowerCase() === name) {
			const first = Array.isArray(value) ? value[0] : value;
			return typeof first === 'string' || typeof first === 'number' ? String(first) : undefined;
		}
	}
	return undefined;
}

/** A body fetched as bytes (file downloads) read as the JSON or text it holds. */
function textBody(data: unknown): unknown {
	const bytes = Buffer.isBuffer(data)
		? data
		: data instanceof ArrayBuffer
			? Buffer.from(data)
			: undefined;
	if (!bytes) return data;
	const text = bytes.toString('utf8');
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/**
 * Reads status, fiskaly body and network code from an error thrown by
 * `httpRequestWithAuthentication` (a NodeApiError whose `cause` is the HTTP client's error).
 * Walks the `cause` chain so it does not depend on how many layers n8n adds.
 */
/**
 * n8n 1.x wraps the HTTP error in a NodeApiError that drops it (no `cause`), keeping only the status
 * (or the network error code) as `httpCode` and the parsed answer as `context.data`.
 */
function readOlderNodeApiError(level: Record<string, unknown>, failure: FiskalyFailure): void {
	const httpCode = typeof level.httpCode === 'string' ? level.httpCode : '';
	if (/^\d{3}$/.test(httpCode)) {
		failure.status = Number(httpCode);
		const data = asObject(asObject(level.context)?.data);
		if (typeof data?.code === 'string' && data.code) failure.code = data.code;
		if (typeof data?.message === 'string' && data.message) failure.message = data.message;
	} else if (failure.networkCode === undefined && NETWORK_CODE.test(httpCode)) {
		failure.networkCode = httpCode;
	}
}

export function readFailure(error: unknown): FiskalyFailure {
	const failure: FiskalyFailure = {};
	let level = asObject(error);
	for (let depth = 0; level && depth < 5; depth++) {
		const extra = asObject(level.extra);
		// The credential's "no token for this API" error carries a 401 only to make n8n fetch the
		// tokens again; fiskaly never answered it.
		const response = extra?.tokenUnavailable === true ? undefined : asObject(level.response);
		if (response && failure.status === undefined && typeof response.status === 'number') {
			failure.status = response.status;
			const body = textBody(response.data);
			const bodyObject = asObject(body);
			if (bodyObject) {
				if (typeof bodyObject.code === 'string' && bodyObject.code) failure.code = bodyObject.code;
				if (typeof bodyObject.message === 'string' && bodyObject.message) {
					failure.message = bodyObject.message;
				} else if (typeof bodyObject.error === 'string') {
					failure.message = bodyObject.error;
				}
			} else if (typeof body === 'string' && body.trim()) {
				failure.message = body.trim().slice(0, 200);
			}
			failure.retryAfter = headerValue(response.headers, 'retry-after');
		}
		if (extra?.retryable === true) failure.retryableAuth = true;
		if (
			failure.status === undefined &&
			failure.networkCode === undefined &&
			typeof level.code === 'string' &&
			NETWORK_CODE.test(level.code)
		) {
			failure.networkCode = level.code;
		}
		if (failure.description === undefined && typeof level.description === 'string') {
			failure.description = level.description;
		}
		if (failure.message === undefined && typeof level.message === 'string' && depth > 0) {
			failure.message = level.message;
		}
		level = asObject(level.cause);
	}
	const top = asObject(error);
	if (top && top.cause === undefined && failure.status === undefined)
		readOlderNodeApiError(top, failure);
	if (failure.message === undefined) {
		if (typeof top?.message === 'string') failure.message = top.message;
	}
	return failure;
}

/** Replaces every occurrence of a secret (PIN, PUK) in a text we are about to show. */
export function redact(text: string, secrets: string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (secret.length >= 4) result = result.split(secret).join('***');
	}
	return result;
}

/** How to fix each fiskaly error code; the wording addresses the person building the workflow. */
const FIXES: Record<string, string> = {
	E_UNAUTHORIZED:
		'Check the API key and secret in the credential, and that they belong to the environment (TEST or LIVE) that owns this TSS.',
	E_ADMIN_LOGIN_FAILED:
		'Check the Admin PIN. After 5 wrong attempts fiskaly blocks it; then set a new one with TSS › Change Admin PIN and the PUK.',
	E_ADMIN_PIN_BLOCKED:
		'The admin PIN is blocked: a new TSS starts that way, and 5 wrong attempts block it again. Set a new PIN with TSS › Change Admin PIN and the PUK (TSS › Set Up does this for you).',
	E_CHANGE_ADMIN_PIN_FAILED:
		'The Admin PUK is not the one of this TSS. Use the admin_puk from the output of TSS › Create or TSS › Set Up.',
	E_ACCESS_DENIED:
		'The resource belongs to another fiskaly organisation or environment. Use the credential of the organisation (and TEST or LIVE environment) that created it.',
	E_TSS_LIMIT_REACHED:
		'The TEST environment allows 5 TSS that are not disabled. Disable TSS you no longer need with TSS › Disable, then try again.',
	E_TSS_LIMIT_PER_DAY_REACHED: 'fiskaly allows 500 new TSS per day. Try again tomorrow.',
	E_CLIENT_LIMIT_REACHED:
		'The TSS has as many registered clients as it allows (see max_number_registered_clients). Deregister a client you no longer use with Client › Update.',
	E_TSS_NOT_FOUND:
		'Check the TSS ID, and that the credential belongs to the same organisation and environment (TEST or LIVE) that created the TSS.',
	E_CLIENT_NOT_FOUND:
		'Check the Client ID and that the client belongs to this TSS. Create one with Client › Create.',
	E_TX_NOT_FOUND:
		'Check the transaction ID or number, and that the transaction belongs to this TSS.',
	E_EXPORT_NOT_FOUND: 'Check the export ID and that it belongs to this TSS.',
	E_EXPORT_NOT_COMPLETED:
		'The export is not finished yet. Turn on Wait for Completion in Export › Download, or download it later (Export › Get shows its state).',
	E_DUPLICATE_EXPORT:
		'This export ID was already used with other filters (or the same export is still running). Leave Export ID empty to use a new one.',
	E_PARAMETER_MISMATCH:
		'Filter an export by one kind of range only: transaction numbers, dates or signature counters; a client filter stands alone.',
	E_TOO_MANY_EXPORTS:
		'A TSS runs at most 10 exports at a time. Wait for running exports to complete, or cancel one with Export › Cancel.',
	E_EXPORT_DUPLICATE_RATE_LIMITED:
		'An export with the same filters is still running. Wait until it is completed (Export › Get Many shows it) and download that one, or change the filters.',
	E_TSS_ILLEGAL_STATE_TO_PERFORM_EXPORT:
		'Only an INITIALIZED or DISABLED TSS can be exported. Get the TSS to see its state.',
	E_CANCEL_EXPORT:
		'Only a PENDING or WORKING export can be cancelled. Get the export to see its state.',
	E_LATEST_TX_REVISION_NOT_FOUND:
		'Check the transaction ID or number, and that the transaction belongs to this TSS.',
	E_TX_REVISION_NOT_FOUND:
		'Leave Revision empty (0) to get the latest revision, or use a number up to the transaction’s latest_revision.',
	E_TSS_CONFLICT:
		'A TSS with this ID already exists and has left the state CREATED. Leave TSS ID empty to create a new TSS, or use TSS › Set Up with this ID and its PUK to continue setting it up.',
	E_CLIENT_CONFLICT:
		'Client IDs are unique across all of fiskaly. Leave Client ID empty so the node generates a new one.',
	E_PENDING_TX_CONFLICT:
		'A transaction with this ID already exists with other data, or another request for it is still being processed. Leave Transaction ID empty to generate a new one, or try again in a moment.',
	E_TX_UPSERT:
		'The revision did not match or the transaction is already finished or cancelled. Get the transaction to see its state and latest_revision.',
	E_TX_ILLEGAL_TYPE_CHANGE:
		'Keep the same kind of transaction data (receipt, order, other or the same raw process type) for every revision of a transaction.',
	E_TX_NO_TYPE_DEFINED:
		'Finishing or cancelling needs transaction data. Fill in the receipt (or order, other, raw) data.',
	E_TX_LIMIT_REACHED:
		'The TSS has 2000 open (ACTIVE) transactions. Finish or cancel old ones: Transaction › Get Many with the state Active, then Transaction › Cancel.',
	E_CLIENT_DEREGISTERED:
		'Register the client again with Client › Update (State: Registered), or use another client.',
	E_ILLEGAL_CLIENT_SERIAL:
		'Use a serial number of up to 70 letters, digits, spaces or the characters \' ( ) + , - . : = ? (no "_" or "/", no leading or trailing space) that no other client of this TSS uses.',
	E_ILLEGAL_TSS_STATE_CHANGE:
		'A TSS goes CREATED → UNINITIALIZED → INITIALIZED → DISABLED, one step at a time. Get the TSS to see its current state; TSS › Set Up runs all steps.',
	E_TSS_NOT_INITIALIZED: 'Run TSS › Set Up or TSS › Initialize first.',
	E_TSS_DISABLED:
		'A disabled TSS cannot sign any more. Create a new TSS with TSS › Set Up and new clients for it.',
	E_TSS_DELETED:
		'fiskaly removed this TEST TSS (TEST TSS are removed when disabled or unused for 14 days). Create a new one with TSS › Set Up.',
	E_TSS_DEFECTIVE:
		'The TSS is defective and cannot be used. Create a new TSS with TSS › Set Up and new clients for it.',
	E_TSS_EVICTED:
		'The TSS stayed CREATED for months without being used and was released. Create a new one with TSS › Set Up.',
	E_CERTIFICATE_EXPIRED:
		'The certificate of this TSS has expired. Create a new TSS with TSS › Set Up and new clients (with new IDs) for it.',
	E_USE_MIDDLEWARE:
		'Set the Base URL in the credential to https://kassensichv-middleware.fiskaly.com/api/v2 (the middleware host serves every operation).',
	E_FAILED_SCHEMA_VALIDATION:
		'fiskaly did not accept the shape of the request. Check the fields named in the message.',
	E_MIDDLEWARE_PENDING_REQUEST:
		'Another request for the same resource is still being processed. Try again in a moment.',
	E_TSS_LOCKED:
		'The TSS is temporarily locked for maintenance. Try again later; see https://status.fiskaly.com.',
	E_NOT_FOUND:
		'The address does not exist. Check that the Base URL in the credential ends with /api/v2.',
};

export interface FailedRequest {
	method: string;
	path: string;
	baseUrl: string;
	attempts: number;
}

/** Calls that fiskaly only accepts inside an admin session (besides the login itself). */
function needsAdminSession(request: FailedRequest): boolean {
	const { method, path } = request;
	if (/\/client\/[^/]+$/.test(path)) return method === 'PUT' || method === 'PATCH';
	return method === 'PATCH' && /^\/tss\/[^/]+$/.test(path);
}

function retriedNote(attempts: number): string {
	return attempts > 1 ? ` The node tried ${attempts} times.` : '';
}

/**
 * The message (what happened) and description (how to fix it) shown for a failed call.
 * Secrets never reach this function: callers redact fiskaly's message first.
 */
export function describeFailure(
	failure: FiskalyFailure,
	request: FailedRequest,
): { message: string; description: string } {
	const { status, code } = failure;
	if (status === undefined) {
		if (failure.networkCode) {
			// The code stays out of the message: n8n replaces messages naming ECONNREFUSED & co.
			return {
				message: `Could not reach fiskaly at ${request.baseUrl}`,
				description: `The connection failed (${failure.networkCode}). Check the Base URL in the credential and the network connection of n8n.${retriedNote(request.attempts)}`,
			};
		}
		return {
			message: failure.message ?? 'The request to fiskaly failed',
			description: `${failure.description ?? `Check the credential and the Base URL (${request.baseUrl}).`}${retriedNote(request.attempts)}`,
		};
	}

	const said = failure.message ? `: ${failure.message}` : '';
	const message = code
		? `fiskaly rejected the request${said} (${code})`
		: `fiskaly answered HTTP ${status}${said}`;

	// A blocked PIN is told apart by its code, whether it comes as 401 (the OpenAPI document) or 423.
	const wrongPin = (status === 401 || code === 'E_UNAUTHORIZED') && code !== 'E_ADMIN_PIN_BLOCKED';
	if (request.path.endsWith('/admin/auth') && wrongPin) {
		return {
			message: `The admin PIN was not accepted${code ? ` (${code})` : ''}`,
			description: FIXES.E_ADMIN_LOGIN_FAILED,
		};
	}
	if (status === 401 && needsAdminSession(request)) {
		return {
			message,
			description:
				'This change needs an admin session on the TSS. The node logs in with the Admin PIN right before it; if the access token was renewed in between, the session ended. Run the operation again.',
		};
	}

	let description = code ? FIXES[code] : undefined;
	if (!description) {
		if (status === 401) description = FIXES.E_UNAUTHORIZED;
		else if (status === 404) {
			description = 'Check the IDs, and that the Base URL in the credential ends with /api/v2.';
		} else if (status === 429) {
			description = `fiskaly limits how often this can be called. Wait a minute, or lower the node's Concurrency.${retriedNote(request.attempts)}`;
		} else if (status === 499 || status >= 500) {
			description = `fiskaly could not process the request right now. Try again later; see https://status.fiskaly.com.${retriedNote(request.attempts)}`;
		} else {
			description = 'Check the values sent in this request.';
		}
	} else if (status === 429 || status === 499 || status >= 500) {
		description += retriedNote(request.attempts);
	}
	return { message, description };
}

/**
 * The error as one of n8n's two node errors. Both classes hand back an error of their own class
 * unchanged, so fiskaly's NodeApiError (its code, status and context) stays as it is.
 */
export function asNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) return new NodeApiError(node, error as unknown as JsonObject);
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * Facts a failed item should carry into its error output, e.g. the ID of a transaction that was
 * started, so that an error path can cancel it.
 */
export function attachItemDetails(error: { context?: IDataObject }, details: IDataObject): void {
	if (typeof error?.context !== 'object' || error.context === null) return;
	error.context.itemDetails = {
		...(error.context.itemDetails as IDataObject | undefined),
		...details,
	};
}

export function itemDetailsOf(error: unknown): IDataObject | undefined {
	const details = (error as { context?: { itemDetails?: unknown } } | undefined)?.context
		?.itemDetails;
	return typeof details === 'object' && details !== null ? (details as IDataObject) : undefined;
}

/** Whether fiskaly was unreachable or kept failing after the transport's retries (an outage). */
export function isFiskalyUnavailable(error: unknown): boolean {
	return (
		(error as { context?: { fiskalyUnavailable?: unknown } } | undefined)?.context
			?.fiskalyUnavailable === true
	);
}

/** The fiskaly error code the transport attached to an error, if any. */
export function fiskalyCodeOf(error: unknown): string | undefined {
	const context = (error as { context?: { fiskalyCode?: unknown } } | undefined)?.context;
	return typeof context?.fiskalyCode === 'string' ? context.fiskalyCode : undefined;
}

/**
 * The same failure told with more context: an optional new message and advice appended to the
 * description. Keeps the error class, the HTTP status and the fiskaly code.
 */
export function restate(
	node: INode,
	error: unknown,
	change: { message?: string; advice: string },
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const original = error as { message?: string; description?: string | null };
	const message = change.message ?? original.message ?? 'The operation failed';
	const description = [original.description, change.advice].filter(Boolean).join(' ');
	const restated =
		error instanceof NodeApiError
			? new NodeApiError(node, { message } as JsonObject, {
					message,
					description,
					httpCode: error.httpCode ?? undefined,
					itemIndex,
				})
			: new NodeOperationError(node, message, { description, itemIndex });
	const code = fiskalyCodeOf(error);
	if (code) restated.context.fiskalyCode = code;
	if (isFiskalyUnavailable(error)) restated.context.fiskalyUnavailable = true;
	const details = itemDetailsOf(error);
	if (details) attachItemDetails(restated, details);
	return restated;
}
