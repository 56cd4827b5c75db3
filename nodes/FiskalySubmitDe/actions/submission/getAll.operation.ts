import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitField, returnAllField } from '../../../shared/descriptions';
import { checked, getParameter } from '../../../shared/parameters';
import { trimmedText, validateUuid } from '../../../shared/validation';
import { listItems } from '../lists';
import { ALL_STATES } from './lifecycle';

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
			{
				displayName: 'Establishment ID',
				name: 'establishmentId',
				type: 'string',
				default: '',
				description: 'Only the submissions of this establishment',
			},
			{
				displayName: 'States',
				name: 'states',
				type: 'multiOptions',
				options: ALL_STATES.map((state) => ({ name: state, value: state })),
				default: [],
				description: 'Only submissions in these states',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['submission'], operation: ['getAll'] } },
	properties,
);

/** SUBMIT DE's list has no filters ([UNKNOWN] whether it has any), so they apply to its answer. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const filters = getParameter(this, 'filters', itemIndex, {}) as IDataObject;
	const establishmentId = checked(this, itemIndex, () =>
		trimmedText(filters.establishmentId) === ''
			? undefined
			: validateUuid(filters.establishmentId, 'Establishment ID').toLowerCase(),
	);
	const states = Array.isArray(filters.states) ? (filters.states as string[]) : [];
	return await listItems(
		this,
		itemIndex,
		'/submission',
		(submission) =>
			(establishmentId === undefined || submission.establishment_id === establishmentId) &&
			(states.length === 0 || states.includes(String(submission.state))),
	);
}
