import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { closingLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { closingPath } from './shared';

const properties: INodeProperties[] = [
	{
		...closingLocator,
		description:
			'The closing to delete. fiskaly keeps it in the state DELETED and leaves it out of later exports.',
	},
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['cashPointClosing'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const closingId = getLocatorId(this, itemIndex, 'closing', 'Cash Point Closing');
	const deleted = await fiskalyApiRequest.call(this, {
		api: 'dsfinvk',
		method: 'DELETE',
		path: closingPath(closingId),
		itemIndex,
	});
	// The answer's body is [INFERRED] the closing; an empty one still means it is deleted.
	return itemsFor({ closing_id: closingId, deleted: true, ...deleted }, itemIndex);
}
