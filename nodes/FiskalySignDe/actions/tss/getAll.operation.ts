import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listItems, listProperties } from '../../../shared/listOperation';
import { TSS_STATES } from './shared';

// Literal pieces: n8n-node lint checks option order and wording only in object literals.
const properties = listProperties({
	orderBy: {
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
	filters: [
		{
			displayName: 'States',
			name: 'states',
			type: 'multiOptions',
			options: TSS_STATES,
			default: [],
			description: 'Only return TSS in these states',
		},
	],
});

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listItems.call(this, itemIndex, { path: '/tss' });
}
