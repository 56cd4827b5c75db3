// One simulator plus one in-process n8n for an engine test file: the node under test runs through
// n8n-core's WorkflowExecute (scripts/n8n-engine/) against the simulator over HTTP. Fixtures
// that are not what a test is about (a TSS to sign with, a client) are prepared directly over the
// API with the simulator client, so a broken node operation fails only the tests about it.
import { randomUUID } from 'node:crypto';

import type { INodeExecutionData } from 'n8n-workflow';

import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../simulator';
import { SimulatorClient } from '../../support/simulatorClient';
import { FiskalyEngine } from '../../../scripts/n8n-engine';

/** One POST /auth at each fiskaly API: what one token lifetime costs. */
export const ONE_AUTH_PER_API = { signDe: 1, dsfinvk: 1, submitDe: 1 };

export interface SimulatorStats {
	requests: number;
	auth: number;
	/** POST /auth per fiskaly API: the credential asks each API for its own token. */
	authByApi: { signDe: number; dsfinvk: number; submitDe: number };
	upserts: number;
	signatures: number;
	replayedUpserts: number;
	faultsApplied: number;
	byOperation: Record<string, number>;
	byStatus: Record<string, number>;
}

export interface LoggedRequest {
	method: string;
	path: string;
	query: string;
	status: number;
	operationId?: string;
	fault?: string;
}

export type Fault =
	| { type: 'status'; status: number; retryAfter?: number; code?: string; message?: string }
	| { type: 'drop'; when: 'before' | 'after' }
	| { type: 'latency'; ms: number }
	| { type: 'expireToken' };

export interface PreparedTss {
	tssId: string;
	adminPin: string;
	adminPuk: string;
	publicKey: string;
	serialNumber: string;
}

export interface PreparedClient {
	clientId: string;
	serialNumber: string;
}

export const ADMIN_PIN = 'pin-123456';

export class EngineSession {
	private constructor(
		readonly sim: RunningSimulator,
		readonly engine: FiskalyEngine,
		/** Direct, validated API access for fixtures and for checking what the node did. */
		readonly api: SimulatorClient,
	) {}

	static async start(options: SimulatorOptions = {}): Promise<EngineSession> {
		const sim = await startSimulator({ port: 0, ...options });
		// A session that fails to start (no dist/ yet, a refused token) has no session to close in
		// afterAll: stop its simulator here, or its listening server keeps the Jest worker alive.
		try {
			const engine = new FiskalyEngine({ simulator: sim });
			const session = new EngineSession(sim, engine, new SimulatorClient(sim.url));
			await session.reauthenticate();
			return session;
		} catch (error) {
			await sim.close();
			throw error;
		}
	}

	/** A new token for the fixtures' own API client (e.g. after a test moved the clock on). */
	async reauthenticate(): Promise<void> {
		const auth = await this.api.call('POST', '/auth', {
			body: { api_key: this.sim.apiKey, api_secret: this.sim.apiSecret },
		});
		this.api.token = auth.body.access_token;
	}

	async close(): Promise<void> {
		await this.sim.close();
	}

	private async control<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.sim.controlUrl}${path}`, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok)
			throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
		return (await response.json()) as T;
	}

	stats(): Promise<SimulatorStats> {
		return this.control('GET', '/stats');
	}

	/** Starts the counters (requests, /auth calls, signatures…) and the request log from zero. */
	async resetTraffic(): Promise<void> {
		await this.control('DELETE', '/stats');
		await this.control('DELETE', '/requests');
	}

	/** The SIGN DE API's requests (the credential also asks the other fiskaly APIs for tokens). */
	async requests(): Promise<LoggedRequest[]> {
		const sim = new URL(this.sim.url).pathname;
		const all = (await this.control<{ data: LoggedRequest[] }>('GET', '/requests')).data;
		return all.filter((request) => request.path === sim || request.path.startsWith(`${sim}/`));
	}

	/** `METHOD /path?query` of every API request since the last reset, for order assertions. */
	async requestLines(): Promise<string[]> {
		const sim = new URL(this.sim.url).pathname;
		return (await this.requests()).map(
			(request) =>
				`${request.method} ${request.path.slice(sim.length)}${request.query ? `?${request.query}` : ''}`,
		);
	}

	/** The next `count` requests matching method and path (relative to /api/v2, `*` = one segment) fail. */
	async inject(match: { method?: string; path?: string }, fault: Fault, count = 1): Promise<void> {
		await this.control('POST', '/faults', { match, fault, count });
	}

	async clearFaults(): Promise<void> {
		await this.control('DELETE', '/faults');
	}

	// --- fixtures, straight over the API ---------------------------------------------------

	/** A TSS in the given state; INITIALIZED by default, with ADMIN_PIN set. */
	async prepareTss(
		state: 'CREATED' | 'UNINITIALIZED' | 'INITIALIZED' = 'INITIALIZED',
		adminPin = ADMIN_PIN,
	): Promise<PreparedTss> {
		const tssId = randomUUID();
		const created = await this.expectOk('PUT', `/tss/${tssId}`, { body: {} });
		const prepared: PreparedTss = {
			tssId,
			adminPin,
			adminPuk: created.admin_puk,
			publicKey: created.public_key,
			serialNumber: created.serial_number,
		};
		if (state === 'CREATED') return prepared;
		await this.expectOk('PATCH', `/tss/${tssId}`, { body: { state: 'UNINITIALIZED' } });
		await this.expectOk('PATCH', `/tss/${tssId}/admin`, {
			body: { admin_puk: prepared.adminPuk, new_admin_pin: adminPin },
		});
		if (state === 'UNINITIALIZED') return prepared;
		await this.expectOk('POST', `/tss/${tssId}/admin/auth`, { body: { admin_pin: adminPin } });
		await this.expectOk('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } });
		await this.expectOk('POST', `/tss/${tssId}/admin/logout`, { body: {} });
		return prepared;
	}

	async prepareClient(
		tss: PreparedTss,
		serialNumber = `Kasse ${randomUUID().slice(0, 8)}`,
	): Promise<PreparedClient> {
		const clientId = randomUUID();
		await this.expectOk('POST', `/tss/${tss.tssId}/admin/auth`, {
			body: { admin_pin: tss.adminPin },
		});
		await this.expectOk('PUT', `/tss/${tss.tssId}/client/${clientId}`, {
			body: { serial_number: serialNumber },
		});
		await this.expectOk('POST', `/tss/${tss.tssId}/admin/logout`, { body: {} });
		return { clientId, serialNumber };
	}

	/** Starts (and unless `finish` is false, finishes) a receipt transaction directly. */
	async signDirectly(
		tss: PreparedTss,
		client: PreparedClient,
		amount = '10.00',
		finish = true,
	): Promise<{ txId: string; transaction: any }> {
		const txId = randomUUID();
		let transaction = await this.expectOk('PUT', `/tss/${tss.tssId}/tx/${txId}`, {
			query: { tx_revision: 1 },
			body: { state: 'ACTIVE', client_id: client.clientId },
		});
		if (finish) {
			transaction = await this.expectOk('PUT', `/tss/${tss.tssId}/tx/${txId}`, {
				query: { tx_revision: 2 },
				body: {
					state: 'FINISHED',
					client_id: client.clientId,
					schema: {
						standard_v1: {
							receipt: {
								receipt_type: 'RECEIPT',
								amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount }],
								amounts_per_payment_type: [{ payment_type: 'CASH', amount }],
							},
						},
					},
				},
			});
		}
		return { txId, transaction };
	}

	async expectOk(
		method: string,
		path: string,
		options: Parameters<SimulatorClient['call']>[2] = {},
	): Promise<any> {
		const answer = await this.api.call(method, path, options);
		if (answer.status !== 200) {
			throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
		}
		return answer.body;
	}
}

/** n items with distinct json, to follow them through the node. */
export function inputItems(
	count: number,
	make: (index: number) => Record<string, unknown> = (i) => ({ row: i }),
): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({
		json: make(index) as INodeExecutionData['json'],
	}));
}

/**
 * What a fiskaly error must look like once n8n recorded it: a NodeApiError whose message carries
 * fiskaly's code (and message) and whose description says how to fix it.
 */
export function fiskalyApiError(code: string, fix?: RegExp) {
	return expect.objectContaining({
		name: 'NodeApiError',
		message: expect.stringContaining(code),
		description: fix ? expect.stringMatching(fix) : expect.stringMatching(/\S/),
	});
}

/** Bad input: a NodeOperationError whose message names the field and whose description helps. */
export function fieldError(field: string | RegExp) {
	return expect.objectContaining({
		name: 'NodeOperationError',
		message:
			typeof field === 'string' ? expect.stringContaining(field) : expect.stringMatching(field),
		description: expect.stringMatching(/\S/),
	});
}
