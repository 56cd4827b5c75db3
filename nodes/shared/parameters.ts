import type {
	IDataObject,
	IExecuteFunctions,
	IGetNodeParameterOptions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldError } from './errors';
import { buildMetadata, validateNumber } from './validation';

/** Reading node parameters into validated values, before any HTTP call; for every fiskaly node. */

interface ParameterCache {
	/** The parameters as stored in the workflow, expressions unresolved. */
	stored: INodeParameters;
	values: Map<string, unknown>;
}

const parameterCaches = new WeakMap<IExecuteFunctions, ParameterCache>();

function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (typeof value === 'object' && value !== null)
		return Object.values(value).some(containsExpression);
	return false;
}

/** The value at a dotted path (`body.line_items`) of an object, or undefined where there is none. */
export function valueAtPath(object: unknown, path: string): unknown {
	let value: unknown = object;
	for (const key of path.split('.')) {
		if (
			typeof value !== 'object' ||
			value === null ||
			!Object.prototype.hasOwnProperty.call(value, key)
		)
			return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/**
 * A node parameter for one item. n8n resolves, copies and validates a parameter on every read,
 * which costs more per item than building the receipt. A parameter without an expression has
 * the same value for every item, so it is read once per execution; each item gets its own copy
 * of an object value. Parameters with an expression are resolved for every item, as usual.
 */
export function getParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
	options?: Pick<IGetNodeParameterOptions, 'extractValue'>,
): unknown {
	let cache = parameterCaches.get(ctx);
	if (!cache) {
		cache = { stored: ctx.getNode().parameters, values: new Map() };
		parameterCaches.set(ctx, cache);
	}
	const stored = valueAtPath(cache.stored, name);
	if (containsExpression(stored)) return ctx.getNodeParameter(name, itemIndex, fallback, options);
	const extract = options?.extractValue === true;
	// A parameter that is not stored resolves to the caller's fallback, so that is part of the key.
	const key =
		stored === undefined ? `${name}|${extract}|${JSON.stringify(fallback)}` : `${name}|${extract}`;
	if (!cache.values.has(key))
		cache.values.set(key, ctx.getNodeParameter(name, itemIndex, fallback, options));
	const value = cache.values.get(key);
	return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/**
 * Runs a pure validator; its FieldError becomes a NodeOperationError that names the field and
 * the item and says how to fix the value.
 */
export function checked<T>(ctx: IExecuteFunctions, itemIndex: number, validate: () => T): T {
	try {
		return validate();
	} catch (error) {
		if (error instanceof FieldError) {
			throw new NodeOperationError(ctx.getNode(), `${error.message} [item ${itemIndex}]`, {
				itemIndex,
				description: error.hint,
			});
		}
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}

/** The Metadata parameter as fiskaly's object, or undefined when no entry was added. */
export function getMetadata(
	ctx: IExecuteFunctions,
	itemIndex: number,
	maxEntries?: number,
): Record<string, string> | undefined {
	const entries = getParameter(ctx, 'metadata.entries', itemIndex, []) as Array<{
		key?: unknown;
		value?: unknown;
	}>;
	const metadata = checked(ctx, itemIndex, () => buildMetadata(entries, 'Metadata', maxEntries));
	return Object.keys(metadata).length > 0 ? metadata : undefined;
}

/** Output items of one input item, linked back to it. */
export function itemsFor(
	json: IDataObject | IDataObject[],
	itemIndex: number,
): INodeExecutionData[] {
	return (Array.isArray(json) ? json : [json]).map((entry) => ({
		json: entry,
		pairedItem: { item: itemIndex },
	}));
}

/** The Filters collection of a Get Many operation as fiskaly's list query (states[], order_by, order). */
export function listQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	if (Array.isArray(filters.states) && filters.states.length > 0) qs.states = filters.states;
	if (filters.orderBy) qs.order_by = filters.orderBy;
	if (filters.order) qs.order = filters.order;
	return qs;
}

/** A number parameter, checked against `rule` (n8n does not check values that come from expressions). */
export function getNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: { name: string; field: string; fallback: number },
	rule: { min: number; max?: number; whole?: boolean },
	hint: string,
): number {
	const value = getParameter(ctx, parameter.name, itemIndex, parameter.fallback);
	return checked(ctx, itemIndex, () => validateNumber(value, parameter.field, rule, hint));
}

/** Return All + Limit: undefined for all, otherwise a whole number of at least 1. */
export function getLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (getParameter(ctx, 'returnAll', itemIndex, false) as boolean) return undefined;
	return getNumber(
		ctx,
		itemIndex,
		{ name: 'limit', field: 'Limit', fallback: 50 },
		{ min: 1, whole: true },
		'Enter how many results to return (1 or more), or turn on Return All.',
	);
}
