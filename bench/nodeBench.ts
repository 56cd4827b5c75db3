// The node's own figures, measured in-process through n8n's execution engine (the same harness the
// engine tests use) against simulators in child processes:
//   - overhead: Sign Receipt items through the node vs a plain HTTP loop sending the same PUTs;
//   - /auth calls: several executions of many items with one credential;
//   - concurrency: the same items at Concurrency 1 and 10 against a simulator with latency.

import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

import type { IExecuteFunctions, INode, INodeExecutionData, INodeType } from 'n8n-workflow';

import type { RunningSimulator } from '../simulator';
import { byId, FiskalyEngine, START_NODE_TYPE } from '../scripts/n8n-engine';
import { KeepAliveClient } from './lib/http';
import { startServerProcess, type ServerProcess } from './lib/serverProcess';
import { provisionTss, receiptFinishBody, type ProvisionedTss } from './lib/signDe';

export interface SimulatorDetails {
	url: string;
	urls: RunningSimulator['urls'];
	apiKey: string;
	apiSecret: string;
}

/** A simulator in its own process; `latencyMs` delays every API request. */
export function startSimulatorProcess(latencyMs = 0): Promise<ServerProcess<SimulatorDetails>> {
	return startServerProcess<SimulatorDetails>(
		path.join(__dirname, 'lib', 'servers', 'simulator.ts'),
		{
			env: { BENCH_SIM_LATENCY_MS: String(latencyMs) },
		},
	);
}

export interface Register {
	engine: FiskalyEngine;
	http: KeepAliveClient;
	simulator: SimulatorDetails;
	tss: ProvisionedTss;
}

export async function prepareRegister(
	simulator: SimulatorDetails,
	sockets = 10,
): Promise<Register> {
	const http = new KeepAliveClient(sockets);
	const tss = await provisionTss(http, simulator.url, simulator, 1);
	const engine = new FiskalyEngine({ simulator });
	engine.nodeTypes.register(FLOOR_NODE_TYPE, requestFloorNode);
	return { engine, http, simulator, tss };
}

const seconds = (startedNs: bigint) => Number(process.hrtime.bigint() - startedNs) / 1e9;

/** The receipt of bench/lib/signDe.ts (19 % and 7 % VAT, cash and card) as node parameters. */
function receiptParameters(register: Register, concurrency: number) {
	const finish = receiptFinishBody('').schema.standard_v1.receipt;
	return {
		tss: byId(register.tss.tssId),
		client: byId(register.tss.clientIds[0]),
		amountsPerVatRate: {
			amounts: finish.amounts_per_vat_rate.map(({ vat_rate, amount }) => ({
				vatRate: vat_rate,
				amount,
			})),
		},
		amountsPerPaymentType: {
			payments: finish.amounts_per_payment_type.map(({ payment_type, amount }) => ({
				paymentType: payment_type,
				amount,
			})),
		},
		options: { concurrency },
	};
}

/** One execution of Sign Receipt over `items` items; returns its wall time in seconds. */
export async function signThroughNode(
	register: Register,
	items: number,
	concurrency: number,
	credentialId?: string,
): Promise<number> {
	const input: INodeExecutionData[] = Array.from({ length: items }, (_, row) => ({
		json: { row },
	}));
	const started = process.hrtime.bigint();
	const { error, items: output } = await register.engine.runNode({
		resource: 'transaction',
		operation: 'signReceipt',
		items: input,
		credentialId,
		parameters: receiptParameters(register, concurrency),
	});
	const elapsed = seconds(started);
	if (error) throw new Error(`Sign Receipt failed: ${error.message} | ${error.description ?? ''}`);
	const finished = output.filter((item) => item.json.state === 'FINISHED').length;
	if (finished !== items) throw new Error(`${finished} of ${items} receipts finished`);
	return elapsed;
}

/**
 * The same receipts as plain HTTP: start and finish PUTs, `concurrency` receipts at a time, over
 * keep-alive connections, or with `freshConnections` over a new connection per request (what
 * n8n's request helper does: it keeps no connection open between requests).
 */
export async function signOverPlainHttp(
	register: Register,
	receipts: number,
	concurrency: number,
	{ freshConnections = false } = {},
): Promise<number> {
	const { http, simulator, tss } = register;
	const headers = freshConnections
		? { ...tss.authorization, connection: 'close' }
		: tss.authorization;
	const clientId = tss.clientIds[0];
	let next = 0;
	const worker = async () => {
		while (next < receipts) {
			next++;
			const url = `${simulator.url}/tss/${tss.tssId}/tx/${randomUUID()}`;
			for (const [revision, body] of [
				[1, { state: 'ACTIVE', client_id: clientId }],
				[2, receiptFinishBody(clientId)],
			] as const) {
				const response = await http.request({
					method: 'PUT',
					url: `${url}?tx_revision=${revision}`,
					headers,
					body,
				});
				if (response.status !== 200)
					throw new Error(
						`revision ${revision} → ${response.status} ${response.body.toString('utf8')}`,
					);
			}
		}
	};
	const started = process.hrtime.bigint();
	await Promise.all(Array.from({ length: concurrency }, worker));
	return seconds(started);
}

export interface OverheadRound {
	/** Seconds for `items` receipts: through the node, ... */
	nodeSeconds: number;
	/** ... through n8n's request path alone (the floor node, same credential, same PUTs), ... */
	floorSeconds: number;
	/** ... and as plain keep-alive HTTP. */
	plainSeconds: number;
}

export interface OverheadResult {
	rounds: OverheadRound[];
	/** Plain HTTP with a new connection per request, as n8n's request path sends (measured once). */
	plainFreshSeconds: number;
}

/**
 * `items` receipts through the node, through n8n's request path alone, and as the same 2 × `items`
 * PUTs over plain HTTP, one receipt at a time, in `rounds` rounds after a warm-up round. The order
 * turns round every round, so drift and background load on a shared machine hit all three alike.
 */
export async function measureOverhead(
	register: Register,
	items: number,
	rounds: number,
): Promise<OverheadResult> {
	// A whole round first, unmeasured: V8 optimises each path's code while it runs.
	await signThroughNode(register, items, 1);
	await signThroughRequestFloor(register, items);
	await signOverPlainHttp(register, items, 1);
	const measured: OverheadRound[] = [];
	for (let round = 0; round < rounds; round++) {
		const runs = {
			nodeSeconds: () => signThroughNode(register, items, 1),
			floorSeconds: () => signThroughRequestFloor(register, items),
			plainSeconds: () => signOverPlainHttp(register, items, 1),
		};
		const order = Object.keys(runs) as Array<keyof OverheadRound>;
		if (round % 2 === 1) order.reverse();
		const result = {} as OverheadRound;
		for (const key of order) result[key] = await runs[key]();
		measured.push(result);
	}
	return {
		rounds: measured,
		plainFreshSeconds: await signOverPlainHttp(register, items, 1, { freshConnections: true }),
	};
}

/** The SIGN DE API's POST /auth count (the credential asks each fiskaly API once per token). */
async function simulatorStats(simulator: SimulatorDetails): Promise<{ auth: number }> {
	const control = simulator.url.replace(/\/api\/v2$/, '/_simulator');
	const response = await fetch(`${control}/stats`);
	const stats = (await response.json()) as { authByApi: { signDe: number } };
	return { auth: stats.authByApi.signDe };
}

async function resetSimulatorStats(simulator: SimulatorDetails): Promise<void> {
	const control = simulator.url.replace(/\/api\/v2$/, '/_simulator');
	await fetch(`${control}/stats`, { method: 'DELETE' });
}

/** POST /auth calls for `executions` executions of `items` items with one fresh credential. */
export async function countAuthCalls(
	register: Register,
	executions: number,
	items: number,
	concurrency: number,
): Promise<number> {
	const credentialId = `bench-${randomUUID()}`;
	register.engine.saveCredential(credentialId, {});
	await resetSimulatorStats(register.simulator);
	for (let execution = 0; execution < executions; execution++)
		await signThroughNode(register, items, concurrency, credentialId);
	return (await simulatorStats(register.simulator)).auth;
}

// --- n8n's own request path, without the node ------------------------------------------------

const FLOOR_NODE_TYPE = 'bench.requestFloor';

/**
 * A node that only sends each item's start and finish PUTs through n8n's
 * httpRequestWithAuthentication with the package's credential: no validation, no receipt logic.
 * What n8n itself costs per request, to set the node's figures against.
 */
const requestFloorNode: INodeType = {
	description: {
		displayName: 'Request Floor',
		name: 'requestFloor',
		group: ['transform'],
		version: 1,
		description: 'Sends the same PUTs as Sign Receipt, nothing else',
		defaults: { name: 'Request Floor' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'fiskalySignDeApi', required: true }],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const { url, tssId, clientId } = this.getInputData()[0].json as Record<string, string>;
		for (let item = 0; item < this.getInputData().length; item++) {
			const txUrl = `${url}/tss/${tssId}/tx/${randomUUID()}`;
			for (const [revision, body] of [
				[1, { state: 'ACTIVE', client_id: clientId }],
				[2, receiptFinishBody(clientId)],
			] as const) {
				await this.helpers.httpRequestWithAuthentication.call(this, 'fiskalySignDeApi', {
					method: 'PUT',
					url: txUrl,
					qs: { tx_revision: revision },
					body,
					json: true,
				});
			}
		}
		return [this.getInputData()];
	},
};

/** `items` receipts (2 PUTs each) through n8n's request path alone, one at a time; seconds. */
export async function signThroughRequestFloor(register: Register, items: number): Promise<number> {
	const fiskaly = register.engine.fiskalyNode({
		resource: 'transaction',
		operation: 'signReceipt',
	});
	const floor: INode = {
		...fiskaly,
		id: 'floor',
		name: 'Floor',
		type: FLOOR_NODE_TYPE,
		parameters: {},
	};
	const start: INode = {
		id: 'start',
		name: 'Start',
		type: START_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const context = {
		url: register.simulator.url,
		tssId: register.tss.tssId,
		clientId: register.tss.clientIds[0],
	};
	const started = process.hrtime.bigint();
	const { errors } = await register.engine.runWorkflow({
		nodes: [start, floor],
		connections: { Start: { main: [[{ node: 'Floor', type: 'main', index: 0 }]] } },
		startNodeName: 'Start',
		items: Array.from({ length: items }, () => ({ json: context })),
	});
	const elapsed = seconds(started);
	if (errors.Floor) throw new Error(`the request floor failed: ${errors.Floor.message}`);
	return elapsed;
}
