// The DSFinV-K room's model: revisioned master data (cash registers, custom VAT definitions, purchaser
// agencies), cash point closings and exports, with the constants they follow (REFERENCE §3–§5, §12).

import type { JsonObject } from '../core/validate';

/** `_version` of every resource: the latest service version seen in the sources (TP-KIOSK, 2026). */
export const DSFINVK_VERSION = '1.27.7';
/** The closing's sign_api_version echo (deprecated field; RUBY-VCR shows 1 on closings, 2 on exports). */
export const SIGN_API_VERSION = 2;
export const TAXONOMY_VERSION = '2.1.1';
/** time_expiration − time_request of every recorded export (RUBY-VCR). */
export const EXPORT_LIFETIME_SECONDS = 2_419_199;

export const STATES = [
	'PENDING',
	'WORKING',
	'COMPLETED',
	'CANCELLED',
	'EXPIRED',
	'DELETED',
	'ERROR',
] as const;
export type State = (typeof STATES)[number];

export interface DsfinvkTiming {
	/** Time a closing stays PENDING, then WORKING, before COMPLETED or ERROR. */
	closingPendingMs: number;
	closingWorkingMs: number;
	/** The same for exports. */
	exportPendingMs: number;
	exportWorkingMs: number;
}

export const DEFAULT_DSFINVK_TIMING: DsfinvkTiming = {
	closingPendingMs: 200,
	closingWorkingMs: 300,
	exportPendingMs: 200,
	exportWorkingMs: 500,
};

/** The organisation the export's NAME/STRASSE/… and LOC_* columns come from (Management API in reality). */
export interface Organization {
	name: string;
	street: string;
	postalCode: string;
	city: string;
	countryCode: string;
	taxNumber: string;
	vatIdNumber: string;
}

/** [INFERRED] a fixture: the real values come from the fiskaly organisation, which the simulator lacks. */
export const DEFAULT_ORGANIZATION: Organization = {
	name: 'Simulator Musterladen GmbH',
	street: 'Musterstraße 1',
	postalCode: '10115',
	city: 'Berlin',
	countryCode: 'DEU',
	taxNumber: '1111111111111',
	vatIdNumber: 'DE123456789',
};

export type Metadata = Record<string, string>;

export interface Revision {
	revision: number;
	/** The validated request body (without metadata). */
	data: JsonObject;
	/** Unix seconds the revision was written. */
	time: number;
}

/** A master-data resource: every change of its data is a new revision, metadata changes are not. */
export interface Revisioned {
	id: string;
	revisions: Revision[];
	metadata: Metadata;
	timeCreation: number;
	timeUpdate: number;
}

export type MasterDataKind = 'cashRegister' | 'vatDefinition' | 'purchaserAgency';

export interface ClosingError {
	code: string;
	message: string;
}

export interface Closing {
	id: string;
	clientId: string;
	/** Z_NR. */
	exportId: number;
	/** The validated, normalised request body. */
	body: JsonObject;
	/** Unix seconds of the insert (export selection compares against it). */
	timeCreation: number;
	/** Milliseconds of the insert: the processing states follow from it. */
	insertedAtMs: number;
	pendingMs: number;
	workingMs: number;
	/** The result of processing, decided on insert and revealed when processing ends [INFERRED]. */
	error?: ClosingError;
	/** Revision of each master-data resource the closing is bound to (REFERENCE §3 "Revisions"). */
	revisions: Record<string, number>;
	metadata: Metadata;
	timeDeleted?: number;
}

export interface Export {
	id: string;
	timeRequest: number;
	requestedAtMs: number;
	pendingMs: number;
	workingMs: number;
	timeExpiration: number;
	format: 'tar' | 'zip';
	/** The request as sent (filters), for GET. */
	request: JsonObject;
	/** Closings chosen on trigger, in the export's order. */
	closingIds: string[];
	metadata: Metadata;
}

export interface DsfinvkModel {
	cashRegisters: Map<string, Revisioned>;
	/** Custom definitions only (≥ 1000); the system ones are constants (vat.ts). */
	vatDefinitions: Map<string, Revisioned>;
	purchaserAgencies: Map<string, Revisioned>;
	closings: Map<string, Closing>;
	exports: Map<string, Export>;
}

export type JournalRecord =
	| {
			t: 'master';
			kind: MasterDataKind;
			id: string;
			revision?: Revision;
			metadata: Metadata;
			time: number;
	  }
	| { t: 'closing'; closing: Closing }
	| { t: 'closingDeleted'; id: string; time: number }
	| { t: 'export'; export: Export };

export function emptyModel(): DsfinvkModel {
	return {
		cashRegisters: new Map(),
		vatDefinitions: new Map(),
		purchaserAgencies: new Map(),
		closings: new Map(),
		exports: new Map(),
	};
}

export function masterDataMap(model: DsfinvkModel, kind: MasterDataKind): Map<string, Revisioned> {
	if (kind === 'cashRegister') return model.cashRegisters;
	if (kind === 'vatDefinition') return model.vatDefinitions;
	return model.purchaserAgencies;
}

export function applyRecord(model: DsfinvkModel, record: JournalRecord): void {
	switch (record.t) {
		case 'master': {
			const map = masterDataMap(model, record.kind);
			let resource = map.get(record.id);
			if (!resource) {
				resource = {
					id: record.id,
					revisions: [],
					metadata: {},
					timeCreation: record.time,
					timeUpdate: record.time,
				};
				map.set(record.id, resource);
			}
			if (record.revision) resource.revisions.push(record.revision);
			resource.metadata = record.metadata;
			resource.timeUpdate = record.time;
			return;
		}
		case 'closing':
			model.closings.set(record.closing.id, record.closing);
			return;
		case 'closingDeleted': {
			const closing = model.closings.get(record.id);
			if (closing) closing.timeDeleted = record.time;
			return;
		}
		case 'export':
			model.exports.set(record.export.id, record.export);
			return;
	}
}

/** The latest revision (every stored resource has at least one). */
export function latest(resource: Revisioned): Revision {
	return resource.revisions[resource.revisions.length - 1];
}
