// PUT /tss/{tss_id}/tx/{tx_id_or_number}?tx_revision=N (REFERENCE §4.1): start, update, finish or
// cancel a transaction, each revision signed as a TR-03151 transaction log. A retry with the same
// revision and body answers the stored revision without signing again.

import { schemaError } from '../core/errors';
import { expectObject, parseUuid, requireEnum, type JsonObject } from '../core/validate';
import { computeProcessData, SchemaValidationError, type ComputedSchema } from './fiscal';
import { mergedMetadata, optionalMetadata, type Metadata } from './metadata';
import {
	latestRevision,
	TX_STATES,
	type Client,
	type Tss,
	type Tx,
	type TxRevision,
	type TxState,
} from './model';
import { buildTransactionDtbs, signLog } from './signing';
import {
	apiError,
	parsePositiveInteger,
	parseTxReference,
	type SignDeStore,
	type TxReference,
} from './store';
import { processDataOf, type TransactionResource } from './transactions';
import type { TxOperation } from './types';

interface UpsertRequest {
	reference: TxReference;
	revision: number;
	state: TxState;
	clientId: string;
	metadataPatch?: Metadata;
	computed?: ComputedSchema;
	/** The body as JSON: a retry resends the same body (whitespace does not matter). */
	bodyJson: string;
}

function parseUpsert(
	rawReference: string,
	rawRevision: string | undefined,
	bodyValue: unknown,
): UpsertRequest {
	const reference = parseTxReference(rawReference);
	if (rawRevision === undefined) {
		throw apiError(
			400,
			'E_TX_UPSERT',
			'tx_revision is required in the query string: 1 to start a transaction, latest_revision + 1 after that',
		);
	}
	const revision = parsePositiveInteger(rawRevision, 'tx_revision')!;
	const body = expectObject(bodyValue, 'request body');
	const state = requireEnum(body, 'state', TX_STATES);
	const clientId = parseUuid(body.client_id, 'client_id');
	const metadataPatch = optionalMetadata(body);
	let computed: ComputedSchema | undefined;
	try {
		computed = body.schema === undefined ? undefined : computeProcessData(body.schema);
	} catch (error) {
		if (error instanceof SchemaValidationError) throw schemaError(error.message);
		throw error;
	}
	return {
		reference,
		revision,
		state,
		clientId,
		metadataPatch,
		computed,
		bodyJson: JSON.stringify(body),
	};
}

/** A new transaction starts by UUID, with revision 1 and state ACTIVE. */
function checkStart(tss: Tss, { reference, revision, state }: UpsertRequest): void {
	if ('number' in reference) {
		throw apiError(
			400,
			'E_TX_UPSERT',
			`Transaction number ${reference.number} does not exist on TSS ${tss.id}; start a transaction with its UUID and tx_revision=1`,
		);
	}
	if (revision !== 1) {
		throw apiError(
			400,
			'E_TX_UPSERT',
			`Transaction ${reference.id} does not exist yet: start it with tx_revision=1 (got ${revision})`,
		);
	}
	if (state !== 'ACTIVE') {
		throw apiError(
			400,
			'E_TX_UPSERT',
			`A transaction starts with state ACTIVE (got ${state}); finish or cancel it with tx_revision=2`,
		);
	}
}

/** A later revision follows the latest one of an ACTIVE transaction. */
function checkNextRevision(tx: Tx, latest: TxRevision, revision: number): void {
	if (revision === latest.revision) {
		throw apiError(
			400,
			'E_TX_UPSERT',
			`Revision ${revision} of transaction ${tx.id} already exists with a different request body: resend the identical body to retry it, or use tx_revision=${revision + 1} for a new revision`,
		);
	}
	if (latest.state !== 'ACTIVE') {
		throw apiError(
			400,
			'E_TX_UPSERT',
			`Transaction ${tx.id} is already ${latest.state} (latest_revision ${latest.revision}); it cannot change anymore`,
		);
	}
	if (revision !== latest.revision + 1) {
		throw apiError(
			400,
			'E_TX_UPSERT',
			`tx_revision must be latest_revision + 1 = ${latest.revision + 1} for transaction ${tx.id} (got ${revision})`,
		);
	}
}

export class UpsertOperation {
	constructor(
		private readonly store: SignDeStore,
		private readonly transactions: TransactionResource,
	) {}

	upsert(
		rawTssId: string,
		rawReference: string,
		rawRevision: string | undefined,
		bodyValue: unknown,
	): JsonObject {
		const tss = this.store.requireTss(rawTssId);
		const request = parseUpsert(rawReference, rawRevision, bodyValue);
		const tx = this.store.findTx(tss, request.reference);
		const latest = tx && latestRevision(tx);
		if (tx && latest && request.revision === latest.revision && request.bodyJson === tx.body) {
			// The documented idempotent retry: answer with the stored revision, sign nothing.
			this.store.replayedUpserts++;
			return this.transactions.view(tx, latest);
		}
		this.store.requireInitialized(tss);
		if (!tx || !latest) checkStart(tss, request);
		else checkNextRevision(tx, latest, request.revision);
		const client = this.signingClient(tss, request.clientId);
		const id = this.sign(tss, tx, latest, client, request);
		return this.transactions.latestView(tss.txById.get(id)!);
	}

	/** The client of a revision: registered on this TSS. */
	private signingClient(tss: Tss, clientId: string): Client {
		const client = this.store.requireClientOf(tss, clientId);
		if (client.state !== 'REGISTERED') {
			throw apiError(
				400,
				'E_CLIENT_DEREGISTERED',
				`Client ${clientId} is DEREGISTERED; register it again (PATCH state REGISTERED) to sign with it`,
			);
		}
		return client;
	}

	/** Signs and commits the revision; returns the transaction id. */
	private sign(
		tss: Tss,
		tx: Tx | undefined,
		latest: TxRevision | undefined,
		client: Client,
		request: UpsertRequest,
	): string {
		const { computed, state } = request;
		// Without a schema a revision keeps the data of the previous one.
		const schema: JsonObject = computed ? computed.echo : latest ? latest.schema : {};
		const processType = computed ? computed.processType : latest ? latest.processType : '';
		const processData = computed ? computed.processData : processDataOf(schema);
		if (tx && tx.processType && processType && processType !== tx.processType) {
			throw apiError(
				409,
				'E_TX_ILLEGAL_TYPE_CHANGE',
				`Transaction ${tx.id} has type ${tx.processType}; it cannot change to ${processType}`,
			);
		}
		if (state !== 'ACTIVE' && !processType) {
			throw apiError(
				409,
				'E_TX_NO_TYPE_DEFINED',
				`Transaction ${tx ? tx.id : ''} has no type: send a schema (e.g. standard_v1.receipt) to set ${state}`,
			);
		}
		if (!tx && tss.activeTransactions >= this.store.limits.activeTransactions) {
			throw apiError(
				400,
				'E_TX_LIMIT_REACHED',
				`TSS ${tss.id} already has ${tss.activeTransactions} ACTIVE transactions (the maximum); finish or cancel some first`,
			);
		}
		const metadata = mergedMetadata(tx ? tx.metadata : {}, request.metadataPatch);

		const now = this.store.nowSeconds();
		const number = tx ? tx.number : tss.transactionCounter + 1;
		const counter = tss.signatureCounter + 1;
		const operation: TxOperation = !tx ? 'Start' : state === 'ACTIVE' ? 'Update' : 'Finish';
		const dtbs = buildTransactionDtbs({
			operation,
			clientSerial: client.serial,
			processType,
			processData,
			transactionNumber: number,
			serialNumber: tss.keys.serialNumber,
			signatureCounter: counter,
			logTime: now,
		});
		const signed = signLog(tss.signingKey, dtbs);
		this.store.signaturesMade++;
		const id = tx ? tx.id : (request.reference as { id: string }).id;
		this.store.commit({
			t: 'tx',
			tss: tss.id,
			id,
			number: tx ? undefined : number,
			revision: request.revision,
			state,
			client: client.id,
			schema,
			processType,
			body: request.bodyJson,
			metadata: tx && metadata === tx.metadata ? undefined : metadata,
			log: {
				counter,
				logTime: now,
				kind: 'transaction',
				message: signed.message,
				txNumber: number,
				operation,
				clientSerial: client.serial,
				clientId: client.id,
			},
			signature: signed.signature,
		});
		return id;
	}
}
