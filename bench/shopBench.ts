// What a shop can expect from n8n with this package: the shop example (examples/
// shop-order-to-receipt.json) answering webhook orders with 20 in flight, next to n8n's own floor
// measured on the same n8n in the same run: a Webhook → Respond to Webhook workflow without any
// fiskaly node. Their ratio is what signing (and the example's other nodes) costs on top of n8n.
//   regular         one `n8n start` (SQLite), n8n's defaults
//   regular, lean   the same with EXECUTIONS_DATA_SAVE_ON_SUCCESS=none (successful runs not stored)
//   regular, legacy expressions   the same with N8N_EXPRESSION_ENGINE=legacy: n8n 2.x evaluates
//                   every expression in an isolated-vm isolate by default, which a CPU profile of
//                   the shop under load showed as n8n's largest cost (more than SQLite)
//   regular, vm engine tuned   the default engine with N8N_EXPRESSION_ENGINE_COMPILE_CACHE=true and
//                   N8N_EXPRESSION_ENGINE_POOL_SIZE=20: every execution gets a fresh isolate, which
//                   then compiles each expression again; the cache and a pool of warm isolates (one
//                   per execution in flight) spare part of that, and the isolation stays
//   queue           main + 2 workers (concurrency 10 each) + webhook processor, PostgreSQL 17, Redis
// The simulator runs in this process, as in the end-to-end tests (it is not the bottleneck).
// In regular mode a sweep over fewer orders in flight (1, 5, 10) shows up to which load p99 stays
// within a second, for the shop example and for the floor alike.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { startSimulator } from '../simulator';
import {
	exampleCredential,
	loadExample,
	simulatorAccess,
	withCashRegister,
	type CashRegister,
} from '../scripts/real-n8n/examples';
import { activateOnServer, createSalesTable, withDataTable } from '../scripts/real-n8n/dataTables';
import { RealN8n, type WorkflowFile } from '../scripts/real-n8n/n8n';
import { DEMO_OWNER, type RunningN8n } from '../scripts/real-n8n/server';
import { withPackedPackage } from '../scripts/real-n8n/pack';
import { QueueCluster, QUEUE_N8N_VERSION } from '../scripts/real-n8n/queueCluster';
import {
	combinedReport,
	loadFigures,
	postOrders,
	shopOrders,
	type LoadReport,
} from '../scripts/real-n8n/queueLoad';
import { KeepAliveClient } from './lib/http';
import { provisionTss } from './lib/signDe';
import { workflowNode } from './realN8nBench';

const IN_FLIGHT = 20;
/** The floor and the shop take turns, this many rounds each. */
const ROUNDS = 3;
/**
 * Orders each workflow gets before the measurement: with 20 or 40 the shop's first round still ran
 * about 20 % slower than the later ones (n8n's code paths for its nodes not yet optimised by V8).
 */
const WARM_UP_ORDERS = 100;
const SWEEP_IN_FLIGHT = [1, 5, 10];
const SWEEP_ORDERS = 100;
const FLOOR_PATH = 'bench-floor';
const SHOP_PATH = 'shop-order';

export interface ShopFigures {
	ordersPerSecond: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
	floorOrdersPerSecond: number;
	floorP99Ms: number;
	/** Shop example throughput / floor throughput. */
	ratio: number;
	/** CPU time of the n8n process per order (regular mode; null in queue mode). */
	n8nCpuMsPerOrder: number | null;
	floorN8nCpuMsPerOrder: number | null;
	/** Floor CPU / shop CPU per order: the ratio without the machine's other processes (regular mode). */
	n8nCpuRatio: number | null;
}

/** One load level of the sweep: shop and floor, orders/s and p99. */
export interface SweepFigures {
	inFlight: number;
	ordersPerSecond: number;
	p99Ms: number;
	floorOrdersPerSecond: number;
	floorP99Ms: number;
}

export interface ShopBenchFigures {
	n8nVersion: string;
	orders: number;
	inFlight: number;
	regular: ShopFigures & { sweep: SweepFigures[] };
	regularLean: ShopFigures;
	regularLegacyExpressions: ShopFigures;
	regularTunedVm: ShopFigures;
	queue: ShopFigures;
}

/** Webhook → Respond to Webhook: what n8n itself needs to answer a webhook call. */
function floorWorkflow(): WorkflowFile {
	const node = (
		name: string,
		type: string,
		typeVersion: number,
		x: number,
		parameters: object,
	) => ({
		...workflowNode(name, type, typeVersion, x, parameters),
		...(type.endsWith('.webhook') ? { webhookId: randomUUID() } : {}),
	});
	return {
		id: 'BenchWebhookFloor',
		name: 'Bench: webhook floor (no fiskaly node)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Order', 'n8n-nodes-base.webhook', 2, 0, {
				httpMethod: 'POST',
				path: FLOOR_PATH,
				responseMode: 'responseNode',
				options: {},
			}),
			node('Respond', 'n8n-nodes-base.respondToWebhook', 1.1, 220, {
				respondWith: 'json',
				responseBody: '={{ JSON.stringify({ order_id: $json.body.order_id, ok: true }) }}',
				options: {},
			}),
		],
		connections: { Order: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] } },
	};
}

const order = (reference: string) => ({
	order_id: reference,
	line_items: [
		{ text: 'Coffee beans 1 kg', quantity: 2, price_per_unit: '14.90', vat_rate: 7 },
		{ text: 'Espresso cup', quantity: 1, price_per_unit: '9.95', vat_rate: '19%' },
	],
	payments: [{ payment_type: 'NON_CASH', amount: '39.75' }],
});

/** Posts `orders` orders to `path`, `inFlight` at a time; every one must be answered 200. */
async function post(
	url: string,
	label: string,
	prefix: string,
	orders: number,
	inFlight = IN_FLIGHT,
): Promise<LoadReport> {
	const report = await postOrders(shopOrders(prefix, orders, order, Number.MAX_SAFE_INTEGER), {
		url,
		inFlight,
		attemptTimeoutMs: 60_000,
		maxAttempts: 1,
	});
	const failed = [...report.answers.values()].flat().filter((answer) => answer.status !== 200);
	if (failed.length > 0)
		throw new Error(
			`${label} ${url}: ${failed.length} orders failed, e.g. HTTP ${failed[0].status}`,
		);
	return report;
}

/** n8n 2.41.1's expression engine settings that keep the isolation and spare part of its cost. */
const TUNED_VM_ENGINE = {
	N8N_EXPRESSION_ENGINE_COMPILE_CACHE: 'true',
	N8N_EXPRESSION_ENGINE_POOL_SIZE: String(IN_FLIGHT),
};

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Posts `count` orders to the floor and to the shop example, after a warm-up of each, in ROUNDS
 * alternating rounds: a machine that gets busier or quieter during the run (or n8n still warming
 * up) then weighs on both alike. With `n8nPid` (regular mode) it also reads the CPU time that n8n
 * spent per order, which a busy machine disturbs less than throughput.
 */
async function measure(
	baseUrl: (path: string) => string,
	label: string,
	count: number,
	progress: (line: string) => void,
	n8nPid?: number,
): Promise<ShopFigures> {
	const id = randomUUID().slice(0, 8);
	const cpuSum = (rounds: Array<{ cpu: number }>) => rounds.reduce((sum, r) => sum + r.cpu, 0);
	const run = async (path: string, prefix: string, orders: number) => {
		const cpuBefore = n8nPid === undefined ? 0 : cpuSeconds(n8nPid);
		const report = await post(baseUrl(path), label, prefix, orders);
		const cpu = n8nPid === undefined ? 0 : cpuSeconds(n8nPid) - cpuBefore;
		return { report, cpu };
	};
	await run(FLOOR_PATH, `warm-floor-${id}`, WARM_UP_ORDERS);
	await run(SHOP_PATH, `warm-shop-${id}`, WARM_UP_ORDERS);
	const floorRounds: Array<Awaited<ReturnType<typeof run>>> = [];
	const shopRounds: typeof floorRounds = [];
	const perRound = Math.ceil(count / ROUNDS);
	for (let round = 1; round <= ROUNDS; round++) {
		floorRounds.push(await run(FLOOR_PATH, `floor-${round}-${id}`, perRound));
		shopRounds.push(await run(SHOP_PATH, `shop-${round}-${id}`, perRound));
	}
	const floor = loadFigures(combinedReport(floorRounds.map((r) => r.report)));
	const shop = loadFigures(combinedReport(shopRounds.map((r) => r.report)));
	const cpuMsPerOrder = (rounds: typeof floorRounds) =>
		n8nPid === undefined ? null : Math.round((cpuSum(rounds) * 1000) / (perRound * ROUNDS));
	const figures = {
		...shop,
		floorOrdersPerSecond: floor.ordersPerSecond,
		floorP99Ms: floor.p99Ms,
		ratio: Number((shop.ordersPerSecond / floor.ordersPerSecond).toFixed(2)),
		n8nCpuMsPerOrder: cpuMsPerOrder(shopRounds),
		floorN8nCpuMsPerOrder: cpuMsPerOrder(floorRounds),
		n8nCpuRatio:
			n8nPid === undefined ? null : Number((cpuSum(floorRounds) / cpuSum(shopRounds)).toFixed(2)),
	};
	const cpu =
		figures.n8nCpuMsPerOrder === null
			? ''
			: `; n8n CPU per order ${figures.n8nCpuMsPerOrder} ms (floor ${figures.floorN8nCpuMsPerOrder} ms, ratio ${figures.n8nCpuRatio})`;
	progress(
		`${label}: shop ${shop.ordersPerSecond} orders/s (p50 ${shop.p50Ms} ms, p95 ${shop.p95Ms} ms, p99 ${shop.p99Ms} ms), ` +
			`floor ${floor.ordersPerSecond} orders/s (p99 ${floor.p99Ms} ms), ratio ${figures.ratio}${cpu}`,
	);
	return figures;
}

/**
 * Imports and switches on the shop example and the floor in a running n8n (main): the shop example
 * records its sales in a data table, made there first as a user makes it in the editor.
 */
async function importWorkflows(n8n: RealN8n, main: RunningN8n, register: CashRegister) {
	await main.setUpOwner(DEMO_OWNER);
	const shop = withDataTable(
		withCashRegister(loadExample('shopOrderToReceipt'), register),
		await createSalesTable(main),
	);
	const floor = floorWorkflow();
	await n8n.importWorkflows([shop, floor]);
	await activateOnServer(main, shop.id);
	await activateOnServer(main, floor.id);
}

/** The floor and the shop at each of SWEEP_IN_FLIGHT (after `measure`, so both are warm). */
async function sweep(
	baseUrl: (path: string) => string,
	progress: (line: string) => void,
): Promise<SweepFigures[]> {
	const figures: SweepFigures[] = [];
	const id = randomUUID().slice(0, 8);
	for (const inFlight of SWEEP_IN_FLIGHT) {
		const prefix = `sweep-${inFlight}-${id}`;
		const floor = loadFigures(
			await post(baseUrl(FLOOR_PATH), 'sweep', `floor-${prefix}`, SWEEP_ORDERS, inFlight),
		);
		const shop = loadFigures(
			await post(baseUrl(SHOP_PATH), 'sweep', `shop-${prefix}`, SWEEP_ORDERS, inFlight),
		);
		progress(
			`  ${inFlight} in flight: shop ${shop.ordersPerSecond} orders/s (p99 ${shop.p99Ms} ms), floor ${floor.ordersPerSecond} orders/s (p99 ${floor.p99Ms} ms)`,
		);
		figures.push({
			inFlight,
			ordersPerSecond: shop.ordersPerSecond,
			p99Ms: shop.p99Ms,
			floorOrdersPerSecond: floor.ordersPerSecond,
			floorP99Ms: floor.p99Ms,
		});
	}
	return figures;
}

export async function regularMode(
	tarball: string,
	register: CashRegister,
	access: ReturnType<typeof simulatorAccess>,
	environment: NodeJS.ProcessEnv,
	label: string,
	count: number,
	progress: (line: string) => void,
	withSweep = false,
): Promise<ShopFigures & { sweep?: SweepFigures[] }> {
	const n8n = await RealN8n.create({ version: QUEUE_N8N_VERSION, tarball, progress, environment });
	try {
		await n8n.importCredentials([exampleCredential(access)]);
		const server = await n8n.start();
		await importWorkflows(n8n, server, register);
		await server.waitForWebhook(SHOP_PATH);
		await server.waitForWebhook(FLOOR_PATH);
		const url = (path: string) => `${server.baseUrl}/webhook/${path}`;
		const figures = await measure(url, label, count, progress, server.process.pid);
		return withSweep ? { ...figures, sweep: await sweep(url, progress) } : figures;
	} finally {
		await n8n.dispose();
	}
}

export async function measureShop(
	count: number,
	progress: (line: string) => void,
): Promise<ShopBenchFigures> {
	const simulator = await startSimulator({ port: 0 });
	const http = new KeepAliveClient(2);
	try {
		const tss = await provisionTss(http, simulator.url, simulator, 1);
		const register = { tssId: tss.tssId, clientId: tss.clientIds[0] };
		const access = simulatorAccess(simulator);
		return await withPackedPackage({ build: false, progress }, async (tarball) => {
			const regular = await regularMode(
				tarball,
				register,
				access,
				{},
				'regular',
				count,
				progress,
				true,
			);
			const regularLean = await regularMode(
				tarball,
				register,
				access,
				{ EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none' },
				'regular, EXECUTIONS_DATA_SAVE_ON_SUCCESS=none',
				count,
				progress,
			);
			const regularLegacyExpressions = await regularMode(
				tarball,
				register,
				access,
				{ N8N_EXPRESSION_ENGINE: 'legacy' },
				'regular, N8N_EXPRESSION_ENGINE=legacy',
				count,
				progress,
			);
			const regularTunedVm = await regularMode(
				tarball,
				register,
				access,
				TUNED_VM_ENGINE,
				'regular, vm engine with compile cache and a pool of 20',
				count,
				progress,
			);
			const cluster = await QueueCluster.create({ tarball, progress });
			try {
				await cluster.n8n.importCredentials([exampleCredential(access)]);
				await cluster.start(2, IN_FLIGHT / 2);
				await importWorkflows(cluster.n8n, cluster.main as RunningN8n, register);
				await cluster.waitForWebhook(SHOP_PATH);
				await cluster.waitForWebhook(FLOOR_PATH);
				const queue = await measure(
					(path) => cluster.webhookUrl(path),
					'queue (main + 2 workers + webhook processor)',
					count,
					progress,
				);
				return {
					n8nVersion: QUEUE_N8N_VERSION,
					orders: count,
					inFlight: IN_FLIGHT,
					regular: { ...regular, sweep: regular.sweep ?? [] },
					regularLean,
					regularLegacyExpressions,
					regularTunedVm,
					queue,
				};
			} finally {
				await cluster.stop();
			}
		});
	} finally {
		http.close();
		await simulator.close();
	}
}
