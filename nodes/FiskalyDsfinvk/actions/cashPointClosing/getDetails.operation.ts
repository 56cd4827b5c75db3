import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { closingLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { closingPath } from './shared';

const properties: INodeProperties[] = [closingLocator, concurrencyOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['cashPointClosing'], operation: ['getDetails'] } },
	properties,
);

/**
 * The closing as stored (head, cash statement, transactions). fiskaly returns it only once the
 * closing is COMPLETED: while PENDING or in ERROR `cash_point_closing` is null.
 * The path `/details` is [INFERRED] from fiskaly's operation name (REFERENCE §4.5).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const closingId = getLocatorId(this, itemIndex, 'closing', 'Cash Point Closing');
	const details = await fiskalyApiRequest.call(this, {
		api: 'dsfinvk',
		method: 'GET',
		path: `${closingPath(closingId)}/details`,
		itemIndex,
	});
	return itemsFor(details, itemIndex);
}
