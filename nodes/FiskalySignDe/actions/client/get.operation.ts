import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { clientLocator, tssLocator } from '../common.descriptions';
import { getClientId, getTssId } from '../ids';

const properties: INodeProperties[] = [tssLocator, clientLocator, concurrencyOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const clientId = getClientId(this, itemIndex);
	const client = await fiskalyApiRequest.call(this, {
		method: 'GET',
		path: `/tss/${tssId}/client/${clientId}`,
		itemIndex,
	});
	return itemsFor(client, itemIndex);
}
