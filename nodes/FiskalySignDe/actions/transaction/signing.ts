import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError, attachItemDetails, fiskalyCodeOf, restate } from '../../../shared/errors';
import { sameTransactionData } from '../../helpers/receipt';
import { CANCELLED_ATTEMPT } from './reference';
import { getTransaction, latestRevisionOf, putRevision, upsertNextRevision } from './upsert';

/**
 * Starting and signing a transaction whose ID may already exist: a re-run, a retried webhook, or
 * the same order arriving twice at the same time. fiskaly treats the same ID, revision and body as
 * one request, so concurrent callers converge on one transaction; whoever finds it taken reads it.
 */

/** A start that found the transaction already there. */
export type StartOutcome = { started: IDataObject } | { existing: IDataObject; conflict: unknown };

export async function startOrFind(
	this: IExecuteFunctions,
	tssId: string,
	transactionId: string,
	body: IDataObject,
	itemIndex: number,
): Promise<StartOutcome> {
	try {
		return { started: await putRevision.call(this, tssId, transactionId, 1, body, itemIndex) };
	} catch (error) {
		const code = fiskalyCodeOf(error);
		if (code !== 'E_TX_UPSERT' && code !== 'E_PENDING_TX_CONFLICT') {
			throw new NodeApiError(this.getNode(), error as JsonObject);
		}
		return {
			existing: await getTransaction.call(this, tssId, transactionId, itemIndex),
			conflict: error,
		};
	}
}

export interface SignRequest {
	tssId: string;
	clientId: string;
	transactionId: string;
	schema: IDataObject;
	startBody: IDataObject;
	/** The shop's order number, when the ID was derived from it (Sign Receipt › Reference). */
	reference?: string;
	itemIndex: number;
}

function isSameSale(transaction: IDataObject, request: SignRequest): boolean {
	return (
		transaction.client_id === request.clientId &&
		sameTransactionData(request.schema, transaction.schema)
	);
}

function alreadySigned(
	this: IExecuteFunctions,
	request: SignRequest,
	existing: IDataObject,
	cause: unknown,
) {
	const what =
		request.reference === undefined
			? `Transaction ${request.transactionId}`
			: `Order ${request.reference}`;
	const state = String(existing.state);
	const detail =
		state === 'FINISHED'
			? `was already signed (transaction number ${String(existing.number)}) with other data`
			: `already exists (${state}) with other data`;
	return restate(
		this.getNode(),
		cause,
		{
			message: `${what} ${detail}`,
			advice:
				request.reference === undefined
					? 'Leave Transaction ID empty, or use a new one, to sign this receipt.'
					: 'An order is signed once. If this is a new sale, give it its own Reference; to correct a signed one, sign a cancellation receipt (e.g. negative amounts) under a new Reference.',
		},
		request.itemIndex,
	);
}

/**
 * Start (revision 1) and finish (revision 2) under one ID. An open transaction is finished; one
 * already finished with the same data is returned instead of signed again; with other data it is
 * refused. A cancelled one ends this attempt when the ID came from a Reference.
 */
export async function signOnce(
	this: IExecuteFunctions,
	request: SignRequest,
): Promise<IDataObject | typeof CANCELLED_ATTEMPT> {
	const { tssId, clientId, transactionId, schema, itemIndex } = request;
	let started: StartOutcome;
	try {
		started = await startOrFind.call(this, tssId, transactionId, request.startBody, itemIndex);
	} catch (error) {
		// The start may have landed although its answer did not: name it, so it can be cancelled.
		attachItemDetails(error as { context?: IDataObject }, {
			tss_id: tssId,
			transaction_id: transactionId,
		});
		throw asNodeError(this.getNode(), error, itemIndex);
	}
	let latest: number;
	if ('existing' in started) {
		const { existing, conflict } = started;
		if (existing.state === 'CANCELLED' && request.reference !== undefined) return CANCELLED_ATTEMPT;
		if (existing.state === 'FINISHED' && isSameSale(existing, request)) return existing;
		if (existing.state !== 'ACTIVE' || existing.client_id !== clientId) {
			throw alreadySigned.call(this, request, existing, conflict);
		}
		latest = latestRevisionOf(existing);
	} else {
		latest = latestRevisionOf(started.started);
	}
	try {
		return await upsertNextRevision.call(
			this,
			tssId,
			transactionId,
			latest,
			{ state: 'FINISHED', client_id: clientId, schema },
			itemIndex,
		);
	} catch (error) {
		if (fiskalyCodeOf(error) === 'E_TX_UPSERT') {
			// Someone else closed it meanwhile: the same sale signed by a concurrent caller, or aborted.
			const fresh = await getTransaction.call(this, tssId, transactionId, itemIndex);
			if (fresh.state === 'CANCELLED' && request.reference !== undefined) return CANCELLED_ATTEMPT;
			if (fresh.state === 'FINISHED' && isSameSale(fresh, request)) return fresh;
			if (fresh.state === 'FINISHED') throw alreadySigned.call(this, request, fresh, error);
		}
		const failure = restate(
			this.getNode(),
			error,
			{
				advice: `Transaction ${transactionId} was started but not finished. ${
					request.reference === undefined
						? 'Run Sign Receipt again with this Transaction ID to finish it'
						: 'Send the order again to finish it'
				}, or cancel it with Transaction › Cancel.`,
			},
			itemIndex,
		);
		attachItemDetails(failure, { tss_id: tssId, transaction_id: transactionId });
		throw failure;
	}
}
