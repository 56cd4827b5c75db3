// The SIGN DE room's store: the model, the journal and what every operation needs — committing a
// change, looking resources up with fiskaly's errors, and signing system logs.
//
// Every change follows one pattern: validate, sign what needs signing, build a journal record, write it
// (when a data directory is used), then apply it. Everything from validation to apply is synchronous,
// so concurrent requests can never interleave inside a change: a counter is never skipped or used
// twice, and identical concurrent upserts sign once.

import { unixSeconds, type Clock } from '../core/clock';
import { ApiError, schemaError } from '../core/errors';
import type { Session } from '../core/route';
import { describe, parseUuid } from '../core/validate';
import { derPrintableString, derSequence } from './der';
import {
	DEFAULT_EXPORT_TIMING,
	DEFAULT_LIMITS,
	DEPLOYMENT_LOG_COUNT,
	type Client,
	type Export,
	type ExportTiming,
	type SignDeModel,
	type StateLimits,
	type Tss,
	type Tx,
} from './model';
import { applyRecord, type JournalRecord } from './records';
import { buildSystemDtbs, signLog, type CertificateAuthority } from './signing';
import type { StoredLog, UnixSeconds } from './types';

const DIGITS = /^\d+$/;

export interface StoreOptions {
	clock: Clock;
	ca: CertificateAuthority;
	limits?: Partial<StateLimits>;
	exportTiming?: Partial<ExportTiming>;
}

export interface SystemEvent {
	event: string;
	data: Buffer;
}

/** A TR-03151 system event whose systemOperationData is its parameters as PrintableStrings. */
export function systemEvent(event: string, ...parameters: string[]): SystemEvent {
	return {
		event,
		data: derSequence(...parameters.map((parameter) => derPrintableString(parameter))),
	};
}

/** The start-up logs of a freshly deployed SMAERS: alternating self tests and time updates. */
export function deploymentEvents(now: UnixSeconds): SystemEvent[] {
	return Array.from({ length: DEPLOYMENT_LOG_COUNT }, (_, index) =>
		index % 2 === 0 ? systemEvent('selfTest', 'passed') : systemEvent('updateTime', String(now)),
	);
}

export function apiError(status: number, code: string, message: string): ApiError {
	return new ApiError(status, code, message);
}

export type TxReference = { id: string } | { number: number };

export function parseTxReference(value: string): TxReference {
	if (DIGITS.test(value)) {
		const number = Number(value);
		if (!Number.isSafeInteger(number)) throw schemaError(`tx_id_or_number ${value} is too large`);
		return { number };
	}
	return { id: parseUuid(value, 'tx_id_or_number (a transaction UUID or number)') };
}

/** A positive integer from a query string, or undefined when absent. */
export function parsePositiveInteger(value: string | undefined, field: string): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	if (!DIGITS.test(value) || !Number.isSafeInteger(number) || number < 1) {
		throw schemaError(`${field} must be an integer of at least 1, got ${describe(value)}`);
	}
	return number;
}

/** A string of digits from a query string (signature counters, dates), or undefined when absent. */
export function parseCounterParameter(
	value: string | undefined,
	field: string,
): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	if (!DIGITS.test(value) || !Number.isSafeInteger(number))
		throw schemaError(`${field} must be a string of digits, got ${describe(value)}`);
	return number;
}

export class SignDeStore {
	readonly clock: Clock;
	readonly ca: CertificateAuthority;
	readonly limits: StateLimits;
	readonly exportTiming: ExportTiming;
	readonly model: SignDeModel = {
		tssById: new Map(),
		clients: new Map(),
		allTransactions: [],
		allExports: [],
	};
	private append?: (record: JournalRecord) => void;

	/** Signatures made by this process (replayed logs are not counted). */
	signaturesMade = 0;
	/** Upserts answered from a stored revision without signing. */
	replayedUpserts = 0;

	constructor(options: StoreOptions) {
		this.clock = options.clock;
		this.ca = options.ca;
		this.limits = { ...DEFAULT_LIMITS, ...options.limits };
		this.exportTiming = { ...DEFAULT_EXPORT_TIMING, ...options.exportTiming };
	}

	/** The room's part of the journal. */
	readonly journal = {
		replay: (record: unknown): void => applyRecord(this.model, record as JournalRecord),
		attach: (append: (record: unknown) => void): void => {
			this.append = append;
		},
		detach: (): void => {
			this.append = undefined;
		},
	};

	nowSeconds(): UnixSeconds {
		return unixSeconds(this.clock);
	}

	commit(record: JournalRecord): void {
		this.append?.(record);
		applyRecord(this.model, record);
	}

	/** Signs system logs with the next counter values of the TSS (not yet applied). */
	signSystemLogs(tss: Tss, now: UnixSeconds, events: SystemEvent[]): StoredLog[] {
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

	requireTss(rawId: string): Tss {
		const id = parseUuid(rawId, 'tss_id');
		const tss = this.model.tssById.get(id);
		if (!tss) throw apiError(404, 'E_TSS_NOT_FOUND', `TSS ${id} not found`);
		return tss;
	}

	requireClient(tss: Tss, rawId: string): Client {
		const id = parseUuid(rawId, 'client_id');
		const client = this.model.clients.get(id);
		if (!client || client.tss !== tss)
			throw apiError(404, 'E_CLIENT_NOT_FOUND', `Client ${id} not found on TSS ${tss.id}`);
		return client;
	}

	/** A client named in a request body or filter: 400 rather than 404 when it is not on the TSS. */
	requireClientOf(tss: Tss, clientId: string): Client {
		const client = this.model.clients.get(clientId);
		if (!client || client.tss !== tss)
			throw apiError(400, 'E_CLIENT_NOT_FOUND', `Client ${clientId} not found on TSS ${tss.id}`);
		return client;
	}

	findTx(tss: Tss, reference: TxReference): Tx | undefined {
		return 'id' in reference ? tss.txById.get(reference.id) : tss.txByNumber[reference.number - 1];
	}

	requireTx(tss: Tss, rawReference: string): Tx {
		const reference = parseTxReference(rawReference);
		const tx = this.findTx(tss, reference);
		if (!tx) {
			const what = 'id' in reference ? reference.id : `number ${reference.number}`;
			throw apiError(404, 'E_TX_NOT_FOUND', `Transaction ${what} not found on TSS ${tss.id}`);
		}
		return tx;
	}

	requireExport(tss: Tss, rawId: string): Export {
		const id = parseUuid(rawId, 'export_id');
		const exported = tss.exports.get(id);
		if (!exported)
			throw apiError(404, 'E_EXPORT_NOT_FOUND', `Export ${id} not found on TSS ${tss.id}`);
		return exported;
	}

	/** Signing transactions and managing clients need an INITIALIZED TSS. */
	requireInitialized(tss: Tss): void {
		if (tss.state === 'INITIALIZED') return;
		if (tss.state === 'DISABLED')
			throw apiError(400, 'E_TSS_DISABLED', `TSS ${tss.id} is DISABLED; it cannot sign anymore`);
		throw apiError(
			400,
			'E_TSS_NOT_INITIALIZED',
			`TSS ${tss.id} is ${tss.state}; it must be INITIALIZED first`,
		);
	}

	requireAdmin(tss: Tss, session: Session, action: string): void {
		if (tss.adminSessions.has(session.id)) return;
		throw apiError(
			401,
			'E_UNAUTHORIZED',
			`${action} requires an admin login: POST /tss/${tss.id}/admin/auth with the admin PIN first (admin logins belong to the access token's session)`,
		);
	}
}
