// Asynchronous closing errors (REFERENCE §5, §8.1, §12): a closing is accepted as PENDING and ends in
// ERROR with `error.code` — unknown VAT ids, purchaser agencies and registers, and `security.tss_tx_id`
// checked against real SIGN DE transactions (unknown, not FINISHED, other amounts than signed).

import * as crypto from 'node:crypto';

import { EXAMPLE, exampleRig, processedVariant, signSale, type Rig } from './support';

let rig: Rig;
let inserted = EXAMPLE.closingInserted;

beforeAll(async () => {
	({ rig } = await exampleRig());
}, 60_000);
afterAll(() => rig?.simulator.close());

async function processed(change: (body: any) => void = () => undefined): Promise<any> {
	inserted += 60;
	return processedVariant(rig, change, inserted);
}

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
