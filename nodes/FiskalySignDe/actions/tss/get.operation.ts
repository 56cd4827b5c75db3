import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { itemsFor } from '../../../shared/parameters';
import { getTss } from '../admin';
import { tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';

const properties: INodeProperties[] = [tssLocator, concurrencyOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	return itemsFor(await getTss.call(this, tssId, itemIndex), itemIndex);
}
