import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FISKALY_API_INFO } from './apis';
import type { FiskalyApi } from './apis';
import { FIXES } from './fixes';

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

export interface FailedRequest {
	/** The API the request went to; default SIGN DE. */
	api?: FiskalyApi;
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
	const api = request.api ?? 'signDe';
	const fixes = FIXES[api];
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
	if (api === 'signDe' && request.path.endsWith('/admin/auth') && wrongPin) {
		return {
			message: `The admin PIN was not accepted${code ? ` (${code})` : ''}`,
			description: fixes.E_ADMIN_LOGIN_FAILED,
		};
	}
	if (api === 'signDe' && status === 401 && needsAdminSession(request)) {
		return {
			message,
			description:
				'This change needs an admin session on the TSS. The node logs in with the Admin PIN right before it; if the access token was renewed in between, the session ended. Run the operation again.',
		};
	}

	let description = code ? fixes[code] : undefined;
	if (!description) {
		if (status === 401) description = fixes.E_UNAUTHORIZED;
		else if (status === 404) {
			const info = FISKALY_API_INFO[api];
			description = `Check the IDs, and that the ${info.urlLabel} in the credential ends with ${info.path}.`;
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
