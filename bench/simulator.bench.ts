// `npm run bench:simulator`: signed transaction upserts per second against the simulator, next to
// the two limits that bound it, all measured in one run with the same keep-alive client:
//   (a) simulator: concurrent tills each start and finish receipts (2 signed upserts per receipt);
//   (b) HTTP floor: a bare node:http server answering the very same PUT requests with fixed JSON;
//   (c) the raw ECDSA P-256 sign rate of one core.
// The CPU time each server process and the load generator spend per request is reported too: on a
// small machine the bare server can be faster than the client driving it, and then (b) is the
// client's limit rather than the HTTP floor (the output says so).
// Servers run in child processes so the load generator does not steal their event loop, and the
// targets are measured in interleaved rounds so background load on a shared machine hits them alike.
// Knobs: BENCH_CONCURRENCY (32), BENCH_PHASE_MS (5000 per target), BENCH_ROUNDS (3),
// BENCH_WARMUP_MS (1000), BENCH_CPU_PROF_DIR (.cpuprofile of each server in <dir>/simulator, <dir>/bare).

import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

import { KeepAliveClient } from './lib/http';
import { runInterleaved, type LoadResult } from './lib/load';
import { startServerProcess } from './lib/serverProcess';
import { provisionTss, receiptFinishBody, type Credentials } from './lib/signDe';
import { measureRawSignRate } from './lib/signRate';

const TARGET_UPSERTS_PER_SECOND = 2000;
const TARGET_SHARE_OF_BARE = 0.5;
const RAW_SIGN_MS = 2000;
const TILLS = 4;

const envInt = (name: string, fallback: number) => {
	const value = Number(process.env[name]);
	return Number.isInteger(value) && value > 0 ? value : fallback;
};
const concurrency = envInt('BENCH_CONCURRENCY', 32);
const phaseMs = envInt('BENCH_PHASE_MS', 5000);
const warmupMs = envInt('BENCH_WARMUP_MS', 1000);
const rounds = envInt('BENCH_ROUNDS', 3);
const cpuProfileDir = process.env.BENCH_CPU_PROF_DIR;

interface Target {
	baseUrl: string;
	tssId: string;
	clientIds: string[];
	headers: Record<string, string>;
}

/** One receipt: start (revision 1) and finish (revision 2) of a new transaction → 2 upserts. */
function receiptTask(client: KeepAliveClient, target: Target) {
	return async (worker: number): Promise<number> => {
		const clientId = target.clientIds[worker % target.clientIds.length];
		const url = `${target.baseUrl}/tss/${target.tssId}/tx/${randomUUID()}`;
		for (const [revision, body] of [
			[1, { state: 'ACTIVE', client_id: clientId }],
			[2, receiptFinishBody(clientId)],
		] as const) {
			const response = await client.request({
				method: 'PUT',
				url: `${url}?tx_revision=${revision}`,
				headers: target.headers,
				body,
			});
			if (response.status !== 200) {
				throw new Error(
					`revision ${revision} → ${response.status} ${response.body.toString('utf8').slice(0, 200)}`,
				);
			}
		}
		return 2;
	};
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
	const client = new KeepAliveClient(concurrency);
	console.log(
		`bench:simulator — ${concurrency} requests in flight, ${phaseMs} ms per target in ${rounds} interleaved rounds (+${warmupMs} ms warm-up)`,
	);
	const profileDir = (name: string) => (cpuProfileDir ? path.join(cpuProfileDir, name) : undefined);
	const bare = await startServerProcess<{ url: string }>(
		path.join(__dirname, 'lib', 'servers', 'bare.ts'),
		{
			cpuProfileDir: profileDir('bare'),
		},
	);
	const simulator = await startServerProcess<Credentials & { url: string }>(
		path.join(__dirname, 'lib', 'servers', 'simulator.ts'),
		{ cpuProfileDir: profileDir('simulator') },
	);
	let results: Map<string, LoadResult>;
	const signRates: number[] = [];
	try {
		const tss = await provisionTss(client, simulator.details.url, simulator.details, TILLS);
		const simTask = receiptTask(client, {
			baseUrl: simulator.details.url,
			tssId: tss.tssId,
			clientIds: tss.clientIds,
			headers: tss.authorization,
		});
		const bareTask = receiptTask(client, {
			baseUrl: bare.details.url,
			tssId: randomUUID(),
			clientIds: Array.from({ length: TILLS }, () => randomUUID()),
			headers: { authorization: 'Bearer floor' },
		});
		results = await runInterleaved(
			[
				{ name: 'simulator', task: simTask, serverCpuMs: simulator.cpuMs },
				{ name: 'bare', task: bareTask, serverCpuMs: bare.cpuMs },
			],
			{
				concurrency,
				totalMsPerTarget: phaseMs,
				rounds,
				warmupMs,
				// The sign rate is measured in every round too, while both servers are idle.
				afterRound: () => signRates.push(measureRawSignRate(RAW_SIGN_MS / rounds)),
			},
		);
	} finally {
		await Promise.all([simulator.stop(), bare.stop()]);
		client.close();
	}
	const simResult = results.get('simulator')!;
	const bareResult = results.get('bare')!;
	const rawSignsPerSec = median(signRates);

	const simUpsertsPerSec = Math.round(simResult.operationsPerSecond);
	const bareHttpPerSec = Math.round(bareResult.operationsPerSecond);
	const simVsBare = Number(
		(simResult.operationsPerSecond / bareResult.operationsPerSecond).toFixed(3),
	);
	/** CPU microseconds per counted operation (one HTTP request), or undefined when not measured. */
	const cpuPerOperation = (result: LoadResult, side: 'serverCpuMs' | 'clientCpuMs') =>
		result[side] === undefined || result.operations === 0
			? undefined
			: Math.round((result[side]! * 1000) / result.operations);
	const row = (name: string, perSecond: number, result?: LoadResult) =>
		[
			name.padEnd(36),
			String(perSecond).padStart(9),
			(result ? result.p50Ms.toFixed(1) : '').padStart(8),
			(result ? result.p99Ms.toFixed(1) : '').padStart(8),
			(result ? String(result.failures) : '').padStart(9),
			String((result && cpuPerOperation(result, 'serverCpuMs')) ?? '').padStart(12),
			String((result && cpuPerOperation(result, 'clientCpuMs')) ?? '').padStart(12),
		].join('  ');
	console.log(
		[
			'phase'.padEnd(36),
			'per sec'.padStart(9),
			'p50 ms'.padStart(8),
			'p99 ms'.padStart(8),
			'failures'.padStart(9),
			'server µs/op'.padStart(12),
			'client µs/op'.padStart(12),
		].join('  '),
	);
	console.log(row('(a) simulator signed upserts', simUpsertsPerSec, simResult));
	console.log(row('(b) bare node:http, same PUTs', bareHttpPerSec, bareResult));
	console.log(row('(c) raw ECDSA P-256 signs (1 core)', rawSignsPerSec));
	console.log(
		'(p50/p99: one receipt = start + finish; µs/op: CPU time per request of the server process and of the load generator)',
	);
	const bareServerUs = cpuPerOperation(bareResult, 'serverCpuMs');
	const bareClientUs = cpuPerOperation(bareResult, 'clientCpuMs');
	if (bareServerUs !== undefined && bareClientUs !== undefined && bareClientUs >= bareServerUs) {
		console.log(
			`note: during (b) the load generator needed ${bareClientUs} µs CPU per request and the bare server ${bareServerUs} µs: ` +
				'the bare figure is bounded by the client, not by the HTTP floor of the server',
		);
	}
	for (const [name, result] of [
		['simulator', simResult],
		['bare', bareResult],
	] as const) {
		if (result.failures > 0)
			console.log(`${name}: ${result.failures} failed receipts, first: ${result.firstFailure}`);
	}
	const meets = simUpsertsPerSec >= TARGET_UPSERTS_PER_SECOND && simVsBare >= TARGET_SHARE_OF_BARE;
	console.log(
		`targets (≥ ${TARGET_UPSERTS_PER_SECOND} upserts/s, ≥ ${TARGET_SHARE_OF_BARE * 100}% of bare): ${meets ? 'met' : 'MISSED'}`,
	);
	console.log(
		JSON.stringify({
			simUpsertsPerSec,
			bareHttpPerSec,
			rawSignsPerSec,
			simVsBare,
			simServerUsPerUpsert: cpuPerOperation(simResult, 'serverCpuMs'),
			bareServerUsPerRequest: bareServerUs,
			clientUsPerRequestAgainstBare: bareClientUs,
		}),
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
