import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldError } from '../helpers/errors';
import { buildMetadata, validateNumber, validateUuid } from '../helpers/validation';

/** Reading node parameters into validated values, before any HTTP call. */

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

function locatorValue(ctx: IExecuteFunctions, name: string, itemIndex: number): unknown {
	return ctx.getNodeParameter(name, itemIndex, '', { extractValue: true });
}

export function getTssId(ctx: IExecuteFunctions, itemIndex: number): string {
	return checked(ctx, itemIndex, () => validateUuid(locatorValue(ctx, 'tss', itemIndex), 'TSS'));
}

export function getClientId(ctx: IExecuteFunctions, itemIndex: number): string {
	return checked(ctx, itemIndex, () =>
		validateUuid(locatorValue(ctx, 'client', itemIndex), 'Client'),
	);
}

/** For operations where the client may be left empty. */
export function getOptionalClientId(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const value = locatorValue(ctx, 'client', itemIndex);
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	return checked(ctx, itemIndex, () => validateUuid(value, 'Client'));
}

/** The Metadata parameter as fiskaly's object, or undefined when no entry was added. */
export function getMetadata(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Record<string, string> | undefined {
	const entries = ctx.getNodeParameter('metadata.entries', itemIndex, []) as Array<{
		key?: unknown;
		value?: unknown;
	}>;
	const metadata = checked(ctx, itemIndex, () => buildMetadata(entries, 'Metadata'));
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
	const value = ctx.getNodeParameter(parameter.name, itemIndex, parameter.fallback) as unknown;
	return checked(ctx, itemIndex, () => validateNumber(value, parameter.field, rule, hint));
}

/** Return All + Limit: undefined for all, otherwise a whole number of at least 1. */
export function getLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return getNumber(
		ctx,
		itemIndex,
		{ name: 'limit', field: 'Limit', fallback: 50 },
		{ min: 1, whole: true },
		'Enter how many results to return (1 or more), or turn on Return All.',
	);
}
