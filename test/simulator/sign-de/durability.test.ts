// Durability of `--data-dir`: the CLI runs as a child process, signs, is killed with SIGKILL and
// restarted on the same directory. Everything acknowledged must be back, counters must continue,
// tokens and keys must stay valid, and a journal line torn by the crash must not stop the restart.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startCli, stop, type CliRun } from '../../support/cliProcess';
import {
	receipt,
	SimulatorClient,
	verifyTransactionSignature,
} from '../../support/simulatorClient';

function clientFor(run: CliRun, token?: string): SimulatorClient {
	const api = new SimulatorClient(run.url, {
		controlUrl: run.url.replace('/api/v2', '/_simulator'),
		apiKey: 'test_simulator_api_key',
		apiSecret: 'test_simulator_api_secret',
	});
	api.token = token;
	return api;
}

describe('simulator durability (--data-dir, kill -9)', () => {
	let dataDir: string;
	const runs: CliRun[] = [];

	beforeAll(() => {
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-durability-'));
	});
	afterAll(async () => {
		for (const run of runs) await stop(run, 'SIGKILL');
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it('keeps every acknowledged change across SIGKILL restarts, and continues the counters', async () => {
		const first = await startCli(dataDir);
		runs.push(first);
		expect(first.output()).toMatch(/api key:\s+test_simulator_api_key/);
		expect(first.output()).toMatch(/api secret:\s+test_simulator_api_secret/);
		const api = clientFor(first);
		const token = await api.login();
		const { tssId, clientIds } = await api.initializedTss(1);
		const clientId = clientIds[0];
		await api.adminLogin(tssId); // an admin session that must survive too

		// Sequential and concurrent upserts, a metadata change, and an export.
		const answers = new Map<string, any>();
		for (let i = 0; i < 5; i++) {
			const txId = crypto.randomUUID();
			await api.upsert(tssId, txId, 1, { state: 'ACTIVE', client_id: clientId });
			answers.set(
				txId,
				(
					await api.upsert(tssId, txId, 2, {
						state: 'FINISHED',
						client_id: clientId,
						schema: receipt(`${i + 1}.00`),
					})
				).body,
			);
		}
		const concurrent = await Promise.all(
			Array.from({ length: 10 }, async () => {
				const txId = crypto.randomUUID();
				return {
					txId,
					reply: await api.upsert(tssId, txId, 1, {
						state: 'ACTIVE',
						client_id: clientId,
						metadata: { till: '2' },
					}),
				};
			}),
		);
		for (const { txId, reply } of concurrent) answers.set(txId, reply.body);
		const lastTx = concurrent[9].txId;
		expect(
			(
				await api.call('PATCH', `/tss/${tssId}/tx/${lastTx}/metadata`, {
					body: { note: 'kept' },
				})
			).status,
		).toBe(200);
		answers.set(lastTx, (await api.call('GET', `/tss/${tssId}/tx/${lastTx}`)).body);
		const exportId = crypto.randomUUID();
		expect((await api.call('PUT', `/tss/${tssId}/export/${exportId}`, { body: {} })).status).toBe(
			200,
		);
		const tssBefore = (await api.call('GET', `/tss/${tssId}`)).body;

		expect(await stop(first, 'SIGKILL')).toBeNull();

		const second = await startCli(dataDir);
		runs.push(second);
		const again = clientFor(second, token); // the token issued before the crash is still valid
		const tssAfter = (await again.call('GET', `/tss/${tssId}`)).body;
		expect(tssAfter).toEqual(tssBefore);
		for (const [txId, answer] of answers) {
			expect((await again.call('GET', `/tss/${tssId}/tx/${txId}`)).body).toEqual(answer);
		}
		expect((await again.call('GET', `/tss/${tssId}/tx/${lastTx}`)).body.metadata).toEqual({
			till: '2',
			note: 'kept',
		});

		// The replay check survives the restart: the same request gives the stored answer, unsigned.
		const replayed = concurrent[0];
		const replay = await again.upsert(tssId, replayed.txId, 1, {
			state: 'ACTIVE',
			client_id: clientId,
			metadata: { till: '2' },
		});
		expect(replay.body.signature).toEqual(replayed.reply.body.signature);

		// Counters continue; the key and certificate are unchanged; the admin session is still there.
		const next = await again.upsert(tssId, crypto.randomUUID(), 1, {
			state: 'ACTIVE',
			client_id: clientId,
		});
		expect(next.body.signature.counter).toBe(Number(tssBefore.signature_counter) + 1);
		expect(next.body.number).toBe(Number(tssBefore.transaction_counter) + 1);
		expect(next.body.signature.public_key).toBe(tssBefore.public_key);
		expect(verifyTransactionSignature(next.body)).toBe(true);
		const clientUpdate = await again.call('PATCH', `/tss/${tssId}/client/${clientId}`, {
			body: { state: 'REGISTERED', metadata: { after: 'restart' } },
		});
		expect(clientUpdate.status).toBe(200);

		// The export triggered before the crash completes and covers what was signed before it.
		await new Promise((resolve) => setTimeout(resolve, 800));
		const file = await again.call('GET', `/tss/${tssId}/export/${exportId}/file`);
		expect(file.status).toBe(200);
		expect(file.headers['content-type']).toBe('application/x-tar');

		// A crash in the middle of a journal write leaves a torn last line: dropped on restart.
		const beforeTear = (await again.call('GET', `/tss/${tssId}`)).body;
		expect(await stop(second, 'SIGKILL')).toBeNull();
		const journal = path.join(dataDir, 'journal.jsonl');
		const intact = fs.statSync(journal).size;
		fs.appendFileSync(journal, '{"t":"tx","tss":"' + tssId + '","id":"torn');

		const third = await startCli(dataDir);
		runs.push(third);
		const afterTear = clientFor(third, token);
		expect((await afterTear.call('GET', `/tss/${tssId}`)).body).toEqual(beforeTear);
		expect(fs.statSync(journal).size).toBe(intact);
		const afterTearTx = await afterTear.upsert(tssId, crypto.randomUUID(), 1, {
			state: 'ACTIVE',
			client_id: clientId,
		});
		expect(afterTearTx.body.signature.counter).toBe(Number(beforeTear.signature_counter) + 1);

		// SIGTERM stops cleanly.
		expect(await stop(third, 'SIGTERM')).toBe(0);
		const lines = fs.readFileSync(journal, 'utf8').split('\n');
		expect(lines[lines.length - 1]).toBe('');
		expect(() => lines.slice(0, -1).forEach((line) => JSON.parse(line))).not.toThrow();
	});

	it('keeps secrets out of the journal and protects the files', () => {
		const journal = fs.readFileSync(path.join(dataDir, 'journal.jsonl'), 'utf8');
		expect(journal).not.toContain('1234567890'); // the admin PIN used by the helpers
		expect(fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o077).toBe(0);
		expect(fs.statSync(path.join(dataDir, 'journal.jsonl')).mode & 0o077).toBe(0);
	});
});
