import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties } from '../../../shared/listOperation';
import { cashRegisterQuery, listFilteredItems } from '../filteredList';

// Literal pieces: n8n-node lint checks option order and wording only in object literals.
const properties = listProperties({
	orderBy: {
		displayName: 'Order By',
		name: 'orderBy',
		type: 'options',
		options: [
			{ name: 'Creation Time', value: 'time_creation' },
			{ name: 'Name', value: 'name' },
			{ name: 'Purchaser Agency Export ID', value: 'purchaser_agency_export_id' },
			{ name: 'Update Time', value: 'time_update' },
		],
		default: 'time_creation',
		description: 'Field to sort by',
	},
	filters: [
		{
			displayName: 'Cash Register ID',
			name: 'clientId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
			description: 'Only the agencies of this cash register',
		},
	],
});

export const description = updateDisplayOptions(
	{ show: { resource: ['purchaserAgency'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listFilteredItems.call(this, itemIndex, '/purchaser_agencies', cashRegisterQuery);
}
