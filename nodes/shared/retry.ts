import type { FiskalyFailure } from './errors';

/** Attempts per call, the first one included. */
export const MAX_ATTEMPTS = 4;

const FIRST_BACKOFF_MS = 500;
/** Longest wait the node accepts from a Retry-After header before giving up. */
const MAX_WAIT_MS = 60_000;

/** Connection-level failures after which the same request may safely be sent again. */
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNABORTED',
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

/**
 * fiskaly says 429, 499 and 5xx may be retried, and every upsert is idempotent for the same
 * ID, revision and body. Other 4xx mean the request itself is wrong: sending it again cannot help.
 */
export function isRetryable(failure: FiskalyFailure): boolean {
	const { status } = failure;
	if (status !== undefined) return status === 429 || status === 499 || status >= 500;
	if (failure.retryableAuth) return true;
	return failure.networkCode !== undefined && RETRYABLE_NETWORK_CODES.has(failure.networkCode);
}

/** Seconds (or an HTTP date) from a Retry-After header, in milliseconds; undefined when unusable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined) return undefined;
	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Wait before attempt `failedAttempts + 1`: what Retry-After asks for, otherwise exponential
 * backoff (0.5 s, 1 s, 2 s, ...). Undefined when the server asks for longer than the node waits.
 */
export function retryDelayMs(
	failedAttempts: number,
	retryAfter: string | undefined,
	nowMs: number,
): number | undefined {
	const asked = parseRetryAfter(retryAfter, nowMs);
	if (asked !== undefined) return asked > MAX_WAIT_MS ? undefined : asked;
	return FIRST_BACKOFF_MS * 2 ** (failedAttempts - 1);
}
