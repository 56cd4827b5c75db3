import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions, metadataField } from '../../../shared/descriptions';
import { getMetadata, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';
import { exportIdField, exportPath, getExportId } from './shared';

const properties: INodeProperties[] = [
	tssLocator,
	exportIdField,
	{
		...metadataField,
		description:
			'Key-value pairs to add or change. fiskaly merges them into the existing metadata.',
	},
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['updateMetadata'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const exportId = getExportId(this, itemIndex);
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
	const stored = await fiskalyApiRequest.call(this, {
		method: 'PATCH',
		path: `${exportPath(tssId, exportId)}/metadata`,
		body: metadata,
		itemIndex,
	});
	return itemsFor({ tss_id: tssId, export_id: exportId, metadata: stored }, itemIndex);
}
