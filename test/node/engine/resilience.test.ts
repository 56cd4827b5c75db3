// How the node behaves when the network and fiskaly are not perfect, through n8n's engine against
// the simulator: token reuse and renewal (n8n's expirable-credential mechanism), revision resync,
// retries after 503/429/dropped connections without signing twice, concurrency, continueOnFail.
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { byId } from '../../../scripts/n8n-engine';
import {
	EngineSession,
	fieldError,
	inputItems,
	ONE_AUTH_PER_API,
	type PreparedClient,
	type PreparedTss,
} from './session';

const TOKEN_TTL_SECONDS = 3600;
/** The simulator's clock, moved forward by tests to let tokens expire for real. */
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
	client = await session.prepareClient(tss, 'Kasse Resilienz');
});

afterAll(async () => {
	await session?.close();
});

beforeEach(async () => {
	await session.clearFaults();
	await session.resetTraffic();
});

const receipt = (amount: unknown = '10.00', extra: IDataObject = {}) => ({
	tss: byId(tss.tssId),
	client: byId(client.clientId),
	amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount }] },
	...extra,
});

const signReceipt = (
	options: {
		parameters?: IDataObject;
		items?: ReturnType<typeof inputItems>;
		credentialId?: string;
		continueOnFail?: boolean;
	} = {},
) =>
	session.engine.runNode({
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: (options.parameters ?? receipt()) as any,
		items: options.items,
		credentialId: options.credentialId,
		continueOnFail: options.continueOnFail,
	});

let credentialsCreated = 0;

/**
 * A credential saved fresh, as a user creates it: no token yet, and none held by this process
 * (which keeps tokens per API key, secret and base URLs): its SIGN DE base URL spells the
 * simulator's address with a new number of leading zeros (127.0.0.01, 127.0.0.001…), which the
 * URL parser reads as 127.0.0.1.
 */
function freshCredential(): string {
	const id = `cred-${randomUUID()}`;
	const zeros = '0'.repeat(++credentialsCreated);
	const baseUrl = session.sim.urls.signDe.replace('://127.0.0.1:', `://127.0.0.${zeros}1:`);
	session.engine.saveCredential(id, { baseUrl });
	return id;
}

async function tssCounters(): Promise<{ signatures: number; transactions: number }> {
	const current = await session.expectOk('GET', `/tss/${tss.tssId}`);
	return {
		signatures: Number(current.signature_counter),
		transactions: Number(current.transaction_counter ?? 0),
	};
}

describe('access token (n8n expirable credential)', () => {
	it('fetches one token for many items and several executions', async () => {
		const credentialId = freshCredential();
		const before = session.engine.credentials.stats.preAuthentications;
		for (let execution = 0; execution < 3; execution++) {
			const { error, items } = await signReceipt({ credentialId, items: inputItems(4) });
			expect(error).toBeUndefined();
			expect(items).toHaveLength(4);
		}
		expect((await session.stats()).authByApi).toEqual(ONE_AUTH_PER_API);
		expect(session.engine.credentials.stats.preAuthentications - before).toBe(1);
		// The token n8n persisted is the one every later execution used.
		expect(session.engine.credentials.read(credentialId).accessToken).toEqual(
			expect.stringMatching(/\S/),
		);
	});

	it('reads the credential once per execution, not once per request', async () => {
		const credentialId = freshCredential();
		await session.resetTraffic();
		const before = session.engine.credentials.stats.reads;
		const { error, items } = await signReceipt({ credentialId, items: inputItems(4) });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.state)).toEqual(Array(4).fill('FINISHED'));
		// Four receipts are eight requests to fiskaly (Start and Finish), plus the token.
		const lines = await session.requestLines();
		expect(lines.filter((line) => line.startsWith('PUT /tss/'))).toHaveLength(8);
		expect(lines.filter((line) => line === 'POST /auth')).toHaveLength(1);
		expect(session.engine.credentials.stats.reads - before).toBe(1);
	});

	it('fetches one token when items run in parallel', async () => {
		const credentialId = freshCredential();
		const { error } = await signReceipt({
			credentialId,
			items: inputItems(8),
			parameters: receipt('1.00', { options: { concurrency: 4 } }),
		});
		expect(error).toBeUndefined();
		expect((await session.stats()).authByApi).toEqual(ONE_AUTH_PER_API);
	});

	it('fetches one token for executions that start at the same time with a new credential', async () => {
		const credentialId = freshCredential();
		const runs = await Promise.all(
			Array.from({ length: 4 }, () => signReceipt({ credentialId, items: inputItems(2) })),
		);
		expect(runs.map((run) => run.error)).toEqual([undefined, undefined, undefined, undefined]);
		expect((await session.stats()).authByApi).toEqual(ONE_AUTH_PER_API);
	});

	it('does not keep a failed token fetch: the retry asks /auth again and signs', async () => {
		const credentialId = freshCredential();
		await session.inject({ method: 'POST', path: '/auth' }, { type: 'status', status: 503 });
		const { error, items } = await signReceipt({ credentialId });
		expect(error).toBeUndefined();
		expect(items[0].json.state).toBe('FINISHED');
		const lines = await session.requestLines();
		expect(lines.filter((line) => line === 'POST /auth')).toHaveLength(2);
		expect((await session.stats()).byStatus['503']).toBe(1);
	});

	it('renews an access token that expires in the middle of a run once, and signs every item once', async () => {
		const credentialId = freshCredential();
		await signReceipt({ credentialId }); // the credential now holds a token
		await session.resetTraffic();
		const retriesBefore = session.engine.credentials.stats.expiredRetries;
		const ids = Array.from({ length: 5 }, () => randomUUID());
		// fiskaly answers the third item's first request with 401: the token has expired.
		await session.inject({ method: 'PUT', path: `/tss/*/tx/${ids[2]}` }, { type: 'expireToken' });

		const { error, items } = await signReceipt({
			credentialId,
			items: ids.map((id) => ({ json: { id } })),
			parameters: receipt('2.00', { transactionId: '={{ $json.id }}' }),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json._id)).toEqual(ids);
		expect(items.every((item) => item.json.state === 'FINISHED')).toBe(true);
		const stats = await session.stats();
		expect(stats.authByApi).toEqual(ONE_AUTH_PER_API);
		expect(session.engine.credentials.stats.expiredRetries - retriesBefore).toBe(1);
		expect(stats.signatures).toBe(ids.length * 2);
		expect(stats.byStatus['401']).toBe(1);
	});

	it('logs in as admin again when the token is renewed between the admin login and the change', async () => {
		const uninitialized = await session.prepareTss('UNINITIALIZED');
		await session.resetTraffic();
		const credentialId = freshCredential();
		// The first PATCH is refused as if the token had expired: n8n renews it, and the admin
		// session, bound to the old token, is gone.
		await session.inject(
			{ method: 'PATCH', path: `/tss/${uninitialized.tssId}` },
			{ type: 'expireToken' },
		);
		const { error, items } = await session.engine.runNode({
			credentialId,
			resource: 'tss',
			operation: 'initialize',
			parameters: { tss: byId(uninitialized.tssId), adminPin: uninitialized.adminPin },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ _id: uninitialized.tssId, state: 'INITIALIZED' });
		const path = `/tss/${uninitialized.tssId}`;
		expect(await session.requestLines()).toEqual([
			'POST /auth',
			`GET ${path}`,
			`POST ${path}/admin/auth`,
			`PATCH ${path}`, // 401: token "expired"
			'POST /auth',
			`PATCH ${path}`, // 401: the admin session belonged to the old token
			`POST ${path}/admin/auth`,
			`PATCH ${path}`,
			`POST ${path}/admin/logout`,
		]);
	});

	it('renews a token that really expired between executions', async () => {
		const credentialId = freshCredential();
		const first = await signReceipt({ credentialId });
		expect(first.error).toBeUndefined();
		const oldToken = session.engine.credentials.read(credentialId).accessToken;
		clockOffsetMs += (TOKEN_TTL_SECONDS + 60) * 1000;
		await session.reauthenticate(); // the fixtures' own token expired too
		await session.resetTraffic();

		const second = await signReceipt({ credentialId, items: inputItems(3) });
		expect(second.error).toBeUndefined();
		expect((await session.stats()).authByApi).toEqual(ONE_AUTH_PER_API);
		expect(session.engine.credentials.read(credentialId).accessToken).not.toBe(oldToken);
	});

	it('renews once only: a second 401 right after the renewal ends the item with fiskaly’s error', async () => {
		const credentialId = freshCredential();
		const get = () =>
			session.engine.runNode({
				resource: 'tss',
				operation: 'get',
				credentialId,
				parameters: { tss: byId(tss.tssId) },
			});
		expect((await get()).error).toBeUndefined(); // the credential now holds a token
		await session.resetTraffic();
		await session.inject(
			{ method: 'GET', path: `/tss/${tss.tssId}` },
			{ type: 'status', status: 401, code: 'E_UNAUTHORIZED' },
			2,
		);
		const { error } = await get();
		expect(error).toEqual(
			expect.objectContaining({
				name: 'NodeApiError',
				message: expect.stringContaining('E_UNAUTHORIZED'),
			}),
		);
		expect((await session.stats()).authByApi).toEqual(ONE_AUTH_PER_API);
		expect(
			(await session.requestLines()).filter((line) => line === `GET /tss/${tss.tssId}`),
		).toHaveLength(2);
	});
});

describe('revision resync', () => {
	it('re-reads and retries once when the transaction was changed elsewhere (E_TX_UPSERT)', async () => {
		const [started] = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'start',
			parameters: { tss: byId(tss.tssId), client: byId(client.clientId) },
		});
		const txId = String(started.json._id);
		// Another till updates the transaction: fiskaly is now at revision 2, the item still says 1.
		await session.expectOk('PUT', `/tss/${tss.tssId}/tx/${txId}`, {
			query: { tx_revision: 2 },
			body: {
				state: 'ACTIVE',
				client_id: client.clientId,
				schema: {
					standard_v1: {
						receipt: {
							receipt_type: 'RECEIPT',
							amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '1.00' }],
						},
					},
				},
			},
		});
		await session.resetTraffic();

		const finished = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'finish',
			items: [{ json: started.json }],
			parameters: { ...receipt('4.20'), transactionId: txId },
		});
		expect(finished[0].json).toMatchObject({ _id: txId, state: 'FINISHED', revision: 3 });
		const txPath = `/tss/${tss.tssId}/tx/${txId}`;
		const requests = (await session.requests()).filter((request) => request.path.endsWith(txPath));
		expect(
			requests.map((request) => `${request.method} ${request.query} ${request.status}`),
		).toEqual(['PUT tx_revision=2 400', 'GET  200', 'PUT tx_revision=3 200']);
	});
});

describe('retries', () => {
	it('retries after a 503 with Retry-After and signs once', async () => {
		const before = await tssCounters();
		await session.inject(
			{ method: 'PUT', path: '/tss/*/tx/*' },
			{ type: 'status', status: 503, retryAfter: 1 },
		);
		const started = Date.now();
		const { error, items } = await signReceipt();
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(items[0].json.state).toBe('FINISHED');
		const stats = await session.stats();
		expect(stats.byStatus['503']).toBe(1);
		expect(stats.signatures).toBe(2);
		const after = await tssCounters();
		expect(after.transactions - before.transactions).toBe(1);
		expect(after.signatures - before.signatures).toBe(2);
	});

	it('waits for Retry-After on a 429 before reading again', async () => {
		await session.inject(
			{ method: 'GET', path: `/tss/${tss.tssId}/tx` },
			{ type: 'status', status: 429, retryAfter: 1 },
		);
		const started = Date.now();
		const { error } = await session.engine.runNode({
			resource: 'transaction',
			operation: 'getAll',
			parameters: { scope: 'tss', tss: byId(tss.tssId), returnAll: false, limit: 1 },
		});
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});

	it('gives up after a bounded number of attempts and says so', async () => {
		await session.inject(
			{ method: 'GET', path: `/tss/${tss.tssId}` },
			{ type: 'status', status: 503, code: 'E_TSS_LOCKED' },
			10,
		);
		const { error } = await session.engine.runNode({
			resource: 'tss',
			operation: 'get',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error).toEqual(
			expect.objectContaining({
				name: 'NodeApiError',
				message: expect.stringContaining('E_TSS_LOCKED'),
			}),
		);
		expect(error?.description).toMatch(/tried 4 times/);
		expect(
			(await session.requestLines()).filter((line) => line === `GET /tss/${tss.tssId}`),
		).toHaveLength(4);
		await session.clearFaults();
	}, 20_000);

	it('does not repeat a request fiskaly refused with another 4xx', async () => {
		await session.inject(
			{ method: 'GET', path: `/tss/${tss.tssId}` },
			{ type: 'status', status: 403, code: 'E_ACCESS_DENIED' },
		);
		const { error } = await session.engine.runNode({
			resource: 'tss',
			operation: 'get',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error).toEqual(
			expect.objectContaining({
				name: 'NodeApiError',
				message: expect.stringContaining('E_ACCESS_DENIED'),
			}),
		);
		expect(
			(await session.requestLines()).filter((line) => line === `GET /tss/${tss.tssId}`),
		).toHaveLength(1);
	});

	it('resends the same finish after the connection dropped after commit: same signature, no second signing', async () => {
		const [started] = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'start',
			parameters: { tss: byId(tss.tssId), client: byId(client.clientId) },
		});
		const txId = String(started.json._id);
		const before = await tssCounters();
		await session.resetTraffic();
		await session.inject(
			{ method: 'PUT', path: `/tss/*/tx/${txId}` },
			{ type: 'drop', when: 'after' },
		);

		const finished = await session.engine.runNodeOk({
			resource: 'transaction',
			operation: 'finish',
			items: [{ json: started.json }],
			parameters: { ...receipt('7.77'), transactionId: txId },
		});
		const stored = await session.expectOk('GET', `/tss/${tss.tssId}/tx/${txId}`);
		expect(finished[0].json).toMatchObject({ _id: txId, state: 'FINISHED', revision: 2 });
		expect((finished[0].json as any).signature).toEqual(stored.signature);
		expect(stored.latest_revision).toBe(2);
		const stats = await session.stats();
		expect(stats.signatures).toBe(1);
		expect(stats.replayedUpserts).toBe(1);
		const after = await tssCounters();
		expect(after.signatures - before.signatures).toBe(1);
		expect(after.transactions).toBe(before.transactions);
	});

	it('Sign Receipt survives a start whose answer was lost, without a second transaction', async () => {
		const transactionId = randomUUID();
		const before = await tssCounters();
		await session.inject(
			{ method: 'PUT', path: `/tss/*/tx/${transactionId}` },
			{ type: 'drop', when: 'after' },
		);
		const { error, items } = await signReceipt({ parameters: receipt('3.21', { transactionId }) });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ _id: transactionId, state: 'FINISHED', revision: 2 });
		const after = await tssCounters();
		expect(after.transactions - before.transactions).toBe(1);
		expect(after.signatures - before.signatures).toBe(2);
		expect((await session.stats()).replayedUpserts).toBe(1);
	});

	it('a re-run of Sign Receipt with the same ID finishes the transaction a failed run left open', async () => {
		const transactionId = randomUUID();
		const parameters = receipt('5.55', { transactionId });
		// Rules apply in order: a no-op for the start, then a refusal for the finish.
		await session.inject(
			{ method: 'PUT', path: `/tss/*/tx/${transactionId}` },
			{ type: 'latency', ms: 0 },
		);
		await session.inject(
			{ method: 'PUT', path: `/tss/*/tx/${transactionId}` },
			{ type: 'status', status: 400, code: 'E_FAILED_SCHEMA_VALIDATION' },
		);
		const failed = await signReceipt({ parameters });
		expect(failed.error).toEqual(expect.objectContaining({ name: 'NodeApiError' }));
		expect(failed.error?.description).toContain(transactionId);
		expect((await session.expectOk('GET', `/tss/${tss.tssId}/tx/${transactionId}`)).state).toBe(
			'ACTIVE',
		);

		const before = await tssCounters();
		const rerun = await signReceipt({ parameters });
		expect(rerun.error).toBeUndefined();
		expect(rerun.items[0].json).toMatchObject({
			_id: transactionId,
			state: 'FINISHED',
			revision: 2,
		});
		const after = await tssCounters();
		expect(after.transactions).toBe(before.transactions);
		expect(after.signatures - before.signatures).toBe(1);
	});

	it('retries a request whose connection dropped before it arrived', async () => {
		await session.inject({ method: 'PUT', path: '/tss/*/tx/*' }, { type: 'drop', when: 'before' });
		const { error, items } = await signReceipt();
		expect(error).toBeUndefined();
		expect(items[0].json.state).toBe('FINISHED');
		expect((await session.stats()).signatures).toBe(2);
	});
});

describe('Concurrency option', () => {
	it('keeps output order and pairedItem while items run in parallel', async () => {
		const amounts = Array.from({ length: 12 }, (_, i) => `${i + 1}.00`);
		const ids = amounts.map(() => randomUUID());
		// Slow down items 1 and 2 so later items overtake them.
		for (const slow of [1, 2]) {
			await session.inject(
				{ method: 'PUT', path: `/tss/*/tx/${ids[slow]}` },
				{ type: 'latency', ms: 400 },
			);
		}
		const { error, items, rawPairedItems } = await signReceipt({
			items: amounts.map((amount, i) => ({ json: { amount, id: ids[i] } })),
			parameters: receipt('={{ $json.amount }}', {
				transactionId: '={{ $json.id }}',
				options: { concurrency: 4 },
			}),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json._id)).toEqual(ids);
		expect(
			items.map(
				(item) => (item.json as any).schema.standard_v1.receipt.amounts_per_vat_rate[0].amount,
			),
		).toEqual(amounts);
		expect(rawPairedItems).toEqual(amounts.map((_, item) => ({ item })));
		// The slowed items got their transaction numbers after items that came later in the input.
		const numbers = items.map((item) => Number(item.json.number));
		expect(numbers[1]).toBeGreaterThan(numbers[3]);
	});

	it('with continueOnFail reports the failed item in its place', async () => {
		const { error, items, rawPairedItems } = await signReceipt({
			items: [
				{ json: { amount: '1.00' } },
				{ json: { amount: 'zwei' } },
				{ json: { amount: '3.00' } },
				{ json: { amount: '4.00' } },
			],
			parameters: receipt('={{ $json.amount }}', { options: { concurrency: 3 } }),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.state ?? 'error')).toEqual([
			'FINISHED',
			'error',
			'FINISHED',
			'FINISHED',
		]);
		expect(String((items[1].json.error as IDataObject).message)).toMatch(/Amount/);
		expect(rawPairedItems).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	});
});

describe('continueOnFail', () => {
	it('returns an error item per failed item, with pairedItem, and goes on with the rest', async () => {
		const { error, items, rawPairedItems } = await signReceipt({
			items: [
				{ json: { amount: '1.00', client: client.clientId } },
				{ json: { amount: '1.234567', client: client.clientId } },
				{ json: { amount: '2.00', client: randomUUID() } },
				{ json: { amount: '3.00', client: client.clientId } },
			],
			parameters: {
				tss: byId(tss.tssId),
				client: { __rl: true, mode: 'id', value: '={{ $json.client }}' },
				amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount: '={{ $json.amount }}' }] },
			},
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		expect(items[0].json.state).toBe('FINISHED');
		expect(items[3].json.state).toBe('FINISHED');
		// A single `error` key: the shape n8n routes to an error output.
		expect(items[1].json).toEqual({
			error: {
				message: expect.stringMatching(/Amount/),
				description: expect.stringMatching(/decimals/),
			},
		});
		expect(items[2].json).toEqual({
			error: expect.objectContaining({
				message: expect.stringContaining('E_CLIENT_NOT_FOUND'),
				code: 'E_CLIENT_NOT_FOUND',
				description: expect.stringMatching(/Client/),
				httpCode: '400',
			}),
		});
		expect(rawPairedItems).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	});

	it('without it, stops at the first failed item and names it', async () => {
		const { error } = await signReceipt({
			items: [
				{ json: { amount: '1.00' } },
				{ json: { amount: 'x' } },
				{ json: { amount: '3.00' } },
			],
			parameters: receipt('={{ $json.amount }}'),
		});
		expect(error).toEqual(fieldError('Amount'));
		expect(error?.message).toContain('[item 1]');
		expect(error?.context.itemIndex).toBe(1);
		expect((await session.stats()).signatures).toBe(2);
	});
});
