// The SIGN DE room's journal records: the complete effect of one committed change, and how each is
// applied. Live changes and a replay after a restart run the same `applyRecord`, so a restarted
// simulator is exactly where it was.

import { canonicalJson } from './fiscal';
import type { Metadata } from './metadata';
import type {
	Client,
	ClientState,
	Export,
	ExportFilters,
	Pin,
	SignDeModel,
	Tss,
	TssState,
	TxState,
} from './model';
import { loadSigningKey } from './signing';
import type { StoredLog, TssKeyMaterial, UnixSeconds } from './types';
import type { JsonObject } from '../core/validate';

export type JournalRecord =
	| {
			t: 'tss.create';
			id: string;
			at: UnixSeconds;
			keys: TssKeyMaterial;
			puk: string;
			metadata: Metadata;
	  }
	| { t: 'tss.metadata'; id: string; metadata: Metadata }
	| {
			t: 'tss.state';
			id: string;
			state: TssState;
			at: UnixSeconds;
			description?: string;
			metadata?: Metadata;
			logs: StoredLog[];
	  }
	| { t: 'admin.pin'; id: string; pin: Pin; logs: StoredLog[] }
	| { t: 'admin.login'; id: string; session: string; ok: boolean; logs: StoredLog[] }
	| { t: 'admin.logout'; id: string; session: string; logs: StoredLog[] }
	| {
			t: 'client.create';
			tss: string;
			id: string;
			serial: string;
			at: UnixSeconds;
			metadata: Metadata;
			logs: StoredLog[];
	  }
	| {
			t: 'client.update';
			id: string;
			state: ClientState;
			at: UnixSeconds;
			metadata: Metadata;
			logs: StoredLog[];
	  }
	| { t: 'client.metadata'; id: string; metadata: Metadata }
	| {
			t: 'tx';
			tss: string;
			id: string;
			/** Only on the Start revision. */
			number?: number;
			revision: number;
			state: TxState;
			client: string;
			schema: JsonObject;
			processType: string;
			/** The request body as JSON (replay detection after a restart). */
			body: string;
			metadata?: Metadata;
			log: StoredLog;
			signature: string;
	  }
	| { t: 'tx.metadata'; tss: string; id: string; metadata: Metadata }
	| {
			t: 'export';
			tss: string;
			id: string;
			requestedAt: number;
			pendingMs: number;
			workingMs: number;
			filters: ExportFilters;
			upToCounter: number;
			recordCount: number;
			metadata: Metadata;
	  }
	| { t: 'export.cancel'; tss: string; id: string; at: number }
	| { t: 'export.metadata'; tss: string; id: string; metadata: Metadata };

function appendLogs(tss: Tss, logs: StoredLog[]): void {
	for (const log of logs) tss.logs.push(log);
	if (logs.length) tss.signatureCounter = logs[logs.length - 1].counter;
}

// Records only name what an earlier record created: a miss means a damaged journal.

function tssOf(model: SignDeModel, id: string): Tss {
	const tss = model.tssById.get(id);
	if (!tss) throw new Error(`journal: unknown TSS ${id}`);
	return tss;
}

function clientOf(model: SignDeModel, id: string): Client {
	const client = model.clients.get(id);
	if (!client) throw new Error(`journal: unknown client ${id}`);
	return client;
}

function exportOf(model: SignDeModel, tssId: string, id: string): Export {
	const exported = tssOf(model, tssId).exports.get(id);
	if (!exported) throw new Error(`journal: unknown export ${id}`);
	return exported;
}

export function applyRecord(model: SignDeModel, record: JournalRecord): void {
	switch (record.t) {
		case 'tss.create': {
			model.tssById.set(record.id, {
				id: record.id,
				state: 'CREATED',
				timeCreation: record.at,
				metadata: record.metadata,
				keys: record.keys,
				signingKey: loadSigningKey(record.keys),
				puk: record.puk,
				failedLogins: 0,
				adminSessions: new Set(),
				signatureCounter: 0,
				transactionCounter: 0,
				logs: [],
				clients: [],
				clientsBySerial: new Map(),
				registeredClients: 0,
				txById: new Map(),
				txByNumber: [],
				activeTransactions: 0,
				exports: new Map(),
			});
			return;
		}
		case 'tss.metadata': {
			tssOf(model, record.id).metadata = record.metadata;
			return;
		}
		case 'tss.state': {
			const tss = tssOf(model, record.id);
			tss.state = record.state;
			if (record.state === 'UNINITIALIZED') tss.timeUninit = record.at;
			if (record.state === 'INITIALIZED') tss.timeInit = record.at;
			if (record.state === 'DISABLED') tss.timeDisable = record.at;
			if (record.description !== undefined) tss.description = record.description;
			if (record.metadata) tss.metadata = record.metadata;
			appendLogs(tss, record.logs);
			return;
		}
		case 'admin.pin': {
			const tss = tssOf(model, record.id);
			tss.pin = record.pin;
			tss.failedLogins = 0;
			appendLogs(tss, record.logs);
			return;
		}
		case 'admin.login': {
			const tss = tssOf(model, record.id);
			if (record.ok) {
				tss.adminSessions.add(record.session);
				tss.failedLogins = 0;
			} else tss.failedLogins++;
			appendLogs(tss, record.logs);
			return;
		}
		case 'admin.logout': {
			const tss = tssOf(model, record.id);
			tss.adminSessions.delete(record.session);
			appendLogs(tss, record.logs);
			return;
		}
		case 'client.create': {
			const tss = tssOf(model, record.tss);
			const client: Client = {
				id: record.id,
				tss,
				serial: record.serial,
				state: 'REGISTERED',
				timeCreation: record.at,
				timeUpdate: record.at,
				metadata: record.metadata,
			};
			model.clients.set(client.id, client);
			tss.clients.push(client);
			tss.clientsBySerial.set(client.serial, client);
			tss.registeredClients++;
			appendLogs(tss, record.logs);
			return;
		}
		case 'client.update': {
			const client = clientOf(model, record.id);
			if (client.state !== record.state)
				client.tss.registeredClients += record.state === 'REGISTERED' ? 1 : -1;
			client.state = record.state;
			client.timeUpdate = record.at;
			client.metadata = record.metadata;
			appendLogs(client.tss, record.logs);
			return;
		}
		case 'client.metadata': {
			clientOf(model, record.id).metadata = record.metadata;
			return;
		}
		case 'tx': {
			const tss = tssOf(model, record.tss);
			const client = clientOf(model, record.client);
			let tx = tss.txById.get(record.id);
			if (!tx) {
				if (record.number === undefined)
					throw new Error(`journal: transaction ${record.id} has no Start record`);
				tx = {
					id: record.id,
					number: record.number,
					tss,
					timeStart: record.log.logTime,
					revisions: [],
					metadata: {},
					processType: '',
					body: '',
				};
				tss.txById.set(tx.id, tx);
				tss.txByNumber.push(tx);
				tss.transactionCounter = record.number;
				tss.activeTransactions++;
				model.allTransactions.push(tx);
			}
			tx.revisions.push({
				revision: record.revision,
				state: record.state,
				clientId: client.id,
				clientSerial: client.serial,
				schema: record.schema,
				processType: record.processType,
				log: record.log,
				signature: record.signature,
			});
			if (record.state !== 'ACTIVE') {
				tx.timeEnd = record.log.logTime;
				tss.activeTransactions--;
			}
			if (record.processType) tx.processType = record.processType;
			tx.body = record.body;
			if (record.metadata) tx.metadata = record.metadata;
			appendLogs(tss, [record.log]);
			return;
		}
		case 'tx.metadata': {
			const tx = tssOf(model, record.tss).txById.get(record.id);
			if (!tx) throw new Error(`journal: unknown transaction ${record.id}`);
			tx.metadata = record.metadata;
			return;
		}
		case 'export': {
			const tss = tssOf(model, record.tss);
			const exported: Export = {
				id: record.id,
				tss,
				requestedAt: record.requestedAt,
				pendingMs: record.pendingMs,
				workingMs: record.workingMs,
				filters: record.filters,
				filterKey: canonicalJson(record.filters),
				upToCounter: record.upToCounter,
				recordCount: record.recordCount,
				metadata: record.metadata,
			};
			tss.exports.set(exported.id, exported);
			model.allExports.push(exported);
			return;
		}
		case 'export.cancel': {
			exportOf(model, record.tss, record.id).cancelledAt = record.at;
			return;
		}
		case 'export.metadata': {
			exportOf(model, record.tss, record.id).metadata = record.metadata;
			return;
		}
		default:
			throw new Error(`journal: unknown record ${JSON.stringify(record)}`);
	}
}
