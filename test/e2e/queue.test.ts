// n8n 2.41.1 in queue mode, as a shop that outgrew one n8n process runs it: PostgreSQL 17 and Redis,
// a main process, two workers and a webhook processor (scripts/real-n8n/queueCluster.ts), this
// package installed as a community package, the shop example published, the simulator as fiskaly.
// Shop traffic with 20 orders in flight, some posted twice, and a worker killed (kill -9) in the
// middle: every order is signed exactly once and every shop request ends with its receipt. Then the
// killed worker is replaced, as a supervisor would, and takes orders; and the shop workflow is
// published again for a second register while orders arrive, measuring how long the old one signs.
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
import {
	postOrders,
	shopOrders,
	type Answer,
	type LoadReport,
	type ShopOrder,
} from '../../scripts/real-n8n/queueLoad';
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
		{ text: 'Coffee beans 1 kg', quantity: 2, price_per_unit: '14.90', vat_rate: 7 },
		{ text: 'Espresso cup', quantity: 1, price_per_unit: '9.95', vat_rate: '19%' },
	],
	payments: [
		{ payment_type: 'NON_CASH', amount: '30.00' },
		{ payment_type: 'CASH', amount: '9.75' },
	],
});

type Json = Record<string, any>;

let simulator: RunningSimulator;
let api: SimulatorClient;
let cluster: QueueCluster | undefined;
let register: CashRegister;
/** A second register (client) on the same TSS, for the re-publish test. */
let secondRegister: CashRegister;
let main: RunningN8n;
let shopWorkflowId: string;
let salesTableId: string;

beforeAll(async () => {
	simulator = await startSimulator({ port: 0 });
	const http = new KeepAliveClient(2);
	try {
		const tss = await provisionTss(http, simulator.url, simulator, 2);
		register = { tssId: tss.tssId, clientId: tss.clientIds[0] };
		secondRegister = { tssId: tss.tssId, clientId: tss.clientIds[1] };
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
	main = cluster.main as RunningN8n;
	await main.setUpOwner(DEMO_OWNER);
	salesTableId = await createSalesTable(main);
	const shop = shopWorkflow(register);
	shopWorkflowId = shop.id;
	await cluster.n8n.importWorkflows([shop]);
	await activateOnServer(main, shop.id);
	await cluster.waitForWebhook(SHOP_WEBHOOK);
	await control('DELETE', '/stats');
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await cluster?.stop();
	await simulator?.close();
});

/** The shop example as it is in examples/, signing on `cashRegister`, recording into the sales table. */
function shopWorkflow(cashRegister: CashRegister) {
	return withDataTable(
		withCashRegister(loadExample('shopOrderToReceipt'), cashRegister),
		salesTableId,
	);
}

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

/** Steady shop traffic: each order answered with its receipt and signed exactly once. */
async function postSteadyOrders(prefix: string, count: number): Promise<ShopOrder[]> {
	const orders = shopOrders(prefix, count, order);
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
	return orders;
}

test(
	'200 orders with 20 in flight, every tenth posted twice (one after the other or at once): each signed exactly once',
	async () => {
		await postSteadyOrders('Q-steady', 200);
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

test(
	'the killed worker replaced (as a supervisor restarts it): the new worker takes orders and asks for at most one token per API, each order still signed exactly once',
	async () => {
		const before = (await control('GET', '/stats')).authByApi as Record<string, number>;
		const replacement = await cluster!.startWorker(IN_FLIGHT / WORKERS, 0);
		const orders = await postSteadyOrders('Q-replaced', 60);
		const ranByReplacement = QueueCluster.executionsStarted(replacement);
		expect(ranByReplacement).toBeGreaterThan(0);
		// Only the replacement lacks tokens (the other worker's outlive the test): what it fetched is the difference.
		const after = (await control('GET', '/stats')).authByApi as Record<string, number>;
		const fetchedByReplacement = Object.fromEntries(
			Object.keys(after).map((api) => [api, after[api] - before[api]]),
		);
		for (const api of ['signDe', 'dsfinvk', 'submitDe'])
			expect({ api, auth: fetchedByReplacement[api] <= 1 }).toEqual({ api, auth: true });
		await expectAuthWithinBound(WORKERS + 1);
		defaultProgress(
			`queue mode: the replacement worker ran ${ranByReplacement} of the ${orders.length} orders' executions; POST /auth it made: ${JSON.stringify(fetchedByReplacement)}`,
		);
	},
	LOAD_TIMEOUT_MS,
);

/** Client serial numbers provisionTss gives the TSS's clients: BENCH-TILL-1, BENCH-TILL-2. */
const OLD_SERIAL = 'BENCH-TILL-1';
const clientSerial = (answer: Answer) =>
	String(((answer.body?.receipt ?? {}) as Json).client_serial_number);

test(
	're-publishing the shop workflow for a second register while 20 orders are in flight: each order signed exactly once on one register, and within 120 s every new order on the new one',
	async () => {
		const SWITCH_BOUND_MS = 120_000;
		const NEW_ORDERS_TO_SEE = 40;
		const orders = shopOrders('Q-republish', 1000, order);
		let switching: Promise<void> | undefined;
		let importStartedAt = 0;
		let publishedAt = 0;
		let newAfterPublish = 0;
		const report = await postOrders(orders, {
			url: cluster!.webhookUrl(SHOP_WEBHOOK),
			inFlight: IN_FLIGHT,
			attemptTimeoutMs: 60_000,
			// The import takes the workflow offline until it is published again: 404s, posted again.
			maxAttempts: 30,
			// 502: an order signed on the old register, posted again to the new one, is refused.
			finalStatuses: [200, 400, 502],
			onAnswer: (answered, answer) => {
				if (answered === 30) {
					switching = (async () => {
						importStartedAt = Date.now();
						await cluster!.n8n.importWorkflows([shopWorkflow(secondRegister)]);
						await activateOnServer(main, shopWorkflowId);
						publishedAt = Date.now();
					})();
				}
				if (publishedAt > 0 && answer.answeredAt > publishedAt && answer.status === 200)
					if (clientSerial(answer) !== OLD_SERIAL) newAfterPublish++;
			},
			// The shop keeps ordering until the new register has taken a run of orders, or the bound is over.
			stopWhen: () =>
				publishedAt > 0 &&
				(newAfterPublish >= NEW_ORDERS_TO_SEE || Date.now() - publishedAt > SWITCH_BOUND_MS),
		});
		await switching;
		const references = [...report.answers.keys()];
		signed.push(...references);
		// Which register signed each order, as the TSS says, in the order the shop got the receipts.
		const byOrder = await transactionsByOrder();
		const sales = references
			.map((reference) => ({
				reference,
				answers: report.answers.get(reference)!,
				// When the shop got its receipt (a refused repost may come first).
				at: Math.min(
					...report.answers
						.get(reference)!
						.filter((answer) => answer.status === 200)
						.map((answer) => answer.answeredAt),
				),
				clientId: byOrder.get(reference)?.[0].client_id as string,
			}))
			.sort((a, b) => a.at - b.at);
		const oldAfterPublish = sales.filter(
			(sale) => sale.at > publishedAt && sale.clientId === register.clientId,
		);
		const lastOld = Math.max(publishedAt, ...oldAfterPublish.map((sale) => sale.at));
		const refused = sales.filter((sale) => sale.answers.some((answer) => answer.status === 502));
		defaultProgress(
			`queue mode re-publish: import + publish took ${((publishedAt - importStartedAt) / 1000).toFixed(1)} s ` +
				`(${report.retried} attempts posted again meanwhile); after the publish returned, ` +
				`${oldAfterPublish.length} orders were still signed on the old register, the last ` +
				`${((lastOld - publishedAt) / 1000).toFixed(1)} s after it; ${refused.length} orders signed on the old ` +
				`register and posted again were refused by the new version; ${sales.length} orders, ` +
				`${sales.filter((sale) => sale.clientId === secondRegister.clientId).length} on the new register`,
		);
		// Exactly one FINISHED transaction per order, on one of the two registers.
		await expectExactlyOncePerOrder(signed);
		expect(new Set(sales.map((sale) => sale.clientId))).toEqual(
			new Set([register.clientId, secondRegister.clientId]),
		);
		// Every order got its receipt; a repost got the same receipt, or (when the other version ran
		// it) a refusal saying the order is already signed, which is what the TSS shows.
		for (const sale of sales) {
			const receipts = sale.answers.filter((answer) => answer.status === 200);
			const signatures = new Set(
				receipts.map((answer) => (answer.body?.receipt as Json).signature),
			);
			expect({ reference: sale.reference, signatures: signatures.size }).toEqual({
				reference: sale.reference,
				signatures: 1,
			});
			expect(receipts[0].body).toMatchObject({ receipt: { reference: sale.reference } });
			for (const answer of sale.answers.filter((answer) => answer.status !== 200))
				expect({ status: answer.status, body: answer.body }).toMatchObject({
					status: 502,
					body: { order_id: sale.reference, reason: expect.stringMatching(/already signed/) },
				});
		}
		// Orders answered before the import were on the old register; after a bounded time every new
		// order is on the new one (the last ones all are).
		const beforeImport = sales.filter((sale) => sale.at < importStartedAt);
		expect(beforeImport.map((sale) => sale.clientId)).toEqual(
			beforeImport.map(() => register.clientId),
		);
		expect(lastOld - publishedAt).toBeLessThanOrEqual(SWITCH_BOUND_MS);
		const last = sales.slice(-NEW_ORDERS_TO_SEE / 2).map((sale) => sale.clientId);
		expect(last).toEqual(last.map(() => secondRegister.clientId));
	},
	LOAD_TIMEOUT_MS,
);
