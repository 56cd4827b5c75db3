// What a TSS really holds, read back independently of the node: every transaction (list endpoint)
// and every signed log (a full export TAR read with the test helpers' own TAR and TR-03151 readers,
// each signature verified). The reliability tests compare that with what the node reported, so an
// item signed twice, a lost item or a counter that skips cannot hide behind a green node output.
import { randomUUID } from 'node:crypto';

import type { SimulatorClient } from '../support/simulatorClient';
import { readTar } from '../support/tar';
import { parseLogMessage, verifyPlainSignature } from '../support/tr03151';

/** The log operations of a transaction in signing order, e.g. ['Start', 'Update', 'Finish']. */
export type Operation = 'Start' | 'Update' | 'Finish';

export interface Ledger {
	/** Transactions of the TSS by _id (latest revision as the list endpoint returns it). */
	transactions: Map<string, any>;
	/** Log operations per transaction number, in counter order. */
	operationsByNumber: Map<number, Operation[]>;
	/** Signature counters of all logs in the export, sorted. */
	counters: number[];
	/** Counter → transaction number for transaction logs. */
	numberByCounter: Map<number, number>;
	/** The TSS's own signature_counter after the batch. */
	tssSignatureCounter: number;
	systemLogs: number;
}

const EXPORT_WAIT_MS = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectOk(api: SimulatorClient, method: string, path: string, options = {}) {
	const answer = await api.call(method, path, options);
	if (answer.status !== 200)
		throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
	return answer.body;
}

/** Every transaction of the TSS, page by page (the contract client verifies each signature). */
export async function listTransactions(api: SimulatorClient, tssId: string): Promise<any[]> {
	const all: any[] = [];
	for (let offset = 0; ; offset += 100) {
		const page = await expectOk(api, 'GET', `/tss/${tssId}/tx`, {
			query: { limit: 100, offset, order_by: 'number', order: 'asc' },
		});
		all.push(...page.data);
		if (page.data.length < 100) return all;
	}
}

/** The signed logs of a whole TSS from an export, each signature checked with the TSS key. */
export async function exportedLogs(api: SimulatorClient, tssId: string, publicKey: string) {
	const exportId = randomUUID();
	await expectOk(api, 'PUT', `/tss/${tssId}/export/${exportId}`, { body: {} });
	const deadline = Date.now() + EXPORT_WAIT_MS;
	for (;;) {
		const exported = await expectOk(api, 'GET', `/tss/${tssId}/export/${exportId}`);
		if (exported.state === 'COMPLETED') break;
		if (exported.state !== 'PENDING' && exported.state !== 'WORKING')
			throw new Error(`export ${exportId} ended ${exported.state}: ${exported.exception}`);
		if (Date.now() > deadline) throw new Error(`export ${exportId} still ${exported.state}`);
		await sleep(50);
	}
	const file = await api.call('GET', `/tss/${tssId}/export/${exportId}/file`);
	if (file.status !== 200) throw new Error(`export file → ${file.status}`);
	return readTar(file.body as Buffer)
		.filter((entry) => entry.name.endsWith('.log'))
		.map((entry) => {
			const log = parseLogMessage(entry.data);
			if (!verifyPlainSignature(publicKey, log.dtbs, log.signature))
				throw new Error(`${entry.name}: the signature does not verify with the TSS key`);
			return { name: entry.name, log };
		});
}

const TRANSACTION_LOG_NAME = /_Log-Tra_No-(\d+)_(Start|Update|Finish)_/;

/** Reads the TSS back: transactions, every log of an export, and the TSS counters. */
export async function readLedger(
	api: SimulatorClient,
	tssId: string,
	publicKey: string,
): Promise<Ledger> {
	const transactions = new Map<string, any>();
	for (const tx of await listTransactions(api, tssId)) {
		if (transactions.has(tx._id)) throw new Error(`transaction ${tx._id} listed twice`);
		transactions.set(tx._id, tx);
	}
	const logs = await exportedLogs(api, tssId, publicKey);
	const tss = await expectOk(api, 'GET', `/tss/${tssId}`);
	const operationsByNumber = new Map<number, Operation[]>();
	const numberByCounter = new Map<number, number>();
	let systemLogs = 0;
	const sorted = [...logs].sort((a, b) => a.log.signatureCounter - b.log.signatureCounter);
	for (const { name, log } of sorted) {
		const transaction = TRANSACTION_LOG_NAME.exec(name);
		if (!transaction) {
			systemLogs++;
			continue;
		}
		const number = Number(transaction[1]);
		const operations = operationsByNumber.get(number) ?? [];
		operations.push(transaction[2] as Operation);
		operationsByNumber.set(number, operations);
		numberByCounter.set(log.signatureCounter, number);
	}
	return {
		transactions,
		operationsByNumber,
		counters: sorted.map(({ log }) => log.signatureCounter),
		numberByCounter,
		tssSignatureCounter: Number(tss.signature_counter),
		systemLogs,
	};
}

/**
 * Counter problems: repeats, gaps between 1 and the last, and a TSS counter that differs from the
 * last exported log. Empty when the counters are exactly 1..n.
 */
export function counterProblems(ledger: Ledger): string[] {
	const problems: string[] = [];
	ledger.counters.forEach((counter, index) => {
		if (counter !== index + 1)
			problems.push(`position ${index + 1} holds counter ${counter} (gap or repeat)`);
	});
	if (ledger.counters.length !== ledger.tssSignatureCounter)
		problems.push(
			`${ledger.counters.length} logs exported, TSS signature_counter is ${ledger.tssSignatureCounter}`,
		);
	return problems.slice(0, 5);
}
