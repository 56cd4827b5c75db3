// TSS exports (REFERENCE §5): triggered with filters, PENDING then WORKING for a while, then COMPLETED
// with a TAR of the signed logs (or ERROR when there is nothing or too much to export).

import { ENV } from '../core/auth';
import { ApiError } from '../core/errors';
import {
	expectObject,
	parseUuid,
	rejectUnknownProperties,
	type JsonObject,
} from '../core/validate';
import { exportLogs, parseExportFilters } from './exportFilters';
import { buildExportTar } from './exportTar';
import { canonicalJson } from './fiscal';
import { page, type ListOptions, type ListResponse } from './lists';
import type { MetadataHolder } from './metadata';
import { API_VERSION, type Export, type ExportState } from './model';
import { apiError, type SignDeStore } from './store';

/** How long a completed export's TAR stays downloadable (reported as time_expiration). */
const EXPORT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

export class ExportResource {
	constructor(private readonly store: SignDeStore) {}

	private state(exported: Export, now: number): ExportState {
		if (exported.cancelledAt !== undefined) return 'CANCELLED';
		if (now < exported.requestedAt + exported.pendingMs) return 'PENDING';
		if (now < exported.requestedAt + exported.pendingMs + exported.workingMs) return 'WORKING';
		return this.exception(exported) ? 'ERROR' : 'COMPLETED';
	}

	private exception(exported: Export): string | undefined {
		if (exported.recordCount === 0) return 'E_NO_DATA_AVAILABLE';
		if (
			exported.filters.clientId === undefined &&
			exported.recordCount > exported.filters.maximumNumberRecords
		)
			return 'E_TOO_MANY_RECORDS';
		return undefined;
	}

	private view(exported: Export): JsonObject {
		const now = this.store.clock();
		const state = this.state(exported, now);
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
			view.exception = this.exception(exported);
		}
		if (
			state === 'CANCELLED' &&
			exported.cancelledAt !== undefined &&
			exported.cancelledAt >= startedAt
		)
			view.time_start = seconds(startedAt);
		return view;
	}

	trigger(
		rawTssId: string,
		rawExportId: string,
		parameters: Record<string, string | undefined>,
		bodyValue: unknown,
	): JsonObject {
		const tss = this.store.requireTss(rawTssId);
		const id = parseUuid(rawExportId, 'export_id');
		const body = expectObject(bodyValue ?? {}, 'request body');
		rejectUnknownProperties(body, [], 'The triggerExport request body (send {})');
		const filters = parseExportFilters(this.store, tss, parameters);
		const filterKey = canonicalJson(filters);
		const existing = tss.exports.get(id);
		if (existing) {
			if (existing.filterKey === filterKey) return this.view(existing); // idempotent repeat
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
		const now = this.store.clock();
		let active = 0;
		for (const other of tss.exports.values()) {
			const state = this.state(other, now);
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
		if (active >= this.store.limits.activeExports) {
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
			pendingMs: this.store.exportTiming.pendingMs,
			workingMs: this.store.exportTiming.workingMs,
			filters,
			filterKey,
			upToCounter: tss.signatureCounter,
			recordCount: 0,
			metadata: {},
		};
		this.store.commit({
			t: 'export',
			tss: tss.id,
			id,
			requestedAt: now,
			pendingMs: draft.pendingMs,
			workingMs: draft.workingMs,
			filters,
			upToCounter: draft.upToCounter,
			recordCount: exportLogs(draft).length,
			metadata: {},
		});
		return this.view(tss.exports.get(id)!);
	}

	get(rawTssId: string, rawExportId: string): JsonObject {
		const tss = this.store.requireTss(rawTssId);
		return this.view(this.store.requireExport(tss, rawExportId));
	}

	cancel(rawTssId: string, rawExportId: string): JsonObject {
		const tss = this.store.requireTss(rawTssId);
		const exported = this.store.requireExport(tss, rawExportId);
		const now = this.store.clock();
		const state = this.state(exported, now);
		if (state !== 'PENDING' && state !== 'WORKING') {
			throw apiError(
				400,
				'E_CANCEL_EXPORT',
				`Export ${exported.id} is ${state}; only PENDING or WORKING exports can be cancelled`,
			);
		}
		this.store.commit({ t: 'export.cancel', tss: tss.id, id: exported.id, at: now });
		return this.view(exported);
	}

	list(rawTssId: string | undefined, options: ListOptions): ListResponse {
		const now = this.store.clock();
		let items =
			rawTssId === undefined
				? this.store.model.allExports
				: [...this.store.requireTss(rawTssId).exports.values()];
		const states = options.states;
		if (states) items = items.filter((exported) => states.includes(this.state(exported, now)));
		return page(
			items,
			options,
			'EXPORT_LIST',
			(exported, orderBy) => {
				const view = this.view(exported);
				const value = view[orderBy];
				return typeof value === 'string' || typeof value === 'number' ? value : undefined;
			},
			(exported) => this.view(exported),
		);
	}

	/** The TAR of a COMPLETED export; 404 E_EXPORT_NOT_COMPLETED (Retry-After: 60) while it is still running. */
	getFile(rawTssId: string, rawExportId: string): Buffer {
		const tss = this.store.requireTss(rawTssId);
		const exported = this.store.requireExport(tss, rawExportId);
		const state = this.state(exported, this.store.clock());
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
				`Export ${exported.id} is ${state}${state === 'ERROR' ? ` (${this.exception(exported)})` : ''}; it has no file`,
			);
		}
		return buildExportTar({
			tssId: tss.id,
			tssSerial: tss.keys.serialNumber,
			certificate: tss.keys.certificate,
			logs: exportLogs(exported),
			now: Math.floor((exported.requestedAt + exported.pendingMs + exported.workingMs) / 1000),
		});
	}

	metadataOf(rawTssId: string, rawExportId: string): MetadataHolder {
		const tss = this.store.requireTss(rawTssId);
		const exported = this.store.requireExport(tss, rawExportId);
		return {
			metadata: exported.metadata,
			commit: (metadata) =>
				this.store.commit({ t: 'export.metadata', tss: tss.id, id: exported.id, metadata }),
		};
	}
}
