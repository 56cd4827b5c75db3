// The SIGN DE room's in-memory model: TSS, clients, transactions (every revision with its signed log)
// and exports, and the fiskaly constants and TEST limits they follow (REFERENCE §2–§5, §8.6).

import type { Metadata } from './metadata';
import type { SigningKey } from './signing';
import type { StoredLog, TssKeyMaterial, UnixSeconds } from './types';
import type { JsonObject } from '../core/validate';

export const API_VERSION = '2.2.2';
/** What the simulator reports as a TSS's BSI certificate id: it is not a certified TSE. */
export const BSI_CERTIFICATION_ID = 'SIMULATOR-NOT-CERTIFIED';

export const TSS_STATES = [
	'CREATED',
	'UNINITIALIZED',
	'INITIALIZED',
	'DISABLED',
	'DELETED',
	'DEFECTIVE',
	'EVICTED',
] as const;
export const CLIENT_STATES = ['REGISTERED', 'DEREGISTERED'] as const;
export const TX_STATES = ['ACTIVE', 'CANCELLED', 'FINISHED'] as const;
export const EXPORT_STATES = ['CANCELLED', 'PENDING', 'WORKING', 'COMPLETED', 'ERROR'] as const;

export type TssState = (typeof TSS_STATES)[number];
export type ClientState = (typeof CLIENT_STATES)[number];
export type TxState = (typeof TX_STATES)[number];
export type ExportState = (typeof EXPORT_STATES)[number];

/** Limits of a fiskaly TEST TSS; each can be changed for tests. */
export interface StateLimits {
	/** ACTIVE transactions per TSS (E_TX_LIMIT_REACHED). */
	activeTransactions: number;
	/** REGISTERED clients per TSS (E_CLIENT_LIMIT_REACHED). */
	registeredClients: number;
	/** PENDING or WORKING exports per TSS (E_TOO_MANY_EXPORTS). */
	activeExports: number;
}

export const DEFAULT_LIMITS: StateLimits = {
	activeTransactions: 2000,
	registeredClients: 199,
	activeExports: 10,
};

export interface ExportTiming {
	/** Time an export stays PENDING. */
	pendingMs: number;
	/** Time it then stays WORKING before COMPLETED (or ERROR). */
	workingMs: number;
}

export const DEFAULT_EXPORT_TIMING: ExportTiming = { pendingMs: 200, workingMs: 500 };

/** After this many wrong PINs in a row the admin PIN is blocked until it is reset with the PUK. */
export const MAX_FAILED_ADMIN_LOGINS = 5;
/** fiskaly's SMAERS writes start-up logs on deployment: its counter reads 24 right after it (REFERENCE §8.6). */
export const DEPLOYMENT_LOG_COUNT = 24;

export interface Pin {
	salt: string;
	hash: string;
}

export interface Tss {
	id: string;
	state: TssState;
	timeCreation: UnixSeconds;
	timeUninit?: UnixSeconds;
	timeInit?: UnixSeconds;
	timeDisable?: UnixSeconds;
	description?: string;
	metadata: Metadata;
	keys: TssKeyMaterial;
	signingKey: SigningKey;
	puk: string;
	pin?: Pin;
	failedLogins: number;
	adminSessions: Set<string>;
	signatureCounter: number;
	transactionCounter: number;
	logs: StoredLog[];
	clients: Client[];
	clientsBySerial: Map<string, Client>;
	registeredClients: number;
	txById: Map<string, Tx>;
	/** Index = number − 1. */
	txByNumber: Tx[];
	activeTransactions: number;
	exports: Map<string, Export>;
}

export interface Client {
	id: string;
	tss: Tss;
	serial: string;
	state: ClientState;
	timeCreation: UnixSeconds;
	timeUpdate: UnixSeconds;
	metadata: Metadata;
}

export interface TxRevision {
	revision: number;
	state: TxState;
	clientId: string;
	clientSerial: string;
	/** The response `schema` (normalised input + computed raw block, or {}). */
	schema: JsonObject;
	processType: string;
	log: StoredLog;
	signature: string;
}

export interface Tx {
	id: string;
	number: number;
	tss: Tss;
	timeStart: UnixSeconds;
	timeEnd?: UnixSeconds;
	revisions: TxRevision[];
	metadata: Metadata;
	/** The processType set by any revision so far ('' while none). */
	processType: string;
	/** The request body of the latest revision as JSON (a retry must send the same body). */
	body: string;
}

export interface ExportFilters {
	clientId?: string;
	transactionNumber?: number;
	startTransactionNumber?: number;
	endTransactionNumber?: number;
	startDate?: number;
	endDate?: number;
	startSignatureCounter?: number;
	endSignatureCounter?: number;
	maximumNumberRecords: number;
}

export interface Export {
	id: string;
	tss: Tss;
	/** milliseconds */
	requestedAt: number;
	pendingMs: number;
	workingMs: number;
	cancelledAt?: number;
	filters: ExportFilters;
	/** Canonical filters, to refuse a duplicate of a running export. */
	filterKey: string;
	/** Signature counter of the TSS when the export was triggered: later logs are not part of it. */
	upToCounter: number;
	recordCount: number;
	metadata: Metadata;
}

/** Everything the room holds, indexed the ways the operations look it up. */
export interface SignDeModel {
	tssById: Map<string, Tss>;
	clients: Map<string, Client>;
	allTransactions: Tx[];
	allExports: Export[];
}

/** The latest revision of a transaction (every stored transaction has at least one). */
export function latestRevision(tx: Tx): TxRevision {
	return tx.revisions[tx.revisions.length - 1];
}
