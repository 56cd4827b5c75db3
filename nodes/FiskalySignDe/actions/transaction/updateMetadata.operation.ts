import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions, metadataField } from '../../../shared/descriptions';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { validateTransactionRef } from '../../helpers/validation';
import { tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';
import { transactionRefField } from './shared';

const properties: INodeProperties[] = [
	tssLocator,
	transactionRefField,
	{
		...metadataField,
		description:
			'Key-value pairs to add or change. fiskaly merges them into the existing metadata.',
	},
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['updateMetadata'] } },
	properties,
);

/** Metadata is not signed, so it can change at any time without a new revision. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const transactionRef = checked(this, itemIndex, () =>
		validateTransactionRef(getParameter(this, 'transactionId', itemIndex, ''), 'Transaction ID'),
	);
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
		path: `/tss/${tssId}/tx/${transactionRef}/metadata`,
		body: metadata,
		itemIndex,
	});
	return itemsFor({ tss_id: tssId, transaction_id: transactionRef, metadata: stored }, itemIndex);
}
