import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { fiskalyCodeOf } from '../../../shared/errors';
import { fiskalyApiRequest } from '../../../shared/transport';
import { sameTransactionData } from '../../helpers/receipt';
import { latestRevisionFromItem } from '../../helpers/revision';

/** Reading and writing transaction revisions; the revision bookkeeping lives here. */

export async function getTransaction(
	this: IExecuteFunctions,
	tssId: string,
	transactionRef: string,
	itemIndex: number,
	revision?: number,
): Promise<IDataObject> {
	return await fiskalyApiRequest.call(this, {
		method: 'GET',
		path: `/tss/${tssId}/tx/${transactionRef}`,
		qs: revision ? { tx_revision: revision } : undefined,
		itemIndex,
	});
}

/**
 * One upsert of revision `revision`. The transport may send it more than once after a dropped
 * connection; fiskaly treats the same ID, revision and body as one request.
 */
export async function putRevision(
	this: IExecuteFunctions,
	tssId: string,
	transactionRef: string,
	revision: number,
	body: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	return await fiskalyApiRequest.call(this, {
		method: 'PUT',
		path: `/tss/${tssId}/tx/${transactionRef}`,
		qs: { tx_revision: revision },
		body,
		itemIndex,
	});
}

export function latestRevisionOf(transaction: IDataObject): number {
	const latest = Number(transaction.latest_revision ?? transaction.revision);
	return Number.isInteger(latest) && latest > 0 ? latest : 1;
}

/**
 * The transaction as it stands: taken from the incoming item when that item is this transaction
 * (the usual chain Start → Update → Finish), otherwise read from fiskaly. `needSchema` asks for
 * an item that still carries the transaction's data (a simplified item does not).
 */
export async function currentTransaction(
	this: IExecuteFunctions,
	tssId: string,
	transactionRef: string,
	itemIndex: number,
	needSchema = false,
): Promise<{ latest: number; transaction: IDataObject }> {
	const item = this.getInputData()[itemIndex]?.json;
	const latest = latestRevisionFromItem(item, tssId, transactionRef);
	if (latest !== undefined && (!needSchema || item.schema !== undefined))
		return { latest, transaction: item };
	const transaction = await getTransaction.call(this, tssId, transactionRef, itemIndex);
	return { latest: latestRevisionOf(transaction), transaction };
}

/** Whether `stored` is the revision this node sent, landed although its answer got lost. */
function isOwnWrite(stored: IDataObject, revision: number, body: IDataObject): boolean {
	return (
		latestRevisionOf(stored) === revision &&
		stored.state === body.state &&
		stored.client_id === body.client_id &&
		(body.schema === undefined || sameTransactionData(body.schema as IDataObject, stored.schema))
	);
}

/**
 * Sends `body` as revision latest + 1. On E_TX_UPSERT (the revision moved on, e.g. another
 * device updated the transaction) it reads the transaction again and retries once with the
 * fresh revision, unless the transaction is closed or the stored revision is our own write.
 */
export async function upsertNextRevision(
	this: IExecuteFunctions,
	tssId: string,
	transactionRef: string,
	latest: number,
	body: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const revision = latest + 1;
	try {
		return await putRevision.call(this, tssId, transactionRef, revision, body, itemIndex);
	} catch (error) {
		if (fiskalyCodeOf(error) !== 'E_TX_UPSERT') {
			// NodeApiError hands back the error it is given, so this rethrows the transport's error.
			throw new NodeApiError(this.getNode(), error as JsonObject);
		}
		const fresh = await getTransaction.call(this, tssId, transactionRef, itemIndex);
		if (isOwnWrite(fresh, revision, body)) return fresh;
		if (fresh.state !== 'ACTIVE') {
			// Keep fiskaly's own words and status; only the explanation is more specific.
			const rejected = error as NodeApiError;
			const closed = new NodeApiError(this.getNode(), { code: 'E_TX_UPSERT' } as JsonObject, {
				message: `Transaction ${transactionRef} is already ${String(fresh.state)}; ${rejected.message}`,
				description:
					'A finished or cancelled transaction cannot change. Start a new transaction (or use Sign Receipt) for a new receipt.',
				httpCode: rejected.httpCode ?? '400',
				itemIndex,
			});
			closed.context.fiskalyCode = 'E_TX_UPSERT';
			throw closed;
		}
		const freshLatest = latestRevisionOf(fresh);
		if (freshLatest === latest) throw new NodeApiError(this.getNode(), error as JsonObject);
		return await putRevision.call(this, tssId, transactionRef, freshLatest + 1, body, itemIndex);
	}
}
