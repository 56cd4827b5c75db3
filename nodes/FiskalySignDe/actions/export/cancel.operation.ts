import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';
import { exportIdField, exportPath, getExportId } from './shared';

const properties: INodeProperties[] = [tssLocator, exportIdField, concurrencyOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['cancel'] } },
	properties,
);

/** Stops a PENDING or WORKING export; fiskaly refuses to cancel a finished one (E_CANCEL_EXPORT). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const exportId = getExportId(this, itemIndex);
	const exported = await fiskalyApiRequest.call(this, {
		method: 'DELETE',
		path: exportPath(tssId, exportId),
		itemIndex,
	});
	return itemsFor(exported, itemIndex);
}
