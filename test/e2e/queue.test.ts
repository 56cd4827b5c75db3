// n8n 2.41.1 in queue mode, as a shop that outgrew one n8n process runs it: PostgreSQL 17 and Redis,
// a main process, two workers and a webhook processor (scripts/real-n8n/queueCluster.ts), this
// package installed as a community package, the shop example published, the simulator as fiskaly.
// Shop traffic with 20 orders in flight, some posted twice, and a worker killed (kill -9) in the
// middle: every order is signed exactly once and every shop request ends with its receipt.
import { startSimulator, type RunningSimulator } from '../../simulator';
import { KeepAliveClient } from '../../bench/lib/http';
import { provisionTss } from '../../bench/lib/signDe';
import {
	exampleCredential,
	loadExample,
	simulatorAccess,
	withCashRegister,
	type CashRegister,
} from '../../scripts/real-n8n/examples';
import { defaultProgress } from '../../scripts/real-n8n/install';
import { withPackedPackage } from '../../scripts/real-n8n/pack';
import { QueueCluster } from '../../scripts/real-n8n/queueCluster';
import { DEMO_OWNER, type RunningN8n } from '../../scripts/real-n8n/server';
import {
	activateOnServer,
	createSalesTable,
	withDataTable,
} from '../../scripts/real-n8n/dataTables';
import { postOrders, shopOrders, type LoadReport } from '../../scripts/real-n8n/queueLoad';
import { SimulatorClient } from '../support/simulatorClient';
import { derivedTransactionId } from '../support/reference';

const SETUP_TIMEOUT_MS = 25 * 60_000;
const LOAD_TIMEOUT_MS = 10 * 60_000;
const WORKERS = 2;
const IN_FLIGHT = 20;
const SHOP_WEBHOOK = 'shop-order';

/** A shop order with two VAT rates and two payments. */
const order = (reference: string) => ({
	order_id: reference,
	line_items: [
		{ name: 'Coffee beans 1 kg', quantity: 2, unit_price: '14.90', vat_rate: 7 },
		{ name: 'Espresso cup', quantity: 1, unit_price: '9.95', vat_rate: '19%' },
	],
	payments: [
		{ method: 'card', amount: '30.00' },
		{ method: 'cash', amount: '9.75' },
	],
});

type Json = Record<string, any>;

let simulator: RunningSimulator;
let api: SimulatorClient;
let cluster: QueueCluster | undefined;
let register: CashRegister;

beforeAll(async () => {
	simulator = await startSimulator({ port: 0 });
	const http = new KeepAliveClient(2);
	try {
		const tss = await provisionTss(http, simulator.url, simulator, 1);
		register = { tssId: tss.tssId, clientId: tss.clientIds[0] };
		api = new SimulatorClient(simulator.url);
		api.token = tss.authorization.authorization.replace('Bearer ', '');
	} finally {
		http.close();
	}
	cluster = await withPackedPackage({ build: false, progress: defaultProgress }, (tarball) =>
		QueueCluster.create({ tarball, progress: defaultProgress }),
	);
	await cluster.n8n.importCredentials([exampleCredential(simulatorAccess(simulator))]);
	await cluster.start(WORKERS, IN_FLIGHT / WORKERS);
	// The shop example as it is in examples/, with this register and the sales table it records
	// into (made in the running main, as a user makes it in the editor) filled into its pickers.
	const main = cluster.main as RunningN8n;
	await main.setUpOwner(DEMO_OWNER);
	const shop = withDataTable(
		withCashRegister(loadExample('shopOrderToReceipt'), register),
		await createSalesTable(main),
	);
	await cluster.n8n.importWorkflows([shop]);
	await activateOnServer(main, shop.id);
	await cluster.waitForWebhook(SHOP_WEBHOOK);
	await control('DELETE', '/stats');
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await cluster?.stop();
	await simulator?.close();
});

async function control(method: string, path: string): Promise<Json> {
	const response = await fetch(`${simulator.controlUrl}${path}`, { method });
	if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
	return (await response.json()) as Json;
}

/** Every transaction of the register's TSS, grouped by the order reference in its metadata. */
async function transactionsByOrder(): Promise<Map<string, Json[]>> {
	const byOrder = new Map<string, Json[]>();
	for (let offset = 0; offset < 100_000; offset += 100) {
		const page = await api.call('GET', `/tss/${register.tssId}/tx?limit=100&offset=${offset}`);
		expect(page.status).toBe(200);
		for (const tx of page.body.data as Json[]) {
			const reference = String(tx.metadata?.reference);
			byOrder.set(reference, [...(byOrder.get(reference) ?? []), tx]);
		}
		if (page.body.data.length < 100) break;
	}
	return byOrder;
}

/** Each order answered 200 with its receipt, the same receipt for both posts of a duplicate. */
function expectEveryOrderAnswered(report: LoadReport, references: string[]): void {
	const unanswered = references
		.map((reference) => ({ reference, answers: report.answers.get(reference) ?? [] }))
		.filter(
			({ answers }) => answers.length === 0 || answers.some((answer) => answer.status !== 200),
		)
		.map(({ reference, answers }) => ({
			reference,
			answers: answers.map(
				(answer) => `${answer.status} ${answer.error ?? ''} after ${answer.attempts}`,
			),
		}));
	expect(unanswered).toEqual([]);
	for (const reference of references) {
		const answers = report.answers.get(reference)!;
		const signatures = new Set(answers.map((answer) => (answer.body?.receipt as Json)?.signature));
		expect({ reference, signatures: signatures.size }).toEqual({ reference, signatures: 1 });
		expect(answers[0].body).toMatchObject({ order_id: reference, receipt: { reference } });
	}
}

/** Exactly one transaction per order, FINISHED, under the ID derived from the order, and nothing else. */
async function expectExactlyOncePerOrder(references: string[]): Promise<void> {
	const byOrder = await transactionsByOrder();
	const wrong = references
		.map((reference) => ({
			reference,
			transactions: (byOrder.get(reference) ?? []).map((tx) => `${tx.state} ${tx._id}`),
		}))
		.filter(
			({ reference, transactions }) =>
				transactions.length !== 1 ||
				transactions[0] !== `FINISHED ${derivedTransactionId(register.tssId, reference)}`,
		);
	expect(wrong).toEqual([]);
	expect([...byOrder.keys()].sort()).toEqual([...references].sort());
}

/** Each process that runs executions asks each fiskaly API for a token once (tokens outlive the test). */
async function expectAuthWithinBound(workerProcesses: number): Promise<void> {
	const { authByApi } = await control('GET', '/stats');
	for (const api of ['signDe', 'dsfinvk', 'submitDe']) {
		expect({ api, auth: authByApi[api] <= workerProcesses }).toEqual({ api, auth: true });
		expect(authByApi[api]).toBeGreaterThanOrEqual(1);
	}
}

const signed: string[] = [];

test(
	'200 orders with 20 in flight, every tenth posted twice (one after the other or at once): each signed exactly once',
	async () => {
		const orders = shopOrders('Q-steady', 200, order);
		const report = await postOrders(orders, {
			url: cluster!.webhookUrl(SHOP_WEBHOOK),
			inFlight: IN_FLIGHT,
			attemptTimeoutMs: 60_000,
			maxAttempts: 8,
		});
		const references = orders.map((shopOrder) => shopOrder.reference);
		signed.push(...references);
		expectEveryOrderAnswered(report, references);
		expect(report.answers.get(orders[9].reference)).toHaveLength(2);
		await expectExactlyOncePerOrder(signed);
		await expectAuthWithinBound(WORKERS);
	},
	LOAD_TIMEOUT_MS,
);

test(
	'a worker killed (kill -9) in the middle of 150 orders: the shop posts again what failed, each order is signed exactly once',
	async () => {
		const orders = shopOrders('Q-crash', 150, order);
		let killed: Promise<void> | undefined;
		const report = await postOrders(orders, {
			url: cluster!.webhookUrl(SHOP_WEBHOOK),
			inFlight: IN_FLIGHT,
			// A job of the killed worker waits for its lock to lapse (QUEUE_WORKER_LOCK_DURATION).
			attemptTimeoutMs: 45_000,
			maxAttempts: 8,
			onAnswer: (answered) => {
				if (answered === 40) killed = cluster!.killWorker(0);
			},
		});
		await killed;
		expect(cluster!.workers[0].process.hasExited()).toBe(true);
		const references = orders.map((shopOrder) => shopOrder.reference);
		signed.push(...references);
		expectEveryOrderAnswered(report, references);
		await expectExactlyOncePerOrder(signed);
		await expectAuthWithinBound(WORKERS);
		defaultProgress(
			`queue mode: ${report.answers.size} orders in ${report.seconds.toFixed(1)} s, ${report.retried} attempts posted again after the worker was killed`,
		);
	},
	LOAD_TIMEOUT_MS,
);
