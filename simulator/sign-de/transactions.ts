// Transactions as the API shows them: one revision or the latest, the signed log of a revision, and
// lists across all TSS, of one TSS or of one client (REFERENCE §4.3–§4.5). Signing lives in upsert.ts.

import { ENV } from '../core/auth';
import type { JsonObject } from '../core/validate';
import { buildQrCodeData } from './qrCode';
import { page, type ListOptions, type ListResponse } from './lists';
import type { MetadataHolder } from './metadata';
import { API_VERSION, latestRevision, type Tx, type TxRevision } from './model';
import { ALGORITHM } from './signing';
import { apiError, parsePositiveInteger, type SignDeStore } from './store';

/** processData bytes of a stored response schema (from its computed raw block). */
export function processDataOf(schema: JsonObject): Buffer {
	const raw = schema.raw as { process_data?: string } | undefined;
	return raw?.process_data ? Buffer.from(raw.process_data, 'base64') : Buffer.alloc(0);
}

export class TransactionResource {
	constructor(private readonly store: SignDeStore) {}

	view(tx: Tx, revision: TxRevision): JsonObject {
		const view: JsonObject = {
			_id: tx.id,
			_type: 'TRANSACTION',
			_env: ENV,
			_version: API_VERSION,
			tss_id: tx.tss.id,
			tss_serial_number: tx.tss.keys.serialNumber,
			client_id: revision.clientId,
			client_serial_number: revision.clientSerial,
			state: revision.state,
			revision: revision.revision,
			latest_revision: tx.revisions.length,
			number: tx.number,
			time_start: tx.timeStart,
			schema: revision.schema,
			metadata: tx.metadata,
			log: {
				operation: revision.log.operation,
				timestamp: revision.log.logTime,
				timestamp_format: 'unixTime',
			},
			// counter as a JSON number: what the real middleware sends (the spec says string; REFERENCE §4.3)
			signature: {
				value: revision.signature,
				algorithm: ALGORITHM,
				counter: revision.log.counter,
				public_key: tx.tss.keys.publicKey,
			},
		};
		if (revision.state !== 'ACTIVE') {
			view.time_end = revision.log.logTime;
			// Built when shown rather than stored: everything in it is already kept.
			view.qr_code_data = buildQrCodeData({
				clientSerial: revision.clientSerial,
				processType: revision.processType,
				processData: processDataOf(revision.schema),
				transactionNumber: tx.number,
				signatureCounter: revision.log.counter,
				timeStart: tx.timeStart,
				logTime: revision.log.logTime,
				signature: revision.signature,
				publicKey: tx.tss.keys.publicKey,
			});
		}
		return view;
	}

	latestView(tx: Tx): JsonObject {
		return this.view(tx, latestRevision(tx));
	}

	private requireRevision(tx: Tx, rawRevision: string | undefined): TxRevision {
		if (rawRevision === undefined) return latestRevision(tx);
		const revision = parsePositiveInteger(rawRevision, 'tx_revision')!;
		const found = tx.revisions[revision - 1];
		if (!found) {
			throw apiError(
				400,
				'E_TX_REVISION_NOT_FOUND',
				`Transaction ${tx.id} has no revision ${revision}; its latest_revision is ${tx.revisions.length}`,
			);
		}
		return found;
	}

	get(rawTssId: string, rawReference: string, rawRevision: string | undefined): JsonObject {
		const tx = this.store.requireTx(this.store.requireTss(rawTssId), rawReference);
		return this.view(tx, this.requireRevision(tx, rawRevision));
	}

	/** The DER TR-03151 log message of a revision (deprecated /log endpoint). */
	getLog(rawTssId: string, rawReference: string, rawRevision: string | undefined): Buffer {
		const tx = this.store.requireTx(this.store.requireTss(rawTssId), rawReference);
		return Buffer.from(this.requireRevision(tx, rawRevision).log.message, 'base64');
	}

	/** Transactions across all TSS, of one TSS, or of one client (by the client of their latest revision). */
	list(scope: { tssId?: string; clientId?: string }, options: ListOptions): ListResponse {
		let items: Tx[];
		if (scope.tssId === undefined) items = this.store.model.allTransactions;
		else {
			const tss = this.store.requireTss(scope.tssId);
			if (scope.clientId !== undefined) {
				const client = this.store.requireClient(tss, scope.clientId);
				items = tss.txByNumber.filter((tx) => latestRevision(tx).clientId === client.id);
			} else items = tss.txByNumber;
		}
		const states = options.states;
		if (states) items = items.filter((tx) => states.includes(latestRevision(tx).state));
		return page(
			items,
			options,
			'TRANSACTION_LIST',
			(tx, orderBy) => {
				if (orderBy === 'state') return latestRevision(tx).state;
				if (orderBy === 'time_start') return tx.timeStart;
				if (orderBy === 'time_end') return tx.timeEnd;
				return tx.number;
			},
			(tx) => this.latestView(tx),
		);
	}

	metadataOf(rawTssId: string, rawReference: string): MetadataHolder {
		const tss = this.store.requireTss(rawTssId);
		const tx = this.store.requireTx(tss, rawReference);
		return {
			metadata: tx.metadata,
			commit: (metadata) =>
				this.store.commit({ t: 'tx.metadata', tss: tss.id, id: tx.id, metadata }),
		};
	}
}
