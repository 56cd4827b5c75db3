import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['taxpayer'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const taxpayer = await fiskalyApiRequest.call(this, {
		api: 'submitDe',
		method: 'GET',
		path: '/taxpayer',
		itemIndex,
	});
	return itemsFor(taxpayer, itemIndex);
}
