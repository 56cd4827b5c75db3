import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listItems, listProperties } from '../../../shared/listOperation';

// Literal pieces: n8n-node lint checks option order and wording only in object literals.
const properties = listProperties({
	orderBy: {
		displayName: 'Order By',
		name: 'orderBy',
		type: 'options',
		options: [
			{ name: 'Creation Time', value: 'time_creation' },
			{ name: 'Percentage', value: 'percentage' },
			{ name: 'Update Time', value: 'time_update' },
			{ name: 'VAT Definition ID', value: 'vat_definition_export_id' },
		],
		default: 'time_creation',
		description: 'Field to sort by',
	},
	filters: [],
});

export const description = updateDisplayOptions(
	{ show: { resource: ['vatDefinition'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listItems.call(this, itemIndex, { api: 'dsfinvk', path: '/vat_definitions' });
}
