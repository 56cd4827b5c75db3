import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { exportLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { exportPath } from './shared';

const properties: INodeProperties[] = [exportLocator, concurrencyOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['getDownloadUrl'] } },
	properties,
);

/**
 * A link to the archive, e.g. for an e-mail to the tax advisor. fiskaly gives it only once the
 * export is COMPLETED; how long the link works is not documented (REFERENCE §4.6).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const exportId = getLocatorId(this, itemIndex, 'export', 'Export');
	const link = await fiskalyApiRequest.call(this, {
		api: 'dsfinvk',
		method: 'GET',
		path: `${exportPath(exportId)}/href`,
		itemIndex,
	});
	return itemsFor({ export_id: exportId, ...link }, itemIndex);
}
