// Durability of the SUBMIT DE room under `--data-dir`: the CLI is killed with SIGKILL and restarted on
// the same directory. Master data, submissions (their times, files and a transmission under way),
// deleted client data and a forced outcome must all be back; a torn journal line must not stop it.
// Real time here (the CLI's 200 ms steps): the test waits for states by polling, never by timing.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startCli, stop, type CliRun } from '../../support/cliProcess';
import { SimulatorClient } from '../../support/simulatorClient';
import { clientData, establishmentBody, legalTaxpayer, SubmitDeClient } from './submitDeTestKit';

const WAIT_MS = 20_000;

function clientsFor(run: CliRun) {
	const access = { controlUrl: run.url.replace('/api/v2', '/_simulator') };
	const signDe = new SimulatorClient(run.url, access);
	const submit = new SubmitDeClient(
		new SimulatorClient(run.url.replace('/api/v2', '/submission-api/v1'), access),
	);
	return { signDe, submit };
}

async function waitForState(submit: SubmitDeClient, id: string, state: string): Promise<void> {
	const deadline = Date.now() + WAIT_MS;
	let seen = await submit.state(id);
	while (seen !== state && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 50));
		seen = await submit.state(id);
	}
	expect({ id, state: seen }).toEqual({ id, state });
}

describe('SUBMIT DE durability (--data-dir, kill -9)', () => {
	let dataDir: string;
	const runs: CliRun[] = [];

	beforeAll(() => {
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-submit-durability-'));
	});
	afterAll(async () => {
		for (const run of runs) await stop(run, 'SIGKILL');
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it('keeps master data, submissions, files and forced outcomes across SIGKILL restarts', async () => {
		const first = await startCli(dataDir);
		runs.push(first);
		const before = clientsFor(first);
		await before.signDe.login();
		await before.submit.login();
		const { submit } = before;
		const { tssId, clientIds } = await before.signDe.initializedTss(2);
		await submit.call('PUT', '/taxpayer', legalTaxpayer());
		const establishmentId = crypto.randomUUID();
		await submit.call('PUT', `/establishment/${establishmentId}`, establishmentBody());
		const dataPath = (clientId: string) =>
			`/sign-de-v2/tss/${tssId}/client/${clientId}/additional_data`;
		for (const clientId of clientIds)
			await submit.call('PUT', dataPath(clientId), clientData(establishmentId));

		// A transmitted submission, one whose transmission will fail (forced), then a deleted client.
		const sent = crypto.randomUUID();
		const failing = crypto.randomUUID();
		for (const id of [sent, failing])
			await submit.call('PUT', `/submission/${id}`, { establishment_id: establishmentId });
		await waitForState(submit, sent, 'READY_FOR_TRANSMISSION');
		await waitForState(submit, failing, 'READY_FOR_TRANSMISSION');
		const forced = await submit.control('POST', '/outcomes', {
			outcome: 'TRANSMISSION_FAILED',
			submission_id: failing,
		});
		expect(forced.status).toBe(201);
		await submit.call('PUT', `/submission/${sent}/transmission`, { legal_consent: true });
		await waitForState(submit, sent, 'TRANSMISSION_SUCCEEDED');
		expect((await submit.call('DELETE', dataPath(clientIds[1]))).status).toBe(200);

		const answers = new Map<string, unknown>();
		for (const path of ['/taxpayer', '/establishment', '/submission', dataPath(clientIds[0])])
			answers.set(path, (await submit.call('GET', path)).body);
		const files = new Map<string, Buffer>();
		for (const file of ['/file', '/validation/pdf', '/transmission/pdf', '/transmission/xml'])
			files.set(file, (await submit.call('GET', `/submission/${sent}${file}`)).raw);

		expect(await stop(first, 'SIGKILL')).toBeNull();
		const second = await startCli(dataDir);
		runs.push(second);
		const after = clientsFor(second);
		after.submit.api.token = submit.api.token; // the token issued before the crash stays valid

		for (const [path, answer] of answers)
			expect((await after.submit.call('GET', path)).body).toEqual(answer);
		for (const [file, bytes] of files)
			expect((await after.submit.call('GET', `/submission/${sent}${file}`)).raw).toEqual(bytes);
		expect((await after.submit.call('GET', dataPath(clientIds[1]))).status).toBe(404);
		await after.submit.call('PUT', `/submission/${failing}/transmission`, { legal_consent: true });
		await waitForState(after.submit, failing, 'TRANSMISSION_FAILED');

		// A crash in the middle of a journal write: the torn line is dropped on restart.
		expect(await stop(second, 'SIGKILL')).toBeNull();
		const journal = path.join(dataDir, 'journal.jsonl');
		const intact = fs.statSync(journal).size;
		fs.appendFileSync(journal, '{"api":"submitDe","t":"taxpayer","body":{"tax_');
		const third = await startCli(dataDir);
		runs.push(third);
		const afterTear = clientsFor(third);
		afterTear.submit.api.token = submit.api.token;
		expect(fs.statSync(journal).size).toBe(intact);
		expect((await afterTear.submit.call('GET', '/taxpayer')).body).toEqual(
			answers.get('/taxpayer'),
		);
		expect(await afterTear.submit.state(failing)).toBe('TRANSMISSION_FAILED');
		expect(await stop(third, 'SIGTERM')).toBe(0);
	});
});
