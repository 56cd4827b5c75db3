import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { cancellationSchema, transactionOutput } from '../../helpers/receipt';
import { validateTransactionRef } from '../../helpers/validation';
import { getOptionalClientId, getTssId } from '../ids';
import { readTransactionSchema } from './schema';
import { currentTransaction, upsertNextRevision } from './upsert';

/**
 * Update, Finish and Cancel: the next revision of an existing transaction, with the revision
 * taken from the incoming item or read from fiskaly.
 */
export async function changeTransaction(
	this: IExecuteFunctions,
	itemIndex: number,
	state: 'ACTIVE' | 'FINISHED' | 'CANCELLED',
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const transactionRef = checked(this, itemIndex, () =>
		validateTransactionRef(getParameter(this, 'transactionId', itemIndex, ''), 'Transaction ID'),
	);
	const clientId = getOptionalClientId(this, itemIndex);
	const schema = state === 'CANCELLED' ? undefined : readTransactionSchema(this, itemIndex);
	const metadata = getMetadata(this, itemIndex);
	const simplify = getParameter(this, 'simplify', itemIndex, false) as boolean;

	const { latest, transaction } = await currentTransaction.call(
		this,
		tssId,
		transactionRef,
		itemIndex,
		state === 'CANCELLED',
	);
	const body: IDataObject = {
		state,
		client_id: clientId ?? transaction.client_id,
		schema: schema ?? cancellationSchema(transaction),
	};
	if (metadata) body.metadata = metadata;
	const changed = await upsertNextRevision.call(
		this,
		tssId,
		transactionRef,
		latest,
		body,
		itemIndex,
	);
	return itemsFor(transactionOutput(changed, simplify), itemIndex);
}
