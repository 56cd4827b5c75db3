// Exports (REFERENCE §4.6, §12): triggered once per id over the COMPLETED closings whose time_creation
// lies in [start_date, end_date] (optionally one register, optionally a business-date range), then
// PENDING → WORKING → COMPLETED by time, EXPIRED after time_expiration; downloaded as TAR or ZIP.

import { ApiError, schemaError } from '../core/errors';
import type { Query } from '../core/route';
import type { JsonObject } from '../core/validate';
import { archiveFiles, buildArchive } from './archive';
import { EXPORT_BODY } from './bodySchemas';
import { businessDateQuery, list, statesQuery } from './lists';
import { EXPORT_LIFETIME_SECONDS, SIGN_API_VERSION, type Export } from './model';
import { businessDateOf } from './processing';
import { check } from './schema';
import { envelope, notFound, omit, parseMetadata, pathUuid, type DsfinvkStore } from './store';

const seconds = (ms: number) => Math.floor(ms / 1000);

function exportView(store: DsfinvkStore, exported: Export): JsonObject {
	const state = store.exportState(exported);
	const view: JsonObject = {
		state,
		time_request: exported.timeRequest,
		time_expiration: exported.timeExpiration,
	};
	if (state !== 'PENDING') view.time_start = seconds(exported.requestedAtMs + exported.pendingMs);
	if (state === 'COMPLETED' || state === 'EXPIRED')
		view.time_completed = seconds(exported.requestedAtMs + exported.pendingMs + exported.workingMs);
	return {
		...view,
		cash_point_closings: exported.closingIds,
		format: exported.format,
		metadata: exported.metadata,
		sign_api_version: SIGN_API_VERSION,
		_id: exported.id,
		...envelope('EXPORT'),
	};
}

/** The closings an export takes: COMPLETED ones of the range, oldest insert first (SRV-DBEXPORTS). */
function selectClosings(store: DsfinvkStore, request: JsonObject): string[] {
	const now = store.clock();
	const start = request.start_date as number;
	const end = request.end_date as number;
	return [...store.model.closings.values()]
		.filter((closing) => {
			if (store.closingState(closing, now) !== 'COMPLETED') return false;
			if (closing.timeCreation < start || closing.timeCreation > end) return false;
			if (request.client_id !== undefined && closing.clientId !== request.client_id) return false;
			const businessDate = businessDateOf(closing.body);
			if (
				typeof request.business_date_start === 'string' &&
				businessDate < request.business_date_start
			)
				return false;
			return !(
				typeof request.business_date_end === 'string' && businessDate > request.business_date_end
			);
		})
		.sort((a, b) => a.timeCreation - b.timeCreation)
		.map((closing) => closing.id);
}

export function triggerExport(store: DsfinvkStore, rawId: string, rawBody: unknown): JsonObject {
	const id = pathUuid(rawId, 'export_id');
	const body = check(EXPORT_BODY, rawBody, 'body') as JsonObject;
	const metadata = parseMetadata(body.metadata) ?? {};
	if ((body.end_date as number) < (body.start_date as number))
		throw schemaError('body.end_date should be >= body.start_date');
	if (store.model.exports.has(id))
		throw new ApiError(409, 'E_EXPORT_CONFLICT', 'Export ID has already been used.');
	const request = omit(body, 'metadata');
	const closingIds = selectClosings(store, request);
	// [INFERRED: synchronous] the service pre-checks hasCashPointClosingsForExports
	if (closingIds.length === 0)
		throw notFound(
			'E_CASH_POINT_CLOSING_NOT_FOUND',
			'No Cash Point Closings for the given parameters.',
		);
	const timeRequest = store.nowSeconds();
	const exported: Export = {
		id,
		timeRequest,
		requestedAtMs: store.clock(),
		pendingMs: store.timing.exportPendingMs,
		workingMs: store.timing.exportWorkingMs,
		timeExpiration: timeRequest + EXPORT_LIFETIME_SECONDS,
		format: (body.format as 'tar' | 'zip' | undefined) ?? 'tar',
		request,
		closingIds,
		metadata,
	};
	store.commit({ t: 'export', export: exported });
	return exportView(store, exported);
}

export function getExport(store: DsfinvkStore, rawId: string): JsonObject {
	return exportView(store, store.requireExport(rawId));
}

export function listExports(store: DsfinvkStore, query: Query): JsonObject {
	const states = statesQuery(query);
	const clientId = query.get('client_id')?.toLowerCase();
	const closingId = query.get('cash_point_closing_id')?.toLowerCase();
	const businessStart = businessDateQuery(query, 'business_date_start');
	const businessEnd = businessDateQuery(query, 'business_date_end');
	const now = store.clock();
	const closingsOf = (exported: Export) =>
		exported.closingIds.flatMap((id) => {
			const closing = store.model.closings.get(id);
			return closing ? [closing] : [];
		});
	const items = [...store.model.exports.values()].filter((exported) => {
		if (states && !states.includes(store.exportState(exported, now))) return false;
		if (closingId !== undefined && !exported.closingIds.includes(closingId)) return false;
		if (clientId === undefined && businessStart === undefined && businessEnd === undefined)
			return true;
		return closingsOf(exported).some((closing) => {
			const businessDate = businessDateOf(closing.body);
			return (
				(clientId === undefined || closing.clientId === clientId) &&
				(businessStart === undefined || businessDate >= businessStart) &&
				(businessEnd === undefined || businessDate <= businessEnd)
			);
		});
	});
	const at = (exported: Export, phase: number) => seconds(exported.requestedAtMs + phase);
	return list(
		items,
		query,
		{
			type: 'EXPORT_LIST',
			defaultOrderBy: 'time_request',
			orderBy: {
				time_request: (exported) => exported.timeRequest,
				state: (exported) => store.exportState(exported, now),
				time_start: (exported) => at(exported, exported.pendingMs),
				time_completed: (exported) => at(exported, exported.pendingMs + exported.workingMs),
				time_error: () => undefined,
				version: () => SIGN_API_VERSION,
			},
		},
		(exported) => exportView(store, exported),
	);
}

/** Only a COMPLETED export has a file; before and after (EXPIRED) 404 E_DOWNLOAD_NOT_FOUND [INFERRED]. */
function requireDownload(store: DsfinvkStore, rawId: string): Export {
	const exported = store.requireExport(rawId);
	const state = store.exportState(exported);
	if (state !== 'COMPLETED')
		throw notFound(
			'E_DOWNLOAD_NOT_FOUND',
			`Download does not exist. (export ${exported.id} is ${state})`,
		);
	return exported;
}

export function downloadExport(
	store: DsfinvkStore,
	rawId: string,
): { archive: Buffer; fileName: string } {
	const exported = requireDownload(store, rawId);
	const key = `${exported.id}@${store.model.closings.size}`;
	let cached = store.lastArchive;
	if (cached?.key !== key) {
		const closings = exported.closingIds.map((id) => store.model.closings.get(id)!);
		const completed = seconds(exported.requestedAtMs + exported.pendingMs + exported.workingMs);
		cached = {
			key,
			archive: buildArchive(archiveFiles(store, closings), exported.format, completed),
		};
		store.lastArchive = cached;
	}
	return { archive: cached.archive, fileName: `${exported.id}.${exported.format}` };
}

/** [INFERRED] the href is this simulator's own download URL (it needs the bearer token). */
export function exportHref(store: DsfinvkStore, rawId: string): JsonObject {
	const exported = requireDownload(store, rawId);
	return {
		href: `${store.baseUrl}/exports/${exported.id}/download`,
		...omit(envelope('EXPORT'), '_type'),
	};
}
