// Order-keyed signing through n8n's engine: the shop-retry matrix (the same order posted 1, 2, 5
// and 20 times, one after another and all at once, with answers lost after commit), orders posted
// again with other amounts, and a retry after an aborted attempt. Read back from the TSS by list
// and by export: exactly one FINISHED transaction per order, every answer with the same signature.
import type { IDataObject } from 'n8n-workflow';

import { byId } from '../../../scripts/n8n-engine';
import { derivedTransactionId } from '../../support/reference';
import { readTar } from '../../support/tar';
import { parseLogMessage } from '../../support/tr03151';
import { EngineSession, type PreparedClient, type PreparedTss } from './session';

let session: EngineSession;
let tss: PreparedTss;
let client: PreparedClient;

beforeAll(async () => {
	session = await EngineSession.start();
	tss = await session.prepareTss();
	client = await session.prepareClient(tss, 'Kasse Webshop');
});

afterAll(async () => {
	await session?.close();
});

beforeEach(async () => {
	await session.clearFaults();
});

const order = (reference: string, amount = '19.99', extra: IDataObject = {}) => ({
	tss: byId(tss.tssId),
	client: byId(client.clientId),
	reference,
	amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount }] },
	amountsPerPaymentType: { payments: [{ paymentType: 'NON_CASH', amount }] },
	...extra,
});

function signOrder(reference: string, amount?: string) {
	return session.engine.runNode({
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: order(reference, amount),
		continueOnFail: true,
	});
}

const derivedId = (reference: string, attempt = 1) =>
	derivedTransactionId(tss.tssId, reference, attempt);

async function transactionsOf(reference: string): Promise<any[]> {
	const all: any[] = [];
	for (let offset = 0; ; offset += 100) {
		const page = await session.expectOk('GET', `/tss/${tss.tssId}/tx?limit=100&offset=${offset}`);
		all.push(...page.data);
		if (page.data.length < 100) break;
	}
	return all.filter((tx) => tx.metadata?.reference === reference);
}

/** Signed Finish logs per transaction number, read from a TAR export of the whole TSS. */
async function finishLogsByNumber(): Promise<Map<number, number>> {
	const triggered = await session.expectOk(
		'PUT',
		`/tss/${tss.tssId}/export/${crypto.randomUUID()}`,
		{ body: {} },
	);
	for (let i = 0; i < 100; i++) {
		const file = await session.api.raw('GET', `/tss/${tss.tssId}/export/${triggered._id}/file`);
		if (file.status === 200) {
			const counts = new Map<number, number>();
			for (const entry of readTar(file.raw)) {
				if (!entry.name.endsWith('.log')) continue;
				const log = parseLogMessage(entry.data);
				if (log.operationType !== 'FinishTransaction') continue;
				const number = Number(log.transactionNumber);
				counts.set(number, (counts.get(number) ?? 0) + 1);
			}
			return counts;
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error('export did not complete');
}

describe('Sign Receipt › Reference: one order, one signature', () => {
	it.each([
		['sequentially', 1],
		['sequentially', 2],
		['sequentially', 5],
		['sequentially', 20],
		['concurrently', 2],
		['concurrently', 5],
		['concurrently', 20],
	])(
		'the same order posted %s %i time(s) is signed once, every answer the same',
		async (how, times) => {
			const reference = `A-${how}-${times}`;
			const runs = [];
			if (how === 'sequentially')
				for (let i = 0; i < times; i++) runs.push(await signOrder(reference));
			else
				runs.push(
					...(await Promise.all(Array.from({ length: times }, () => signOrder(reference)))),
				);
			const answers = runs.map((run) => run.items[0].json as any);
			for (const answer of answers) expect(answer.error).toBeUndefined();
			expect(new Set(answers.map((answer) => answer.receipt.signature)).size).toBe(1);
			expect(new Set(answers.map((answer) => answer.receipt.qr_code_data)).size).toBe(1);
			expect(answers[0]._id).toBe(derivedId(reference));
			expect(answers[0].metadata).toMatchObject({ reference });
			const stored = await transactionsOf(reference);
			expect(stored.map((tx) => tx.state)).toEqual(['FINISHED']);
		},
	);

	it('the same order five times in one execution with Concurrency 5 is signed once', async () => {
		const reference = 'A-one-execution';
		const run = await session.engine.runNode({
			resource: 'transaction',
			operation: 'signReceipt',
			parameters: order(reference, '7.77', { options: { concurrency: 5 } }),
			items: Array.from({ length: 5 }, (_, row) => ({ json: { row } })),
		});
		expect(run.error).toBeUndefined();
		const signatures = run.items.map((item) => (item.json as any).receipt.signature);
		expect(signatures).toHaveLength(5);
		expect(new Set(signatures).size).toBe(1);
		expect(run.items.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		expect((await transactionsOf(reference)).map((tx) => tx.state)).toEqual(['FINISHED']);
	});

	it('answers lost after commit: the shop retries and gets the transaction already signed', async () => {
		const reference = 'A-lost-answers';
		await session.inject(
			{ method: 'PUT', path: `/tss/*/tx/${derivedId(reference)}` },
			{ type: 'drop', when: 'after' },
			6,
		);
		const first = await signOrder(reference);
		const second = await signOrder(reference);
		const signatures = [first, second]
			.map((run) => run.items[0].json as any)
			.filter((answer) => answer.error === undefined)
			.map((answer) => answer.receipt.signature);
		expect(signatures.length).toBeGreaterThan(0);
		expect(new Set(signatures).size).toBe(1);
		expect((await transactionsOf(reference)).map((tx) => tx.state)).toEqual(['FINISHED']);
	});

	it('the same order with other amounts is refused, not signed', async () => {
		const reference = 'A-other-amounts';
		const signed = (await signOrder(reference, '10.00')).items[0].json as any;
		const again = (await signOrder(reference, '12.00')).items[0].json as any;
		expect(again.error.message).toBe(
			`Order ${reference} was already signed (transaction number ${signed.number}) with other data`,
		);
		expect(again.error.description).toMatch(/signed once/);
		expect((await transactionsOf(reference)).map((tx) => tx.state)).toEqual(['FINISHED']);
	});

	it('the same order with other amounts arriving at the same time: one is signed, the other refused', async () => {
		const reference = 'A-race';
		const runs = await Promise.all([
			signOrder(reference, '5.00'),
			signOrder(reference, '6.00'),
			signOrder(reference, '5.00'),
		]);
		const answers = runs.map((run) => run.items[0].json as any);
		const signed = answers.filter((answer) => answer.error === undefined);
		expect(new Set(signed.map((answer) => answer.receipt.signature)).size).toBe(1);
		for (const refused of answers.filter((answer) => answer.error !== undefined)) {
			expect(refused.error.message).toMatch(/^Order A-race was already signed .* with other data$/);
		}
		expect((await transactionsOf(reference)).map((tx) => tx.state)).toEqual(['FINISHED']);
	});

	it('after an aborted attempt the order is signed under the next derived ID, still once', async () => {
		const reference = 'A-aborted';
		const started = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'start',
			parameters: { tss: byId(tss.tssId), client: byId(client.clientId), reference },
		});
		expect(started[0].json._id).toBe(derivedId(reference));
		await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'cancel',
			parameters: { tss: byId(tss.tssId), transactionId: derivedId(reference) },
		});
		const signed = (await signOrder(reference)).items[0].json as any;
		expect(signed._id).toBe(derivedId(reference, 2));
		const again = (await signOrder(reference)).items[0].json as any;
		expect(again.receipt.signature).toBe(signed.receipt.signature);
		const states = (await transactionsOf(reference)).map((tx) => tx.state).sort();
		expect(states).toEqual(['CANCELLED', 'FINISHED']);
	});

	it('Start with a Reference returns the open transaction and refuses a signed order', async () => {
		const reference = 'A-start';
		const start = () =>
			session.engine.runNode({
				resource: 'transaction',
				operation: 'start',
				parameters: { tss: byId(tss.tssId), client: byId(client.clientId), reference },
				continueOnFail: true,
			});
		const [first, second] = [await start(), await start()];
		expect(second.items[0].json._id).toBe(first.items[0].json._id);
		await signOrder(reference);
		const afterSigning = (await start()).items[0].json as any;
		expect(afterSigning.error.message).toMatch(
			/^Order A-start was already signed \(transaction number \d+\)$/,
		);
	});

	it('refuses a Reference together with a Transaction ID, and a reference with a line break, before any call', async () => {
		await session.resetTraffic();
		const both = await session.engine.runNode({
			resource: 'transaction',
			operation: 'signReceipt',
			parameters: order('A-1', '1.00', { transactionId: crypto.randomUUID() }),
			continueOnFail: true,
		});
		expect((both.items[0].json as any).error.message).toMatch(
			/^Transaction ID: is given together with a Reference/,
		);
		const broken = await signOrder('A-1\nA-2');
		expect((broken.items[0].json as any).error.message).toMatch(
			/^Reference: contains a line break/,
		);
		expect((await session.requestLines()).filter((line) => line !== 'POST /auth')).toEqual([]);
	});

	it('TSE outage: with On TSE Outage › Output a TSE Failure Receipt the sale goes on with a failure receipt', async () => {
		const reference = 'A-outage';
		await session.inject(
			{ method: 'PUT', path: `/tss/*/tx/${derivedId(reference)}` },
			{ type: 'status', status: 503 },
			8,
		);
		const run = await session.engine.runNode({
			resource: 'transaction',
			operation: 'signReceipt',
			parameters: order(reference, '4.20', { options: { onTseOutage: 'failureReceipt' } }),
		});
		expect(run.error).toBeUndefined();
		const item = run.items[0].json as any;
		expect(item).toMatchObject({
			tse_failure: true,
			reference,
			transaction_id: derivedId(reference),
		});
		expect(item.reason).toMatch(/HTTP 503|503/);
		expect(Date.parse(item.time)).toBeGreaterThan(Date.now() - 60_000);
		expect(item.receipt).toMatchObject({
			tse_failure: true,
			tse_failure_reason: item.reason,
			signature: null,
			reference,
		});
		expect(item.receipt.warnings[0]).toMatch(/TSE ausgefallen/);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		await session.clearFaults();
		// Once fiskaly is back the same order is signed normally, once.
		const later = (await signOrder(reference, '4.20')).items[0].json as any;
		expect(later.receipt.tse_failure).toBe(false);
		expect((await transactionsOf(reference)).map((tx) => tx.state)).toEqual(['FINISHED']);
	});

	it('Require Reference refuses an order without a number before any call, also on a TSE outage setting', async () => {
		await session.resetTraffic();
		for (const reference of ['', '   ']) {
			const run = await session.engine.runNode({
				resource: 'transaction',
				operation: 'signReceipt',
				parameters: order(reference, '2.50', {
					options: { requireReference: true, onTseOutage: 'failureReceipt' },
				}),
				continueOnFail: true,
			});
			const error = (run.items[0].json as any).error;
			expect(error.message).toBe('Reference: is empty [item 0]');
			expect(error.description).toMatch(/order number .* Require Reference/);
		}
		expect(await session.requestLines()).toEqual([]);
		// Without the option an empty Reference still signs, under a random transaction ID.
		const signed = (await signOrder('', '2.50')).items[0].json as any;
		expect(signed.error).toBeUndefined();
		expect(signed.state).toBe('FINISHED');
	});

	it('a refusal is no outage: the failure receipt is only for an unreachable or failing TSE', async () => {
		const signed = (await signOrder('A-refusal', '1.00')).items[0].json as any;
		expect(signed.error).toBeUndefined();
		const run = await session.engine.runNode({
			resource: 'transaction',
			operation: 'signReceipt',
			parameters: order('A-refusal', '2.00', { options: { onTseOutage: 'failureReceipt' } }),
			continueOnFail: true,
		});
		expect((run.items[0].json as any).error.message).toMatch(/already signed/);
	});

	it('a sale that fails after its start names the transaction, so the error path can cancel it at once', async () => {
		const reference = 'A-fails-after-start';
		const id = derivedId(reference);
		await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'start',
			parameters: { tss: byId(tss.tssId), client: byId(client.clientId), reference },
		});
		await session.inject(
			{ method: 'PUT', path: `/tss/*/tx/${id}` },
			{ type: 'status', status: 400, code: 'E_FAILED_SCHEMA_VALIDATION' },
			1,
		);
		const failed = (await signOrder(reference)).items[0].json as any;
		expect(failed.error).toMatchObject({ code: 'E_FAILED_SCHEMA_VALIDATION', transaction_id: id });
		const cancelled = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'cancel',
			parameters: { tss: byId(tss.tssId), transactionId: failed.error.transaction_id },
		});
		expect((cancelled[0].json as any).receipt.process_data).toBe(
			'AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^',
		);
		expect((await transactionsOf(reference)).map((tx) => tx.state)).toEqual(['CANCELLED']);
	});

	it('the export holds one Finish log per signed order', async () => {
		const counts = await finishLogsByNumber();
		for (const reference of ['A-sequentially-20', 'A-concurrently-20', 'A-aborted']) {
			const [finished] = (await transactionsOf(reference)).filter((tx) => tx.state === 'FINISHED');
			expect(counts.get(finished.number)).toBe(1);
		}
	});
});
