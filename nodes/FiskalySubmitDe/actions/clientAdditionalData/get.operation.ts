import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { clientLocator, tssLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { additionalDataPath } from './ClientAdditionalData.resource';

const properties: INodeProperties[] = [tssLocator, clientLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['clientAdditionalData'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getLocatorId(this, itemIndex, 'tss', 'TSS');
	const clientId = getLocatorId(this, itemIndex, 'client', 'Client');
	const data = await fiskalyApiRequest.call(this, {
		api: 'submitDe',
		method: 'GET',
		path: additionalDataPath(tssId, clientId),
		itemIndex,
	});
	return itemsFor(data, itemIndex);
}
