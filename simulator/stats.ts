// What the control API reports about traffic: counters per operation and a bounded log of recent
// requests (method, path, query, status — never bodies or headers, which may hold secrets).

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
	/** operationId of the matched SIGN DE operation, when one matched. */
	operationId?: string;
	requestId: string;
	durationMs: number;
	/** Set when an injected fault shaped this answer. */
	fault?: string;
}

/** What the server records per request; the ISO time is only formatted when the log is read. */
export type RecordedRequest = Omit<RequestLogEntry, 'time'> & { at: number };

const REQUEST_LOG_LIMIT = 1000;

export class TrafficRecorder {
	private requests = 0;
	private readonly byOperation = new Map<string, number>();
	private readonly byStatus = new Map<number, number>();
	private faultsApplied = 0;
	private log: RecordedRequest[] = [];
	/** Baselines so a reset does not need to touch the state module's counters. */
	private signatureBase = 0;
	private replayBase = 0;

	record(entry: RecordedRequest): void {
		this.requests++;
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

	stats(signaturesMade: number, replayedUpserts: number): Record<string, unknown> {
		return {
			requests: this.requests,
			auth: this.byOperation.get('authenticateApi') ?? 0,
			upserts: this.byOperation.get('upsertTransaction') ?? 0,
			signatures: signaturesMade - this.signatureBase,
			replayedUpserts: replayedUpserts - this.replayBase,
			faultsApplied: this.faultsApplied,
			byOperation: Object.fromEntries(this.byOperation),
			byStatus: Object.fromEntries(this.byStatus),
		};
	}

	resetStats(signaturesMade: number, replayedUpserts: number): void {
		this.requests = 0;
		this.byOperation.clear();
		this.byStatus.clear();
		this.faultsApplied = 0;
		this.signatureBase = signaturesMade;
		this.replayBase = replayedUpserts;
	}
}
