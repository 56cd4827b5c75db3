import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties } from '../../../shared/listOperation';
import { businessDateQuery, isGiven, unixSecondsOf } from '../../helpers/dates';
import { businessDateFilters, PROCESSING_STATES } from '../common.descriptions';
import { cashRegisterQuery, listFilteredItems } from '../filteredList';

// Literal pieces: n8n-node lint checks option order and wording only in object literals.
const properties = listProperties({
	orderBy: {
		displayName: 'Order By',
		name: 'orderBy',
		type: 'options',
		options: [
			{ name: 'Business Date', value: 'business_date' },
			{ name: 'Creation Time', value: 'time_creation' },
			{ name: 'State', value: 'state' },
		],
		default: 'time_creation',
		description: 'Field to sort by',
	},
	filters: [
		...businessDateFilters('closings'),
		{
			displayName: 'Cash Register ID',
			name: 'clientId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
			description: 'Only the closings of this cash register (the ID of its SIGN DE client)',
		},
		{
			displayName: 'Inserted After',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			description: 'Only closings inserted after this time',
		},
		{
			displayName: 'Inserted Before',
			name: 'endDate',
			type: 'dateTime',
			default: '',
			description: 'Only closings inserted before this time',
		},
		{
			displayName: 'States',
			name: 'states',
			type: 'multiOptions',
			options: PROCESSING_STATES.filter((state) =>
				['COMPLETED', 'DELETED', 'ERROR', 'PENDING', 'WORKING'].includes(state.value),
			),
			default: [],
			description: 'Only closings in these states',
		},
	],
});

export const description = updateDisplayOptions(
	{ show: { resource: ['cashPointClosing'], operation: ['getAll'] } },
	properties,
);

/** The list query of the filters beyond States and order (REFERENCE §4.5 List). */
export function closingQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = cashRegisterQuery(filters);
	if (isGiven(filters.startDate))
		qs.start_date = unixSecondsOf(filters.startDate, 'Inserted After');
	if (isGiven(filters.endDate)) qs.end_date = unixSecondsOf(filters.endDate, 'Inserted Before');
	return { ...qs, ...businessDateQuery(filters) };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listFilteredItems.call(this, itemIndex, '/cash_point_closings', closingQuery);
}
