import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions, metadataField } from '../../../shared/descriptions';
import { optionalClientLocator, simplifyField, tssLocator } from '../common.descriptions';
import { changeTransaction } from './change';
import { transactionDataFields } from './schema';
import { transactionRefField } from './shared';

const properties: INodeProperties[] = [
	tssLocator,
	transactionRefField,
	optionalClientLocator,
	...transactionDataFields,
	metadataField,
	simplifyField,
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['update'] } },
	properties,
);

/** A new revision that stays ACTIVE, e.g. to sign order items before payment. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await changeTransaction.call(this, itemIndex, 'ACTIVE');
}
