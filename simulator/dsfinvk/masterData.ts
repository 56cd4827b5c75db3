// Master data (REFERENCE §4.2–§4.4): cash registers, VAT definitions and purchaser agencies. Each PUT is
// an upsert: a change of the data is revision n+1 (from 0), a metadata-only change is not (§3).

import { type Query } from '../core/route';
import { schemaError } from '../core/errors';
import { canonicalJson, describe, type JsonObject } from '../core/validate';
import { CASH_REGISTER_BODY, PURCHASER_AGENCY_BODY, VAT_DEFINITION_BODY } from './bodySchemas';
import { enumQuery, list } from './lists';
import {
	latest,
	SIGN_API_VERSION,
	type MasterDataKind,
	type Revision,
	type Revisioned,
} from './model';
import { check } from './schema';
import { envelope, notFound, omit, parseMetadata, pathUuid, type DsfinvkStore } from './store';
import { BUILT_IN_VAT_IDS, builtInVatDefinition, FIRST_CUSTOM_VAT_ID } from './vat';

/** Writes a new revision when the data changed, else only the metadata; returns the resource. */
function upsert(
	store: DsfinvkStore,
	kind: MasterDataKind,
	map: Map<string, Revisioned>,
	id: string,
	body: JsonObject,
): Revisioned {
	const data = omit(body, 'metadata', 'sign_api_version');
	const metadata = parseMetadata(body.metadata);
	const existing = map.get(id);
	const time = store.nowSeconds();
	const changed = !existing || canonicalJson(latest(existing).data) !== canonicalJson(data);
	const revision: Revision | undefined = changed
		? { revision: existing ? existing.revisions.length : 0, data, time }
		: undefined;
	if (revision || metadata)
		store.commit({
			t: 'master',
			kind,
			id,
			revision,
			metadata: { ...existing?.metadata, ...metadata },
			time,
		});
	return map.get(id) as Revisioned;
}

/** `?revision=N` or the latest. */
function pickRevision(resource: Revisioned, query: Query): Revision {
	const raw = query.get('revision');
	if (raw === undefined) return latest(resource);
	const found = /^\d+$/.test(raw) ? resource.revisions[Number(raw)] : undefined;
	if (!found)
		throw schemaError(
			`querystring.revision should be an existing revision (0–${resource.revisions.length - 1}), got ${describe(raw)}`,
		);
	return found;
}

function common(resource: Revisioned, revision: Revision): JsonObject {
	return {
		...revision.data,
		revision: revision.revision,
		metadata: resource.metadata,
		time_creation: resource.timeCreation,
		time_update: resource.timeUpdate,
	};
}

// ---------------------------------------------------------------------------------------------
// Cash registers

export function cashRegisterView(resource: Revisioned, revision = latest(resource)): JsonObject {
	const { cash_register_type: type, processing_flags: flags, ...rest } = common(resource, revision);
	const registerType = type as JsonObject;
	const { type: typeName, ...link } = registerType;
	return {
		client_id: resource.id,
		cash_register_type: typeName,
		...link,
		...rest,
		processing_flags: { UmsatzsteuerNichtErmittelbar: false, ...(flags as JsonObject | undefined) },
		sign_api_version: SIGN_API_VERSION,
		...envelope('CASH_REGISTER'),
	};
}

/** The TSS a register signs with: its own, or (slave without TSS) its master's. */
export function tssOfRegister(
	store: DsfinvkStore,
	clientId: string,
	at?: Revision,
): string | undefined {
	const resource = store.model.cashRegisters.get(clientId);
	if (!resource) return undefined;
	const type = (at ?? latest(resource)).data.cash_register_type as JsonObject;
	if (typeof type.tss_id === 'string') return type.tss_id;
	if (typeof type.master_client_id === 'string' && type.master_client_id !== clientId)
		return tssOfRegister(store, type.master_client_id);
	return undefined;
}

/**
 * [INFERRED] links are checked on upsert (the service knows E_TSS_NOT_FOUND and E_CLIENT_NOT_FOUND and
 * holds a SIGN DE client, §4.4): a fiskaly TSS must exist in SIGN DE and hold the client; a slave's
 * master must be a cash register.
 */
function checkLinks(store: DsfinvkStore, clientId: string, type: JsonObject): void {
	if (
		typeof type.master_client_id === 'string' &&
		!store.model.cashRegisters.has(type.master_client_id)
	)
		throw notFound(
			'E_CASH_REGISTER_NOT_FOUND',
			`Cash Register does not exist! Check for a matching sign_api_version. (${type.master_client_id})`,
		);
	if (typeof type.tss_id !== 'string') return;
	if (!store.signDe.tss(type.tss_id))
		throw notFound('E_TSS_NOT_FOUND', `TSS does not exist. (${type.tss_id})`);
	if (store.signDe.client(clientId)?.tssId !== type.tss_id)
		throw notFound(
			'E_CLIENT_NOT_FOUND',
			`Client or Cash Register does not exist. (client ${clientId} is not a SIGN DE client of TSS ${type.tss_id})`,
		);
}

export function upsertCashRegister(
	store: DsfinvkStore,
	rawId: string,
	rawBody: unknown,
): JsonObject {
	const clientId = pathUuid(rawId, 'client_id');
	const body = check(CASH_REGISTER_BODY, rawBody, 'body') as JsonObject;
	checkLinks(store, clientId, body.cash_register_type as JsonObject);
	return cashRegisterView(upsert(store, 'cashRegister', store.model.cashRegisters, clientId, body));
}

export function requireCashRegister(store: DsfinvkStore, clientId: string): Revisioned {
	const resource = store.model.cashRegisters.get(clientId);
	if (!resource)
		throw notFound(
			'E_CASH_REGISTER_NOT_FOUND',
			`Cash Register does not exist! Check for a matching sign_api_version. (${clientId})`,
		);
	return resource;
}

export function getCashRegister(store: DsfinvkStore, rawId: string, query: Query): JsonObject {
	const resource = requireCashRegister(store, pathUuid(rawId, 'client_id'));
	return cashRegisterView(resource, pickRevision(resource, query));
}

export function listCashRegisters(store: DsfinvkStore, query: Query): JsonObject {
	return list(
		[...store.model.cashRegisters.values()],
		query,
		{
			type: 'CASH_REGISTERS',
			defaultOrderBy: 'time_creation',
			orderBy: {
				time_creation: (item) => item.timeCreation,
				time_update: (item) => item.timeUpdate,
				cash_register_type: (item) =>
					String((latest(item).data.cash_register_type as JsonObject).type),
			},
		},
		(item) => cashRegisterView(item),
	);
}

// ---------------------------------------------------------------------------------------------
// VAT definitions

export interface VatView {
	vat_definition_export_id: number;
	percentage: number;
	description?: string;
}

function builtInView(id: number, at: number): JsonObject {
	const facts = builtInVatDefinition(id, at)!;
	return {
		vat_definition_export_id: id,
		percentage: Number(facts.percentage),
		description: facts.description,
		metadata: {},
		revision: 0,
		time_creation: 0,
		time_update: 0,
		...envelope('VAT_DEFINITION'),
	};
}

function customView(resource: Revisioned, revision = latest(resource)): JsonObject {
	return {
		vat_definition_export_id: Number(resource.id),
		...common(resource, revision),
		...envelope('VAT_DEFINITION'),
	};
}

function vatId(raw: string): number {
	const id = Number(raw);
	if (!/^\d+$/.test(raw) || id < 1 || id > 9999999999)
		throw schemaError(
			`params.vat_definition_export_id should be an integer from 1 to 9999999999, got ${describe(raw)}`,
		);
	return id;
}

export function upsertVatDefinition(
	store: DsfinvkStore,
	raw: string,
	rawBody: unknown,
): JsonObject {
	const id = vatId(raw);
	if (id < FIRST_CUSTOM_VAT_ID)
		throw schemaError(
			`params.vat_definition_export_id should be >= ${FIRST_CUSTOM_VAT_ID} (ids 1–999 are provided by the API)`,
		);
	const body = check(VAT_DEFINITION_BODY, rawBody, 'body') as JsonObject;
	return customView(upsert(store, 'vatDefinition', store.model.vatDefinitions, String(id), body));
}

export function getVatDefinition(store: DsfinvkStore, raw: string, query: Query): JsonObject {
	const id = vatId(raw);
	const custom = store.model.vatDefinitions.get(String(id));
	if (custom) return customView(custom, pickRevision(custom, query));
	if (builtInVatDefinition(id, 0)) return builtInView(id, store.nowSeconds());
	throw notFound('E_VAT_DEFINITION_NOT_FOUND', `VAT Definition does not exist. (${id})`);
}

/** [INFERRED] the list holds the built-in definitions valid now, then the custom ones (§4.2). */
export function listVatDefinitions(store: DsfinvkStore, query: Query): JsonObject {
	const now = store.nowSeconds();
	const views = [
		...BUILT_IN_VAT_IDS.map((id) => builtInView(id, now)),
		...[...store.model.vatDefinitions.values()].map((resource) => customView(resource)),
	];
	return list(
		views,
		query,
		{
			type: 'VAT_DEFINITIONS',
			defaultOrderBy: 'time_creation',
			orderBy: {
				time_creation: (view) => view.time_creation as number,
				time_update: (view) => view.time_update as number,
				vat_definition_export_id: (view) => view.vat_definition_export_id as number,
				percentage: (view) => view.percentage as number,
			},
		},
		(view) => view,
	);
}

// ---------------------------------------------------------------------------------------------
// Purchaser agencies

function agencyView(resource: Revisioned, revision = latest(resource)): JsonObject {
	return {
		purchaser_agency_id: resource.id,
		...common(resource, revision),
		sign_api_version: SIGN_API_VERSION,
		...envelope('PURCHASER_AGENCY'),
	};
}

export function upsertPurchaserAgency(
	store: DsfinvkStore,
	rawId: string,
	rawBody: unknown,
): JsonObject {
	const id = pathUuid(rawId, 'purchaser_agency_id');
	const body = check(PURCHASER_AGENCY_BODY, rawBody, 'body') as JsonObject;
	requireCashRegister(store, body.client_id as string);
	return agencyView(upsert(store, 'purchaserAgency', store.model.purchaserAgencies, id, body));
}

export function getPurchaserAgency(store: DsfinvkStore, rawId: string, query: Query): JsonObject {
	const resource = store.model.purchaserAgencies.get(pathUuid(rawId, 'purchaser_agency_id'));
	if (!resource) throw notFound('E_PURCHASER_AGENCY_NOT_FOUND', 'Purchaser Agency does not exist.');
	return agencyView(resource, pickRevision(resource, query));
}

export function listPurchaserAgencies(store: DsfinvkStore, query: Query): JsonObject {
	const clientId = query.get('client_id');
	const items = [...store.model.purchaserAgencies.values()].filter(
		(item) => clientId === undefined || latest(item).data.client_id === clientId.toLowerCase(),
	);
	enumQuery(query, 'order', ['asc', 'desc']);
	return list(
		items,
		query,
		{
			type: 'PURCHASER_AGENCIES',
			defaultOrderBy: 'time_creation',
			orderBy: {
				time_creation: (item) => item.timeCreation,
				time_update: (item) => item.timeUpdate,
				name: (item) => String(latest(item).data.name),
				purchaser_agency_export_id: (item) => Number(latest(item).data.purchaser_agency_export_id),
			},
		},
		(item) => agencyView(item),
	);
}
