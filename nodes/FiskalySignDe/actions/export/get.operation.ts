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
	{ show: { resource: ['export'], operation: ['get'] } },
	properties,
);

/** fiskaly allows 12 reads a minute per export; to wait for one, use Download with Wait for Completion. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const exportId = getExportId(this, itemIndex);
	const exported = await fiskalyApiRequest.call(this, {
		method: 'GET',
		path: exportPath(tssId, exportId),
		itemIndex,
	});
	return itemsFor(exported, itemIndex);
}
