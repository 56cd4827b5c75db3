// The DSFinV-K room's store: model, journal, clock and timing, the SIGN DE view, lookups with fiskaly's
// errors, and the states that follow from time. Every change is validated, written to the journal
// (with a data directory) and then applied, synchronously, like the SIGN DE room does.

import { ENV } from '../core/auth';
import { unixSeconds, type Clock } from '../core/clock';
import { ApiError, schemaError } from '../core/errors';
import { describe, isObject, type JsonObject } from '../core/validate';
import {
	applyRecord,
	DEFAULT_DSFINVK_TIMING,
	DEFAULT_ORGANIZATION,
	DSFINVK_VERSION,
	emptyModel,
	type Closing,
	type DsfinvkTiming,
	type Export,
	type JournalRecord,
	type Metadata,
	type Organization,
	type State,
} from './model';
import type { SignDeLookup } from './signDeLookup';

export interface DsfinvkStoreOptions {
	clock: Clock;
	signDe: SignDeLookup;
	timing?: Partial<DsfinvkTiming>;
	organization?: Partial<Organization>;
}

const METADATA_MAX_KEYS = 20;
const METADATA_MAX_KEY_LENGTH = 40;
const METADATA_MAX_VALUE_LENGTH = 500;

/** `metadata` of a body: ≤ 20 keys, key ≤ 40 characters, string values ≤ 500 (REFERENCE §3). */
export function parseMetadata(value: unknown): Metadata | undefined {
	if (value === undefined) return undefined;
	if (!isObject(value)) throw schemaError(`body.metadata should be object, got ${describe(value)}`);
	const keys = Object.keys(value);
	if (keys.length > METADATA_MAX_KEYS)
		throw schemaError(`body.metadata should NOT have more than ${METADATA_MAX_KEYS} properties`);
	for (const key of keys) {
		if (key.length > METADATA_MAX_KEY_LENGTH)
			throw schemaError(
				`body.metadata property name '${key}' should NOT be longer than ${METADATA_MAX_KEY_LENGTH} characters`,
			);
		const entry = value[key];
		if (typeof entry !== 'string' || entry.length > METADATA_MAX_VALUE_LENGTH)
			throw schemaError(
				`body.metadata.${key} should be a string of at most ${METADATA_MAX_VALUE_LENGTH} characters`,
			);
	}
	return value as Metadata;
}

/** A copy of `body` without `keys`. */
export function omit(body: JsonObject, ...keys: string[]): JsonObject {
	const copy = { ...body };
	for (const key of keys) delete copy[key];
	return copy;
}

/** The fields every single resource carries. */
export function envelope(type: string): JsonObject {
	return { _type: type, _env: ENV, _version: DSFINVK_VERSION };
}

export function notFound(code: string, message: string): ApiError {
	return new ApiError(404, code, message);
}

/** A path id that must be a UUID: `params.<name> should match format "uuid"` (RUBY-VCR). */
export function pathUuid(value: string, name: string): string {
	if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value))
		throw schemaError(`params.${name} should match format "uuid"`);
	return value.toLowerCase();
}

export class DsfinvkStore {
	readonly model = emptyModel();
	readonly clock: Clock;
	readonly timing: DsfinvkTiming;
	readonly signDe: SignDeLookup;
	readonly organization: Organization;
	private append?: (record: JournalRecord) => void;
	/** The archive of the last download (keyed by export and closing count), so retries do not rebuild it. */
	lastArchive?: { key: string; archive: Buffer };
	/** Absolute base URL of the room once the server listens (for export hrefs). */
	baseUrl = '';

	constructor(options: DsfinvkStoreOptions) {
		this.clock = options.clock;
		this.signDe = options.signDe;
		this.timing = { ...DEFAULT_DSFINVK_TIMING, ...options.timing };
		this.organization = { ...DEFAULT_ORGANIZATION, ...options.organization };
	}

	readonly journal = {
		replay: (record: unknown): void => applyRecord(this.model, record as JournalRecord),
		attach: (append: (record: unknown) => void): void => {
			this.append = append;
		},
		detach: (): void => {
			this.append = undefined;
		},
	};

	commit(record: JournalRecord): void {
		this.append?.(record);
		applyRecord(this.model, record);
	}

	nowSeconds(): number {
		return unixSeconds(this.clock);
	}

	/** PENDING → WORKING → COMPLETED | ERROR by elapsed time; DELETED once deleted. */
	closingState(closing: Closing, now = this.clock()): State {
		if (closing.timeDeleted !== undefined) return 'DELETED';
		const elapsed = now - closing.insertedAtMs;
		if (elapsed < closing.pendingMs) return 'PENDING';
		if (elapsed < closing.pendingMs + closing.workingMs) return 'WORKING';
		return closing.error ? 'ERROR' : 'COMPLETED';
	}

	/** PENDING → WORKING → COMPLETED by elapsed time; EXPIRED after time_expiration [INFERRED]. */
	exportState(exported: Export, now = this.clock()): State {
		const elapsed = now - exported.requestedAtMs;
		if (elapsed < exported.pendingMs) return 'PENDING';
		if (elapsed < exported.pendingMs + exported.workingMs) return 'WORKING';
		return Math.floor(now / 1000) > exported.timeExpiration ? 'EXPIRED' : 'COMPLETED';
	}

	requireClosing(rawId: string): Closing {
		const id = pathUuid(rawId, 'closing_id');
		const closing = this.model.closings.get(id);
		if (!closing)
			throw notFound('E_CASH_POINT_CLOSING_NOT_FOUND', 'Cash Point Closing does not exist.');
		return closing;
	}

	requireExport(rawId: string): Export {
		const id = pathUuid(rawId, 'export_id');
		const exported = this.model.exports.get(id);
		if (!exported) throw notFound('E_EXPORT_NOT_FOUND', 'Export does not exist.');
		return exported;
	}
}
