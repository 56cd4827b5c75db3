import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import {
	describeFailure,
	fiskalyCodeOf,
	readFailure,
	redact,
	restate,
} from '../../../nodes/shared/errors';
import {
	isRetryable,
	MAX_ATTEMPTS,
	parseRetryAfter,
	retryDelayMs,
} from '../../../nodes/shared/retry';
import { fiskalyApiError } from '../../../nodes/shared/transport';

const node: INode = {
	id: 'n1',
	name: 'Fiskaly SIGN DE',
	type: 'n8n-nodes-fiskaly-sign-de.fiskalySignDe',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** What n8n-core throws for an HTTP error: a NodeApiError around the HTTP client's error. */
function httpFailure(
	status: number,
	data: unknown,
	headers: Record<string, string> = {},
): NodeApiError {
	const clientError = Object.assign(new Error(`Request failed with status code ${status}`), {
		code: status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST',
		response: { status, data, headers },
		config: { data: '{"admin_pin":"123456789"}' },
	});
	return new NodeApiError(node, clientError as never);
}

function networkFailure(code: string): NodeApiError {
	return new NodeApiError(
		node,
		Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code }) as never,
	);
}

const REQUEST = {
	method: 'PUT' as const,
	path: '/tss/t1/tx/x1',
	baseUrl: 'https://kassensichv-middleware.fiskaly.com/api/v2',
	attempts: 1,
};

describe('readFailure', () => {
	// n8n 1.x (n8n-workflow 1.120) wraps the HTTP error in a NodeApiError without its cause: only the
	// status or network code (httpCode) and the parsed answer (context.data) are left.
	test.each<[string, object, object]>([
		[
			'a fiskaly answer',
			{
				httpCode: '400',
				context: { data: { code: 'E_TSS_NOT_INITIALIZED', message: 'not initialized' } },
				message: 'Bad request - please check your parameters',
			},
			{ status: 400, code: 'E_TSS_NOT_INITIALIZED', message: 'not initialized' },
		],
		[
			'a 503 without a body',
			{ httpCode: '503', context: {}, message: 'Service unavailable' },
			{ status: 503 },
		],
		[
			'a dropped connection',
			{
				httpCode: 'ECONNRESET',
				context: {},
				message: 'The connection to the server was closed unexpectedly',
			},
			{ networkCode: 'ECONNRESET' },
		],
	])('reads n8n 1.x’s wrapped error: %s', (_case, wrapped, expected) => {
		const failure = readFailure(wrapped);
		expect(failure).toMatchObject(expected);
		expect(isRetryable(failure)).toBe(_case !== 'a fiskaly answer');
	});

	test('reads status, fiskaly code and message and Retry-After from an HTTP error', () => {
		const failure = readFailure(
			httpFailure(
				429,
				{ status_code: 429, error: 'Too Many Requests', code: 'E_RATE', message: 'Slow down' },
				{ 'Retry-After': '7' },
			),
		);
		expect(failure).toMatchObject({
			status: 429,
			code: 'E_RATE',
			message: 'Slow down',
			retryAfter: '7',
		});
		expect(failure.networkCode).toBeUndefined();
	});

	test('a body without code (fiskaly’s bad-credentials answer) still gives the message', () => {
		expect(
			readFailure(httpFailure(401, { message: 'Invalid credentials', error: 'Unauthorized' })),
		).toMatchObject({
			status: 401,
			message: 'Invalid credentials',
		});
	});

	test('a text body is kept short', () => {
		expect(readFailure(httpFailure(502, `<html>${'x'.repeat(500)}</html>`)).message).toHaveLength(
			200,
		);
	});

	test('reads the network code when no answer arrived', () => {
		const failure = readFailure(networkFailure('ECONNRESET'));
		expect(failure.networkCode).toBe('ECONNRESET');
		expect(failure.status).toBeUndefined();
	});

	test('an /auth failure from the credential keeps its message, description and retry hint', () => {
		const authError = Object.assign(
			new Error('fiskaly could not authenticate right now (HTTP 503)'),
			{
				description: 'Try again later.',
				extra: { retryable: true },
			},
		);
		const failure = readFailure(new NodeApiError(node, authError as never));
		expect(failure).toMatchObject({
			message: authError.message,
			description: 'Try again later.',
			retryableAuth: true,
		});
		expect(isRetryable(failure)).toBe(true);
	});
});

describe('isRetryable and retryDelayMs', () => {
	test.each<[Parameters<typeof isRetryable>[0], boolean]>([
		[{ status: 429 }, true],
		[{ status: 499 }, true],
		[{ status: 500 }, true],
		[{ status: 503 }, true],
		[{ status: 400, code: 'E_TX_UPSERT' }, false],
		[{ status: 401 }, false],
		[{ status: 404 }, false],
		[{ status: 409 }, false],
		[{ status: 423 }, false],
		[{ networkCode: 'ECONNRESET' }, true],
		[{ networkCode: 'ETIMEDOUT' }, true],
		[{ networkCode: 'ECONNABORTED' }, true],
		[{ networkCode: 'ENOTFOUND' }, false],
		[{ networkCode: 'ERR_CANCELED' }, false],
		[{}, false],
	])('%p → %p', (failure, expected) => {
		expect(isRetryable(failure)).toBe(expected);
	});

	test('Retry-After wins over backoff; backoff doubles; a too long wait gives up', () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect([1, 2, 3].map((attempt) => retryDelayMs(attempt, undefined, now))).toEqual([
			500, 1000, 2000,
		]);
		expect(retryDelayMs(1, '3', now)).toBe(3000);
		expect(retryDelayMs(1, 'Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
		expect(retryDelayMs(1, '3600', now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(MAX_ATTEMPTS).toBe(4);
	});
});

describe('describeFailure', () => {
	test.each<[string, RegExp]>([
		['E_TSS_NOT_INITIALIZED', /Run TSS › Set Up or TSS › Initialize first/],
		['E_TSS_DISABLED', /new TSS/],
		['E_CLIENT_DEREGISTERED', /Client › Update/],
		['E_ILLEGAL_CLIENT_SERIAL', /70/],
		['E_TX_LIMIT_REACHED', /Cancel/],
		['E_TSS_LIMIT_REACHED', /TSS › Disable/],
		['E_ADMIN_PIN_BLOCKED', /Change Admin PIN/],
		['E_CHANGE_ADMIN_PIN_FAILED', /admin_puk/],
		['E_USE_MIDDLEWARE', /kassensichv-middleware/],
		['E_TSS_CONFLICT', /Set Up/],
		['E_TX_UPSERT', /latest_revision/],
	])('%s says how to fix it and keeps the code and message', (code, fix) => {
		const { message, description } = describeFailure(
			{ status: 400, code, message: 'What fiskaly said' },
			REQUEST,
		);
		expect(message).toBe(`fiskaly rejected the request: What fiskaly said (${code})`);
		expect(description).toMatch(fix);
	});

	test('a 401 at admin login is a wrong PIN, not wrong API credentials', () => {
		const result = describeFailure(
			{ status: 401, code: 'E_UNAUTHORIZED' },
			{ ...REQUEST, method: 'POST', path: '/tss/t1/admin/auth' },
		);
		expect(result.message).toBe('The admin PIN was not accepted (E_UNAUTHORIZED)');
		expect(result.description).toMatch(/Admin PIN/);
	});

	test.each([401, 423])(
		'a blocked PIN at admin login (%i) says how to unblock it, not that the PIN was wrong',
		(status) => {
			const result = describeFailure(
				{ status, code: 'E_ADMIN_PIN_BLOCKED', message: 'The admin PIN is blocked' },
				{ ...REQUEST, method: 'POST', path: '/tss/t1/admin/auth' },
			);
			expect(result.message).toBe(
				'fiskaly rejected the request: The admin PIN is blocked (E_ADMIN_PIN_BLOCKED)',
			);
			expect(result.description).toMatch(/Change Admin PIN and the PUK/);
		},
	);

	test('a 401 on an admin change explains the admin session', () => {
		expect(
			describeFailure({ status: 401 }, { ...REQUEST, path: '/tss/t1/client/c1' }).description,
		).toMatch(/admin session/);
		expect(
			describeFailure({ status: 401 }, { ...REQUEST, method: 'GET', path: '/tss/t1' }).description,
		).toMatch(/API key/);
	});

	test('temporary failures mention the retries', () => {
		expect(
			describeFailure({ status: 503, code: 'E_TSS_LOCKED' }, { ...REQUEST, attempts: 4 })
				.description,
		).toMatch(/tried 4 times/);
		expect(describeFailure({ status: 500 }, { ...REQUEST, attempts: 4 }).description).toMatch(
			/status\.fiskaly\.com.*tried 4 times/,
		);
	});

	test('no answer at all names the base URL', () => {
		const result = describeFailure({ networkCode: 'ECONNREFUSED' }, { ...REQUEST, attempts: 4 });
		expect(result.message).toBe(
			'Could not reach fiskaly at https://kassensichv-middleware.fiskaly.com/api/v2',
		);
		expect(result.description).toMatch(
			/^The connection failed \(ECONNREFUSED\)\. Check the Base URL.*tried 4 times/,
		);
	});

	test('n8n keeps the message of a network failure instead of its generic one', () => {
		const error = fiskalyApiError(
			node,
			{ networkCode: 'ECONNREFUSED' },
			{ ...REQUEST, attempts: 4 },
		);
		expect(error.message).toBe(
			'Could not reach fiskaly at https://kassensichv-middleware.fiskaly.com/api/v2',
		);
	});
});

describe('describeFailure for DSFinV-K', () => {
	const DSFINVK = {
		api: 'dsfinvk' as const,
		method: 'PUT',
		path: '/cash_point_closings/c1',
		baseUrl: 'https://dsfinvk.fiskaly.com/api/v1',
		attempts: 1,
	};

	test.each<[string, RegExp]>([
		['E_CASH_REGISTER_NOT_FOUND', /Cash Register › Create or Update/],
		['E_VAT_DEFINITION_NOT_FOUND', /1 = 19 %.*from 1000/],
		['E_CASH_POINT_CLOSING_CONFLICT', /Cash Point Closing › Get/],
		['E_EXPORT_CONFLICT', /Export › Get/],
		['E_DOWNLOAD_NOT_FOUND', /Wait for Completion/],
		['E_INVALID_STATE_CHANGE', /COMPLETED or ERROR/],
		['E_PURCHASER_AGENCY_NOT_FOUND', /Purchaser Agency › Create or Update/],
		// The same code means something else in SIGN DE: the DSFinV-K table answers.
		['E_TX_NOT_FOUND', /tss_tx_id/],
		['E_CLIENT_NOT_FOUND', /Fiskaly SIGN DE › Client › Create/],
	])('%s gets the DSFinV-K fix', (code, fix) => {
		const { message, description } = describeFailure(
			{ status: 404, code, message: 'What fiskaly said' },
			DSFINVK,
		);
		expect(message).toBe(`fiskaly rejected the request: What fiskaly said (${code})`);
		expect(description).toMatch(fix);
	});

	test('a 404 without a code points at the DSFinV-K Base URL, a 401 at the key', () => {
		expect(describeFailure({ status: 404 }, DSFINVK).description).toBe(
			'Check the IDs, and that the DSFinV-K Base URL in the credential ends with /api/v1.',
		);
		expect(describeFailure({ status: 401 }, DSFINVK).description).toMatch(/DSFinV-K Base URL/);
		expect(describeFailure({ status: 404 }, REQUEST).description).toBe(
			'Check the IDs, and that the Base URL in the credential ends with /api/v2.',
		);
	});
});

describe('fiskalyApiError', () => {
	test('is a NodeApiError with fiskaly’s code, status and item, and never the PIN it sent', () => {
		const error = fiskalyApiError(
			node,
			readFailure(
				httpFailure(400, {
					code: 'E_FAILED_SCHEMA_VALIDATION',
					message: 'admin_pin 12345678 is too weak',
				}),
			),
			{
				method: 'POST',
				path: '/tss/t1/admin/auth',
				body: { admin_pin: '12345678' },
				baseUrl: REQUEST.baseUrl,
				attempts: 1,
				itemIndex: 3,
			},
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('400');
		expect(fiskalyCodeOf(error)).toBe('E_FAILED_SCHEMA_VALIDATION');
		expect(error.context.itemIndex).toBe(3);
		expect(error.message).toContain('admin_pin *** is too weak');
		expect(JSON.stringify(error)).not.toContain('12345678');
		expect(`${error.message} ${error.description}`).not.toContain('12345678');
	});

	test('restate keeps class, code and status and adds advice', () => {
		const original = fiskalyApiError(
			node,
			{ status: 400, code: 'E_TX_UPSERT', message: 'stale' },
			{ ...REQUEST, attempts: 1 },
		);
		const told = restate(node, original, { message: 'Step failed', advice: 'Run it again.' }, 2);
		expect(told).toBeInstanceOf(NodeApiError);
		expect(told.message).toBe('Step failed');
		expect(told.description).toMatch(/latest_revision\. Run it again\.$/);
		expect(fiskalyCodeOf(told)).toBe('E_TX_UPSERT');
		expect((told as NodeApiError).httpCode).toBe('400');
	});

	test('redact replaces every occurrence of each secret', () => {
		expect(redact('pin 654321 and again 654321, puk 1234567890', ['654321', '1234567890'])).toBe(
			'pin *** and again ***, puk ***',
		);
	});
});
