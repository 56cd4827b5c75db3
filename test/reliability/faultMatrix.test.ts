// The fault matrix: 200 Sign Receipt items go through the node (n8n's engine, in-process, Concurrency
// 10, continueOnFail) while the simulator injects one fault at a time. Afterwards the TSS is read
// back on its own (list endpoint + a full export, every log signature verified) and each item must
// be signed exactly once with gapless, unique signature counters, or — where the fault is permanent —
// end as a clear per-item error. Nothing silently lost, nothing signed twice. The matrix is printed.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { INodeExecutionData } from 'n8n-workflow';

import { startSimulator, type RunningSimulator } from '../../simulator';
import { byId, type NodeRunResult } from '../../scripts/n8n-engine';
import {
	EngineSession,
	type Fault,
	type PreparedClient,
	type PreparedTss,
} from '../node/engine/session';
import { counterProblems, readLedger, type Ledger, type Operation } from './ledger';

const ITEMS = 200;
const CONCURRENCY = 10;
const TOKEN_TTL_SECONDS = 3600;
/** Faults are injected once this many upserts of the batch went through: mid-batch. */
const MID_BATCH_UPSERTS = 150;
/** How long the restarted simulator stays away: within the node's retry budget (0.5 + 1 + 2 s). */
const RESTART_DOWNTIME_MS = 1000;

/** The main simulator's clock; the token-expiry row moves it past the token lifetime. */
let clockOffsetMs = 0;
let session: EngineSession;

interface Register {
	session: EngineSession;
	tss: PreparedTss;
	client: PreparedClient;
}

interface Expectation {
	/** Items the fault defeats for good: they must end as a clear error item. */
	failing?: Set<number>;
	/** What the error item of a failing item must say. */
	failingError?: RegExp;
	/** Transactions that get an Update log from elsewhere besides the node's Start and Finish. */
	updatedElsewhere?: Set<string>;
	/** Transactions of failing items that exist anyway (signed by someone else before the batch). */
	preexisting?: Set<string>;
}

interface MatrixRow {
	fault: string;
	injected: string;
	signed: number;
	failedClearly: number;
	lost: number;
	signedTwice: number;
	counters: string;
	seconds: number;
	pass: boolean;
}

const matrix: MatrixRow[] = [];

beforeAll(async () => {
	session = await EngineSession.start({
		tokenTtlSeconds: TOKEN_TTL_SECONDS,
		clock: () => Date.now() + clockOffsetMs,
		exportTiming: { pendingMs: 10, workingMs: 10 },
	});
});

afterAll(async () => {
	await session?.close();
	console.log(renderMatrix(matrix));
});

async function freshRegister(on: EngineSession = session): Promise<Register> {
	const tss = await on.prepareTss();
	const client = await on.prepareClient(tss, `Kasse ${randomUUID().slice(0, 8)}`);
	await on.clearFaults();
	await on.resetTraffic();
	return { session: on, tss, client };
}

const amountOf = (index: number) => `${(index % 50) + 1}.${String(index % 100).padStart(2, '0')}`;

function batchItems(ids: string[]): INodeExecutionData[] {
	return ids.map((id, index) => ({ json: { id, amount: amountOf(index) } }));
}

function runBatch(register: Register, ids: string[]): Promise<NodeRunResult> {
	return register.session.engine.runNode({
		resource: 'transaction',
		operation: 'signReceipt',
		items: batchItems(ids),
		continueOnFail: true,
		parameters: {
			tss: byId(register.tss.tssId),
			client: byId(register.client.clientId),
			transactionId: '={{ $json.id }}',
			amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount: '={{ $json.amount }}' }] },
			amountsPerPaymentType: { payments: [{ paymentType: 'CASH', amount: '={{ $json.amount }}' }] },
			options: { concurrency: CONCURRENCY },
		},
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the simulator has handled `upserts` transaction upserts of the running batch. */
async function upsertsReached(
	register: Register,
	upserts: number,
	batch: { done: boolean },
): Promise<void> {
	for (;;) {
		if ((await register.session.stats()).upserts >= upserts) return;
		if (batch.done)
			throw new Error(`the batch ended before ${upserts} upserts: fault came too late`);
		await sleep(5);
	}
}

/** Runs the batch and, while it runs, `during` (e.g. injects a fault mid-batch). */
async function runWith(
	register: Register,
	ids: string[],
	during?: (batch: { done: boolean }) => Promise<void>,
): Promise<{ result: NodeRunResult; seconds: number }> {
	const started = Date.now();
	const batch = { done: false };
	const running = runBatch(register, ids).finally(() => {
		batch.done = true;
	});
	const [result] = await Promise.all([running, during?.(batch)]);
	return { result, seconds: (Date.now() - started) / 1000 };
}

/** Late items whose start (their first upsert) gets the fault too: a mid-batch rule tends to hit finishes. */
const START_TARGETS = [165, 180, 195];

/**
 * Injects `fault` on the start of a few late items, and on the next `count` transaction upserts
 * of any item once the batch is under way.
 */
async function injectMidBatch(
	register: Register,
	ids: string[],
	fault: Fault,
	count: number,
	batch: { done: boolean },
): Promise<void> {
	for (const index of START_TARGETS)
		await register.session.inject({ method: 'PUT', path: `/tss/*/tx/${ids[index]}` }, fault);
	await upsertsReached(register, MID_BATCH_UPSERTS, batch);
	await register.session.inject({ method: 'PUT', path: '/tss/*/tx/*' }, fault, count);
}

/** Which upserts the fault hit, from the simulator's request log: "start ×3, finish ×2". */
async function faultHits(register: Register): Promise<string> {
	const hits = (await register.session.requests()).filter((request) => request.fault);
	const starts = hits.filter((request) => /tx_revision=1\b/.test(request.query)).length;
	return `${hits.length} upserts: ${starts} starts, ${hits.length - starts} finishes`;
}

/**
 * Checks the batch against the TSS as read back, records a matrix row, and fails the test with
 * every problem found (not only the first).
 */
async function verifyBatch(
	register: Register,
	ids: string[],
	run: { result: NodeRunResult; seconds: number },
	row: { fault: string; injected: string },
	expectation: Expectation = {},
): Promise<void> {
	const { result } = run;
	const failing = expectation.failing ?? new Set<number>();
	const problems: string[] = [];
	if (result.error) problems.push(`the workflow failed: ${result.error.message}`);
	if (result.items.length !== ids.length)
		problems.push(`${result.items.length} output items for ${ids.length} input items`);
	const unpaired = result.rawPairedItems.filter(
		(paired, index) => (paired as { item?: number } | undefined)?.item !== index,
	).length;
	if (unpaired) problems.push(`${unpaired} output items not paired with their input item`);

	await register.session.reauthenticate();
	const ledger: Ledger = await readLedger(
		register.session.api,
		register.tss.tssId,
		register.tss.publicKey,
	);

	let signed = 0;
	let failedClearly = 0;
	let lost = 0;
	const expectedNumbers = new Set<number>();
	ids.forEach((id, index) => {
		const json = result.items[index]?.json as any;
		const stored = ledger.transactions.get(id);
		if (failing.has(index)) {
			const clear =
				typeof json?.error?.message === 'string' &&
				(expectation.failingError ?? /\S/).test(json.error.message) &&
				typeof json.error.description === 'string' &&
				json.error.description.length > 0 &&
				json._id === undefined;
			if (clear) failedClearly++;
			else problems.push(`item ${index}: expected a clear error item, got ${JSON.stringify(json)}`);
			if (stored && expectation.preexisting?.has(id)) expectedNumbers.add(stored.number);
			else if (stored && stored.state === 'FINISHED')
				problems.push(`item ${index}: reported failed but transaction ${id} is FINISHED`);
			else if (stored) expectedNumbers.add(stored.number);
			return;
		}
		if (!stored || stored.state !== 'FINISHED') {
			lost++;
			problems.push(
				`item ${index}: transaction ${id} is ${stored?.state ?? 'missing'} (output ${JSON.stringify(json).slice(0, 200)})`,
			);
			return;
		}
		expectedNumbers.add(stored.number);
		if (json?._id !== id || json.state !== 'FINISHED') {
			lost++;
			problems.push(`item ${index}: output ${JSON.stringify(json).slice(0, 200)}`);
			return;
		}
		// The output is the transaction as stored: same signature, verifiable on its own.
		try {
			register.session.api.verifyTransaction(json);
		} catch (error) {
			problems.push(`item ${index}: ${(error as Error).message}`);
		}
		if (json.signature.value !== stored.signature.value)
			problems.push(`item ${index}: output signature is not the stored one`);
		if (ledger.numberByCounter.get(Number(json.signature.counter)) !== stored.number)
			problems.push(
				`item ${index}: signature counter ${json.signature.counter} is not its Finish log`,
			);
		const expected: Operation[] = expectation.updatedElsewhere?.has(id)
			? ['Start', 'Update', 'Finish']
			: ['Start', 'Finish'];
		const operations = ledger.operationsByNumber.get(stored.number) ?? [];
		if (operations.join() !== expected.join()) {
			problems.push(
				`item ${index}: transaction ${stored.number} has logs ${operations.join(', ')}`,
			);
		}
		signed++;
	});

	// Nothing else was signed on this TSS: no stray transaction, no second log for one.
	let signedTwice = 0;
	for (const [number, operations] of ledger.operationsByNumber) {
		if (!expectedNumbers.has(number)) {
			signedTwice++;
			problems.push(`transaction number ${number} (${operations.join(', ')}) belongs to no item`);
		} else if (
			operations.filter((operation) => operation === 'Start').length !== 1 ||
			operations.filter((operation) => operation === 'Finish').length > 1
		) {
			signedTwice++;
			problems.push(`transaction number ${number} has logs ${operations.join(', ')}`);
		}
	}
	if (ledger.transactions.size !== expectedNumbers.size)
		problems.push(
			`${ledger.transactions.size} transactions on the TSS, expected ${expectedNumbers.size}`,
		);
	const counterIssues = counterProblems(ledger);
	problems.push(...counterIssues);

	const pass = problems.length === 0;
	matrix.push({
		...row,
		signed,
		failedClearly,
		lost,
		signedTwice,
		counters: counterIssues.length ? 'GAPS/REPEATS' : `1..${ledger.tssSignatureCounter} gapless`,
		seconds: run.seconds,
		pass,
	});
	expect(problems).toEqual([]);
	expect(signed + failedClearly).toBe(ids.length);
}

const newIds = () => Array.from({ length: ITEMS }, () => randomUUID());
/** A few items spread over the batch. */
const spread = (count: number) =>
	Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * ITEMS) / count));

describe(`fault matrix: ${ITEMS} Sign Receipt items, Concurrency ${CONCURRENCY}, continueOnFail`, () => {
	it('no fault (baseline)', async () => {
		const register = await freshRegister();
		const ids = newIds();
		const run = await runWith(register, ids);
		await verifyBatch(register, ids, run, { fault: 'none (baseline)', injected: '—' });
	}, 60_000);

	const transient: Array<[string, Fault, number]> = [
		['429 with Retry-After 1 s', { type: 'status', status: 429, retryAfter: 1 }, 5],
		['500', { type: 'status', status: 500 }, 5],
		['502', { type: 'status', status: 502 }, 5],
		['503 (Retry-After 1 s)', { type: 'status', status: 503 }, 5],
		['connection dropped before commit', { type: 'drop', when: 'before' }, 8],
		['connection dropped after commit', { type: 'drop', when: 'after' }, 8],
		['3 s latency spikes', { type: 'latency', ms: 3000 }, 3],
	];
	it.each(transient)(
		'%s, mid-batch: retried, every item signed once',
		async (name, fault, count) => {
			const register = await freshRegister();
			const ids = newIds();
			const run = await runWith(register, ids, (batch) =>
				injectMidBatch(register, ids, fault, count, batch),
			);
			expect((await register.session.stats()).faultsApplied).toBe(count + START_TARGETS.length);
			await verifyBatch(register, ids, run, {
				fault: name,
				injected: await faultHits(register),
			});
		},
		60_000,
	);

	it('access token expires mid-batch: renewed, every item signed once', async () => {
		const register = await freshRegister();
		const ids = newIds();
		const before = session.engine.credentials.stats.expiredRetries;
		const run = await runWith(register, ids, async (batch) => {
			await upsertsReached(register, MID_BATCH_UPSERTS, batch);
			clockOffsetMs += (TOKEN_TTL_SECONDS + 60) * 1000; // every token issued so far is expired now
		});
		const stats = await register.session.stats();
		const renewals = session.engine.credentials.stats.expiredRetries - before;
		expect(stats.byStatus['401']).toBeGreaterThan(1);
		expect(renewals).toBe(stats.byStatus['401']);
		// The requests in flight all got a 401 and n8n asked for a new token for each of them:
		// they share one POST /auth.
		expect(stats.authByApi).toEqual({ signDe: 1, dsfinvk: 1, submitDe: 1 });
		await verifyBatch(register, ids, run, {
			fault: 'token expiry mid-batch',
			injected: `${stats.byStatus['401']} × 401, ${stats.authByApi.signDe} /auth per API`,
		});
	}, 60_000);

	it('E_TX_UPSERT: transactions pre-started and updated elsewhere are finished, not signed twice', async () => {
		const register = await freshRegister();
		const ids = newIds();
		const updated = new Set(spread(10).map((index) => ids[index]));
		// Another till started these transactions (and added data) under the IDs the batch uses.
		for (const id of updated) {
			const txPath = `/tss/${register.tss.tssId}/tx/${id}`;
			const body = { state: 'ACTIVE', client_id: register.client.clientId };
			await register.session.expectOk('PUT', txPath, { query: { tx_revision: 1 }, body });
			await register.session.expectOk('PUT', txPath, {
				query: { tx_revision: 2 },
				body: { ...body, schema: { standard_v1: { receipt: receiptSchema('0.50') } } },
			});
		}
		await register.session.resetTraffic();
		const run = await runWith(register, ids);
		const stats = await register.session.stats();
		expect(stats.byStatus['400']).toBe(updated.size); // one E_TX_UPSERT per pre-started ID
		await verifyBatch(
			register,
			ids,
			run,
			{
				fault: 'E_TX_UPSERT: pre-started elsewhere',
				injected: `${updated.size} IDs at revision 2`,
			},
			{ updatedElsewhere: updated },
		);
	}, 60_000);

	it('E_TX_UPSERT: transactions updated elsewhere between start and finish are resynced', async () => {
		const register = await freshRegister();
		const ids = newIds();
		const targets = spread(5).map((index) => ids[index]);
		// Start and finish of each target wait 1 s before they are handled; in that window another
		// till updates the transaction (by its number, so its own request is not delayed).
		for (const id of targets)
			await register.session.inject(
				{ method: 'PUT', path: `/tss/*/tx/${id}` },
				{ type: 'latency', ms: 1000 },
				2,
			);
		const updateElsewhere = async (id: string) => {
			const txPath = `/tss/${register.tss.tssId}/tx/${id}`;
			for (let attempt = 0; attempt < 400; attempt++) {
				const found = await register.session.api.call('GET', txPath);
				if (found.status === 200) {
					await sleep(100); // the node's finish is now waiting in its latency
					await register.session.expectOk(
						'PUT',
						`/tss/${register.tss.tssId}/tx/${found.body.number}`,
						{
							query: { tx_revision: 2 },
							body: {
								state: 'ACTIVE',
								client_id: register.client.clientId,
								schema: { standard_v1: { receipt: receiptSchema('0.10') } },
							},
						},
					);
					return;
				}
				await sleep(10);
			}
			throw new Error(`transaction ${id} never started`);
		};
		const run = await runWith(register, ids, async () => {
			await Promise.all(targets.map(updateElsewhere));
		});
		const upsertConflicts = (await register.session.requests()).filter(
			(request) => request.method === 'PUT' && request.status === 400,
		).length;
		expect(upsertConflicts).toBe(targets.length);
		await verifyBatch(
			register,
			ids,
			run,
			{
				fault: 'E_TX_UPSERT: updated between start and finish',
				injected: `${targets.length} IDs, ${upsertConflicts} × 400`,
			},
			{ updatedElsewhere: new Set(targets) },
		);
	}, 60_000);

	it('simulator restart on its data directory mid-batch: every item signed once', async () => {
		const dataDir = mkdtempSync(path.join(tmpdir(), 'fiskaly-fault-matrix-'));
		const durable = await EngineSession.start({
			dataDir,
			exportTiming: { pendingMs: 10, workingMs: 10 },
		});
		let restarted: RunningSimulator | undefined;
		try {
			const register = await freshRegister(durable);
			const ids = newIds();
			let downMs = 0;
			const run = await runWith(register, ids, async (batch) => {
				await upsertsReached(register, MID_BATCH_UPSERTS, batch);
				const stopped = Date.now();
				await durable.sim.close(); // in-flight requests lose their connection
				await sleep(RESTART_DOWNTIME_MS); // requests meanwhile find the port closed
				restarted = await startSimulator({ port: durable.sim.port, dataDir });
				downMs = Date.now() - stopped;
			});
			// The restarted simulator's own counters: what the node sent after the restart.
			const after = await durable.stats();
			await verifyBatch(register, ids, run, {
				fault: 'simulator restart (--data-dir)',
				injected: `down ${downMs} ms; then ${after.upserts} upserts, ${after.replayedUpserts} replayed`,
			});
		} finally {
			await restarted?.close();
			await durable.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	}, 60_000);

	it('permanent 503 for 3 items: clear per-item errors, the other items signed once', async () => {
		const register = await freshRegister();
		const ids = newIds();
		const failing = new Set(spread(3));
		for (const index of failing)
			await register.session.inject(
				{ method: 'PUT', path: `/tss/*/tx/${ids[index]}` },
				{ type: 'status', status: 503 },
				100,
			);
		const run = await runWith(register, ids);
		await register.session.clearFaults();
		await verifyBatch(
			register,
			ids,
			run,
			{ fault: 'permanent 503 on 3 transactions', injected: '503 on every attempt' },
			{ failing, failingError: /E_TSS_LOCKED/ },
		);
		for (const index of failing)
			expect((run.result.items[index].json.error as any).description).toMatch(/tried 4 times/);
	}, 60_000);

	it('permanent E_TX_UPSERT: IDs already used for other receipts fail clearly, nothing re-signed', async () => {
		const register = await freshRegister();
		const ids = newIds();
		const failing = new Set(spread(3));
		for (const index of failing) {
			const txPath = `/tss/${register.tss.tssId}/tx/${ids[index]}`;
			const body = { state: 'ACTIVE', client_id: register.client.clientId };
			await register.session.expectOk('PUT', txPath, { query: { tx_revision: 1 }, body });
			await register.session.expectOk('PUT', txPath, {
				query: { tx_revision: 2 },
				body: {
					...body,
					state: 'FINISHED',
					schema: { standard_v1: { receipt: receiptSchema('99.99') } },
				},
			});
		}
		await register.session.resetTraffic();
		const run = await runWith(register, ids);
		await verifyBatch(
			register,
			ids,
			run,
			{ fault: 'permanent E_TX_UPSERT (ID already signed)', injected: '3 IDs finished elsewhere' },
			{
				failing,
				failingError: /was already signed \(transaction number \d+\) with other data/,
				preexisting: new Set([...failing].map((index) => ids[index])),
			},
		);
	}, 60_000);
});

function receiptSchema(amount: string) {
	return {
		receipt_type: 'RECEIPT',
		amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount }],
		amounts_per_payment_type: [{ payment_type: 'CASH', amount }],
	};
}

function renderMatrix(rows: MatrixRow[]): string {
	const header = [
		'fault',
		'injected',
		'signed once',
		'failed clearly',
		'lost',
		'signed twice',
		'counters',
		's',
		'result',
	];
	const body = rows.map((row) => [
		row.fault,
		row.injected,
		String(row.signed),
		String(row.failedClearly),
		String(row.lost),
		String(row.signedTwice),
		row.counters,
		row.seconds.toFixed(1),
		row.pass ? 'PASS' : 'FAIL',
	]);
	const widths = header.map((title, column) =>
		Math.max(title.length, ...body.map((cells) => cells[column].length)),
	);
	const line = (cells: string[]) =>
		`| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
	return [
		`Fault matrix: ${ITEMS} Sign Receipt items per row, Concurrency ${CONCURRENCY}, continueOnFail on`,
		line(header),
		`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
		...body.map(line),
	].join('\n');
}
