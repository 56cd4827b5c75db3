import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitField, returnAllField } from '../../../shared/descriptions';
import { listItems } from '../lists';

const properties: INodeProperties[] = [returnAllField, limitField];

export const description = updateDisplayOptions(
	{ show: { resource: ['establishment'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listItems(this, itemIndex, '/establishment');
}
