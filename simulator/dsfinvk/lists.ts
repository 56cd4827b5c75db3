// Lists of the DSFinV-K API (REFERENCE §3): limit 1–100 (default 100), offset, order asc|desc, order_by
// from the list's own enum (anything else is a 400, e.g. order_by=time_creation on /exports), the
// `states` filter, and the list envelope `{data, count, _type, _env, _version}`.

import { schemaError } from '../core/errors';
import type { Query } from '../core/route';
import { describe, type JsonObject } from '../core/validate';
import { envelope } from './store';
import { STATES, type State } from './model';

type SortValue = string | number | undefined;

export interface ListSpec<T> {
	type: string;
	/** Sort key per allowed order_by value; the first one is the default. */
	orderBy: Record<string, (item: T) => SortValue>;
	defaultOrderBy: string;
}

function integer(query: Query, name: string, fallback: number, max: number): number {
	const raw = query.get(name);
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!/^\d+$/.test(raw) || value > max)
		throw schemaError(
			`querystring.${name} should be an integer from 0 to ${max}, got ${describe(raw)}`,
		);
	return value;
}

export function enumQuery(
	query: Query,
	name: string,
	allowed: readonly string[],
): string | undefined {
	const value = query.get(name);
	if (value !== undefined && !allowed.includes(value))
		throw schemaError(
			`querystring.${name} should be equal to one of the allowed values: ${allowed.join(', ')}; got ${describe(value)}`,
		);
	return value;
}

export function statesQuery(query: Query): State[] | undefined {
	const states = query.getAll('states');
	for (const state of states) {
		if (!(STATES as readonly string[]).includes(state))
			throw schemaError(
				`querystring.states should only hold ${STATES.join(', ')}, got ${describe(state)}`,
			);
	}
	return states.length ? (states as State[]) : undefined;
}

/** Unix seconds from the query, or undefined. */
export function unixQuery(query: Query, name: string): number | undefined {
	const raw = query.get(name);
	if (raw === undefined) return undefined;
	if (!/^\d+$/.test(raw) || Number(raw) > 2147483647)
		throw schemaError(`querystring.${name} should be a unix timestamp, got ${describe(raw)}`);
	return Number(raw);
}

export function businessDateQuery(query: Query, name: string): string | undefined {
	const raw = query.get(name);
	if (raw !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(raw))
		throw schemaError(
			`querystring.${name} should match format "date" (YYYY-MM-DD), got ${describe(raw)}`,
		);
	return raw;
}

function compare(a: SortValue, b: SortValue): number {
	if (a === b) return 0;
	if (a === undefined) return -1;
	if (b === undefined) return 1;
	return a < b ? -1 : 1;
}

/** Orders (stable: insertion order breaks ties), pages, and builds views for the page only. */
export function list<T>(
	items: T[],
	query: Query,
	spec: ListSpec<T>,
	view: (item: T) => JsonObject,
): JsonObject {
	const limit = integer(query, 'limit', 100, 100);
	if (limit === 0) throw schemaError('querystring.limit should be >= 1');
	const offset = integer(query, 'offset', 0, Number.MAX_SAFE_INTEGER);
	const order = enumQuery(query, 'order', ['asc', 'desc']) ?? 'asc';
	const orderBy = enumQuery(query, 'order_by', Object.keys(spec.orderBy)) ?? spec.defaultOrderBy;
	const key = spec.orderBy[orderBy];
	const sorted = items
		.map((item, index) => ({ item, index, value: key(item) }))
		.sort((a, b) => compare(a.value, b.value) || a.index - b.index)
		.map((entry) => entry.item);
	if (order === 'desc') sorted.reverse();
	const data = sorted.slice(offset, offset + limit).map(view);
	// count: every match, not just this page, so a client pages until offset ≥ count (§13) [INFERRED]
	return { data, count: sorted.length, ...envelope(spec.type) };
}
