import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { FiskalyApi } from './apis';
import { concurrencyOptions, limitField, orderField, returnAllField } from './descriptions';
import { getLimit, getParameter, itemsFor, listQuery } from './parameters';
import { fiskalyApiRequestAllItems } from './transport';

/**
 * One shape for every Get Many operation: [scope] Return All, Limit, Filters (Order, Order By,
 * further filters), [output options], Options › Concurrency. Callers pass each differing parameter
 * as an object literal so that n8n-node lint still checks it; only the assembled Filters
 * collection is out of its sight, so its options are sorted here as lint would demand.
 */
export interface ListParameters {
	/** Whose items to list, and the locators that scope needs; shown first. */
	scope?: INodeProperties[];
	/** The Order By option of the Filters. */
	orderBy: INodeProperties;
	/** Filters besides Order and Order By, e.g. States. */
	filters: INodeProperties[];
	/** Shown after the Filters, e.g. Simplify. */
	output?: INodeProperties[];
}

function byDisplayName(a: INodeProperties, b: INodeProperties): number {
	return a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0;
}

export function listProperties(parameters: ListParameters): INodeProperties[] {
	return [
		...(parameters.scope ?? []),
		returnAllField,
		limitField,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [orderField, parameters.orderBy, ...parameters.filters].sort(byDisplayName),
		},
		...(parameters.output ?? []),
		concurrencyOptions,
	];
}

export interface ListRequest {
	api?: FiskalyApi;
	path: string;
	/** Query parameters for filters beyond States, Order By and Order. */
	query?: (filters: IDataObject) => IDataObject;
	/** Shapes each listed item for the output. */
	output?: (item: IDataObject) => IDataObject;
}

/** The execute body of every Get Many: Return All or Limit, Filters, one output item per entry. */
export async function listItems(
	this: IExecuteFunctions,
	itemIndex: number,
	request: ListRequest,
): Promise<INodeExecutionData[]> {
	const limit = getLimit(this, itemIndex);
	const filters = getParameter(this, 'filters', itemIndex, {}) as IDataObject;
	const qs = { ...listQuery(filters), ...request.query?.(filters) };
	const items = await fiskalyApiRequestAllItems.call(
		this,
		request.path,
		qs,
		limit,
		itemIndex,
		request.api,
	);
	return itemsFor(request.output ? items.map(request.output) : items, itemIndex);
}
