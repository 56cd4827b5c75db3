import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { establishmentLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { readSubmitDe } from '../read';

const properties: INodeProperties[] = [establishmentLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['establishment'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = getLocatorId(this, itemIndex, 'establishment', 'Establishment');
	return itemsFor(await readSubmitDe(this, `/establishment/${id}`, itemIndex), itemIndex);
}
