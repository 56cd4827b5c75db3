// Get Many in SIGN DE: the query parameters every list takes (limit 1..100, offset, order, order_by and
// per-list filters, REFERENCE §6.4), and one way to filter, order and page a list.

import { ENV } from '../core/auth';
import { schemaError } from '../core/errors';
import type { Query } from '../core/route';
import { describe, type JsonObject } from '../core/validate';
import { API_VERSION } from './model';

export interface ListOptions {
	limit: number;
	offset: number;
	order: 'asc' | 'desc';
	orderBy?: string;
	/** `states[]` filter (TSS, transactions, exports). */
	states?: string[];
	/** Client lists: `state` and `serial_number` filters. */
	state?: string;
	serialNumber?: string;
}

export interface ListResponse {
	data: JsonObject[];
	count: number;
	_type: string;
	_env: string;
	_version: string;
}

export interface ListSpec {
	orderBy: readonly string[];
	/** Allowed values of the `states[]` filter (TSS, transaction and export lists). */
	states?: readonly string[];
	/** Client lists: `state` and `serial_number` filters. */
	clientFilters?: readonly string[];
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

/** The list options of a query string, refusing anything the list does not offer. */
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

type SortValue = string | number | undefined;

function compareValues(a: SortValue, b: SortValue): number {
	if (a === b) return 0;
	if (a === undefined) return -1;
	if (b === undefined) return 1;
	return a < b ? -1 : 1;
}

/** Orders (stable: creation order breaks ties) and pages a filtered list, building views for the page only. */
export function page<T>(
	items: T[],
	options: ListOptions,
	type: string,
	sortKey: (item: T, orderBy: string) => SortValue,
	view: (item: T) => JsonObject,
): ListResponse {
	let ordered = items;
	if (options.orderBy) {
		const orderBy = options.orderBy;
		ordered = items
			.map((item, index) => ({ item, index, key: sortKey(item, orderBy) }))
			.sort((a, b) => compareValues(a.key, b.key) || a.index - b.index)
			.map((entry) => entry.item);
	}
	const data: JsonObject[] = [];
	const total = ordered.length;
	for (let i = options.offset; i < total && data.length < options.limit; i++) {
		data.push(view(ordered[options.order === 'desc' ? total - 1 - i : i]));
	}
	return { data, count: data.length, _type: type, _env: ENV, _version: API_VERSION };
}
