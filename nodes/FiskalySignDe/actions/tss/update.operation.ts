import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions, metadataField } from '../../../shared/descriptions';
import { getMetadata, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { getTss } from '../admin';
import { tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';

const properties: INodeProperties[] = [
	tssLocator,
	{
		...metadataField,
		description:
			'Key-value pairs to add or change. fiskaly merges them into the existing metadata.',
	},
	{
		displayName:
			'The description of a TSS can only be set when it is initialized: use TSS › Initialize or TSS › Set Up for that',
		name: 'descriptionNotice',
		type: 'notice',
		default: '',
	},
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const metadata = getMetadata(this, itemIndex);
	if (!metadata) {
		throw new NodeOperationError(
			this.getNode(),
			`Metadata: nothing to update [item ${itemIndex}]`,
			{
				itemIndex,
				description: 'Add at least one metadata entry.',
			},
		);
	}
	await fiskalyApiRequest.call(this, {
		method: 'PATCH',
		path: `/tss/${tssId}/metadata`,
		body: metadata,
		itemIndex,
	});
	return itemsFor(await getTss.call(this, tssId, itemIndex), itemIndex);
}
