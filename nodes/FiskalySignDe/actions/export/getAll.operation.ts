import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listItems, listProperties } from '../../../shared/listOperation';
import { getParameter } from '../../../shared/parameters';
import { EXPORT_STATES } from '../../helpers/exports';
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
				{ name: 'All TSS', value: 'all', description: 'Exports of every TSS of the organisation' },
				{ name: 'One TSS', value: 'tss', description: 'Exports of one TSS' },
			],
			default: 'tss',
			description: 'Whose exports to return',
		},
		{ ...tssLocator, displayOptions: { show: { scope: ['tss'] } } },
	],
	orderBy: {
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
	filters: [
		{
			displayName: 'States',
			name: 'states',
			type: 'multiOptions',
			options: EXPORT_STATES,
			default: [],
			description: 'Only return exports in these states',
		},
	],
});

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
	return await listItems.call(this, itemIndex, { path });
}
