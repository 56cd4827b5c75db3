// What the control API reports about traffic: counters per API and per operation, the counters each
// API's state keeps, and a bounded log of recent requests (method, path, query, status — never bodies
// or headers, which may hold secrets).

import type { ApiStatsPart } from './api';
import { AUTH_OPERATION } from './auth';

export interface RequestLogEntry {
	/** ISO time the answer was sent (or the connection dropped). */
	time: string;
	method: string;
	/** Path without the query string, e.g. /api/v2/tss/…/tx/… */
	path: string;
	/** Raw query string without "?", '' when none. */
	query: string;
	/** HTTP status sent; 0 when the connection was dropped on purpose. */
	status: number;
	/** operationId of the matched operation, when one matched. */
	operationId?: string;
	requestId: string;
	durationMs: number;
	/** Set when an injected fault shaped this answer. */
	fault?: string;
}

/** What the server records per request; the ISO time is only formatted when the log is read. */
export type RecordedRequest = Omit<RequestLogEntry, 'time'> & {
	at: number;
	/** Name of the API the path belongs to (not shown in the log: the path says it). */
	api?: string;
};

const REQUEST_LOG_LIMIT = 1000;

export class TrafficRecorder {
	private requests = 0;
	private readonly byApi = new Map<string, number>();
	/** POST /auth per API: a client should ask each API for a token once per token lifetime. */
	private readonly authByApi = new Map<string, number>();
	private readonly byOperation = new Map<string, number>();
	private readonly byStatus = new Map<number, number>();
	private faultsApplied = 0;
	private log: RecordedRequest[] = [];
	/** Counter values at the last reset, so a reset does not need to touch the APIs' state. */
	private baselines = new Map<string, number>();

	/** `apis`: every API served, with the parts of the statistics it adds. */
	constructor(private readonly apis: readonly { name: string; stats?: ApiStatsPart }[]) {
		for (const api of apis) {
			this.byApi.set(api.name, 0);
			this.authByApi.set(api.name, 0);
		}
	}

	record({ api, ...entry }: RecordedRequest): void {
		this.requests++;
		if (api) this.byApi.set(api, (this.byApi.get(api) ?? 0) + 1);
		if (api && entry.operationId === AUTH_OPERATION)
			this.authByApi.set(api, (this.authByApi.get(api) ?? 0) + 1);
		if (entry.operationId)
			this.byOperation.set(entry.operationId, (this.byOperation.get(entry.operationId) ?? 0) + 1);
		this.byStatus.set(entry.status, (this.byStatus.get(entry.status) ?? 0) + 1);
		if (entry.fault) this.faultsApplied++;
		this.log.push(entry);
		if (this.log.length > REQUEST_LOG_LIMIT * 2) this.log = this.log.slice(-REQUEST_LOG_LIMIT);
	}

	recentRequests(): RequestLogEntry[] {
		return this.log
			.slice(-REQUEST_LOG_LIMIT)
			.map(({ at, ...entry }) => ({ time: new Date(at).toISOString(), ...entry }));
	}

	clearRequests(): void {
		this.log = [];
	}

	stats(): Record<string, unknown> {
		const operations: Record<string, number> = {};
		for (const api of this.apis) {
			for (const [name, operationId] of Object.entries(api.stats?.operations ?? {}))
				operations[name] = this.byOperation.get(operationId) ?? 0;
		}
		const counters: Record<string, number> = {};
		for (const [name, value] of Object.entries(this.counters()))
			counters[name] = value - (this.baselines.get(name) ?? 0);
		return {
			requests: this.requests,
			auth: this.byOperation.get(AUTH_OPERATION) ?? 0,
			authByApi: Object.fromEntries(this.authByApi),
			...operations,
			...counters,
			faultsApplied: this.faultsApplied,
			byOperation: Object.fromEntries(this.byOperation),
			byStatus: Object.fromEntries(this.byStatus),
			byApi: Object.fromEntries(this.byApi),
		};
	}

	resetStats(): void {
		this.requests = 0;
		for (const name of this.byApi.keys()) this.byApi.set(name, 0);
		for (const name of this.authByApi.keys()) this.authByApi.set(name, 0);
		this.byOperation.clear();
		this.byStatus.clear();
		this.faultsApplied = 0;
		this.baselines = new Map(Object.entries(this.counters()));
	}

	private counters(): Record<string, number> {
		return Object.assign({}, ...this.apis.map((api) => api.stats?.counters?.() ?? {}));
	}
}
