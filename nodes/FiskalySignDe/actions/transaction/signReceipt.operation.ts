import { randomUUID } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions, metadataField } from '../../../shared/descriptions';
import { fiskalyCodeOf, restate } from '../../../shared/errors';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { uuidOrGenerated } from '../../../shared/validation';
import { sameTransactionData, transactionOutput } from '../../helpers/receipt';
import { clientLocator, simplifyField, tssLocator } from '../common.descriptions';
import { getClientId, getTssId } from '../ids';
import { readTransactionSchema, transactionDataFields } from './schema';
import { newTransactionIdField } from './shared';
import { getTransaction, latestRevisionOf, putRevision, upsertNextRevision } from './upsert';

const properties: INodeProperties[] = [
	tssLocator,
	clientLocator,
	newTransactionIdField,
	...transactionDataFields,
	metadataField,
	simplifyField,
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['signReceipt'] } },
	properties,
);

/**
 * Start (revision 1) and finish (revision 2) under one transaction ID. When the ID already
 * exists because an earlier run got that far, the run continues from there: an open transaction
 * is finished, and one already finished with the same data is returned instead of signed again.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const clientId = getClientId(this, itemIndex);
	const transactionId = checked(this, itemIndex, () =>
		uuidOrGenerated(
			getParameter(this, 'transactionId', itemIndex, ''),
			'Transaction ID',
			randomUUID,
		),
	);
	const schema = readTransactionSchema(this, itemIndex);
	const metadata = getMetadata(this, itemIndex);
	const simplify = getParameter(this, 'simplify', itemIndex, false) as boolean;

	const startBody: IDataObject = { state: 'ACTIVE', client_id: clientId };
	if (metadata) startBody.metadata = metadata;
	let latest: number;
	try {
		latest = latestRevisionOf(
			await putRevision.call(this, tssId, transactionId, 1, startBody, itemIndex),
		);
	} catch (error) {
		const code = fiskalyCodeOf(error);
		if (code !== 'E_TX_UPSERT' && code !== 'E_PENDING_TX_CONFLICT') {
			throw new NodeApiError(this.getNode(), error as JsonObject);
		}
		const existing = await getTransaction.call(this, tssId, transactionId, itemIndex);
		const sameClient = existing.client_id === clientId;
		if (
			sameClient &&
			existing.state === 'FINISHED' &&
			sameTransactionData(schema, existing.schema)
		) {
			return itemsFor(transactionOutput(existing, simplify), itemIndex);
		}
		if (!sameClient || existing.state !== 'ACTIVE') {
			throw restate(
				this.getNode(),
				error,
				{
					message: `Transaction ${transactionId} already exists (${String(existing.state)}) with other data`,
					advice: 'Leave Transaction ID empty, or use a new one, to sign this receipt.',
				},
				itemIndex,
			);
		}
		latest = latestRevisionOf(existing);
	}

	try {
		const finished = await upsertNextRevision.call(
			this,
			tssId,
			transactionId,
			latest,
			{ state: 'FINISHED', client_id: clientId, schema },
			itemIndex,
		);
		return itemsFor(transactionOutput(finished, simplify), itemIndex);
	} catch (error) {
		throw restate(
			this.getNode(),
			error,
			{
				advice: `Transaction ${transactionId} was started but not finished. Run Sign Receipt again with this Transaction ID to finish it, or cancel it with Transaction › Cancel.`,
			},
			itemIndex,
		);
	}
}
