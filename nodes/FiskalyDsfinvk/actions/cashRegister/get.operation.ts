import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { cashRegisterLocator, revisionOptions } from '../common.descriptions';
import { getLocatorId, revisionQuery } from '../ids';

const properties: INodeProperties[] = [cashRegisterLocator, revisionOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['cashRegister'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const clientId = getLocatorId(this, itemIndex, 'cashRegister', 'Cash Register');
	const register = await fiskalyApiRequest.call(this, {
		api: 'dsfinvk',
		method: 'GET',
		path: `/cash_registers/${clientId}`,
		qs: revisionQuery(this, itemIndex),
		itemIndex,
	});
	return itemsFor(register, itemIndex);
}
