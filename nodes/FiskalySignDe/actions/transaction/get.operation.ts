import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { checked, getNumber, getParameter, itemsFor } from '../../../shared/parameters';
import { transactionOutput } from '../../helpers/receipt';
import { validateTransactionRef } from '../../helpers/validation';
import { simplifyField, tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';
import { transactionRefField } from './shared';
import { getTransaction } from './upsert';

const properties: INodeProperties[] = [
	tssLocator,
	transactionRefField,
	{
		displayName: 'Revision',
		name: 'revision',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Revision to return. 0 returns the latest one.',
	},
	simplifyField,
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const transactionRef = checked(this, itemIndex, () =>
		validateTransactionRef(getParameter(this, 'transactionId', itemIndex, ''), 'Transaction ID'),
	);
	const revision = getNumber(
		this,
		itemIndex,
		{ name: 'revision', field: 'Revision', fallback: 0 },
		{ min: 0, whole: true },
		'Enter a revision number (1 or more), or 0 for the latest revision.',
	);
	const simplify = getParameter(this, 'simplify', itemIndex, false) as boolean;
	const transaction = await getTransaction.call(
		this,
		tssId,
		transactionRef,
		itemIndex,
		revision > 0 ? revision : undefined,
	);
	return itemsFor(transactionOutput(transaction, simplify), itemIndex);
}
