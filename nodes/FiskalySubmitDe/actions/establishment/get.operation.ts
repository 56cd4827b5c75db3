import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { establishmentLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';

const properties: INodeProperties[] = [establishmentLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['establishment'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = getLocatorId(this, itemIndex, 'establishment', 'Establishment');
	const establishment = await fiskalyApiRequest.call(this, {
		api: 'submitDe',
		method: 'GET',
		path: `/establishment/${id}`,
		itemIndex,
	});
	return itemsFor(establishment, itemIndex);
}
