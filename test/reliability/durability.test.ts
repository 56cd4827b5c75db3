// The simulator under load and kill -9: `simulator/cli.ts --data-dir` runs as a child process while
// 4 tills sign receipts back to back over keep-alive HTTP; it is killed with SIGKILL in the middle
// of that, restarted on the same data directory, and must hold every transaction revision it
// acknowledged — same signature, verifiable — with signature counters and transaction numbers
// that have no gap or repeat, and that go on from there when the tills sign again.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { KeepAliveClient } from '../../bench/lib/http';
import { provisionTss, receiptFinishBody, type ProvisionedTss } from '../../bench/lib/signDe';
import { DEFAULT_API_KEY, DEFAULT_API_SECRET } from '../../simulator';
import { SimulatorClient } from '../support/simulatorClient';
import { counterProblems, readLedger } from './ledger';

const ROOT = path.resolve(__dirname, '../..');
const TILLS = 4;
/** Load before the kill: long enough for a few hundred signatures, short enough to stay bounded. */
const LOAD_BEFORE_KILL_MS = 1500;
const LOAD_AFTER_RESTART_MS = 500;
const STARTUP_TIMEOUT_MS = 30_000;

interface Cli {
	child: ChildProcess;
	url: string;
}

/** `node --import tsx simulator/cli.ts` directly (no npm in between), so SIGKILL hits the server. */
function startCli(dataDir: string): Promise<Cli> {
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			'simulator/cli.ts',
			'--port',
			'0',
			'--data-dir',
			dataDir,
			'--no-rate-limits',
		],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`the simulator did not start:\n${output}`));
		}, STARTUP_TIMEOUT_MS);
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const url = /base URL:\s+(http:\/\/\S+)/.exec(output)?.[1];
			if (url) {
				clearTimeout(timer);
				resolve({ child, url });
			}
		});
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			reject(new Error(`the simulator exited (${code ?? signal}) before it was ready:\n${output}`));
		});
	});
}

function killHard(cli: Cli): Promise<void> {
	return new Promise((resolve) => {
		if (cli.child.exitCode !== null || cli.child.signalCode !== null) return resolve();
		cli.child.removeAllListeners('exit');
		cli.child.once('exit', () => resolve());
		cli.child.kill('SIGKILL');
	});
}

/** A revision the simulator answered 200 for: what a till would have printed. */
interface Acknowledged {
	txId: string;
	revision: number;
	number: number;
	counter: number;
	signature: string;
}

interface LoadOutcome {
	acknowledged: Acknowledged[];
	/** Requests that got no answer because the server died under them. */
	unanswered: number;
}

/**
 * `TILLS` workers, each starting and finishing receipts back to back until `until()` says stop or
 * a request fails (the kill). Each worker signs with its own client.
 */
async function signContinuously(
	http: KeepAliveClient,
	baseUrl: string,
	tss: ProvisionedTss,
	until: () => boolean,
): Promise<LoadOutcome> {
	const acknowledged: Acknowledged[] = [];
	let unanswered = 0;
	const worker = async (till: number) => {
		const clientId = tss.clientIds[till];
		while (!until()) {
			const txId = randomUUID();
			for (const [revision, body] of [
				[1, { state: 'ACTIVE', client_id: clientId }],
				[2, receiptFinishBody(clientId)],
			] as const) {
				let response;
				try {
					response = await http.request({
						method: 'PUT',
						url: `${baseUrl}/tss/${tss.tssId}/tx/${txId}?tx_revision=${revision}`,
						headers: tss.authorization,
						body,
					});
				} catch {
					unanswered++;
					return;
				}
				if (response.status !== 200)
					throw new Error(
						`revision ${revision} → ${response.status} ${response.body.toString('utf8')}`,
					);
				const tx = JSON.parse(response.body.toString('utf8'));
				acknowledged.push({
					txId,
					revision,
					number: tx.number,
					counter: Number(tx.signature.counter),
					signature: tx.signature.value,
				});
			}
		}
	};
	await Promise.all(Array.from({ length: TILLS }, (_, till) => worker(till)));
	return { acknowledged, unanswered };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('simulator durability under load: kill -9 while 4 tills sign', () => {
	let dataDir: string;
	const clis: Cli[] = [];
	const http = new KeepAliveClient(TILLS);

	beforeAll(() => {
		dataDir = mkdtempSync(path.join(tmpdir(), 'fiskaly-durability-'));
	});

	afterAll(async () => {
		http.close();
		for (const cli of clis) await killHard(cli);
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('keeps every acknowledged signature and continues the counters without gaps or repeats', async () => {
		const first = await startCli(dataDir);
		clis.push(first);
		const tss = await provisionTss(
			http,
			first.url,
			{ apiKey: DEFAULT_API_KEY, apiSecret: DEFAULT_API_SECRET },
			TILLS,
		);

		// Sign until the kill: the server dies with requests of all four tills in flight.
		let killed = false;
		const load = signContinuously(http, first.url, tss, () => killed);
		await sleep(LOAD_BEFORE_KILL_MS);
		await killHard(first);
		killed = true;
		const before = await load;
		expect(before.acknowledged.length).toBeGreaterThan(100);
		expect(before.unanswered).toBeGreaterThan(0);

		const second = await startCli(dataDir);
		clis.push(second);
		const api = new SimulatorClient(second.url);
		api.token = tss.authorization.authorization.replace('Bearer ', ''); // tokens outlive restarts
		const tssAfter = (await api.call('GET', `/tss/${tss.tssId}`)).body;

		// Every acknowledged revision is there, with the signature the till got, and it verifies.
		const missing: string[] = [];
		for (const ack of before.acknowledged) {
			const stored = await api.call('GET', `/tss/${tss.tssId}/tx/${ack.txId}`, {
				query: { tx_revision: ack.revision },
			});
			if (
				stored.status !== 200 ||
				stored.body.signature.value !== ack.signature ||
				Number(stored.body.signature.counter) !== ack.counter ||
				stored.body.number !== ack.number
			)
				missing.push(`${ack.txId} revision ${ack.revision}: ${stored.status}`);
			else api.verifyTransaction(stored.body);
		}
		expect(missing).toEqual([]);
		const acknowledgedCounters = before.acknowledged.map((ack) => ack.counter);
		expect(new Set(acknowledgedCounters).size).toBe(acknowledgedCounters.length);
		// What was signed but never answered (at most the requests in flight) may be there too.
		expect(Number(tssAfter.signature_counter)).toBeGreaterThanOrEqual(
			Math.max(...acknowledgedCounters),
		);
		expect(
			Number(tssAfter.signature_counter) - Math.max(...acknowledgedCounters),
		).toBeLessThanOrEqual(TILLS);

		// The tills sign on against the restarted server: the counters go on from where they were.
		let stop = false;
		const resumed = signContinuously(http, second.url, tss, () => stop);
		await sleep(LOAD_AFTER_RESTART_MS);
		stop = true;
		const after = await resumed;
		expect(after.unanswered).toBe(0);
		expect(Math.min(...after.acknowledged.map((ack) => ack.counter))).toBe(
			Number(tssAfter.signature_counter) + 1,
		);

		// The whole TSS, read back by export: counters 1..n, each once; numbers each once.
		const ledger = await readLedger(api, tss.tssId, tssAfter.public_key);
		expect(counterProblems(ledger)).toEqual([]);
		const numbers = [...ledger.operationsByNumber.keys()].sort((a, b) => a - b);
		expect(numbers).toEqual(numbers.map((_, index) => index + 1));
		for (const [number, operations] of ledger.operationsByNumber) {
			const starts = operations.filter((operation) => operation === 'Start').length;
			const finishes = operations.filter((operation) => operation === 'Finish').length;
			if (starts !== 1 || finishes > 1)
				throw new Error(`transaction ${number}: ${operations.join()}`);
		}
		const signedAfter = after.acknowledged.map((ack) => ack.counter);
		console.log(
			`kill -9 under load: ${before.acknowledged.length} revisions acknowledged and kept, ` +
				`${before.unanswered} requests in flight at the kill, signature counter ${tssAfter.signature_counter} ` +
				`after the restart, ${after.acknowledged.length} more signed after it, counters 1..${ledger.tssSignatureCounter} gapless`,
		);
		for (const counter of [...acknowledgedCounters, ...signedAfter])
			expect(ledger.numberByCounter.has(counter)).toBe(true);
	}, 90_000);
});
