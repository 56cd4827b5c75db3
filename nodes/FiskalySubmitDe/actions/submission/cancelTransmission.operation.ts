import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { submissionLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';

const properties: INodeProperties[] = [submissionLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['submission'], operation: ['cancelTransmission'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = getLocatorId(this, itemIndex, 'submission', 'Submission');
	const submission = await fiskalyApiRequest.call(this, {
		api: 'submitDe',
		method: 'DELETE',
		path: `/submission/${id}/transmission`,
		itemIndex,
	});
	return itemsFor(submission, itemIndex);
}
