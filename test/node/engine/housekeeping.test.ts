// Housekeeping through n8n's engine: Transaction › Cancel Stale and TSS › Get Health against a
// simulator whose clock the tests turn back, so transactions can be made "two hours old".
import { randomUUID } from 'node:crypto';

import { byId } from '../../../scripts/n8n-engine';
import { EngineSession, fiskalyApiError, type PreparedClient, type PreparedTss } from './session';

let session: EngineSession;
/** How far the simulator's clock runs behind the real one. */
let clockBehindMs = 0;

beforeAll(async () => {
	session = await EngineSession.start({ clock: () => Date.now() - clockBehindMs });
});

afterAll(async () => {
	await session.close();
});

beforeEach(async () => {
	clockBehindMs = 0;
	await session.clearFaults();
	await session.resetTraffic();
});

const TWO_HOURS = 2 * 60 * 60 * 1000;

/** Starts a transaction `ageMs` ago (by the simulator's clock), optionally with receipt data. */
async function openTransaction(
	tss: PreparedTss,
	client: PreparedClient,
	ageMs = 0,
	withData = false,
): Promise<string> {
	clockBehindMs = ageMs;
	const txId = randomUUID();
	await session.expectOk('PUT', `/tss/${tss.tssId}/tx/${txId}`, {
		query: { tx_revision: 1 },
		body: { state: 'ACTIVE', client_id: client.clientId },
	});
	if (withData) {
		await session.expectOk('PUT', `/tss/${tss.tssId}/tx/${txId}`, {
			query: { tx_revision: 2 },
			body: {
				state: 'ACTIVE',
				client_id: client.clientId,
				schema: {
					standard_v1: {
						receipt: {
							receipt_type: 'RECEIPT',
							amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '3.50' }],
						},
					},
				},
			},
		});
	}
	clockBehindMs = 0;
	return txId;
}

const stateOf = async (tss: PreparedTss, txId: string) =>
	(await session.expectOk('GET', `/tss/${tss.tssId}/tx/${txId}`)).state;

const cancelStale = (tss: PreparedTss, parameters: Record<string, unknown> = {}) =>
	session.engine.runNode({
		resource: 'transaction',
		operation: 'cancelStale',
		parameters: { tss: byId(tss.tssId), olderThanMinutes: 60, ...parameters } as any,
	});

describe('Transaction › Cancel Stale', () => {
	it('cancels only the open transactions older than the limit, reports them, and finds nothing on a second run', async () => {
		const tss = await session.prepareTss();
		const till1 = await session.prepareClient(tss);
		const till2 = await session.prepareClient(tss);
		const oldEmpty = await openTransaction(tss, till1, TWO_HOURS);
		const oldWithReceipt = await openTransaction(tss, till2, TWO_HOURS, true);
		const fresh = await openTransaction(tss, till1);
		const oldFinished = (await session.signDirectly(tss, till1)).txId;

		const { items, error, rawPairedItems } = await cancelStale(tss);
		expect(error).toBeUndefined();
		const report = items[0].json as any;
		expect(report).toMatchObject({
			tss_id: tss.tssId,
			client_id: null,
			older_than_minutes: 60,
			dry_run: false,
			stale_count: 2,
			cancelled_count: 2,
			skipped: [],
		});
		expect(report.cancelled.map((tx: any) => tx._id)).toEqual([oldEmpty, oldWithReceipt]);
		expect(report.cancelled[1]).toMatchObject({
			client_id: till2.clientId,
			client_serial_number: till2.serialNumber,
		});
		expect(rawPairedItems).toEqual([{ item: 0 }]);

		expect(await stateOf(tss, oldEmpty)).toBe('CANCELLED');
		const kept = await session.expectOk('GET', `/tss/${tss.tssId}/tx/${oldWithReceipt}`);
		expect(kept.state).toBe('CANCELLED');
		// Whatever the receipt held, the abort is signed with zero amounts and no payments.
		expect(kept.schema.standard_v1.receipt).toEqual({
			receipt_type: 'CANCELLATION',
			amounts_per_vat_rate: [],
		});
		expect(Buffer.from(kept.schema.raw.process_data, 'base64').toString('utf8')).toBe(
			'AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^',
		);
		expect(await stateOf(tss, fresh)).toBe('ACTIVE');
		expect(await stateOf(tss, oldFinished)).toBe('FINISHED');

		await session.resetTraffic();
		const again = await cancelStale(tss);
		expect(again.items[0].json).toMatchObject({
			stale_count: 0,
			cancelled_count: 0,
			cancelled: [],
		});
		expect((await session.requestLines()).filter((line) => line.startsWith('GET'))).toHaveLength(1);
		expect((await session.stats()).signatures).toBe(0);
	});

	it("limits itself to one client's transactions, and a dry run cancels nothing", async () => {
		const tss = await session.prepareTss();
		const till1 = await session.prepareClient(tss);
		const till2 = await session.prepareClient(tss);
		const mine = await openTransaction(tss, till1, TWO_HOURS);
		const theirs = await openTransaction(tss, till2, TWO_HOURS);

		const dry = await cancelStale(tss, { client: byId(till1.clientId), options: { dryRun: true } });
		expect(dry.items[0].json).toMatchObject({
			dry_run: true,
			stale_count: 1,
			cancelled_count: 0,
			stale: [{ _id: mine }],
		});
		expect(await stateOf(tss, mine)).toBe('ACTIVE');

		const real = await cancelStale(tss, { client: byId(till1.clientId) });
		expect(real.items[0].json).toMatchObject({ client_id: till1.clientId, cancelled_count: 1 });
		expect(await stateOf(tss, mine)).toBe('CANCELLED');
		expect(await stateOf(tss, theirs)).toBe('ACTIVE');
	});

	it('measured from the last change, an old transaction updated recently stays open', async () => {
		const tss = await session.prepareTss();
		const till = await session.prepareClient(tss);
		const txId = await openTransaction(tss, till, TWO_HOURS);
		await session.expectOk('PUT', `/tss/${tss.tssId}/tx/${txId}`, {
			query: { tx_revision: 2 },
			body: {
				state: 'ACTIVE',
				client_id: till.clientId,
				schema: {
					standard_v1: {
						order: { line_items: [{ quantity: '1', text: 'Tea', price_per_unit: '2.00' }] },
					},
				},
			},
		});
		const byChange = await cancelStale(tss, { ageBasis: 'lastChange' });
		expect(byChange.items[0].json).toMatchObject({
			stale_count: 0,
			age_measured_from: 'last change',
		});
		const byStart = await cancelStale(tss, { ageBasis: 'start' });
		expect(byStart.items[0].json).toMatchObject({ stale_count: 1, cancelled_count: 1 });
	});

	it('skips a transaction that changed under it, and after a failure says how many were already cancelled', async () => {
		const tss = await session.prepareTss();
		const till = await session.prepareClient(tss);
		const first = await openTransaction(tss, till, TWO_HOURS);
		const second = await openTransaction(tss, till, TWO_HOURS);

		await session.inject(
			{ method: 'PUT', path: `/tss/${tss.tssId}/tx/${first}` },
			{ type: 'status', status: 400, code: 'E_TX_UPSERT' },
		);
		const { items } = await cancelStale(tss);
		expect(items[0].json).toMatchObject({
			cancelled_count: 1,
			cancelled: [{ _id: second }],
			skipped: [{ _id: first, reason: expect.stringContaining('E_TX_UPSERT') }],
		});

		const third = await openTransaction(tss, till, TWO_HOURS);
		const fourth = await openTransaction(tss, till, TWO_HOURS);
		await session.inject(
			{ method: 'PUT', path: `/tss/${tss.tssId}/tx/${fourth}` },
			{ type: 'status', status: 503, retryAfter: 0 },
			4,
		);
		const failed = await cancelStale(tss);
		// The skipped one (still open) and the third go first; the fourth fails.
		expect(failed.error).toEqual(
			fiskalyApiError(
				'E_TSS_LOCKED',
				/2 stale transaction\(s\) were cancelled before this\. Run Cancel Stale again/,
			),
		);
		expect(await stateOf(tss, first)).toBe('CANCELLED');
		expect(await stateOf(tss, third)).toBe('CANCELLED');
		const resumed = await cancelStale(tss);
		expect(resumed.items[0].json).toMatchObject({
			cancelled_count: 1,
			cancelled: [{ _id: fourth }],
		});
	});
});

describe('TSS › Get Health', () => {
	const health = (parameters: Record<string, unknown>) =>
		session.engine.runNode({
			resource: 'tss',
			operation: 'getHealth',
			parameters: parameters as any,
		});

	it('reports a healthy TSS with its counters, usage and certificate expiry', async () => {
		const tss = await session.prepareTss();
		await session.prepareClient(tss);
		await openTransaction(tss, await session.prepareClient(tss));
		await session.resetTraffic();
		const { items, error, rawPairedItems } = await health({ scope: 'tss', tss: byId(tss.tssId) });
		expect(error).toBeUndefined();
		const report = items[0].json as any;
		expect(report).toMatchObject({
			tss_id: tss.tssId,
			state: 'INITIALIZED',
			healthy: true,
			warnings: [],
			registered_clients: { count: 2, max: 199, usage_percent: 1 },
			active_transactions: { count: 1, max: 2000, usage_percent: 0 },
			stale_transactions: { count: 0, older_than_minutes: 60, oldest_time_start: null },
			certificate: { expires_at: expect.any(String), days_left: expect.any(Number) },
		});
		expect(report.certificate.days_left).toBeGreaterThan(300);
		expect(Number(report.signature_counter)).toBeGreaterThan(24);
		expect(rawPairedItems).toEqual([{ item: 0 }]);
		expect(await session.requestLines()).toEqual([
			`GET /tss/${tss.tssId}`,
			`GET /tss/${tss.tssId}/tx?states%5B%5D=ACTIVE&order_by=time_start&order=asc&limit=100&offset=0`,
		]);
	});

	it('warns about stale transactions, usage near a limit and a certificate expiring soon', async () => {
		const tss = await session.prepareTss();
		const till = await session.prepareClient(tss);
		await openTransaction(tss, till, TWO_HOURS);
		const { items } = await health({
			scope: 'tss',
			tss: byId(tss.tssId),
			options: { usagePercent: 1, certificateDays: 400, staleMinutes: 30 },
		});
		const report = items[0].json as any;
		expect(report.healthy).toBe(false);
		expect(report.warnings).toEqual([
			'Registered clients: 1 of 199 (1%); deregister clients no longer in use (Client › Update)',
			expect.stringMatching(
				/^The certificate expires on \d{4}-\d\d-\d\dT.* \(in 36\d days\); plan a new TSS$/,
			),
			expect.stringMatching(
				/^1 transaction has been open for more than 30 minutes \(oldest started .*\); cancel them with Transaction › Cancel Stale$/,
			),
		]);
		expect(report.stale_transactions).toMatchObject({ count: 1, older_than_minutes: 30 });
	});

	it('checks every TSS in the chosen states, one item each, and flags one that cannot sign', async () => {
		const ready = await session.prepareTss();
		const halfway = await session.prepareTss('UNINITIALIZED');
		const onlyInitialized = await health({
			scope: 'all',
			states: ['INITIALIZED'],
			options: { checkStale: false },
		});
		const ids = onlyInitialized.items.map((item) => item.json.tss_id);
		expect(ids).toContain(ready.tssId);
		expect(ids).not.toContain(halfway.tssId);
		expect(onlyInitialized.items.every((item) => item.json.stale_transactions === null)).toBe(true);

		const both = await health({ scope: 'all', states: ['INITIALIZED', 'UNINITIALIZED'] });
		const notReady = both.items.find((item) => item.json.tss_id === halfway.tssId)!.json as any;
		expect(notReady).toMatchObject({
			state: 'UNINITIALIZED',
			healthy: false,
			stale_transactions: null,
		});
		expect(notReady.warnings[0]).toBe('The TSS is UNINITIALIZED: it cannot sign');
		expect(both.items.every((item) => item.pairedItem && (item.pairedItem as any).item === 0)).toBe(
			true,
		);
	});
});
