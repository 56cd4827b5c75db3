// Cash point closings against REFERENCE §4.5, §5, §6, §8 and §12: the insert answer, the states in
// time, summary and details, synchronous refusals (schema, empty payment types, conflict, unknown
// register), the asynchronous error codes — including `tss_tx_id` checked against real SIGN DE
// transactions — the list filters and DELETE.

import * as crypto from 'node:crypto';

import { expectError } from '../../support/simulatorClient';
import {
	EXAMPLE,
	exampleClosing,
	exampleRig,
	insertAndProcess,
	signSale,
	TIMING,
	type Rig,
} from './support';

let rig: Rig;
let inserted = EXAMPLE.closingInserted;

beforeAll(async () => {
	({ rig } = await exampleRig());
}, 60_000);
afterAll(() => rig?.simulator.close());

/** Inserts a closing built from the §10 body after `change`, returns its processed summary. */
async function processed(change: (body: any) => void = () => undefined): Promise<any> {
	const body = exampleClosing();
	change(body);
	inserted += 60;
	return insertAndProcess(rig, crypto.randomUUID(), body, inserted);
}

describe('insert and processing', () => {
	it('answers PENDING, then shows WORKING and COMPLETED as time passes', async () => {
		const id = crypto.randomUUID();
		inserted += 60;
		rig.at(inserted);
		const reply = await rig.dsf('PUT', `/cash_point_closings/${id}`, exampleClosing());
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			closing_id: id,
			state: 'PENDING',
			time_creation: inserted,
			sign_api_version: 2,
			_type: 'CASH_POINT_CLOSING',
			_env: 'TEST',
			_version: expect.any(String),
		});
		const states = [];
		for (let step = 0; step < 3; step++) {
			const summary = (await rig.dsf('GET', `/cash_point_closings/${id}`)).body;
			states.push([summary.state, summary.time_update]);
			rig.advance(TIMING.closingPendingMs);
		}
		expect(states).toEqual([
			['PENDING', inserted],
			['WORKING', inserted + 1],
			['COMPLETED', inserted + 2],
		]);
		const summary = (await rig.dsf('GET', `/cash_point_closings/${id}`)).body;
		expect(summary).toEqual({
			closing_id: id,
			cash_point_closing_export_id: 42,
			client_id: EXAMPLE.clientId,
			state: 'COMPLETED',
			time_creation: inserted,
			time_update: inserted + 2,
			business_date: '2024-03-15',
			first_transaction_export_id: '1001',
			last_transaction_export_id: '1002',
			export_creation_date: EXAMPLE.closingCreated,
			full_amount: 22.6,
			cash_amount: 11.9,
			metadata: {},
			sign_api_version: 2,
			_id: id,
			_type: 'CASH_POINT_CLOSING',
			_env: 'TEST',
			_version: expect.any(String),
		});
	});

	it('details hold the stored body once COMPLETED, null before', async () => {
		const id = crypto.randomUUID();
		inserted += 60;
		rig.at(inserted);
		await rig.dsf('PUT', `/cash_point_closings/${id}`, {
			...exampleClosing(),
			metadata: { shift: 'late' },
		});
		const pending = await rig.dsf('GET', `/cash_point_closings/${id}/details`);
		expect(pending.body).toMatchObject({
			cash_point_closing: null,
			state: 'PENDING',
			metadata: { shift: 'late' },
		});
		rig.advance(TIMING.closingPendingMs + TIMING.closingWorkingMs);
		const done = await rig.dsf('GET', `/cash_point_closings/${id}/details`);
		expect(done.body.state).toBe('COMPLETED');
		expect(done.body.cash_point_closing).toEqual(exampleClosing());
	});

	it('coerces numeric strings as the service does, and stores numbers', async () => {
		const summary = await processed((body) => {
			body.cash_statement.payment.full_amount = '22.60';
			body.head.export_creation_date = String(EXAMPLE.closingCreated);
		});
		expect(summary).toMatchObject({
			state: 'COMPLETED',
			full_amount: 22.6,
			export_creation_date: EXAMPLE.closingCreated,
		});
	});

	it('completes a transaction reported with error_message instead of a TSS transaction', async () => {
		const summary = await processed((body) => {
			body.transactions[1].security = { error_message: 'TSS not reachable' };
		});
		expect(summary.state).toBe('COMPLETED');
	});
});

describe('synchronous refusals', () => {
	const put = (id: string, body: unknown) => rig.dsf('PUT', `/cash_point_closings/${id}`, body);

	it.each([
		[
			'missing head field',
			(b: any) => delete b.head.export_creation_date,
			"body.head should have required property 'export_creation_date'",
		],
		[
			'missing buyer',
			(b: any) => delete b.transactions[0].head.buyer,
			"body.transactions[0].head should have required property 'buyer'",
		],
		[
			'amount with 6 decimals',
			(b: any) => (b.cash_statement.payment.full_amount = 1.000001),
			'body.cash_statement.payment.full_amount should be multiple of 0.00001',
		],
		[
			'amount over the limit',
			(b: any) => (b.cash_statement.payment.cash_amount = 99999999999),
			'body.cash_statement.payment.cash_amount should be <= 9999999999.99',
		],
		[
			'unknown transaction type',
			(b: any) => (b.transactions[0].head.type = 'Bon'),
			'body.transactions[0].head.type should be equal to one of the allowed values',
		],
		[
			'text longer than 255',
			(b: any) => (b.transactions[0].data.lines[0].text = 'x'.repeat(256)),
			'should NOT be longer than 255 characters',
		],
		[
			'quantity with 4 decimals',
			(b: any) => (b.transactions[0].data.lines[0].item.quantity = 1.0001),
			'quantity should be multiple of 0.001',
		],
		[
			'bad currency',
			(b: any) => (b.cash_statement.payment.payment_types[0].currency_code = 'eur'),
			'currency_code should match pattern',
		],
		[
			'tx_id not a uuid',
			(b: any) => (b.transactions[0].head.tx_id = 'abc'),
			'body.transactions[0].head.tx_id should match format "uuid"',
		],
		[
			'security with nothing',
			(b: any) => (b.transactions[0].security = {}),
			'should match exactly one schema in oneOf',
		],
		[
			'business_date not a date',
			(b: any) => (b.head.business_date = '15.03.2024'),
			'body.head.business_date should match pattern',
		],
		[
			'metadata with 21 keys',
			(b: any) =>
				(b.metadata = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']))),
			'body.metadata should NOT have more than 20 properties',
		],
	])('%s → 400 E_FAILED_SCHEMA_VALIDATION', async (_name, change, message) => {
		const body = exampleClosing();
		change(body);
		const reply = await put(crypto.randomUUID(), body);
		expectError(reply, 400, 'E_FAILED_SCHEMA_VALIDATION');
		expect(reply.body.message).toContain(message);
	});

	it('a closing id that is not a UUID', async () => {
		expectError(
			await put('closing-1', exampleClosing()),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'params.closing_id should match format "uuid"',
		);
	});

	it('empty payment types → 400 "Payment types are empty" (since 1.25)', async () => {
		const body = exampleClosing();
		body.cash_statement.payment.payment_types = [];
		expectError(
			await put(crypto.randomUUID(), body),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/^Payment types are empty$/,
		);
	});

	it('a used closing id → 409 E_CASH_POINT_CLOSING_CONFLICT, whatever the body', async () => {
		const id = crypto.randomUUID();
		expect((await put(id, exampleClosing())).status).toBe(200);
		expectError(
			await put(id, exampleClosing()),
			409,
			'E_CASH_POINT_CLOSING_CONFLICT',
			'Cash Point Closing conflict.',
		);
	});

	it('a client_id without cash register → 404 E_CASH_REGISTER_NOT_FOUND', async () => {
		const body = { ...exampleClosing(), client_id: crypto.randomUUID() };
		expectError(
			await put(crypto.randomUUID(), body),
			404,
			'E_CASH_REGISTER_NOT_FOUND',
			body.client_id,
		);
	});

	it('an unknown closing → 404 E_CASH_POINT_CLOSING_NOT_FOUND', async () => {
		expectError(
			await rig.dsf('GET', `/cash_point_closings/${crypto.randomUUID()}`),
			404,
			'E_CASH_POINT_CLOSING_NOT_FOUND',
		);
	});
});

describe('asynchronous errors (state ERROR with error.code)', () => {
	it.each([
		[
			'an unknown VAT id',
			(b: any) =>
				(b.transactions[0].data.lines[0].business_case.amounts_per_vat_id[0].vat_definition_export_id = 999),
			'E_VAT_DEFINITION_NOT_FOUND',
			'VAT Definition does not exist. (999)',
		],
		[
			'an unknown purchaser agency',
			(b: any) =>
				(b.cash_statement.business_cases[0].purchaser_agency_id =
					'00000000-0000-4000-8000-0000000000aa'),
			'E_PURCHASER_AGENCY_NOT_FOUND',
			'Purchaser Agency does not exist.',
		],
		[
			'a closing_client_id without register',
			(b: any) =>
				(b.transactions[1].head.closing_client_id = '00000000-0000-4000-8000-0000000000bb'),
			'E_CASH_REGISTER_NOT_FOUND',
			'00000000-0000-4000-8000-0000000000bb',
		],
		[
			'a tss_tx_id the TSS does not hold',
			(b: any) => (b.transactions[1].security.tss_tx_id = '00000000-0000-4000-8000-0000000000cc'),
			'E_TX_NOT_FOUND',
			'does not hold',
		],
		[
			'other gross amounts than signed',
			(b: any) => (b.transactions[0].data.amounts_per_vat_id[0].incl_vat = 11.8),
			'E_TX_AMOUNTS_MISMATCH',
			'the TSS signed 11.90 gross',
		],
		[
			'another VAT rate than signed',
			(b: any) => (b.transactions[0].data.amounts_per_vat_id[0].vat_definition_export_id = 2),
			'E_TX_AMOUNTS_MISMATCH',
			'VAT slot 1',
		],
		[
			'cash paid where the TSS signed non-cash',
			(b: any) => (b.transactions[1].data.payment_types[0].type = 'Bar'),
			'E_TX_AMOUNTS_MISMATCH',
			'Bar:EUR',
		],
		[
			'another transaction type than signed',
			(b: any) => (b.transactions[0].head.type = 'AVTraining'),
			undefined,
			undefined,
		],
	])('%s', async (_name, change, code, message) => {
		const summary = await processed(change);
		if (code === undefined) {
			// AVTraining is not a Kassenbeleg the amounts are compared for: only a Beleg is checked
			expect(summary.state).toBe('COMPLETED');
			return;
		}
		expect(summary.state).toBe('ERROR');
		expect(summary.error.code).toBe(code);
		expect(summary.error.message).toContain(message);
		const details = (await rig.dsf('GET', `/cash_point_closings/${summary.closing_id}/details`))
			.body;
		expect(details).toMatchObject({
			state: 'ERROR',
			cash_point_closing: null,
			error: summary.error,
		});
	});

	it('a tss_tx_id of a transaction still ACTIVE → E_TX_NOT_FOUND', async () => {
		const txId = crypto.randomUUID();
		inserted += 60;
		rig.at(inserted);
		expect(
			(
				await rig.signDe.upsert(EXAMPLE.tssId, txId, 1, {
					state: 'ACTIVE',
					client_id: EXAMPLE.clientId,
				})
			).status,
		).toBe(200);
		const summary = await processed((b) => (b.transactions[0].security.tss_tx_id = txId));
		expect(summary.error).toEqual({
			code: 'E_TX_NOT_FOUND',
			message: expect.stringContaining('which is ACTIVE, not FINISHED'),
		});
	});

	it('a fresh signed sale with matching amounts completes', async () => {
		const txId = crypto.randomUUID();
		inserted += 60;
		await signSale(rig, EXAMPLE.tssId, EXAMPLE.clientId, {
			txId,
			vatRate: 'NORMAL',
			payment: 'CASH',
			amount: '11.90',
			start: inserted,
			end: inserted + 5,
		});
		const summary = await processed((b) => {
			b.transactions[0].head.tx_id = txId;
			b.transactions[0].security.tss_tx_id = txId.toUpperCase();
		});
		expect(summary.state).toBe('COMPLETED');
	});
});

describe('list and delete', () => {
	it('filters by state, client, business date and creation time; pages with count = all matches', async () => {
		const errored = await processed(
			(b) => (b.transactions[1].security.tss_tx_id = crypto.randomUUID()),
		);
		const all = (await rig.dsf('GET', '/cash_point_closings')).body;
		expect(all._type).toBe('CASH_POINT_CLOSING_LIST');
		expect(all.count).toBe(all.data.length);
		const errors = (await rig.dsf('GET', '/cash_point_closings', undefined, { states: 'ERROR' }))
			.body;
		expect(errors.data.map((item: any) => item.state)).toEqual(errors.data.map(() => 'ERROR'));
		expect(errors.data.map((item: any) => item.closing_id)).toContain(errored.closing_id);
		const page = (
			await rig.dsf('GET', '/cash_point_closings', undefined, {
				limit: 2,
				offset: 1,
				order: 'desc',
			})
		).body;
		expect(page.count).toBe(all.count);
		expect(page.data.map((item: any) => item._id)).toEqual(
			all.data
				.slice(-3, -1)
				.reverse()
				.map((item: any) => item._id),
		);
		const byTime = (
			await rig.dsf('GET', '/cash_point_closings', undefined, {
				start_date: errored.time_creation - 1,
				end_date: errored.time_creation + 1,
			})
		).body;
		expect(byTime.data.map((item: any) => item.closing_id)).toEqual([errored.closing_id]);
		expect(
			(
				await rig.dsf('GET', '/cash_point_closings', undefined, {
					business_date_start: '2024-03-16',
				})
			).body.count,
		).toBe(0);
		expect(
			(
				await rig.dsf('GET', '/cash_point_closings', undefined, {
					business_date_end: '2024-03-15',
					client_id: EXAMPLE.clientId,
				})
			).body.count,
		).toBe(all.count);
		expectError(
			await rig.dsf('GET', '/cash_point_closings', undefined, { limit: 101 }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'querystring.limit',
		);
		expectError(
			await rig.dsf('GET', '/cash_point_closings', undefined, { states: 'DONE' }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'states',
		);
		expectError(
			await rig.dsf('GET', '/cash_point_closings', undefined, { order_by: 'number' }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'order_by',
		);
	});

	it('DELETE: PENDING refused with E_INVALID_STATE_CHANGE, COMPLETED becomes DELETED with time_deleted', async () => {
		const id = crypto.randomUUID();
		inserted += 60;
		rig.at(inserted);
		await rig.dsf('PUT', `/cash_point_closings/${id}`, exampleClosing());
		expectError(
			await rig.dsf('DELETE', `/cash_point_closings/${id}`),
			400,
			'E_INVALID_STATE_CHANGE',
			'PENDING',
		);
		rig.advance(TIMING.closingPendingMs + TIMING.closingWorkingMs + 3000);
		const deleted = await rig.dsf('DELETE', `/cash_point_closings/${id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.body).toMatchObject({
			closing_id: id,
			state: 'DELETED',
			time_deleted: inserted + 5,
			time_update: inserted + 5,
		});
		expect((await rig.dsf('GET', `/cash_point_closings/${id}`)).body.state).toBe('DELETED');
		expectError(
			await rig.dsf('DELETE', `/cash_point_closings/${id}`),
			400,
			'E_INVALID_STATE_CHANGE',
			'DELETED',
		);
		const exported = await rig.dsf('PUT', `/exports/${crypto.randomUUID()}`, {
			start_date: inserted,
			end_date: inserted + 10,
		});
		expectError(
			exported,
			404,
			'E_CASH_POINT_CLOSING_NOT_FOUND',
			'No Cash Point Closings for the given parameters.',
		);
	});
});
