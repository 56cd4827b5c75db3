// Fault injection (control API POST /_simulator/faults): the next N requests matching a method and
// path pattern get a chosen failure instead of (or on top of) their normal answer.

import { ApiError } from './errors';
import { describe, expectObject, isObject } from './validate';

export type Fault =
	| { type: 'status'; status: number; retryAfter?: number; code?: string; message?: string }
	/** `before`: the socket is destroyed before anything is handled; `after`: once the change is committed. */
	| { type: 'drop'; when: 'before' | 'after' }
	| { type: 'latency'; ms: number }
	| { type: 'expireToken' };

export interface FaultRule {
	id: number;
	/** `query`: parameters the request's query string must hold, e.g. "tx_revision=2". */
	match: { method?: string; path?: string; query?: string };
	/** Matching requests this rule still applies to. */
	remaining: number;
	fault: Fault;
}

interface CompiledRule extends FaultRule {
	method?: string;
	basePath?: string;
	path?: RegExp;
	query?: URLSearchParams;
}

function hasParameters(search: string, wanted: URLSearchParams): boolean {
	const given = new URLSearchParams(search);
	return [...wanted].every(([name, value]) => given.getAll(name).includes(value));
}

const DEFAULT_CODES: Record<number, string> = {
	429: 'E_TOO_MANY_REQUESTS',
	500: 'E_INTERNAL',
	502: 'ERROR_IDENTIFY_ERS',
	503: 'E_TSS_LOCKED',
};

function badFault(message: string): ApiError {
	return new ApiError(400, 'E_FAILED_SCHEMA_VALIDATION', message);
}

// A path pattern relative to an API's base path: `*` stands for one path segment, `**` for any number of
// segments. "/tss/*/tx/*" matches every transaction path of every API; a leading base path such as
// "/api/v2/tss/*/tx/*" limits the rule to that API.
function compilePathPattern(
	pattern: string,
	basePaths: readonly string[],
): { basePath?: string; path: RegExp } {
	const basePath = basePaths.find((base) => pattern.startsWith(`${base}/`));
	const relative = basePath ? pattern.slice(basePath.length) : pattern;
	if (!relative.startsWith('/'))
		throw badFault(`match.path must start with "/", got ${describe(pattern)}`);
	const source = relative
		.split('/')
		.map((segment) => {
			if (segment === '**') return '.*';
			if (segment === '*') return '[^/]+';
			return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		})
		.join('/');
	return { basePath, path: new RegExp(`^${source}$`) };
}

function parseFault(value: unknown): Fault {
	const fault = expectObject(value, 'fault');
	const nonNegative = (key: string): number | undefined => {
		const number = fault[key];
		if (number === undefined) return undefined;
		if (typeof number !== 'number' || !Number.isFinite(number) || number < 0)
			throw badFault(`fault.${key} must be a number ≥ 0`);
		return number;
	};
	switch (fault.type) {
		case 'status': {
			const status = fault.status;
			if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
				throw badFault('fault.status must be an HTTP error status from 400 to 599');
			}
			if (fault.code !== undefined && typeof fault.code !== 'string')
				throw badFault('fault.code must be a string');
			if (fault.message !== undefined && typeof fault.message !== 'string')
				throw badFault('fault.message must be a string');
			return {
				type: 'status',
				status,
				retryAfter: nonNegative('retryAfter'),
				code: fault.code as string | undefined,
				message: fault.message as string | undefined,
			};
		}
		case 'drop':
			if (fault.when !== 'before' && fault.when !== 'after')
				throw badFault('fault.when must be "before" or "after"');
			return { type: 'drop', when: fault.when };
		case 'latency': {
			const ms = nonNegative('ms');
			if (ms === undefined) throw badFault('fault.ms is required for a latency fault');
			return { type: 'latency', ms };
		}
		case 'expireToken':
			return { type: 'expireToken' };
		default:
			throw badFault(
				`fault.type must be one of status, drop, latency, expireToken; got ${describe(fault.type)}`,
			);
	}
}

/** The error an injected status fault answers with. */
export function statusFaultError(fault: Extract<Fault, { type: 'status' }>): ApiError {
	// "In case of 429 or 503 … the Retry-After header is included": 1 s unless the rule says otherwise.
	const retryAfter =
		fault.retryAfter ?? (fault.status === 429 || fault.status === 503 ? 1 : undefined);
	const headers =
		retryAfter !== undefined ? { 'Retry-After': String(Math.ceil(retryAfter)) } : undefined;
	return new ApiError(
		fault.status,
		fault.code ?? DEFAULT_CODES[fault.status] ?? 'E_SIMULATED_FAULT',
		fault.message ?? `Injected fault: HTTP ${fault.status} from the simulator's fault injection`,
		headers,
	);
}

export class FaultInjector {
	private rules: CompiledRule[] = [];
	private nextId = 1;

	/** `basePaths`: the base paths of the APIs served, so a rule can name the API it is meant for. */
	constructor(private readonly basePaths: readonly string[]) {}

	/** Adds a rule from a control API body `{match: {method?, path?, query?}, count?, fault}`. */
	add(body: unknown): FaultRule {
		const request = expectObject(body, 'request body');
		const match = request.match === undefined ? {} : expectObject(request.match, 'match');
		if (match.method !== undefined && typeof match.method !== 'string')
			throw badFault('match.method must be a string');
		if (match.path !== undefined && typeof match.path !== 'string')
			throw badFault('match.path must be a string');
		if (match.query !== undefined && typeof match.query !== 'string')
			throw badFault('match.query must be a string such as "tx_revision=2"');
		const count = request.count ?? 1;
		if (typeof count !== 'number' || !Number.isInteger(count) || count < 1)
			throw badFault('count must be an integer ≥ 1');
		if (!isObject(request.fault))
			throw badFault('fault is required, e.g. {"type":"status","status":503}');
		const rule: CompiledRule = {
			id: this.nextId++,
			match: {
				method: match.method as string | undefined,
				path: match.path as string | undefined,
				...(typeof match.query === 'string' ? { query: match.query } : {}),
			},
			remaining: count,
			fault: parseFault(request.fault),
			method: typeof match.method === 'string' ? match.method.toUpperCase() : undefined,
			...(typeof match.path === 'string' ? compilePathPattern(match.path, this.basePaths) : {}),
			...(typeof match.query === 'string' ? { query: new URLSearchParams(match.query) } : {}),
		};
		this.rules.push(rule);
		return this.describeRule(rule);
	}

	list(): FaultRule[] {
		return this.rules.map((rule) => this.describeRule(rule));
	}

	clear(): number {
		const removed = this.rules.length;
		this.rules = [];
		return removed;
	}

	/**
	 * The fault for a request to `path` below `basePath`, if a rule matches (the rule's remaining count
	 * goes down by one).
	 */
	take(basePath: string, method: string, path: string, search = ''): Fault | undefined {
		if (this.rules.length === 0) return undefined;
		const index = this.rules.findIndex(
			(rule) =>
				(rule.method === undefined || rule.method === method) &&
				(rule.basePath === undefined || rule.basePath === basePath) &&
				(rule.path === undefined || rule.path.test(path)) &&
				(rule.query === undefined || hasParameters(search, rule.query)),
		);
		if (index === -1) return undefined;
		const rule = this.rules[index];
		rule.remaining--;
		if (rule.remaining <= 0) this.rules.splice(index, 1);
		return rule.fault;
	}

	private describeRule(rule: CompiledRule): FaultRule {
		return { id: rule.id, match: rule.match, remaining: rule.remaining, fault: rule.fault };
	}
}
