import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { vatDefinitionId } from '../../helpers/masterData';
import { revisionOptions } from '../common.descriptions';
import { revisionQuery } from '../ids';

const properties: INodeProperties[] = [
	{
		displayName: 'VAT Definition ID',
		name: 'vatDefinitionId',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 1,
		required: true,
		description:
			'1–7 for the standard rates (1 = 19 %, 2 = 7 %), 11–43 historic, 1000 or more your own',
	},
	revisionOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['vatDefinition'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = checked(this, itemIndex, () =>
		vatDefinitionId(getParameter(this, 'vatDefinitionId', itemIndex, '')),
	);
	const definition = await fiskalyApiRequest.call(this, {
		api: 'dsfinvk',
		method: 'GET',
		path: `/vat_definitions/${id}`,
		qs: revisionQuery(this, itemIndex),
		itemIndex,
	});
	return itemsFor(definition, itemIndex);
}
