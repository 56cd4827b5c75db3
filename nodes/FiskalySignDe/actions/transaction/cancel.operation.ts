import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions, metadataField } from '../../../shared/descriptions';
import { optionalClientLocator, simplifyField, tssLocator } from '../common.descriptions';
import { changeTransaction } from './change';
import { transactionRefField } from './shared';

const properties: INodeProperties[] = [
	tssLocator,
	transactionRefField,
	optionalClientLocator,
	{
		displayName:
			'A transaction without data is closed as a cancelled receipt (CANCELLATION); one with data keeps it, receipts marked as CANCELLATION',
		name: 'cancelNotice',
		type: 'notice',
		default: '',
	},
	metadataField,
	simplifyField,
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['cancel'] } },
	properties,
);

/** The final revision with state CANCELLED, e.g. for an aborted sale. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await changeTransaction.call(this, itemIndex, 'CANCELLED');
}
