import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

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
			{ name: 'All TSS', value: 'all', description: 'Clients of every TSS of the organisation' },
			{ name: 'One TSS', value: 'tss', description: 'Clients of one TSS' },
		],
		default: 'tss',
		description: 'Whose clients to return',
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
					{ name: 'Creation Time', value: 'time_creation' },
					{ name: 'Serial Number', value: 'serial_number' },
				],
				default: 'time_creation',
				description: 'Field to sort by',
			},
			{
				displayName: 'Serial Number',
				name: 'serialNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. Kasse 1',
				description: 'Only return the client with this serial number',
			},
			{
				displayName: 'State',
				name: 'state',
				type: 'options',
				options: [
					{ name: 'Deregistered', value: 'DEREGISTERED' },
					{ name: 'Registered', value: 'REGISTERED' },
				],
				default: 'REGISTERED',
				description: 'Only return clients in this state',
			},
		],
	},
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const scope = getParameter(this, 'scope', itemIndex, 'tss') as string;
	const path = scope === 'all' ? '/client' : `/tss/${getTssId(this, itemIndex)}/client`;
	const limit = getLimit(this, itemIndex);
	const filters = getParameter(this, 'filters', itemIndex, {}) as IDataObject;
	const qs = listQuery(filters);
	if (typeof filters.serialNumber === 'string' && filters.serialNumber !== '')
		qs.serial_number = filters.serialNumber;
	if (filters.state) qs.state = filters.state;
	const clients = await fiskalyApiRequestAllItems.call(this, path, qs, limit, itemIndex);
	return itemsFor(clients, itemIndex);
}
