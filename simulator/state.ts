// The simulator's state: TSS, clients, transactions (every revision with its signed log), exports and
// admin sessions, with fiskaly's rules and error codes (REFERENCE §2–§5, §8.6). No HTTP here: every
// operation takes parsed input and returns the resource as the API shows it, or throws an ApiError.
//
// Every change follows one pattern: validate, sign what needs signing, build a journal record, write it
// (when a data directory is used), then apply it. Replaying the journal after a restart runs the same
// `apply`, so a restarted simulator is exactly where it was. Everything from validation to apply is
// synchronous, so concurrent requests can never interleave inside a change: a counter is never skipped
// or used twice, and identical concurrent upserts sign once.

import * as crypto from 'node:crypto';

import { ENV } from './auth';
import { derPrintableString, derSequence } from './der';
import { ApiError, schemaError } from './errors';
import { buildExportTar } from './export';
import {
	buildQrCodeData,
	canonicalJson,
	computeProcessData,
	type ComputedSchema,
	SchemaValidationError,
} from './fiscal';
import type { Journal } from './journal';
import {
	ALGORITHM,
	buildSystemDtbs,
	buildTransactionDtbs,
	createTssKeys,
	loadSigningKey,
	signLog,
	type CertificateAuthority,
	type SigningKey,
} from './signing';
import type { StoredLog, TssKeyMaterial, TxOperation, UnixSeconds } from './types';
import {
	describe,
	expectObject,
	type JsonObject,
	mergedMetadata,
	type Metadata,
	optionalMetadata,
	optionalString,
	parseMetadata,
	parseUuid,
	rejectUnknownProperties,
	requireEnum,
	requireString,
} from './validate';

export const API_VERSION = '2.2.2';

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
/** How long a completed export's TAR stays downloadable (reported as time_expiration). */
export const EXPORT_RETENTION_SECONDS = 30 * 24 * 60 * 60;
const MAX_EXPORT_RECORDS = 1_000_000;

// DSFinV-K 2.3: 1..70 of these characters, no leading/trailing whitespace, neither "/" nor "_".
const CLIENT_SERIAL = /^(?!\s)[A-Za-z0-9 '()+,\-.:=?]{1,70}(?<!\s)$/;
const TSS_DESCRIPTION = /^[A-Za-z0-9 '()+,\-./:=?]{0,100}$/;
const DIGITS = /^\d+$/;

export interface Session {
	id: string;
}

// ---------------------------------------------------------------------------------------------
// In-memory model

interface Pin {
	salt: string;
	hash: string;
}

interface Tss {
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

interface Client {
	id: string;
	tss: Tss;
	serial: string;
	state: ClientState;
	timeCreation: UnixSeconds;
	timeUpdate: UnixSeconds;
	metadata: Metadata;
}

interface TxRevision {
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

interface Tx {
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

interface ExportFilters {
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

interface Export {
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

// ---------------------------------------------------------------------------------------------
// Journal records: the complete effect of one committed change

type JournalRecord =
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

// ---------------------------------------------------------------------------------------------
// List queries (parsed by the HTTP layer)

export interface ListOptions {
	limit: number;
	offset: number;
	order: 'asc' | 'desc';
	orderBy?: string;
	/** `states[]` filter (TSS, transactions, exports). */
	states?: string[];
	/** Client lists: `state` and `serial_number` filters. */
	state?: string;
	serialNumber?: string;
}

export interface ListResponse {
	data: JsonObject[];
	count: number;
	_type: string;
	_env: string;
	_version: string;
}

type SortValue = string | number | undefined;

function compareValues(a: SortValue, b: SortValue): number {
	if (a === b) return 0;
	if (a === undefined) return -1;
	if (b === undefined) return 1;
	return a < b ? -1 : 1;
}

/** Filters, orders (stable: creation order breaks ties) and pages a list, building views for the page only. */
function page<T>(
	items: T[],
	options: ListOptions,
	type: string,
	sortKey: (item: T, orderBy: string) => SortValue,
	view: (item: T) => JsonObject,
): ListResponse {
	let ordered = items;
	if (options.orderBy) {
		const orderBy = options.orderBy;
		ordered = items
			.map((item, index) => ({ item, index, key: sortKey(item, orderBy) }))
			.sort((a, b) => compareValues(a.key, b.key) || a.index - b.index)
			.map((entry) => entry.item);
	}
	const data: JsonObject[] = [];
	const total = ordered.length;
	for (let i = options.offset; i < total && data.length < options.limit; i++) {
		data.push(view(ordered[options.order === 'desc' ? total - 1 - i : i]));
	}
	return { data, count: data.length, _type: type, _env: ENV, _version: API_VERSION };
}

function apiError(status: number, code: string, message: string): ApiError {
	return new ApiError(status, code, message);
}

function hashPin(pin: string, salt: string): string {
	return crypto.createHash('sha256').update(`${salt}:${pin}`).digest('hex');
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(given: string, expected: string): boolean {
	const digest = (text: string) => crypto.createHash('sha256').update(text).digest();
	return crypto.timingSafeEqual(digest(given), digest(expected));
}

function newPuk(): string {
	return String(crypto.randomInt(0, 10_000_000_000)).padStart(10, '0');
}

/** systemOperationData of a system log: the operation's parameters as a DER SEQUENCE of PrintableStrings. */
function systemOperationData(...parameters: string[]): Buffer {
	return derSequence(...parameters.map((parameter) => derPrintableString(parameter)));
}

interface SystemEvent {
	event: string;
	data: Buffer;
}

/** The start-up logs of a freshly deployed SMAERS: alternating self tests and time updates. */
function deploymentEvents(now: UnixSeconds): SystemEvent[] {
	return Array.from({ length: DEPLOYMENT_LOG_COUNT }, (_, index) =>
		index % 2 === 0
			? { event: 'selfTest', data: systemOperationData('passed') }
			: { event: 'updateTime', data: systemOperationData(String(now)) },
	);
}

type TxReference = { id: string } | { number: number };

function parseTxReference(value: string): TxReference {
	if (DIGITS.test(value)) {
		const number = Number(value);
		if (!Number.isSafeInteger(number)) throw schemaError(`tx_id_or_number ${value} is too large`);
		return { number };
	}
	return { id: parseUuid(value, 'tx_id_or_number (a transaction UUID or number)') };
}

/** A positive integer from a query string, or undefined when absent. */
function parsePositiveInteger(value: string | undefined, field: string): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	if (!DIGITS.test(value) || !Number.isSafeInteger(number) || number < 1) {
		throw schemaError(`${field} must be an integer of at least 1, got ${describe(value)}`);
	}
	return number;
}

function parseCounterParameter(value: string | undefined, field: string): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	if (!DIGITS.test(value) || !Number.isSafeInteger(number))
		throw schemaError(`${field} must be a string of digits, got ${describe(value)}`);
	return number;
}

// ---------------------------------------------------------------------------------------------

export interface StateOptions {
	/** Current time in milliseconds. */
	clock: () => number;
	ca: CertificateAuthority;
	limits?: Partial<StateLimits>;
	exportTiming?: Partial<ExportTiming>;
}

export class SimulatorState {
	private readonly clock: () => number;
	private readonly ca: CertificateAuthority;
	readonly limits: StateLimits;
	readonly exportTiming: ExportTiming;
	private journal?: Journal;

	private readonly tssById = new Map<string, Tss>();
	private readonly clients = new Map<string, Client>();
	private readonly allTransactions: Tx[] = [];
	private readonly allExports: Export[] = [];

	/** Signatures made by this process (replayed logs are not counted). */
	signaturesMade = 0;
	/** Upserts answered from a stored revision without signing. */
	replayedUpserts = 0;

	constructor(options: StateOptions) {
		this.clock = options.clock;
		this.ca = options.ca;
		this.limits = { ...DEFAULT_LIMITS, ...options.limits };
		this.exportTiming = { ...DEFAULT_EXPORT_TIMING, ...options.exportTiming };
	}

	/** Re-applies journal records written by an earlier run (before any new change). */
	replay(records: unknown[]): void {
		for (const record of records) this.apply(record as JournalRecord);
	}

	/** From now on every change is written to `journal` before it takes effect. */
	attachJournal(journal: Journal): void {
		this.journal = journal;
	}

	/** Stops journaling (the server is closing). */
	detachJournal(): void {
		this.journal = undefined;
	}

	private nowSeconds(): UnixSeconds {
		return Math.floor(this.clock() / 1000);
	}

	private commit(record: JournalRecord): void {
		this.journal?.append(record);
		this.apply(record);
	}

	// -------------------------------------------------------------------------------------------
	// Applying records (live and on replay)

	private apply(record: JournalRecord): void {
		switch (record.t) {
			case 'tss.create': {
				this.tssById.set(record.id, {
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
				this.tssOf(record.id).metadata = record.metadata;
				return;
			}
			case 'tss.state': {
				const tss = this.tssOf(record.id);
				tss.state = record.state;
				if (record.state === 'UNINITIALIZED') tss.timeUninit = record.at;
				if (record.state === 'INITIALIZED') tss.timeInit = record.at;
				if (record.state === 'DISABLED') tss.timeDisable = record.at;
				if (record.description !== undefined) tss.description = record.description;
				if (record.metadata) tss.metadata = record.metadata;
				this.appendLogs(tss, record.logs);
				return;
			}
			case 'admin.pin': {
				const tss = this.tssOf(record.id);
				tss.pin = record.pin;
				tss.failedLogins = 0;
				this.appendLogs(tss, record.logs);
				return;
			}
			case 'admin.login': {
				const tss = this.tssOf(record.id);
				if (record.ok) {
					tss.adminSessions.add(record.session);
					tss.failedLogins = 0;
				} else tss.failedLogins++;
				this.appendLogs(tss, record.logs);
				return;
			}
			case 'admin.logout': {
				const tss = this.tssOf(record.id);
				tss.adminSessions.delete(record.session);
				this.appendLogs(tss, record.logs);
				return;
			}
			case 'client.create': {
				const tss = this.tssOf(record.tss);
				const client: Client = {
					id: record.id,
					tss,
					serial: record.serial,
					state: 'REGISTERED',
					timeCreation: record.at,
					timeUpdate: record.at,
					metadata: record.metadata,
				};
				this.clients.set(client.id, client);
				tss.clients.push(client);
				tss.clientsBySerial.set(client.serial, client);
				tss.registeredClients++;
				this.appendLogs(tss, record.logs);
				return;
			}
			case 'client.update': {
				const client = this.clientOf(record.id);
				if (client.state !== record.state)
					client.tss.registeredClients += record.state === 'REGISTERED' ? 1 : -1;
				client.state = record.state;
				client.timeUpdate = record.at;
				client.metadata = record.metadata;
				this.appendLogs(client.tss, record.logs);
				return;
			}
			case 'client.metadata': {
				this.clientOf(record.id).metadata = record.metadata;
				return;
			}
			case 'tx': {
				const tss = this.tssOf(record.tss);
				const client = this.clientOf(record.client);
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
					this.allTransactions.push(tx);
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
				this.appendLogs(tss, [record.log]);
				return;
			}
			case 'tx.metadata': {
				const tx = this.tssOf(record.tss).txById.get(record.id);
				if (!tx) throw new Error(`journal: unknown transaction ${record.id}`);
				tx.metadata = record.metadata;
				return;
			}
			case 'export': {
				const tss = this.tssOf(record.tss);
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
				this.allExports.push(exported);
				return;
			}
			case 'export.cancel': {
				this.exportOf(record.tss, record.id).cancelledAt = record.at;
				return;
			}
			case 'export.metadata': {
				this.exportOf(record.tss, record.id).metadata = record.metadata;
				return;
			}
			default:
				throw new Error(`journal: unknown record ${JSON.stringify(record)}`);
		}
	}

	private appendLogs(tss: Tss, logs: StoredLog[]): void {
		for (const log of logs) tss.logs.push(log);
		if (logs.length) tss.signatureCounter = logs[logs.length - 1].counter;
	}

	private tssOf(id: string): Tss {
		const tss = this.tssById.get(id);
		if (!tss) throw new Error(`journal: unknown TSS ${id}`);
		return tss;
	}

	private clientOf(id: string): Client {
		const client = this.clients.get(id);
		if (!client) throw new Error(`journal: unknown client ${id}`);
		return client;
	}

	private exportOf(tssId: string, id: string): Export {
		const exported = this.tssOf(tssId).exports.get(id);
		if (!exported) throw new Error(`journal: unknown export ${id}`);
		return exported;
	}

	// -------------------------------------------------------------------------------------------
	// Signing

	/** Signs system logs with the next counter values of the TSS (not yet applied). */
	private signSystemLogs(tss: Tss, now: UnixSeconds, events: SystemEvent[]): StoredLog[] {
		let counter = tss.signatureCounter;
		return events.map(({ event, data }) => {
			counter++;
			const dtbs = buildSystemDtbs({
				operationType: event,
				systemOperationData: data,
				serialNumber: tss.keys.serialNumber,
				signatureCounter: counter,
				logTime: now,
			});
			this.signaturesMade++;
			return {
				counter,
				logTime: now,
				kind: 'system',
				message: signLog(tss.signingKey, dtbs).message,
				event,
			};
		});
	}

	// -------------------------------------------------------------------------------------------
	// Lookups with API errors

	private requireTss(rawId: string): Tss {
		const id = parseUuid(rawId, 'tss_id');
		const tss = this.tssById.get(id);
		if (!tss) throw apiError(404, 'E_TSS_NOT_FOUND', `TSS ${id} not found`);
		return tss;
	}

	private requireClient(tss: Tss, rawId: string): Client {
		const id = parseUuid(rawId, 'client_id');
		const client = this.clients.get(id);
		if (!client || client.tss !== tss)
			throw apiError(404, 'E_CLIENT_NOT_FOUND', `Client ${id} not found on TSS ${tss.id}`);
		return client;
	}

	private findTx(tss: Tss, reference: TxReference): Tx | undefined {
		return 'id' in reference ? tss.txById.get(reference.id) : tss.txByNumber[reference.number - 1];
	}

	private requireTx(tss: Tss, rawReference: string): Tx {
		const reference = parseTxReference(rawReference);
		const tx = this.findTx(tss, reference);
		if (!tx) {
			const what = 'id' in reference ? reference.id : `number ${reference.number}`;
			throw apiError(404, 'E_TX_NOT_FOUND', `Transaction ${what} not found on TSS ${tss.id}`);
		}
		return tx;
	}

	private requireExport(tss: Tss, rawId: string): Export {
		const id = parseUuid(rawId, 'export_id');
		const exported = tss.exports.get(id);
		if (!exported)
			throw apiError(404, 'E_EXPORT_NOT_FOUND', `Export ${id} not found on TSS ${tss.id}`);
		return exported;
	}

	/** Signing transactions and managing clients need an INITIALIZED TSS. */
	private requireInitialized(tss: Tss): void {
		if (tss.state === 'INITIALIZED') return;
		if (tss.state === 'DISABLED')
			throw apiError(400, 'E_TSS_DISABLED', `TSS ${tss.id} is DISABLED; it cannot sign anymore`);
		throw apiError(
			400,
			'E_TSS_NOT_INITIALIZED',
			`TSS ${tss.id} is ${tss.state}; it must be INITIALIZED first`,
		);
	}

	private requireAdmin(tss: Tss, session: Session, action: string): void {
		if (tss.adminSessions.has(session.id)) return;
		throw apiError(
			401,
			'E_UNAUTHORIZED',
			`${action} requires an admin login: POST /tss/${tss.id}/admin/auth with the admin PIN first (admin logins belong to the access token's session)`,
		);
	}

	// -------------------------------------------------------------------------------------------
	// Views

	/** The fields every TSS answer has, the create answer included. */
	private tssBaseView(tss: Tss): JsonObject {
		return {
			_id: tss.id,
			_type: 'TSS',
			_env: ENV,
			_version: API_VERSION,
			state: tss.state,
			certificate: tss.keys.certificate,
			serial_number: tss.keys.serialNumber,
			public_key: tss.keys.publicKey,
			signature_algorithm: ALGORITHM,
			signature_timestamp_format: 'unixTime',
			transaction_data_encoding: 'UTF-8',
			max_number_registered_clients: this.limits.registeredClients,
			max_number_active_transactions: this.limits.activeTransactions,
			supported_update_variants: 'SIGNED',
			time_creation: tss.timeCreation,
			metadata: tss.metadata,
		};
	}

	private tssView(tss: Tss): JsonObject {
		const view = this.tssBaseView(tss);
		view.number_registered_clients = tss.registeredClients;
		view.number_active_transactions = tss.activeTransactions;
		if (tss.description !== undefined) view.description = tss.description;
		if (tss.state !== 'CREATED') {
			view.signature_counter = String(tss.signatureCounter);
			view.bsi_certification_id = 'SIMULATOR-NOT-CERTIFIED';
		}
		if (tss.transactionCounter > 0) view.transaction_counter = String(tss.transactionCounter);
		if (tss.timeUninit !== undefined) view.time_uninit = tss.timeUninit;
		if (tss.timeInit !== undefined) view.time_init = tss.timeInit;
		if (tss.timeDisable !== undefined) view.time_disable = tss.timeDisable;
		return view;
	}

	/** createTss answers with the admin PUK, the only time fiskaly shows it. */
	private createTssView(tss: Tss): JsonObject {
		return { ...this.tssBaseView(tss), admin_puk: tss.puk };
	}

	private clientView(client: Client): JsonObject {
		return {
			_id: client.id,
			_type: 'CLIENT',
			_env: ENV,
			_version: API_VERSION,
			serial_number: client.serial,
			state: client.state,
			tss_id: client.tss.id,
			time_creation: client.timeCreation,
			time_update: client.timeUpdate,
			metadata: client.metadata,
		};
	}

	private txView(tx: Tx, revision: TxRevision): JsonObject {
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

	private latestView(tx: Tx): JsonObject {
		return this.txView(tx, tx.revisions[tx.revisions.length - 1]);
	}

	// -------------------------------------------------------------------------------------------
	// TSS

	createTss(rawId: string, bodyValue: unknown): JsonObject {
		const id = parseUuid(rawId, 'tss_id');
		const body = expectObject(bodyValue ?? {}, 'request body');
		const metadataPatch = optionalMetadata(body);
		const existing = this.tssById.get(id);
		if (existing) {
			if (existing.state !== 'CREATED') {
				throw apiError(
					409,
					'E_TSS_CONFLICT',
					`TSS ${id} already exists in state ${existing.state}; createTss only repeats while it is CREATED`,
				);
			}
			const metadata = mergedMetadata(existing.metadata, metadataPatch);
			if (metadata !== existing.metadata) this.commit({ t: 'tss.metadata', id, metadata });
			return this.createTssView(existing);
		}
		const now = this.nowSeconds();
		this.commit({
			t: 'tss.create',
			id,
			at: now,
			keys: createTssKeys(this.ca, now),
			puk: newPuk(),
			metadata: mergedMetadata({}, metadataPatch),
		});
		return this.createTssView(this.tssOf(id));
	}

	getTss(rawId: string): JsonObject {
		return this.tssView(this.requireTss(rawId));
	}

	listTss(options: ListOptions): ListResponse {
		let items = [...this.tssById.values()];
		if (options.states) items = items.filter((tss) => options.states!.includes(tss.state));
		return page(
			items,
			options,
			'TSS_LIST',
			(tss, orderBy) => {
				if (orderBy === 'description') return tss.description;
				if (orderBy === 'state') return tss.state;
				if (orderBy === 'time_init') return tss.timeInit;
				if (orderBy === 'time_disable') return tss.timeDisable;
				return tss.timeCreation;
			},
			(tss) => this.tssView(tss),
		);
	}

	updateTss(rawId: string, bodyValue: unknown, session: Session): JsonObject {
		const tss = this.requireTss(rawId);
		const body = expectObject(bodyValue, 'request body');
		rejectUnknownProperties(body, ['state', 'description', 'metadata'], 'The request body');
		const target = requireEnum(body, 'state', [
			'UNINITIALIZED',
			'INITIALIZED',
			'DISABLED',
		] as const);
		const description = optionalString(body, 'description');
		const metadata = mergedMetadata(tss.metadata, optionalMetadata(body));
		if (description !== undefined) {
			if (!TSS_DESCRIPTION.test(description)) {
				throw schemaError(
					"description must be at most 100 letters, digits, spaces or '()+,-./:=? characters",
				);
			}
			if (!(tss.state === 'UNINITIALIZED' && target === 'INITIALIZED')) {
				throw schemaError(
					'description can only be given when initializing the TSS (UNINITIALIZED → INITIALIZED)',
				);
			}
		}
		if (target === tss.state) {
			// Same state: a metadata-only update (REFERENCE §2.1).
			if (metadata !== tss.metadata) this.commit({ t: 'tss.metadata', id: tss.id, metadata });
			return this.tssView(tss);
		}
		const legal =
			(tss.state === 'CREATED' && target === 'UNINITIALIZED') ||
			(tss.state === 'UNINITIALIZED' && (target === 'INITIALIZED' || target === 'DISABLED')) ||
			(tss.state === 'INITIALIZED' && target === 'DISABLED');
		if (!legal) {
			throw apiError(
				400,
				'E_ILLEGAL_TSS_STATE_CHANGE',
				`TSS ${tss.id} is ${tss.state} and cannot change to ${target} (allowed: CREATED → UNINITIALIZED → INITIALIZED → DISABLED, or UNINITIALIZED → DISABLED)`,
			);
		}
		if (target !== 'UNINITIALIZED')
			this.requireAdmin(tss, session, `Changing TSS ${tss.id} to ${target}`);
		const now = this.nowSeconds();
		let events: SystemEvent[];
		let newDescription: string | undefined;
		if (target === 'UNINITIALIZED') events = deploymentEvents(now);
		else if (target === 'INITIALIZED') {
			newDescription = description ?? `fiskaly sign cloud-TSE (${tss.id})`;
			events = [{ event: 'initialize', data: systemOperationData(newDescription) }];
		} else events = [{ event: 'disableSecureElement', data: systemOperationData() }];
		this.commit({
			t: 'tss.state',
			id: tss.id,
			state: target,
			at: now,
			description: newDescription,
			metadata: metadata !== tss.metadata ? metadata : undefined,
			logs: this.signSystemLogs(tss, now, events),
		});
		return this.tssView(tss);
	}

	getTssMetadata(rawId: string): Metadata {
		return this.requireTss(rawId).metadata;
	}

	updateTssMetadata(rawId: string, bodyValue: unknown): Metadata {
		const tss = this.requireTss(rawId);
		const metadata = mergedMetadata(tss.metadata, parseMetadata(bodyValue, 'request body'));
		if (metadata !== tss.metadata) this.commit({ t: 'tss.metadata', id: tss.id, metadata });
		return tss.metadata;
	}

	// -------------------------------------------------------------------------------------------
	// Admin PIN, PUK and sessions

	changeAdminPin(rawId: string, bodyValue: unknown): JsonObject {
		const tss = this.requireTss(rawId);
		const body = expectObject(bodyValue, 'request body');
		const puk = requireString(body, 'admin_puk');
		const newPin = requireString(body, 'new_admin_pin');
		if (puk.length < 10)
			throw schemaError(
				'admin_puk must be at least 10 characters (the PUK from the createTss response)',
			);
		if (newPin.length < 6) throw schemaError('new_admin_pin must be at least 6 characters');
		if (tss.state !== 'UNINITIALIZED' && tss.state !== 'INITIALIZED') {
			throw apiError(
				400,
				'E_CHANGE_ADMIN_PIN_FAILED',
				tss.state === 'CREATED'
					? `TSS ${tss.id} is CREATED: deploy it first (PATCH state UNINITIALIZED), then set the admin PIN`
					: `TSS ${tss.id} is ${tss.state}; its admin PIN can no longer be changed`,
			);
		}
		if (!sameSecret(puk, tss.puk)) {
			throw apiError(
				400,
				'E_CHANGE_ADMIN_PIN_FAILED',
				'The admin_puk is not correct: use the PUK from the createTss response',
			);
		}
		const salt = crypto.randomBytes(16).toString('hex');
		const now = this.nowSeconds();
		this.commit({
			t: 'admin.pin',
			id: tss.id,
			pin: { salt, hash: hashPin(newPin, salt) },
			logs: this.signSystemLogs(tss, now, [
				{ event: 'unblockUser', data: systemOperationData('Admin', 'success') },
			]),
		});
		return {};
	}

	adminLogin(rawId: string, bodyValue: unknown, session: Session): JsonObject {
		const tss = this.requireTss(rawId);
		const body = expectObject(bodyValue, 'request body');
		const pin = requireString(body, 'admin_pin');
		if (pin.length < 6) throw schemaError('admin_pin must be at least 6 characters');
		if (tss.state === 'DISABLED')
			throw apiError(
				400,
				'E_TSS_DISABLED',
				`TSS ${tss.id} is DISABLED; admin logins are no longer possible`,
			);
		if (!tss.pin || tss.failedLogins >= MAX_FAILED_ADMIN_LOGINS) {
			throw apiError(
				423,
				'E_ADMIN_PIN_BLOCKED',
				`The admin PIN of TSS ${tss.id} is blocked (${tss.pin ? `${MAX_FAILED_ADMIN_LOGINS} failed logins` : 'it is blocked after creation'}); set a new one with PATCH /tss/${tss.id}/admin {admin_puk, new_admin_pin}`,
			);
		}
		const ok = sameSecret(hashPin(pin, tss.pin.salt), tss.pin.hash);
		const now = this.nowSeconds();
		this.commit({
			t: 'admin.login',
			id: tss.id,
			session: session.id,
			ok,
			logs: this.signSystemLogs(tss, now, [
				{
					event: 'authenticateUser',
					data: systemOperationData('Admin', ok ? 'success' : 'failure'),
				},
			]),
		});
		if (!ok) {
			const left = MAX_FAILED_ADMIN_LOGINS - tss.failedLogins;
			throw apiError(
				401,
				'E_UNAUTHORIZED',
				left > 0
					? `Wrong admin PIN for TSS ${tss.id}; ${left} attempt(s) left before the PIN is blocked`
					: `Wrong admin PIN for TSS ${tss.id}; the PIN is now blocked: reset it with the admin PUK`,
			);
		}
		return {};
	}

	adminLogout(rawId: string, session: Session): JsonObject {
		const tss = this.requireTss(rawId);
		if (!tss.adminSessions.has(session.id)) return {}; // "can be called safely even if no admin is authenticated"
		const signs = tss.state === 'UNINITIALIZED' || tss.state === 'INITIALIZED';
		this.commit({
			t: 'admin.logout',
			id: tss.id,
			session: session.id,
			logs: signs
				? this.signSystemLogs(tss, this.nowSeconds(), [
						{ event: 'logOut', data: systemOperationData('Admin') },
					])
				: [],
		});
		return {};
	}

	// -------------------------------------------------------------------------------------------
	// Clients

	createClient(
		rawTssId: string,
		rawClientId: string,
		bodyValue: unknown,
		session: Session,
	): JsonObject {
		const tss = this.requireTss(rawTssId);
		const id = parseUuid(rawClientId, 'client_id');
		const body = expectObject(bodyValue, 'request body');
		const serial = requireString(body, 'serial_number');
		const metadataPatch = optionalMetadata(body);
		this.requireInitialized(tss);
		this.requireAdmin(tss, session, 'Creating a client');
		const existing = this.clients.get(id);
		if (existing) {
			if (existing.tss === tss && existing.serial === serial) {
				// Idempotent repeat: same client, same serial.
				const metadata = mergedMetadata(existing.metadata, metadataPatch);
				if (metadata !== existing.metadata) this.commit({ t: 'client.metadata', id, metadata });
				return this.clientView(existing);
			}
			throw apiError(
				409,
				'E_CLIENT_CONFLICT',
				existing.tss === tss
					? `Client ${id} already exists on this TSS with serial_number "${existing.serial}"`
					: `Client ${id} already exists on another TSS; client_id must be unique system-wide`,
			);
		}
		if (!CLIENT_SERIAL.test(serial)) {
			throw apiError(
				400,
				'E_ILLEGAL_CLIENT_SERIAL',
				`serial_number ${describe(serial)} is not allowed: use 1 to 70 letters, digits, spaces or '()+,-.:=? characters, no "/" or "_", no leading or trailing spaces`,
			);
		}
		const sameSerial = tss.clientsBySerial.get(serial);
		if (sameSerial) {
			throw apiError(
				400,
				'E_ILLEGAL_CLIENT_SERIAL',
				`serial_number "${serial}" is already used by client ${sameSerial.id} on TSS ${tss.id}`,
			);
		}
		if (tss.registeredClients >= this.limits.registeredClients) {
			throw apiError(
				403,
				'E_CLIENT_LIMIT_REACHED',
				`TSS ${tss.id} already has ${tss.registeredClients} registered clients (the maximum)`,
			);
		}
		const now = this.nowSeconds();
		this.commit({
			t: 'client.create',
			tss: tss.id,
			id,
			serial,
			at: now,
			metadata: mergedMetadata({}, metadataPatch),
			logs: this.signSystemLogs(tss, now, [
				{ event: 'registerClient', data: systemOperationData(serial) },
			]),
		});
		return this.clientView(this.clientOf(id));
	}

	getClient(rawTssId: string, rawClientId: string): JsonObject {
		const tss = this.requireTss(rawTssId);
		return this.clientView(this.requireClient(tss, rawClientId));
	}

	updateClient(
		rawTssId: string,
		rawClientId: string,
		bodyValue: unknown,
		session: Session,
	): JsonObject {
		const tss = this.requireTss(rawTssId);
		const client = this.requireClient(tss, rawClientId);
		const body = expectObject(bodyValue, 'request body');
		const target = requireEnum(body, 'state', CLIENT_STATES);
		const metadata = mergedMetadata(client.metadata, optionalMetadata(body));
		this.requireInitialized(tss);
		this.requireAdmin(tss, session, 'Updating a client');
		if (target === client.state && metadata === client.metadata) return this.clientView(client);
		if (
			target === 'REGISTERED' &&
			client.state !== 'REGISTERED' &&
			tss.registeredClients >= this.limits.registeredClients
		) {
			throw apiError(
				403,
				'E_CLIENT_LIMIT_REACHED',
				`TSS ${tss.id} already has ${tss.registeredClients} registered clients (the maximum)`,
			);
		}
		const now = this.nowSeconds();
		const event = target === 'REGISTERED' ? 'registerClient' : 'deregisterClient';
		this.commit({
			t: 'client.update',
			id: client.id,
			state: target,
			at: now,
			metadata,
			logs:
				target === client.state
					? []
					: this.signSystemLogs(tss, now, [{ event, data: systemOperationData(client.serial) }]),
		});
		return this.clientView(client);
	}

	listClients(rawTssId: string | undefined, options: ListOptions): ListResponse {
		let items =
			rawTssId === undefined ? [...this.clients.values()] : this.requireTss(rawTssId).clients;
		if (options.state) items = items.filter((client) => client.state === options.state);
		if (options.serialNumber !== undefined)
			items = items.filter((client) => client.serial === options.serialNumber);
		return page(
			items,
			options,
			'CLIENT_LIST',
			(client, orderBy) => (orderBy === 'serial_number' ? client.serial : client.timeCreation),
			(client) => this.clientView(client),
		);
	}

	getClientMetadata(rawTssId: string, rawClientId: string): Metadata {
		return this.requireClient(this.requireTss(rawTssId), rawClientId).metadata;
	}

	updateClientMetadata(rawTssId: string, rawClientId: string, bodyValue: unknown): Metadata {
		const client = this.requireClient(this.requireTss(rawTssId), rawClientId);
		const metadata = mergedMetadata(client.metadata, parseMetadata(bodyValue, 'request body'));
		if (metadata !== client.metadata)
			this.commit({ t: 'client.metadata', id: client.id, metadata });
		return client.metadata;
	}

	// -------------------------------------------------------------------------------------------
	// Transactions

	/** PUT /tss/{tss_id}/tx/{tx_id_or_number}?tx_revision=N (REFERENCE §4.1). */
	upsertTransaction(
		rawTssId: string,
		rawReference: string,
		rawRevision: string | undefined,
		bodyValue: unknown,
	): JsonObject {
		const tss = this.requireTss(rawTssId);
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
		// A retry resends the same body: the parsed JSON is compared (whitespace does not matter).
		const bodyJson = JSON.stringify(body);

		const tx = this.findTx(tss, reference);
		const latest = tx?.revisions[tx.revisions.length - 1];
		if (tx && latest && revision === latest.revision && bodyJson === tx.body) {
			// The documented idempotent retry: answer with the stored revision, sign nothing.
			this.replayedUpserts++;
			return this.txView(tx, latest);
		}

		this.requireInitialized(tss);
		if (!tx || !latest) {
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
		} else {
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

		const client = this.clients.get(clientId);
		if (!client || client.tss !== tss)
			throw apiError(400, 'E_CLIENT_NOT_FOUND', `Client ${clientId} not found on TSS ${tss.id}`);
		if (client.state !== 'REGISTERED') {
			throw apiError(
				400,
				'E_CLIENT_DEREGISTERED',
				`Client ${clientId} is DEREGISTERED; register it again (PATCH state REGISTERED) to sign with it`,
			);
		}

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
		if (!tx && tss.activeTransactions >= this.limits.activeTransactions) {
			throw apiError(
				400,
				'E_TX_LIMIT_REACHED',
				`TSS ${tss.id} already has ${tss.activeTransactions} ACTIVE transactions (the maximum); finish or cancel some first`,
			);
		}
		const metadata = mergedMetadata(tx ? tx.metadata : {}, metadataPatch);

		const now = this.nowSeconds();
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
		this.signaturesMade++;
		const id = tx ? tx.id : (reference as { id: string }).id;
		this.commit({
			t: 'tx',
			tss: tss.id,
			id,
			number: tx ? undefined : number,
			revision,
			state,
			client: client.id,
			schema,
			processType,
			body: bodyJson,
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
		return this.latestView(tss.txById.get(id)!);
	}

	private requireRevision(tx: Tx, rawRevision: string | undefined): TxRevision {
		if (rawRevision === undefined) return tx.revisions[tx.revisions.length - 1];
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

	getTransaction(
		rawTssId: string,
		rawReference: string,
		rawRevision: string | undefined,
	): JsonObject {
		const tx = this.requireTx(this.requireTss(rawTssId), rawReference);
		return this.txView(tx, this.requireRevision(tx, rawRevision));
	}

	/** The DER TR-03151 log message of a revision (deprecated /log endpoint). */
	getTransactionLog(
		rawTssId: string,
		rawReference: string,
		rawRevision: string | undefined,
	): Buffer {
		const tx = this.requireTx(this.requireTss(rawTssId), rawReference);
		return Buffer.from(this.requireRevision(tx, rawRevision).log.message, 'base64');
	}

	/** Transactions across all TSS, of one TSS, or of one client (by the client of their latest revision). */
	listTransactions(
		scope: { tssId?: string; clientId?: string },
		options: ListOptions,
	): ListResponse {
		let items: Tx[];
		if (scope.tssId === undefined) items = this.allTransactions;
		else {
			const tss = this.requireTss(scope.tssId);
			if (scope.clientId !== undefined) {
				const client = this.requireClient(tss, scope.clientId);
				items = tss.txByNumber.filter(
					(tx) => tx.revisions[tx.revisions.length - 1].clientId === client.id,
				);
			} else items = tss.txByNumber;
		}
		const states = options.states;
		if (states)
			items = items.filter((tx) => states.includes(tx.revisions[tx.revisions.length - 1].state));
		return page(
			items,
			options,
			'TRANSACTION_LIST',
			(tx, orderBy) => {
				if (orderBy === 'state') return tx.revisions[tx.revisions.length - 1].state;
				if (orderBy === 'time_start') return tx.timeStart;
				if (orderBy === 'time_end') return tx.timeEnd;
				return tx.number;
			},
			(tx) => this.latestView(tx),
		);
	}

	getTransactionMetadata(rawTssId: string, rawReference: string): Metadata {
		return this.requireTx(this.requireTss(rawTssId), rawReference).metadata;
	}

	updateTransactionMetadata(rawTssId: string, rawReference: string, bodyValue: unknown): Metadata {
		const tss = this.requireTss(rawTssId);
		const tx = this.requireTx(tss, rawReference);
		const metadata = mergedMetadata(tx.metadata, parseMetadata(bodyValue, 'request body'));
		if (metadata !== tx.metadata)
			this.commit({ t: 'tx.metadata', tss: tss.id, id: tx.id, metadata });
		return tx.metadata;
	}

	// -------------------------------------------------------------------------------------------
	// Exports

	private exportState(exported: Export, now: number): ExportState {
		if (exported.cancelledAt !== undefined) return 'CANCELLED';
		if (now < exported.requestedAt + exported.pendingMs) return 'PENDING';
		if (now < exported.requestedAt + exported.pendingMs + exported.workingMs) return 'WORKING';
		return this.exportException(exported) ? 'ERROR' : 'COMPLETED';
	}

	private exportException(exported: Export): string | undefined {
		if (exported.recordCount === 0) return 'E_NO_DATA_AVAILABLE';
		if (
			exported.filters.clientId === undefined &&
			exported.recordCount > exported.filters.maximumNumberRecords
		)
			return 'E_TOO_MANY_RECORDS';
		return undefined;
	}

	private exportView(exported: Export): JsonObject {
		const now = this.clock();
		const state = this.exportState(exported, now);
		const seconds = (ms: number) => Math.floor(ms / 1000);
		const startedAt = exported.requestedAt + exported.pendingMs;
		const doneAt = startedAt + exported.workingMs;
		const view: JsonObject = {
			_id: exported.id,
			_type: 'EXPORT',
			_env: ENV,
			_version: API_VERSION,
			tss_id: exported.tss.id,
			state,
			time_request: seconds(exported.requestedAt),
			metadata: exported.metadata,
		};
		if (state === 'PENDING' || state === 'WORKING')
			view.estimated_time_of_completion = Math.ceil(doneAt / 1000);
		if (state === 'WORKING' || state === 'COMPLETED' || state === 'ERROR')
			view.time_start = seconds(startedAt);
		if (state === 'COMPLETED') {
			view.time_end = seconds(doneAt);
			view.time_expiration = seconds(doneAt) + EXPORT_RETENTION_SECONDS;
		}
		if (state === 'ERROR') {
			view.time_error = seconds(doneAt);
			view.exception = this.exportException(exported);
		}
		if (
			state === 'CANCELLED' &&
			exported.cancelledAt !== undefined &&
			exported.cancelledAt >= startedAt
		)
			view.time_start = seconds(startedAt);
		return view;
	}

	private parseExportFilters(
		tss: Tss,
		parameters: Record<string, string | undefined>,
	): ExportFilters {
		const maximumNumberRecords =
			parsePositiveInteger(parameters.maximum_number_records, 'maximum_number_records') ??
			MAX_EXPORT_RECORDS;
		if (maximumNumberRecords > MAX_EXPORT_RECORDS) {
			throw schemaError(
				`maximum_number_records must be at most ${MAX_EXPORT_RECORDS}; split bigger exports by signature counter ranges`,
			);
		}
		if (parameters.client_id !== undefined) {
			// "Only return log messages associated with the given client (other query parameters will be ignored)"
			const clientId = parseUuid(parameters.client_id, 'client_id');
			const client = this.clients.get(clientId);
			if (!client || client.tss !== tss)
				throw apiError(400, 'E_CLIENT_NOT_FOUND', `Client ${clientId} not found on TSS ${tss.id}`);
			return { clientId, maximumNumberRecords };
		}
		const filters: ExportFilters = {
			transactionNumber: parseCounterParameter(parameters.transaction_number, 'transaction_number'),
			startTransactionNumber: parseCounterParameter(
				parameters.start_transaction_number,
				'start_transaction_number',
			),
			endTransactionNumber: parseCounterParameter(
				parameters.end_transaction_number,
				'end_transaction_number',
			),
			startDate: parseCounterParameter(parameters.start_date, 'start_date'),
			endDate: parseCounterParameter(parameters.end_date, 'end_date'),
			startSignatureCounter: parseCounterParameter(
				parameters.start_signature_counter,
				'start_signature_counter',
			),
			endSignatureCounter: parseCounterParameter(
				parameters.end_signature_counter,
				'end_signature_counter',
			),
			maximumNumberRecords,
		};
		const mismatch = (message: string) => apiError(400, 'E_PARAMETER_MISMATCH', message);
		if (
			filters.transactionNumber !== undefined &&
			(filters.startTransactionNumber !== undefined || filters.endTransactionNumber !== undefined)
		) {
			throw mismatch(
				'transaction_number cannot be combined with start_transaction_number or end_transaction_number',
			);
		}
		const groups = [
			filters.transactionNumber !== undefined ||
				filters.startTransactionNumber !== undefined ||
				filters.endTransactionNumber !== undefined,
			filters.startDate !== undefined || filters.endDate !== undefined,
			filters.startSignatureCounter !== undefined || filters.endSignatureCounter !== undefined,
		].filter(Boolean).length;
		if (groups > 1)
			throw mismatch(
				'Filter by one of transaction numbers, dates or signature counters, not several',
			);
		const backwards = (start: number | undefined, end: number | undefined) =>
			start !== undefined && end !== undefined && start > end;
		if (backwards(filters.startTransactionNumber, filters.endTransactionNumber))
			throw mismatch('start_transaction_number is greater than end_transaction_number');
		if (backwards(filters.startDate, filters.endDate))
			throw mismatch('start_date is later than end_date');
		if (backwards(filters.startSignatureCounter, filters.endSignatureCounter))
			throw mismatch('start_signature_counter is greater than end_signature_counter');
		if (filters.transactionNumber !== undefined && !tss.txByNumber[filters.transactionNumber - 1]) {
			throw apiError(
				400,
				'E_TX_NOT_FOUND',
				`Transaction number ${filters.transactionNumber} not found on TSS ${tss.id}`,
			);
		}
		for (const key of Object.keys(filters) as (keyof ExportFilters)[])
			if (filters[key] === undefined) delete filters[key];
		return filters;
	}

	private exportLogs(exported: Export): StoredLog[] {
		const f = exported.filters;
		const within = (
			value: number | undefined,
			start: number | undefined,
			end: number | undefined,
		) =>
			value !== undefined &&
			(start === undefined || value >= start) &&
			(end === undefined || value <= end);
		return exported.tss.logs.filter((log) => {
			if (log.counter > exported.upToCounter) return false;
			if (f.clientId !== undefined) return log.clientId === f.clientId;
			if (f.transactionNumber !== undefined) return log.txNumber === f.transactionNumber;
			if (f.startTransactionNumber !== undefined || f.endTransactionNumber !== undefined) {
				return within(log.txNumber, f.startTransactionNumber, f.endTransactionNumber);
			}
			if (f.startDate !== undefined || f.endDate !== undefined)
				return within(log.logTime, f.startDate, f.endDate);
			return within(log.counter, f.startSignatureCounter, f.endSignatureCounter);
		});
	}

	triggerExport(
		rawTssId: string,
		rawExportId: string,
		parameters: Record<string, string | undefined>,
		bodyValue: unknown,
	): JsonObject {
		const tss = this.requireTss(rawTssId);
		const id = parseUuid(rawExportId, 'export_id');
		const body = expectObject(bodyValue ?? {}, 'request body');
		rejectUnknownProperties(body, [], 'The triggerExport request body (send {})');
		const filters = this.parseExportFilters(tss, parameters);
		const filterKey = canonicalJson(filters);
		const existing = tss.exports.get(id);
		if (existing) {
			if (existing.filterKey === filterKey) return this.exportView(existing); // idempotent repeat
			throw apiError(
				400,
				'E_DUPLICATE_EXPORT',
				`Export ${id} already exists on TSS ${tss.id} with other filters; use a new export_id`,
			);
		}
		if (tss.state !== 'INITIALIZED' && tss.state !== 'DISABLED') {
			throw apiError(
				409,
				'E_TSS_ILLEGAL_STATE_TO_PERFORM_EXPORT',
				`TSS ${tss.id} is ${tss.state}; exports need an INITIALIZED or DISABLED TSS`,
			);
		}
		const now = this.clock();
		let active = 0;
		for (const other of tss.exports.values()) {
			const state = this.exportState(other, now);
			if (state !== 'PENDING' && state !== 'WORKING') continue;
			active++;
			if (other.filterKey === filterKey) {
				// "The export is refused … when it has the same parameters of an export currently in PENDING
				// or WORKING state" (error catalogue, E_EXPORT_DUPLICATE_RATE_LIMITED).
				throw apiError(
					409,
					'E_EXPORT_DUPLICATE_RATE_LIMITED',
					`Export ${other.id} with the same filters is still ${state}; wait for it instead of starting another`,
				);
			}
		}
		if (active >= this.limits.activeExports) {
			throw apiError(
				409,
				'E_TOO_MANY_EXPORTS',
				`TSS ${tss.id} already has ${active} exports PENDING or WORKING (the maximum); wait for them or cancel one`,
			);
		}
		const draft: Export = {
			id,
			tss,
			requestedAt: now,
			pendingMs: this.exportTiming.pendingMs,
			workingMs: this.exportTiming.workingMs,
			filters,
			filterKey,
			upToCounter: tss.signatureCounter,
			recordCount: 0,
			metadata: {},
		};
		this.commit({
			t: 'export',
			tss: tss.id,
			id,
			requestedAt: now,
			pendingMs: draft.pendingMs,
			workingMs: draft.workingMs,
			filters,
			upToCounter: draft.upToCounter,
			recordCount: this.exportLogs(draft).length,
			metadata: {},
		});
		return this.exportView(tss.exports.get(id)!);
	}

	getExport(rawTssId: string, rawExportId: string): JsonObject {
		const tss = this.requireTss(rawTssId);
		return this.exportView(this.requireExport(tss, rawExportId));
	}

	cancelExport(rawTssId: string, rawExportId: string): JsonObject {
		const tss = this.requireTss(rawTssId);
		const exported = this.requireExport(tss, rawExportId);
		const now = this.clock();
		const state = this.exportState(exported, now);
		if (state !== 'PENDING' && state !== 'WORKING') {
			throw apiError(
				400,
				'E_CANCEL_EXPORT',
				`Export ${exported.id} is ${state}; only PENDING or WORKING exports can be cancelled`,
			);
		}
		this.commit({ t: 'export.cancel', tss: tss.id, id: exported.id, at: now });
		return this.exportView(exported);
	}

	listExports(rawTssId: string | undefined, options: ListOptions): ListResponse {
		const now = this.clock();
		let items =
			rawTssId === undefined ? this.allExports : [...this.requireTss(rawTssId).exports.values()];
		const states = options.states;
		if (states)
			items = items.filter((exported) => states.includes(this.exportState(exported, now)));
		return page(
			items,
			options,
			'EXPORT_LIST',
			(exported, orderBy) => {
				const view = this.exportView(exported);
				const value = view[orderBy];
				return typeof value === 'string' || typeof value === 'number' ? value : undefined;
			},
			(exported) => this.exportView(exported),
		);
	}

	/** The TAR of a COMPLETED export; 404 E_EXPORT_NOT_COMPLETED (Retry-After: 60) while it is still running. */
	getExportFile(rawTssId: string, rawExportId: string): Buffer {
		const tss = this.requireTss(rawTssId);
		const exported = this.requireExport(tss, rawExportId);
		const state = this.exportState(exported, this.clock());
		if (state === 'PENDING' || state === 'WORKING') {
			throw new ApiError(
				404,
				'E_EXPORT_NOT_COMPLETED',
				`Export ${exported.id} is ${state}; retry after the time in Retry-After`,
				{
					'Retry-After': '60',
				},
			);
		}
		if (state !== 'COMPLETED') {
			throw apiError(
				404,
				'E_EXPORT_NOT_COMPLETED',
				`Export ${exported.id} is ${state}${state === 'ERROR' ? ` (${this.exportException(exported)})` : ''}; it has no file`,
			);
		}
		return buildExportTar({
			tssId: tss.id,
			tssSerial: tss.keys.serialNumber,
			certificate: tss.keys.certificate,
			logs: this.exportLogs(exported),
			now: Math.floor((exported.requestedAt + exported.pendingMs + exported.workingMs) / 1000),
		});
	}

	getExportMetadata(rawTssId: string, rawExportId: string): Metadata {
		return this.requireExport(this.requireTss(rawTssId), rawExportId).metadata;
	}

	updateExportMetadata(rawTssId: string, rawExportId: string, bodyValue: unknown): Metadata {
		const tss = this.requireTss(rawTssId);
		const exported = this.requireExport(tss, rawExportId);
		const metadata = mergedMetadata(exported.metadata, parseMetadata(bodyValue, 'request body'));
		if (metadata !== exported.metadata)
			this.commit({ t: 'export.metadata', tss: tss.id, id: exported.id, metadata });
		return exported.metadata;
	}
}

/** processData bytes of a stored response schema (from its computed raw block). */
function processDataOf(schema: JsonObject): Buffer {
	const raw = schema.raw as { process_data?: string } | undefined;
	return raw?.process_data ? Buffer.from(raw.process_data, 'base64') : Buffer.alloc(0);
}
