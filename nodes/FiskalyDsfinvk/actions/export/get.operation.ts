import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { itemsFor } from '../../../shared/parameters';
import { exportLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { getExport } from './shared';

const properties: INodeProperties[] = [exportLocator, concurrencyOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const exportId = getLocatorId(this, itemIndex, 'export', 'Export');
	return itemsFor(await getExport(this, exportId, itemIndex), itemIndex);
}
