import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { germanDate } from '../../helpers/dates';
import { establishmentLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { readSubmitDe } from '../read';

const properties: INodeProperties[] = [
	establishmentLocator,
	{
		displayName: 'Decommissioning Date',
		name: 'decommissioningDate',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			'The day the establishment closes. Decommission every register of it first (Client Additional Data › Set), then notify the tax office.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['establishment'], operation: ['decommission'] } },
	properties,
);

/**
 * SUBMIT DE decommissions with the same PUT that created the establishment (REFERENCE SUBMIT DE
 * §6.2), which replaces it: so the stored establishment is read and sent back with the date.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = getLocatorId(this, itemIndex, 'establishment', 'Establishment');
	const date = checked(this, itemIndex, () =>
		germanDate(getParameter(this, 'decommissioningDate', itemIndex, ''), 'Decommissioning Date'),
	);
	const stored = await readSubmitDe(this, `/establishment/${id}`, itemIndex);
	const body: IDataObject = { ...stored, decommissioning_date: date };
	delete body.id;
	const establishment = await fiskalyApiRequest.call(this, {
		api: 'submitDe',
		method: 'PUT',
		path: `/establishment/${id}`,
		body,
		itemIndex,
	});
	return itemsFor({ id, ...establishment }, itemIndex);
}
