// The polling trigger through n8n-core's PollContext against the simulator (with fiskaly's rate
// limits on): each event once across polls and restarts, paging, scopes, manual "fetch test event",
// exports completing and TSS state changes.
import { randomUUID } from 'node:crypto';

import { byId, PollingTrigger } from '../../../scripts/n8n-engine';
import { EngineSession, type PreparedClient, type PreparedTss } from './session';

let session: EngineSession;
let tss: PreparedTss;
let client: PreparedClient;

beforeAll(async () => {
	session = await EngineSession.start({
		rateLimits: true,
		exportTiming: { pendingMs: 50, workingMs: 100 },
	});
	tss = await session.prepareTss();
	client = await session.prepareClient(tss);
});

afterAll(async () => {
	await session.close();
});

beforeEach(async () => {
	await session.clearFaults();
	await session.resetTraffic();
});

const trigger = (parameters: Record<string, unknown>, saved?: Record<string, unknown>) =>
	new PollingTrigger(session.engine, parameters as any, saved as any);

async function cancelDirectly(on: PreparedTss, by: PreparedClient): Promise<string> {
	const { txId } = await session.signDirectly(on, by, '1.00', false);
	await session.expectOk('PUT', `/tss/${on.tssId}/tx/${txId}`, {
		query: { tx_revision: 2 },
		body: {
			state: 'CANCELLED',
			client_id: by.clientId,
			schema: {
				standard_v1: { receipt: { receipt_type: 'CANCELLATION', amounts_per_vat_rate: [] } },
			},
		},
	});
	return txId;
}

const ids = (items: Array<{ json: any }>) => items.map((item) => item.json._id);

describe('Transaction Finished or Cancelled', () => {
	it('starts from now, then emits each ended transaction once, oldest first, with one list call per poll', async () => {
		const watcher = trigger({ event: 'transactionEnded', scope: 'tss', tss: byId(tss.tssId) });
		await session.signDirectly(tss, client);
		const first = await watcher.poll();
		expect(first).toMatchObject({ empty: true, items: [] });

		const a = (await session.signDirectly(tss, client, '2.00')).txId;
		const b = await cancelDirectly(tss, client);
		const c = (await session.signDirectly(tss, client, '3.00')).txId;
		const stillOpen = (await session.signDirectly(tss, client, '4.00', false)).txId;
		await session.resetTraffic();
		const second = await watcher.poll();
		expect(second.error).toBeUndefined();
		expect(ids(second.items)).toEqual([a, b, c]);
		expect(ids(second.items)).not.toContain(stillOpen);
		expect(second.items.map((item) => item.json.state)).toEqual([
			'FINISHED',
			'CANCELLED',
			'FINISHED',
		]);
		expect(second.items[0].json.receipt).toMatchObject({
			tss_serial_number: tss.serialNumber,
			qr_code_data: expect.stringMatching(/^V0;/),
		});
		expect(await session.requestLines()).toEqual([
			`GET /tss/${tss.tssId}/tx?order_by=time_end&order=desc&states%5B%5D=FINISHED&states%5B%5D=CANCELLED&limit=100&offset=0`,
		]);

		expect((await watcher.poll()).empty).toBe(true);
		const d = (await session.signDirectly(tss, client)).txId;
		expect(ids((await watcher.poll()).items)).toEqual([d]);
		expect((await session.requests()).every((request) => request.status !== 429)).toBe(true);
	});

	it('remembers its position across a restart (static data saved by n8n)', async () => {
		const before = trigger({ event: 'transactionEnded', scope: 'all' });
		await before.poll();
		const seenBefore = (await session.signDirectly(tss, client)).txId;
		expect(ids((await before.poll()).items)).toEqual([seenBefore]);

		const afterRestart = trigger(
			{ event: 'transactionEnded', scope: 'all' },
			before.savedStaticData,
		);
		expect((await afterRestart.poll()).empty).toBe(true);
		const next = (await session.signDirectly(tss, client)).txId;
		expect(ids((await afterRestart.poll()).items)).toEqual([next]);
	});

	it('pages through more than a page of new events, and emits every one exactly once', async () => {
		// A TSS of its own, so the other tests' list calls do not share its 20-a-minute budget.
		const busy = await session.prepareTss();
		const till = await session.prepareClient(busy);
		const watcher = trigger({
			event: 'transactionEnded',
			scope: 'tss',
			tss: byId(busy.tssId),
			simplify: true,
		});
		await watcher.poll();
		const signed: number[] = [];
		for (let i = 0; i < 130; i++)
			signed.push((await session.signDirectly(busy, till, '1.00')).transaction.number);
		const { items } = await watcher.poll();
		const numbers = items.map((item) => item.json.transaction_number);
		expect(numbers).toHaveLength(130);
		expect(new Set(numbers)).toEqual(new Set(signed));
		expect(Object.keys(items[0].json)).toContain('qr_code_data');
		expect(items[0].json._id).toBeUndefined();
		expect((await watcher.poll()).empty).toBe(true);
	});

	it('only emits the chosen ends of the chosen TSS', async () => {
		const other = await session.prepareTss();
		const otherClient = await session.prepareClient(other);
		const watcher = trigger({
			event: 'transactionEnded',
			scope: 'tss',
			tss: byId(other.tssId),
			transactionStates: ['CANCELLED'],
		});
		await watcher.poll();
		await session.signDirectly(other, otherClient);
		await session.signDirectly(tss, client);
		const cancelled = await cancelDirectly(other, otherClient);
		expect(ids((await watcher.poll()).items)).toEqual([cancelled]);
	});

	it('starts afresh instead of flooding when its settings change', async () => {
		const watcher = trigger({ event: 'transactionEnded', scope: 'all' });
		await watcher.poll();
		await session.signDirectly(tss, client);
		const changed = trigger(
			{ event: 'transactionEnded', scope: 'tss', tss: byId(tss.tssId) },
			watcher.savedStaticData,
		);
		expect((await changed.poll()).empty).toBe(true);
	});

	it('waits out a rate-limit answer (Retry-After) and still emits', async () => {
		const watcher = trigger({ event: 'transactionEnded', scope: 'tss', tss: byId(tss.tssId) });
		await watcher.poll();
		const tx = (await session.signDirectly(tss, client)).txId;
		await session.inject(
			{ method: 'GET', path: `/tss/${tss.tssId}/tx` },
			{ type: 'status', status: 429, retryAfter: 1 },
		);
		const started = Date.now();
		expect(ids((await watcher.poll()).items)).toEqual([tx]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});

	it('in manual mode returns the latest ended transaction and leaves the position alone', async () => {
		const watcher = trigger({ event: 'transactionEnded', scope: 'tss', tss: byId(tss.tssId) });
		await watcher.poll();
		const saved = JSON.stringify(watcher.savedStaticData);
		const latest = (await session.signDirectly(tss, client)).txId;
		const manual = await watcher.poll('manual');
		expect(ids(manual.items)).toEqual([latest]);
		expect(JSON.stringify(manual.staticData)).toBe(saved);
		expect(ids((await watcher.poll()).items)).toEqual([latest]);

		const empty = await session.prepareTss();
		const nothing = await trigger({
			event: 'transactionEnded',
			scope: 'tss',
			tss: byId(empty.tssId),
		}).poll('manual');
		expect(nothing.error?.message).toBe('No finished or cancelled transaction found yet');
		expect(nothing.error?.description).toMatch(/Sign Receipt/);
	});

	it('reads a changed credential on the next poll of the same active workflow', async () => {
		const credentialId = `cred-${randomUUID()}`;
		session.engine.saveCredential(credentialId, {});
		const watcher = trigger({ event: 'transactionEnded', scope: 'tss', tss: byId(tss.tssId) });
		watcher.node.credentials = { fiskalySignDeApi: { id: credentialId, name: credentialId } };
		expect((await watcher.poll()).error).toBeUndefined();
		const tx = (await session.signDirectly(tss, client)).txId;

		// The user saves a wrong secret: the next poll must use it and be refused, not go on with the
		// credential it read while the workflow was activated.
		session.engine.saveCredential(credentialId, { apiSecret: 'not-the-secret' });
		const refused = await watcher.poll();
		expect(refused.error?.message).toBe(
			'fiskaly did not accept the API key and secret (E_UNAUTHORIZED)',
		);

		session.engine.saveCredential(credentialId, {});
		expect(ids((await watcher.poll()).items)).toEqual([tx]);
	});

	it('refuses a TSS that is not a UUID', async () => {
		const { error } = await trigger({
			event: 'transactionEnded',
			scope: 'tss',
			tss: byId('store-1'),
		}).poll();
		expect(error?.message).toBe('TSS: "store-1" is not a UUID');
	});
});

describe('Export Completed', () => {
	it('emits an export once it is completed, not while it runs', async () => {
		const watcher = trigger({ event: 'exportCompleted', scope: 'tss', tss: byId(tss.tssId) });
		await watcher.poll();
		const exportId = randomUUID();
		await session.expectOk('PUT', `/tss/${tss.tssId}/export/${exportId}`, { body: {} });
		expect((await watcher.poll()).empty).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 300));
		const { items } = await watcher.poll();
		expect(items.map((item) => [item.json._id, item.json.state])).toEqual([
			[exportId, 'COMPLETED'],
		]);
		expect((await watcher.poll()).empty).toBe(true);
		expect(ids((await watcher.poll('manual')).items)).toEqual([exportId]);
	});
});

describe('TSS State Changed', () => {
	it('emits new TSS and state changes with the previous state, once', async () => {
		const watcher = trigger({ event: 'tssStateChanged', scope: 'all' });
		expect((await watcher.poll()).empty).toBe(true);
		const tssId = randomUUID();
		await session.expectOk('PUT', `/tss/${tssId}`, { body: {} });
		const created = await watcher.poll();
		expect(
			created.items.map((item) => [item.json._id, item.json.state, item.json.previous_state]),
		).toEqual([[tssId, 'CREATED', null]]);
		expect((await watcher.poll()).empty).toBe(true);

		await session.expectOk('PATCH', `/tss/${tssId}`, { body: { state: 'UNINITIALIZED' } });
		const deployed = await watcher.poll();
		expect(
			deployed.items.map((item) => [item.json._id, item.json.state, item.json.previous_state]),
		).toEqual([[tssId, 'UNINITIALIZED', 'CREATED']]);

		const one = trigger({ event: 'tssStateChanged', scope: 'tss', tss: byId(tssId) });
		const sample = await one.poll('manual');
		expect(sample.items.map((item) => [item.json._id, item.json.state])).toEqual([
			[tssId, 'UNINITIALIZED'],
		]);
		expect(sample.staticData).toEqual({});
	});
});
