import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fiskalyApiRequestAllItems } from '../../transport';
import { concurrencyOptions, limitField, orderField, returnAllField } from '../common.descriptions';
import { getLimit, getParameter, itemsFor, listQuery } from '../parameters';
import { TSS_STATES } from './shared';

const properties: INodeProperties[] = [
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
					{ name: 'Creation Time', value: 'time_creation' },
					{ name: 'Description', value: 'description' },
					{ name: 'Disabled Time', value: 'time_disable' },
					{ name: 'Initialized Time', value: 'time_init' },
					{ name: 'State', value: 'state' },
				],
				default: 'time_creation',
				description: 'Field to sort by',
			},
			{
				displayName: 'States',
				name: 'states',
				type: 'multiOptions',
				options: TSS_STATES,
				default: [],
				description: 'Only return TSS in these states',
			},
		],
	},
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const limit = getLimit(this, itemIndex);
	const filters = getParameter(this, 'filters', itemIndex, {}) as IDataObject;
	const qs = listQuery(filters);
	const tssList = await fiskalyApiRequestAllItems.call(this, '/tss', qs, limit, itemIndex);
	return itemsFor(tssList, itemIndex);
}
