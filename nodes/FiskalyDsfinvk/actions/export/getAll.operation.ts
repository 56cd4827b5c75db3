import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties } from '../../../shared/listOperation';
import { validateUuid } from '../../../shared/validation';
import { businessDateQuery, isGiven } from '../../helpers/dates';
import { businessDateFilters, PROCESSING_STATES } from '../common.descriptions';
import { cashRegisterQuery, listFilteredItems } from '../filteredList';

// Literal pieces: n8n-node lint checks option order and wording only in object literals.
const properties = listProperties({
	orderBy: {
		displayName: 'Order By',
		name: 'orderBy',
		type: 'options',
		options: [
			{ name: 'Completion Time', value: 'time_completed' },
			{ name: 'Error Time', value: 'time_error' },
			{ name: 'Request Time', value: 'time_request' },
			{ name: 'Start Time', value: 'time_start' },
			{ name: 'State', value: 'state' },
			{ name: 'Version', value: 'version' },
		],
		default: 'time_request',
		description: 'Field to sort by',
	},
	filters: [
		...businessDateFilters('exports holding a closing'),
		{
			displayName: 'Cash Point Closing ID',
			name: 'closingId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 5ae61c3f-45c3-4c5b-9f3e-0e6b2f4b1c9a',
			description: 'Only the exports holding this closing',
		},
		{
			displayName: 'Cash Register ID',
			name: 'clientId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
			description: 'Only the exports of this cash register',
		},
		{
			displayName: 'States',
			name: 'states',
			type: 'multiOptions',
			options: PROCESSING_STATES.filter((state) => state.value !== 'DELETED'),
			default: [],
			description: 'Only exports in these states',
		},
	],
});

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['getAll'] } },
	properties,
);

/** The list query of the filters beyond States and order (REFERENCE §4.6 List). */
export function exportQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = cashRegisterQuery(filters);
	if (isGiven(filters.closingId))
		qs.cash_point_closing_id = validateUuid(filters.closingId, 'Cash Point Closing ID');
	return { ...qs, ...businessDateQuery(filters) };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listFilteredItems.call(this, itemIndex, '/exports', exportQuery);
}
