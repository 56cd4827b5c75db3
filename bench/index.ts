// `npm run bench`: every figure the project promises, measured in one run, ending with ONE JSON line
// (the last line of the output) so the figures can be tracked from run to run.
//
//   overhead       1,000 Sign Receipt items through the node (n8n's engine, in-process) vs the same
//                  2,000 PUTs sent through n8n's own request path by a node that does nothing else
//                  (same credential, same httpRequestWithAuthentication): what the node adds. The
//                  same PUTs from a plain HTTP loop (keep-alive, and a new connection per request)
//                  show what n8n's request path itself costs. Median of the per-round ratios.
//   /auth calls    10 executions × 100 items with one credential
//   concurrency    1,000 items against a simulator with 20 ms latency, Concurrency 1 vs 10
//   real n8n       the demo workflow, and 100 receipts in one execution (n8n CLI, cached install)
//   simulator      signed upserts/s next to the raw ECDSA sign rate (bench/simulator.bench.ts)
//   DSFinV-K       export of 100,000 transactions from the simulator (bench/dsfinvkExport.bench.ts)
//   close day      Close Day's node-side build of a day of 10,000 receipts × 3 lines (bench/closeDay.bench.ts)
//   shop at scale  the shop example's webhook orders/s and p50/p95/p99 at 20 in flight, regular and
//                  queue mode, next to n8n's own webhook floor in the same run (bench/shopBench.ts)
//
// Needs a build (`npm run build`: the node is loaded from dist/). Knobs: BENCH_ITEMS (1000),
// BENCH_ROUNDS (5, overhead rounds), BENCH_SKIP_N8N=1 (no real n8n: its figures are null),
// BENCH_SHOP_ORDERS (300, orders per shop-at-scale measurement).

import { spawn } from 'node:child_process';
import * as path from 'node:path';

import {
	countAuthCalls,
	measureOverhead,
	prepareRegister,
	signThroughNode,
	startSimulatorProcess,
	type Register,
} from './nodeBench';
import { measureRealN8n, type RealN8nFigures } from './realN8nBench';
import { measureShop, type ShopBenchFigures } from './shopBench';

const envInt = (name: string, fallback: number) => {
	const value = Number(process.env[name]);
	return Number.isInteger(value) && value > 0 ? value : fallback;
};
const ITEMS = envInt('BENCH_ITEMS', 1000);
const ROUNDS = envInt('BENCH_ROUNDS', 5);
const AUTH_EXECUTIONS = 10;
const AUTH_ITEMS = 100;
const LATENCY_MS = 20;
const SHOP_ORDERS = envInt('BENCH_SHOP_ORDERS', 300);

const TARGETS = {
	overheadRatio: 1.1,
	authCalls: 1,
	concurrencySpeedup: 7,
	dsfinvkExportSeconds: 30,
	closeDay10kSeconds: 15,
	shopRatio: 0.7,
	shopP99Ms: 1000,
};

const say = (line: string) => process.stdout.write(`${line}\n`);
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function withRegister<T>(
	latencyMs: number,
	use: (register: Register) => Promise<T>,
): Promise<T> {
	const simulator = await startSimulatorProcess(latencyMs);
	let register: Register | undefined;
	try {
		register = await prepareRegister(simulator.details);
		return await use(register);
	} finally {
		register?.http.close();
		await simulator.stop();
	}
}

/** A bench script in its own process; its last output line is its JSON. */
function runBenchScript<T>(script: string, env: Record<string, string> = {}): Promise<T> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, script)], {
			env: { ...env, ...process.env },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
		});
		child.once('error', reject);
		child.once('exit', (code) => {
			const lines = output.trim().split('\n');
			for (const line of lines.slice(0, -1)) say(`  ${line}`);
			if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
			resolve(JSON.parse(lines[lines.length - 1]));
		});
	});
}

async function main() {
	say(
		`npm run bench — node figures through n8n's engine (in-process), simulators in child processes`,
	);

	say(
		`\n▸ node overhead: ${ITEMS} Sign Receipt items vs the same ${2 * ITEMS} PUTs through n8n's request path alone and as plain HTTP, one receipt at a time, ${ROUNDS} rounds`,
	);
	const { overhead, authCalls } = await withRegister(0, async (register) => {
		// First, while this process holds no token for this simulator: the credential keeps tokens
		// per process, so counting after the overhead rounds would count none.
		const counted = await countAuthCalls(register, AUTH_EXECUTIONS, AUTH_ITEMS, 10);
		const measured = await measureOverhead(register, ITEMS, ROUNDS);
		for (const [index, result] of measured.rounds.entries())
			say(
				`  round ${index + 1}: node ${result.nodeSeconds.toFixed(2)} s, n8n request path alone ${result.floorSeconds.toFixed(2)} s, ` +
					`plain keep-alive ${result.plainSeconds.toFixed(2)} s → node / n8n path ${(result.nodeSeconds / result.floorSeconds).toFixed(3)}`,
			);
		say(`  plain HTTP, new connection per request: ${measured.plainFreshSeconds.toFixed(2)} s`);
		say(
			`▸ /auth calls: ${AUTH_EXECUTIONS} executions × ${AUTH_ITEMS} items, Concurrency 10, one new credential, counted first: ${counted}`,
		);
		return { overhead: measured, authCalls: counted };
	});
	const perReceiptMs = (key: 'nodeSeconds' | 'floorSeconds' | 'plainSeconds') =>
		round((median(overhead.rounds.map((result) => result[key])) * 1000) / ITEMS);
	const ratioOf = (
		numerator: 'nodeSeconds' | 'floorSeconds',
		denominator: 'floorSeconds' | 'plainSeconds',
	) => round(median(overhead.rounds.map((result) => result[numerator] / result[denominator])));

	say(`▸ concurrency: ${ITEMS} items, simulator latency ${LATENCY_MS} ms, Concurrency 1 vs 10`);
	const { sequential, parallel } = await withRegister(LATENCY_MS, async (register) => {
		await signThroughNode(register, 20, 10); // warm-up
		const parallelSeconds = await signThroughNode(register, ITEMS, 10);
		const sequentialSeconds = await signThroughNode(register, ITEMS, 1);
		say(
			`  Concurrency 1: ${sequentialSeconds.toFixed(2)} s, Concurrency 10: ${parallelSeconds.toFixed(2)} s`,
		);
		return { sequential: sequentialSeconds, parallel: parallelSeconds };
	});

	let realN8n: RealN8nFigures | undefined;
	if (process.env.BENCH_SKIP_N8N === '1') say('▸ real n8n: skipped (BENCH_SKIP_N8N=1)');
	else {
		say('▸ real n8n (cached install; the first run on a machine installs it, which takes minutes)');
		realN8n = await measureRealN8n((line) => say(`  ${line}`));
	}
	let shop: ShopBenchFigures | undefined;
	if (process.env.BENCH_SKIP_N8N !== '1') {
		say(`▸ shop at scale: ${SHOP_ORDERS} webhook orders, 20 in flight, regular and queue mode`);
		shop = await measureShop(SHOP_ORDERS, (line) => say(`  ${line}`));
	}

	say('▸ simulator: bench/simulator.bench.ts (3 × 1 s per target)');
	const simulator = await runBenchScript<{
		simUpsertsPerSec: number;
		rawSignsPerSec: number;
		bareHttpPerSec: number;
	}>('simulator.bench.ts', { BENCH_PHASE_MS: '3000', BENCH_ROUNDS: '3' });
	say('▸ DSFinV-K: export of 100,000 transactions (bench/dsfinvkExport.bench.ts)');
	const dsfinvk = await runBenchScript<{
		dsfinvkExportSeconds: number;
		dsfinvkExportCpuSeconds: number | null;
	}>('dsfinvkExport.bench.ts');

	say(
		'▸ Close Day: node-side build of a day of 10,000 receipts × 3 lines (pure builder, measured once)',
	);
	const closeDay = await runBenchScript<{ closeDay10kSeconds: number }>('closeDay.bench.ts');

	const figures = {
		overheadRatio: ratioOf('nodeSeconds', 'floorSeconds'),
		nodeVsPlainHttp: ratioOf('nodeSeconds', 'plainSeconds'),
		n8nRequestPathVsPlain: ratioOf('floorSeconds', 'plainSeconds'),
		nodeMsPerReceipt: perReceiptMs('nodeSeconds'),
		n8nRequestPathMsPerReceipt: perReceiptMs('floorSeconds'),
		plainMsPerReceipt: perReceiptMs('plainSeconds'),
		plainNewConnectionMsPerReceipt: round((overhead.plainFreshSeconds * 1000) / ITEMS),
		authCalls,
		concurrencySpeedup: round(sequential / parallel, 1),
		concurrency1Seconds: round(sequential, 1),
		concurrency10Seconds: round(parallel, 1),
		simUpsertsPerSec: simulator.simUpsertsPerSec,
		rawSignsPerSec: simulator.rawSignsPerSec,
		dsfinvkExport100kSeconds: dsfinvk.dsfinvkExportSeconds,
		dsfinvkExport100kCpuSeconds: dsfinvk.dsfinvkExportCpuSeconds,
		closeDay10kSeconds: closeDay.closeDay10kSeconds,
		demoExecSeconds: realN8n ? round(realN8n.demoExecSeconds) : null,
		demoCliSeconds: realN8n ? round(realN8n.demoCliSeconds, 1) : null,
		n8n100ReceiptsSeconds: realN8n ? round(realN8n.n8n100ReceiptsSeconds) : null,
		n8n100ReceiptsCliSeconds: realN8n ? round(realN8n.n8n100ReceiptsCliSeconds, 1) : null,
		shop: shop ?? null,
	};

	const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
	say('');
	say(`${'figure'.padEnd(44)} ${'value'.padStart(10)}  target`);
	const row = (name: string, value: unknown, target = '') =>
		say(`${name.padEnd(44)} ${String(value ?? '—').padStart(10)}  ${target}`);
	row(
		"node / n8n's request path alone (node's own cost)",
		figures.overheadRatio,
		`≤ ${TARGETS.overheadRatio}: ${verdict(figures.overheadRatio <= TARGETS.overheadRatio)}`,
	);
	row('node / plain keep-alive HTTP', figures.nodeVsPlainHttp, "n8n's request path included");
	row("n8n's request path alone / plain keep-alive", figures.n8nRequestPathVsPlain);
	row(
		'ms/receipt: node, n8n path, plain, plain new conn.',
		`${figures.nodeMsPerReceipt} ${figures.n8nRequestPathMsPerReceipt} ${figures.plainMsPerReceipt} ${figures.plainNewConnectionMsPerReceipt}`,
	);
	row(
		`/auth calls, ${AUTH_EXECUTIONS} executions × ${AUTH_ITEMS} items`,
		authCalls,
		`= ${TARGETS.authCalls}: ${verdict(authCalls === TARGETS.authCalls)}`,
	);
	row(
		`Concurrency 10 vs 1 at ${LATENCY_MS} ms latency (speed-up)`,
		figures.concurrencySpeedup,
		`≥ ${TARGETS.concurrencySpeedup}: ${verdict(figures.concurrencySpeedup >= TARGETS.concurrencySpeedup)}`,
	);
	row('simulator signed upserts/s', figures.simUpsertsPerSec);
	row(
		'Close Day, 10,000 receipts × 3 lines (s)',
		figures.closeDay10kSeconds,
		`≤ ${TARGETS.closeDay10kSeconds}: ${verdict(figures.closeDay10kSeconds <= TARGETS.closeDay10kSeconds)}`,
	);
	row('raw ECDSA P-256 signs/s (1 core)', figures.rawSignsPerSec);
	row(
		'DSFinV-K export of 100,000 transactions (s)',
		figures.dsfinvkExport100kSeconds,
		`≤ ${TARGETS.dsfinvkExportSeconds}: ${verdict(figures.dsfinvkExport100kSeconds <= TARGETS.dsfinvkExportSeconds)} (simulator CPU ${figures.dsfinvkExport100kCpuSeconds ?? '—'} s)`,
	);
	row(
		`real n8n${realN8n ? ` ${realN8n.n8nVersion}` : ''}: demo execution (s)`,
		figures.demoExecSeconds,
		`n8n execute end to end ${figures.demoCliSeconds ?? '—'} s`,
	);
	row(
		'real n8n: 100 receipts in one execution (s)',
		figures.n8n100ReceiptsSeconds,
		`n8n execute end to end ${figures.n8n100ReceiptsCliSeconds ?? '—'} s`,
	);
	if (shop) {
		const modes = [
			['regular', shop.regular],
			['regular, save on success none', shop.regularLean],
			['regular, legacy expressions', shop.regularLegacyExpressions],
			['regular, vm engine tuned', shop.regularTunedVm],
			['queue', shop.queue],
		] as const;
		for (const [mode, measured] of modes)
			row(
				`shop ${mode}: orders/s, ratio to floor, p99 ms`,
				`${measured.ordersPerSecond} ${measured.ratio} ${measured.p99Ms}`,
				`ratio ≥ ${TARGETS.shopRatio}: ${verdict(measured.ratio >= TARGETS.shopRatio)}, p99 ≤ ${TARGETS.shopP99Ms}: ${verdict(measured.p99Ms <= TARGETS.shopP99Ms)} (floor p99 ${measured.floorP99Ms})` +
					(measured.n8nCpuMsPerOrder === null
						? ''
						: `; n8n CPU ms per order ${measured.n8nCpuMsPerOrder}, floor ${measured.floorN8nCpuMsPerOrder}`),
			);
		for (const level of shop.regular.sweep)
			row(
				`shop regular, ${level.inFlight} in flight: p99 ms`,
				level.p99Ms,
				`floor p99 ${level.floorP99Ms} ms`,
			);
	}
	say(JSON.stringify(figures));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
