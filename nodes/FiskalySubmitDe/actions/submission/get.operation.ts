import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { submissionLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { getSubmission } from './lifecycle';

const properties: INodeProperties[] = [submissionLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['submission'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = getLocatorId(this, itemIndex, 'submission', 'Submission');
	return itemsFor(await getSubmission(this, id, itemIndex), itemIndex);
}
