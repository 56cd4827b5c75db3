import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { EXPORT_STATES } from '../../helpers/exports';
import { fiskalyApiRequestAllItems } from '../../transport';
import {
	concurrencyOptions,
	limitField,
	orderField,
	returnAllField,
	tssLocator,
} from '../common.descriptions';
import { getLimit, getParameter, getTssId, itemsFor, listQuery } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'All TSS', value: 'all', description: 'Exports of every TSS of the organisation' },
			{ name: 'One TSS', value: 'tss', description: 'Exports of one TSS' },
		],
		default: 'tss',
		description: 'Whose exports to return',
	},
	{ ...tssLocator, displayOptions: { show: { scope: ['tss'] } } },
	returnAllField,
	limitField,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			orderField,
			{
				displayName: 'Order By',
				name: 'orderBy',
				type: 'options',
				options: [
					{ name: 'End Time', value: 'time_end' },
					{ name: 'Error Time', value: 'time_error' },
					{ name: 'Expiration Time', value: 'time_expiration' },
					{ name: 'Request Time', value: 'time_request' },
					{ name: 'Start Time', value: 'time_start' },
					{ name: 'State', value: 'state' },
				],
				default: 'time_request',
				description: 'Field to sort by',
			},
			{
				displayName: 'States',
				name: 'states',
				type: 'multiOptions',
				options: EXPORT_STATES,
				default: [],
				description: 'Only return exports in these states',
			},
		],
	},
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const scope = getParameter(this, 'scope', itemIndex, 'tss') as string;
	const path = scope === 'all' ? '/export' : `/tss/${getTssId(this, itemIndex)}/export`;
	const limit = getLimit(this, itemIndex);
	const filters = getParameter(this, 'filters', itemIndex, {}) as IDataObject;
	const qs = listQuery(filters);
	const exports = await fiskalyApiRequestAllItems.call(this, path, qs, limit, itemIndex);
	return itemsFor(exports, itemIndex);
}
