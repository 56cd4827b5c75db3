// Verify DSFinV-K Export against the simulator's real export: the REFERENCE §10 day signed on the
// SIGN DE simulator, its closing inserted and processed, the export triggered and downloaded over
// HTTP (TAR and ZIP) verifies clean; tampered copies give the precise finding.
import { verifyDsfinvkExport } from '../../../nodes/FiskalyDsfinvk/helpers/exportCheck/verifyExport';
import type { Finding } from '../../../nodes/FiskalyDsfinvk/helpers/exportCheck/findings';
import {
	EXAMPLE,
	exampleClosing,
	exampleRig,
	insertAndProcess,
	TIMING,
	type Rig,
} from '../../simulator/dsfinvk/support';
import {
	cell,
	flipSignature,
	removeRow,
	setCell,
	tarOf,
	type ArchiveFiles,
} from '../../support/dsfinvkArchive';
import { readTar } from '../../support/tar';

const OPTIONS = { maxFindings: 500 };

describe('the simulator export of the REFERENCE §10 day', () => {
	let rig: Rig;
	let signed: any[];
	const archives: Record<'tar' | 'zip', Buffer> = { tar: Buffer.alloc(0), zip: Buffer.alloc(0) };
	let files: ArchiveFiles;

	async function exported(exportId: string, format: 'tar' | 'zip'): Promise<Buffer> {
		const triggered = await rig.dsf('PUT', `/exports/${exportId}`, {
			start_date: 1710457200,
			end_date: 1710629999,
			client_id: EXAMPLE.clientId,
			format,
		});
		expect(triggered.status).toBe(200);
		rig.advance(TIMING.exportPendingMs + TIMING.exportWorkingMs);
		expect((await rig.dsf('GET', `/exports/${exportId}`)).body.state).toBe('COMPLETED');
		const download = await rig.dsf('GET', `/exports/${exportId}/download`);
		expect(download.status).toBe(200);
		return download.raw;
	}

	beforeAll(async () => {
		({ rig, signed } = await exampleRig());
		const closing = await insertAndProcess(
			rig,
			EXAMPLE.closingId,
			exampleClosing(),
			EXAMPLE.closingInserted,
		);
		expect(closing.state).toBe('COMPLETED');
		archives.tar = await exported(EXAMPLE.exportId, 'tar');
		archives.zip = await exported('e0000000-0000-4000-8000-000000000002', 'zip');
		files = new Map(readTar(archives.tar).map((entry) => [entry.name, entry.data]));
	}, 60_000);

	afterAll(() => rig?.simulator.close());

	test.each(['tar', 'zip'] as const)('the %s download verifies clean', (format) => {
		const report = verifyDsfinvkExport(archives[format], OPTIONS);
		expect(report.findings).toEqual([]);
		expect(report).toMatchObject({
			valid: true,
			container: format,
			tables_found: 20,
			closings_count: 1,
			closings: [
				{
					cash_register: EXAMPLE.clientId,
					closing_number: '42',
					transactions: 2,
					payments_total: '22,60',
					cash_total: '11,90',
				},
			],
			transactions: 2,
			totals: { gross: '22,60', per_payment_type: { Bar: '11,90', ECKarte: '10,70' } },
			signatures_verified: signed.length,
			signatures_failed: 0,
		});
	});

	const errorsOf = (edited: ArchiveFiles): Finding[] =>
		(verifyDsfinvkExport(tarOf(edited, ''), OPTIONS).findings as unknown as Finding[]).filter(
			(finding) => finding.severity === 'error',
		);

	test('the TAR rebuilt unchanged still verifies (the tamper tests change only what they say)', () => {
		expect(errorsOf(files)).toEqual([]);
	});

	test('one amount changed: the receipt no longer matches its VAT rows and payments', () => {
		const errors = errorsOf(setCell(files, 'transactions.csv', 3, 'UMS_BRUTTO', '10,07'));
		expect(errors).toEqual([
			expect.objectContaining({
				check: 'sum',
				table: 'transactions.csv',
				row: 3,
				column: 'UMS_BRUTTO',
				message: 'differs from the sum of BON_BRUTTO in transactions_vat.csv',
				expected: '10,70',
				found: '10,07',
			}),
			expect.objectContaining({
				check: 'sum',
				table: 'transactions.csv',
				row: 3,
				column: 'UMS_BRUTTO',
				message: 'differs from the sum of BASISWAEH_BETRAG in datapayment.csv',
				expected: '10,70',
				found: '10,07',
			}),
		]);
	});

	test('one TSE row removed: the Bon without it is named', () => {
		expect(errorsOf(removeRow(files, 'transactions_tse.csv', 2))).toEqual([
			expect.objectContaining({
				check: 'tse',
				table: 'transactions_tse.csv',
				column: 'BON_ID',
				message: 'Bon 1001 (transactions.csv row 2) has no TSE row',
				expected: 'one row',
				found: 'none',
			}),
		]);
	});

	test('one signature flipped: that row fails, the other still verifies', () => {
		const flipped = flipSignature(cell(files, 'transactions_tse.csv', 3, 'TSE_TA_SIG'));
		const edited = setCell(files, 'transactions_tse.csv', 3, 'TSE_TA_SIG', flipped);
		expect(errorsOf(edited)).toEqual([
			expect.objectContaining({
				check: 'signature',
				table: 'transactions_tse.csv',
				row: 3,
				column: 'TSE_TA_SIG',
			}),
		]);
		expect(verifyDsfinvkExport(tarOf(edited, ''), OPTIONS)).toMatchObject({
			signatures_verified: 1,
			signatures_failed: 1,
		});
	});
});

describe('a richer simulator day: two VAT rates and two payment types on one receipt, an opening float', () => {
	let rig: Rig;
	const tx3 = 'b0000000-0000-4000-8000-000000000003';
	const vatRow = (id: number, incl: number, excl: number, vat: number) => ({
		vat_definition_export_id: id,
		incl_vat: incl,
		excl_vat: excl,
		vat,
	});

	function closing(): any {
		const body = exampleClosing();
		const wine = vatRow(1, 5.95, 5.0, 0.95);
		const bread = vatRow(2, 2.14, 2.0, 0.14);
		body.head.last_transaction_export_id = '1003';
		body.transactions.push({
			head: {
				...body.transactions[1].head,
				tx_id: tx3,
				transaction_export_id: '1003',
				number: 3,
				timestamp_start: 1710525000,
				timestamp_end: 1710525030,
			},
			data: {
				full_amount_incl_vat: 8.09,
				payment_types: [
					{ type: 'Bar', currency_code: 'EUR', amount: 5.0 },
					{ type: 'ECKarte', currency_code: 'EUR', amount: 3.09 },
				],
				amounts_per_vat_id: [wine, bread],
				lines: [
					{
						lineitem_export_id: '1',
						storno: false,
						text: 'Weißwein 0,2l',
						business_case: { type: 'Umsatz', amounts_per_vat_id: [wine] },
						item: { number: 'WW-02', quantity: 1, price_per_unit: 5.95 },
					},
					{
						lineitem_export_id: '2',
						storno: false,
						text: 'Brezel; frisch',
						business_case: { type: 'Umsatz', amounts_per_vat_id: [bread] },
						item: { number: 'BR-01', quantity: 1, price_per_unit: 2.14 },
					},
				],
			},
			security: { tss_tx_id: tx3 },
		});
		body.cash_statement.business_cases = [
			{
				type: 'Umsatz',
				amounts_per_vat_id: [vatRow(1, 17.85, 15.0, 2.85), vatRow(2, 12.84, 12.0, 0.84)],
			},
			{ type: 'Anfangsbestand', amounts_per_vat_id: [vatRow(5, 100, 100, 0)] },
		];
		body.cash_statement.payment = {
			full_amount: 30.69,
			cash_amount: 16.9,
			cash_amounts_by_currency: [{ currency_code: 'EUR', amount: 16.9 }],
			payment_types: [
				{ type: 'Bar', currency_code: 'EUR', amount: 16.9 },
				{ type: 'ECKarte', currency_code: 'EUR', amount: 13.79 },
			],
		};
		return body;
	}

	beforeAll(async () => {
		({ rig } = await exampleRig());
		rig.at(1710525000);
		expect(
			(
				await rig.signDe.upsert(EXAMPLE.tssId, tx3, 1, {
					state: 'ACTIVE',
					client_id: EXAMPLE.clientId,
				})
			).status,
		).toBe(200);
		rig.at(1710525030);
		const finished = await rig.signDe.upsert(EXAMPLE.tssId, tx3, 2, {
			state: 'FINISHED',
			client_id: EXAMPLE.clientId,
			schema: {
				standard_v1: {
					receipt: {
						receipt_type: 'RECEIPT',
						amounts_per_vat_rate: [
							{ vat_rate: 'NORMAL', amount: '5.95' },
							{ vat_rate: 'REDUCED_1', amount: '2.14' },
						],
						amounts_per_payment_type: [
							{ payment_type: 'CASH', amount: '5.00' },
							{ payment_type: 'NON_CASH', amount: '3.09' },
						],
					},
				},
			},
		});
		expect(finished.status).toBe(200);
		const processed = await insertAndProcess(
			rig,
			EXAMPLE.closingId,
			closing(),
			EXAMPLE.closingInserted,
		);
		expect(processed).toMatchObject({ state: 'COMPLETED' });
	}, 60_000);

	afterAll(() => rig?.simulator.close());

	test('its export verifies clean', async () => {
		const triggered = await rig.dsf('PUT', `/exports/${EXAMPLE.exportId}`, {
			start_date: 1710457200,
			end_date: 1710629999,
			format: 'zip',
		});
		expect(triggered.status).toBe(200);
		rig.advance(TIMING.exportPendingMs + TIMING.exportWorkingMs);
		const download = await rig.dsf('GET', `/exports/${EXAMPLE.exportId}/download`);
		expect(download.status).toBe(200);
		const report = verifyDsfinvkExport(download.raw, OPTIONS);
		expect(report.findings).toEqual([]);
		expect(report).toMatchObject({
			valid: true,
			transactions: 3,
			signatures_verified: 3,
			totals: { gross: '30,69', per_payment_type: { Bar: '16,90', ECKarte: '13,79' } },
		});
	});
});
