// The OpenAPI sweep: every one of the 33 operations of REFERENCE §0.2 answers a 200 that the official
// document validates (request, status, content type, body), with every transaction signature verified
// independently. What each operation does, and its errors, is tested in the resource's own file (all
// of which use the same checked client); this file only makes sure no operation is left out.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startSimulator, type RunningSimulator } from '../../../simulator';
import { operations } from '../../support/openapi';
import { receipt, SimulatorClient } from '../../support/simulatorClient';

// The simulator's clock runs `skewMs` ahead of real time, so the export can finish without waiting.
let skewMs = 0;

let sim: RunningSimulator;
let api: SimulatorClient;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, clock: () => Date.now() + skewMs });
	api = SimulatorClient.of(sim);
	await api.login();
});

afterAll(async () => {
	await sim?.close();
	if (!api) return;
	const coverage = Object.fromEntries(
		[...api.coverage].map(([id, statuses]) => [id, [...statuses].sort()]),
	);
	const outputDir = path.join(__dirname, '..', '..', '..', 'test-output');
	fs.mkdirSync(outputDir, { recursive: true });
	fs.writeFileSync(
		path.join(outputDir, 'contract-coverage.json'),
		JSON.stringify({ verifiedSignatures: api.verifiedSignatures, coverage }, null, '\t'),
	);
});

/** One checked call that must answer 200. */
async function ok(method: string, url: string, body?: unknown): Promise<any> {
	const answer = await api.call(method, url, { body });
	expect({ call: `${method} ${url}`, status: answer.status }).toEqual({
		call: `${method} ${url}`,
		status: 200,
	});
	return answer.body;
}

describe('OpenAPI contract sweep', () => {
	it('every one of the 33 operations answered 200 and was validated', async () => {
		// authenticateApi, createTss, updateTss, changeAdminPin, authenticateAdmin, createClient, logoutAdmin
		const { tssId, clientIds } = await api.initializedTss(1);
		const [clientId] = clientIds;
		const tss = `/tss/${tssId}`;
		await ok('GET', tss);
		await ok('GET', '/tss');
		await ok('PATCH', `${tss}/metadata`, { shop: 'Berlin 1' });
		await ok('GET', `${tss}/metadata`);

		const client = `${tss}/client/${clientId}`;
		await api.adminLogin(tssId);
		await ok('PATCH', client, { state: 'REGISTERED', metadata: { till: '1' } });
		await ok('GET', client);
		await ok('GET', `${tss}/client`);
		await ok('GET', '/client');
		await ok('PATCH', `${client}/metadata`, { floor: '1' });
		await ok('GET', `${client}/metadata`);

		// Enough receipts that the signature check has plenty to verify.
		const txIds: string[] = [];
		for (let i = 0; i < 20; i++) {
			const txId = crypto.randomUUID();
			await ok('PUT', `${tss}/tx/${txId}?tx_revision=1`, { state: 'ACTIVE', client_id: clientId });
			await ok('PUT', `${tss}/tx/${txId}?tx_revision=2`, {
				state: 'FINISHED',
				client_id: clientId,
				schema: receipt(`${i + 1}.00`),
			});
			txIds.push(txId);
		}
		const tx = `${tss}/tx/${txIds[0]}`;
		await ok('GET', tx);
		await ok('GET', `${tx}/log`);
		await ok('PATCH', `${tx}/metadata`, { table: '12' });
		await ok('GET', `${tx}/metadata`);
		await ok('GET', `${tss}/tx?limit=100`);
		await ok('GET', `${client}/tx?limit=100`);
		await ok('GET', '/tx');

		const exportPath = `${tss}/export/${crypto.randomUUID()}`;
		await ok('PUT', exportPath, {});
		await ok('GET', exportPath);
		skewMs += 5_000; // past PENDING and WORKING
		await ok('GET', `${exportPath}/file`);
		await ok('PATCH', `${exportPath}/metadata`, { by: 'ci' });
		await ok('GET', `${exportPath}/metadata`);
		await ok('GET', `${tss}/export`);
		await ok('GET', '/export');
		const cancelled = `${tss}/export/${crypto.randomUUID()}?transaction_number=1`;
		await ok('PUT', cancelled, {});
		await ok('DELETE', cancelled.replace(/\?.*$/, ''));

		const missing = operations
			.map((op) => op.operationId)
			.filter((id) => !api.coverage.get(id)?.has('200'));
		expect(missing).toEqual([]);
		expect(api.verifiedSignatures).toBeGreaterThan(50);
	});
});
