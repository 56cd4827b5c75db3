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
	{ show: { resource: ['transaction'], operation: ['finish'] } },
	properties,
);

/** The final revision (FINISHED) with the receipt data; the answer carries the QR code data. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await changeTransaction.call(this, itemIndex, 'FINISHED');
}
