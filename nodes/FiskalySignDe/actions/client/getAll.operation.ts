import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listItems, listProperties } from '../../../shared/listOperation';
import { getParameter } from '../../../shared/parameters';
import { tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';

// Literal pieces: n8n-node lint checks option order and wording only in object literals.
const properties = listProperties({
	scope: [
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
	],
	orderBy: {
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
	filters: [
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
});

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['getAll'] } },
	properties,
);

function clientQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	if (typeof filters.serialNumber === 'string' && filters.serialNumber !== '')
		qs.serial_number = filters.serialNumber;
	if (filters.state) qs.state = filters.state;
	return qs;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const scope = getParameter(this, 'scope', itemIndex, 'tss') as string;
	const path = scope === 'all' ? '/client' : `/tss/${getTssId(this, itemIndex)}/client`;
	return await listItems.call(this, itemIndex, { path, query: clientQuery });
}
