// What a route is, what its handler receives, and the query-string helpers the list routes share.

import type { TokenService } from '../auth';
import { schemaError } from '../errors';
import type { FaultInjector } from '../faults';
import type { ListOptions, Session, SimulatorState } from '../state';
import type { TrafficRecorder } from '../stats';
import { describe } from '../validate';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** The simulator's parts a handler may use. */
export interface SimulatorContext {
	state: SimulatorState;
	tokens: TokenService;
	faults: FaultInjector;
	traffic: TrafficRecorder;
}

export interface RequestContext {
	/** Path parameters by name, as sent (the state module validates and lower-cases ids). */
	params: Record<string, string>;
	query: Query;
	/** Parsed JSON body; undefined when the request had none. */
	body: unknown;
	/** The bearer token's session (routes with `auth: false` get an empty one). */
	session: Session;
	sim: SimulatorContext;
}

export type RouteResult =
	| { status?: number; json: unknown; headers?: Record<string, string> }
	| { status?: number; binary: Buffer; contentType: string; headers?: Record<string, string> };

export interface Route {
	method: HttpMethod;
	/** Path below /api/v2 with `{name}` parameters, exactly as in the OpenAPI document. */
	path: string;
	operationId: string;
	/** Bearer token required (default true). */
	auth?: boolean;
	/** Whether a JSON body is expected (default 'none': a body is read but ignored). */
	body?: 'none' | 'optional' | 'required';
	/** Per-key request budget per minute, when rate limits are on (REFERENCE §0). */
	rateLimit?: { perMinute: number; key: (params: Record<string, string>) => string };
	handle(context: RequestContext): RouteResult;
}

export function json(body: unknown, status = 200): RouteResult {
	return { status, json: body };
}

/**
 * Query string access that understands the array forms real clients send for `states`:
 * `states[]=A&states[]=B`, `states[0]=A&states[1]=B` and `states=A&states=B`.
 */
export class Query {
	private readonly params?: URLSearchParams;

	constructor(search: string) {
		if (search) this.params = new URLSearchParams(search);
	}

	get(name: string): string | undefined {
		return this.params?.get(name) ?? undefined;
	}

	getAll(name: string): string[] {
		if (!this.params) return [];
		const values: string[] = [];
		const prefix = `${name}[`;
		for (const [key, value] of this.params) {
			if (key === name) values.push(value);
			else if (key.startsWith(prefix) && key.endsWith(']')) {
				const index = key.slice(prefix.length, -1);
				if (index === '' || /^\d+$/.test(index)) values.push(value);
			}
		}
		return values;
	}

	/** The named parameters as a record (undefined when absent). */
	pick(names: readonly string[]): Record<string, string | undefined> {
		const picked: Record<string, string | undefined> = {};
		for (const name of names) picked[name] = this.get(name);
		return picked;
	}
}

function integerParameter(
	query: Query,
	name: string,
	fallback: number,
	min: number,
	max: number,
): number {
	const raw = query.get(name);
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!/^\d+$/.test(raw) || value < min || value > max) {
		throw schemaError(
			`${name} must be an integer from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'any size' : max}, got ${describe(raw)}`,
		);
	}
	return value;
}

function enumParameter(query: Query, name: string, allowed: readonly string[]): string | undefined {
	const value = query.get(name);
	if (value !== undefined && !allowed.includes(value)) {
		throw schemaError(`${name} must be one of ${allowed.join(', ')}, got ${describe(value)}`);
	}
	return value;
}

export interface ListSpec {
	orderBy: readonly string[];
	/** Allowed values of the `states[]` filter (TSS, transaction and export lists). */
	states?: readonly string[];
	/** Client lists: `state` and `serial_number` filters. */
	clientFilters?: readonly string[];
}

/** limit 1..100 (default 100), offset ≥ 0, order asc|desc, order_by and filters per list (REFERENCE §6.4). */
export function listOptions(query: Query, spec: ListSpec): ListOptions {
	const options: ListOptions = {
		limit: integerParameter(query, 'limit', 100, 1, 100),
		offset: integerParameter(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
		order: (enumParameter(query, 'order', ['asc', 'desc']) ?? 'asc') as 'asc' | 'desc',
		orderBy: enumParameter(query, 'order_by', spec.orderBy),
	};
	enumParameter(query, 'show_deleted', ['true', 'false']); // nothing is ever deleted here
	if (spec.states) {
		const allowed = spec.states;
		const states = query.getAll('states');
		for (const state of states) {
			if (!allowed.includes(state))
				throw schemaError(`states must only hold ${allowed.join(', ')}, got ${describe(state)}`);
		}
		if (states.length) options.states = states;
	}
	if (spec.clientFilters) {
		options.state = enumParameter(query, 'state', spec.clientFilters);
		options.serialNumber = query.get('serial_number');
	}
	return options;
}
