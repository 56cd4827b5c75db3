// A fresh credential under a burst of executions, as a shop's webhook sends them: one POST /auth per
// fiskaly API in the process, also when n8n is slow to save the first token to its database (real
// n8n: executions that read the credential before the save each asked for a token of their own).
import { randomUUID } from 'node:crypto';

import { byId } from '../../../scripts/n8n-engine';
import {
	EngineSession,
	inputItems,
	ONE_AUTH_PER_API,
	type PreparedClient,
	type PreparedTss,
} from './session';

const TOKEN_TTL_SECONDS = 3600;
const EXECUTIONS = 20;
/** How long "the database" takes to save the token n8n got from preAuthentication. */
const SAVE_DELAY_MS = 300;

let clockOffsetMs = 0;
let session: EngineSession;
let tss: PreparedTss;
let client: PreparedClient;

beforeAll(async () => {
	session = await EngineSession.start({
		tokenTtlSeconds: TOKEN_TTL_SECONDS,
		clock: () => Date.now() + clockOffsetMs,
	});
	tss = await session.prepareTss();
	client = await session.prepareClient(tss, 'Kasse Ansturm');
	// n8n saves the first token after preAuthentication returns; until then every execution reads
	// the credential without one. A slow save widens that window the way a busy database does.
	const helper = session.engine.credentials;
	const save = helper.updateCredentials.bind(helper);
	helper.updateCredentials = async (...args) => {
		await new Promise((resolve) => setTimeout(resolve, SAVE_DELAY_MS));
		return save(...args);
	};
});

afterAll(async () => {
	await session?.close();
});

const signOrders = (credentialId: string, amount: string) =>
	session.engine.runNode({
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: {
			tss: byId(tss.tssId),
			client: byId(client.clientId),
			amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount }] },
		} as any,
		items: inputItems(1),
		credentialId,
	});

/** 20 executions started one after another, as requests arrive, without waiting for each other. */
async function burst(credentialId: string, amount: string) {
	const runs = [];
	for (let index = 0; index < EXECUTIONS; index++) {
		runs.push(signOrders(credentialId, amount));
		await new Promise((resolve) => setTimeout(resolve, SAVE_DELAY_MS / EXECUTIONS));
	}
	return Promise.all(runs);
}

it('20 executions arriving together with a new credential fetch one token per fiskaly API', async () => {
	const credentialId = `cred-${randomUUID()}`;
	session.engine.saveCredential(credentialId, {});
	await session.resetTraffic();
	const before = session.engine.credentials.stats.preAuthentications;

	const runs = await burst(credentialId, '3.00');

	expect(runs.map((run) => run.error)).toEqual(Array(EXECUTIONS).fill(undefined));
	expect(runs.map((run) => run.items[0].json.state)).toEqual(Array(EXECUTIONS).fill('FINISHED'));
	expect((await session.stats()).authByApi).toEqual(ONE_AUTH_PER_API);
	// The stampede is real: n8n asked the credential for a token more than once.
	expect(session.engine.credentials.stats.preAuthentications - before).toBeGreaterThan(1);
});

it('after the token expired, 20 executions renew it once per fiskaly API', async () => {
	const credentialId = `cred-${randomUUID()}`;
	session.engine.saveCredential(credentialId, {});
	expect((await signOrders(credentialId, '1.00')).error).toBeUndefined();
	clockOffsetMs += (TOKEN_TTL_SECONDS + 60) * 1000; // every token this process holds has expired
	await session.reauthenticate();
	await session.resetTraffic();

	const runs = await burst(credentialId, '4.00');

	expect(runs.map((run) => run.error)).toEqual(Array(EXECUTIONS).fill(undefined));
	expect((await session.stats()).authByApi).toEqual(ONE_AUTH_PER_API);
});
