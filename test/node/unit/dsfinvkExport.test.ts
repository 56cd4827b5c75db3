// Verify DSFinV-K Export, offline: the worked example of REFERENCE §10 as TAR and ZIP verifies
// clean; each kind of damage gives the finding that names its table, row, column and values.
import { verifyDsfinvkExport } from '../../../nodes/FiskalyDsfinvk/helpers/exportCheck/verifyExport';
import type { Finding } from '../../../nodes/FiskalyDsfinvk/helpers/exportCheck/findings';
import type { ArchiveFiles } from '../../support/dsfinvkArchive';
import {
	cell,
	csv,
	flipSignature,
	HEADERS,
	indexXml,
	newTse,
	removeRow,
	setCell,
	tarOf,
	workedExample,
	zipOf,
} from '../../support/dsfinvkArchive';

const OPTIONS = { maxFindings: 500 };
const tse = newTse();
const example = workedExample(tse);

function findingsOf(files: ArchiveFiles): Finding[] {
	return (verifyDsfinvkExport(tarOf(files), OPTIONS).findings as unknown as Finding[]).filter(
		(finding) => finding.severity === 'error',
	);
}

describe('the worked example (REFERENCE §10)', () => {
	test.each([
		['TAR with ./ names', tarOf(example)],
		['TAR in a folder', tarOf(example, 'export-e0000000/')],
		['deflated ZIP', zipOf(example, 8)],
		['stored ZIP', zipOf(example, 0)],
	])('%s verifies clean, with its summary', (_name, archive) => {
		const report = verifyDsfinvkExport(archive, OPTIONS);
		expect(report.findings).toEqual([]);
		expect(report).toMatchObject({
			valid: true,
			errors: 0,
			warnings: 0,
			tables_found: 20,
			tables_expected: 20,
			closings_count: 1,
			closings: [
				{
					cash_register: 'a1b2c3d4-0000-4000-8000-00000000c001',
					closing_number: '42',
					business_date: '2024-03-15',
					transactions: 2,
					payments_total: '22,60',
					cash_total: '11,90',
				},
			],
			transactions: 2,
			transactions_by_type: { Beleg: 2 },
			totals: {
				gross: '22,60',
				per_vat_key: {
					1: { BON_BRUTTO: '11,90', BON_NETTO: '10,00', BON_UST: '1,90' },
					2: { BON_BRUTTO: '10,70', BON_NETTO: '10,00', BON_UST: '0,70' },
				},
				per_payment_type: { Bar: '11,90', ECKarte: '10,70' },
			},
			signatures_verified: 2,
			signatures_failed: 0,
			tse_failures: 0,
		});
		expect((report.rows as Record<string, number>)['lines.csv']).toBe(2);
	});
});

describe('damage gives a precise finding', () => {
	// [what was done, the edited archive, the finding expected among the errors]
	test.each<[string, () => ArchiveFiles, Partial<Finding>]>([
		[
			'a receipt amount changed',
			() => setCell(example, 'transactions.csv', 2, 'UMS_BRUTTO', '11,95'),
			{
				check: 'sum',
				table: 'transactions.csv',
				row: 2,
				column: 'UMS_BRUTTO',
				expected: '11,90',
				found: '11,95',
			},
		],
		[
			'a line amount changed',
			() => setCell(example, 'lines_vat.csv', 3, 'POS_BRUTTO', '10,80000'),
			{
				check: 'sum',
				table: 'transactions_vat.csv',
				row: 3,
				column: 'BON_BRUTTO',
				expected: '10,80',
				found: '10,70',
			},
		],
		[
			'a VAT row that does not add up',
			() => setCell(example, 'transactions_vat.csv', 2, 'BON_UST', '1,80000'),
			{
				check: 'sum',
				table: 'transactions_vat.csv',
				row: 2,
				column: 'BON_BRUTTO',
				expected: '11,80',
				found: '11,90',
			},
		],
		[
			'a business case total changed',
			() => setCell(example, 'businesscases.csv', 3, 'Z_UMS_NETTO', '10,01000'),
			{
				check: 'sum',
				table: 'businesscases.csv',
				row: 3,
				column: 'Z_UMS_NETTO',
				expected: '10,00',
				found: '10,01',
			},
		],
		[
			'a closing payment total changed',
			() => setCell(example, 'payment.csv', 3, 'Z_ZAHLART_BETRAG', '10,00'),
			{
				check: 'sum',
				table: 'payment.csv',
				row: 3,
				column: 'Z_ZAHLART_BETRAG',
				expected: '10,70',
				found: '10,00',
			},
		],
		[
			'the closing cash total changed',
			() => setCell(example, 'cashpointclosing.csv', 2, 'Z_SE_BARZAHLUNGEN', '12,00'),
			{
				check: 'sum',
				table: 'cashpointclosing.csv',
				row: 2,
				column: 'Z_SE_BARZAHLUNGEN',
				expected: '11,90',
				found: '12,00',
			},
		],
		[
			'cash per currency changed',
			() => setCell(example, 'cash_per_currency.csv', 2, 'ZAHLART_BETRAG_WAEH', '1,90'),
			{
				check: 'sum',
				table: 'cash_per_currency.csv',
				row: 2,
				column: 'ZAHLART_BETRAG_WAEH',
				expected: '11,90',
				found: '1,90',
			},
		],
		[
			'a TSE row removed',
			() => removeRow(example, 'transactions_tse.csv', 3),
			{
				check: 'tse',
				table: 'transactions_tse.csv',
				column: 'BON_ID',
				message: 'Bon 1002 (transactions.csv row 3) has no TSE row',
			},
		],
		[
			'a signature flipped',
			() =>
				setCell(
					example,
					'transactions_tse.csv',
					2,
					'TSE_TA_SIG',
					flipSignature(cell(example, 'transactions_tse.csv', 2, 'TSE_TA_SIG')),
				),
			{ check: 'signature', table: 'transactions_tse.csv', row: 2, column: 'TSE_TA_SIG' },
		],
		[
			'a signed counter changed',
			() => setCell(example, 'transactions_tse.csv', 3, 'TSE_TA_SIGZ', '103'),
			{ check: 'signature', table: 'transactions_tse.csv', row: 3, column: 'TSE_TA_SIG' },
		],
		[
			'process data that differ from the receipt',
			() => setCell(example, 'transactions_vat.csv', 2, 'UST_SCHLUESSEL', '2'),
			{
				check: 'tse',
				table: 'transactions_tse.csv',
				row: 2,
				column: 'TSE_VORGANGSDATEN',
				message: 'signs another gross amount in VAT position 1 than transactions_vat.csv holds',
				expected: '0,00',
				found: '11,90',
			},
		],
		[
			'another TSE serial',
			() => setCell(example, 'tse.csv', 2, 'TSE_SERIAL', '0'.repeat(64)),
			{ check: 'tse', table: 'tse.csv', row: 2, column: 'TSE_SERIAL', expected: tse.serial },
		],
		[
			'a table missing',
			() => {
				const files = new Map(example);
				files.delete('subitems.csv');
				return files;
			},
			{
				check: 'archive',
				table: 'subitems.csv',
				message: 'index.xml lists this table, the archive does not hold it',
			},
		],
		[
			'columns swapped',
			() =>
				new Map(example).set(
					'payment.csv',
					Buffer.from(
						`${HEADERS['payment.csv'].replace('ZAHLART_TYP;ZAHLART_NAME', 'ZAHLART_NAME;ZAHLART_TYP')}\r\n`,
					),
				),
			{
				check: 'columns',
				table: 'payment.csv',
				row: 1,
				message:
					'The header differs from index.xml: column 4 is "ZAHLART_NAME", expected ZAHLART_TYP',
			},
		],
		[
			'a table index.xml does not list',
			() => {
				const headers = { ...HEADERS };
				delete headers['references.csv'];
				return new Map(example).set('index.xml', indexXml(headers));
			},
			{
				check: 'index',
				table: 'index.xml',
				message: 'index.xml does not list references.csv (Bon_Referenzen)',
			},
		],
		[
			'a decimal point',
			() => setCell(example, 'payment.csv', 2, 'Z_ZAHLART_BETRAG', '11.90'),
			{ check: 'format', table: 'payment.csv', row: 2, column: 'Z_ZAHLART_BETRAG', found: '11.90' },
		],
		[
			'a mandatory value empty',
			() => setCell(example, 'transactions.csv', 3, 'BEDIENER_ID', ''),
			{
				check: 'format',
				table: 'transactions.csv',
				row: 3,
				column: 'BEDIENER_ID',
				message: 'is empty but mandatory',
			},
		],
		[
			'Z_ENDE_ID not the last Bon',
			() => setCell(example, 'cashpointclosing.csv', 2, 'Z_ENDE_ID', '1003'),
			{
				check: 'sequence',
				table: 'cashpointclosing.csv',
				row: 2,
				column: 'Z_ENDE_ID',
				expected: '1002',
				found: '1003',
			},
		],
		[
			'a line of an unknown Bon',
			() =>
				new Map(example).set(
					'lines_vat.csv',
					Buffer.concat([
						example.get('lines_vat.csv') as Buffer,
						Buffer.from(
							'a1b2c3d4-0000-4000-8000-00000000c001;2024-03-15T23:05:00;42;1009;1;1;1,00000;0,84000;0,16000\r\n',
						),
					]),
				),
			{ check: 'reference', table: 'lines_vat.csv', row: 4, column: 'BON_ID', found: '1009' },
		],
	])('%s', (_name, edit, expected) => {
		expect(findingsOf(edit())).toContainEqual(expect.objectContaining(expected));
	});

	test('a damaged archive is a finding, not an exception', () => {
		const zip = zipOf(example, 8);
		zip[40] ^= 0xff; // inside the first deflated entry
		const report = verifyDsfinvkExport(zip, OPTIONS);
		expect(report.valid).toBe(false);
		expect(report.findings).toEqual([
			expect.objectContaining({ check: 'archive', table: '(archive)' }),
		]);
		expect(verifyDsfinvkExport(Buffer.from('{"not":"an archive"}'), OPTIONS)).toMatchObject({
			valid: false,
			container: null,
		});
	});

	test('findings are listed up to the limit and all counted', () => {
		const files = setCell(
			setCell(example, 'payment.csv', 2, 'Z_ZAHLART_BETRAG', '1,00'),
			'payment.csv',
			3,
			'Z_ZAHLART_BETRAG',
			'1,00',
		);
		const report = verifyDsfinvkExport(tarOf(files), { maxFindings: 1 });
		expect(report.errors).toBeGreaterThanOrEqual(3);
		expect(report.findings).toHaveLength(1);
		expect(report.findings_by_table).toMatchObject({ 'payment.csv': 2 });
	});
});

test('the CSV dialect: quoted values with ";" and CRLF inside, and "" for a quote', () => {
	const files = new Map(example).set(
		'lines.csv',
		csv('lines.csv', [
			'a1b2c3d4-0000-4000-8000-00000000c001;2024-03-15T23:05:00;42;1001;1;;"Wein; ""weiß""\r\n0,2l";;Umsatz;;1;0;;WW-02;;;;2,000;;;5,95000',
			'a1b2c3d4-0000-4000-8000-00000000c001;2024-03-15T23:05:00;42;1002;1;;Brezel;;Umsatz;;1;0;;BR-01;;;;5,000;;;2,14000',
		]),
	);
	expect(verifyDsfinvkExport(tarOf(files), OPTIONS)).toMatchObject({ valid: true, errors: 0 });
});

describe('business cases without receipt lines', () => {
	const CLOSING = 'a1b2c3d4-0000-4000-8000-00000000c001;2024-03-15T23:05:00;42';
	const withMovement = (type: string) => {
		const append = (file: string, row: string) =>
			Buffer.concat([example.get(file) as Buffer, Buffer.from(`${CLOSING};${row}\r\n`)]);
		return new Map(example)
			.set('vat.csv', append('vat.csv', '5;0,00;Nicht steuerbar'))
			.set(
				'businesscases.csv',
				append('businesscases.csv', `${type};;;5;100,00000;100,00000;0,00000`),
			);
	};

	test('a cash-only movement (Anfangsbestand) is part of a clean closing', () => {
		const report = verifyDsfinvkExport(tarOf(withMovement('Anfangsbestand')), OPTIONS);
		expect(report).toMatchObject({ valid: true, errors: 0, warnings: 0 });
	});

	test('another type without lines (a tip) is a warning that names the row', () => {
		const report = verifyDsfinvkExport(tarOf(withMovement('TrinkgeldAN')), OPTIONS);
		expect(report).toMatchObject({ valid: true, errors: 0, warnings: 1 });
		expect(report.findings).toEqual([
			expect.objectContaining({
				severity: 'warning',
				table: 'businesscases.csv',
				row: 4,
				column: 'GV_TYP',
				found: '100,00000',
			}),
		]);
	});
});
