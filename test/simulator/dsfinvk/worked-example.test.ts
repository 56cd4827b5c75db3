// REFERENCE §10 end to end: the register on its SIGN DE TSS, the two sales signed, the closing of §10.2
// inserted and processed, the export of §10.1 step 5 triggered, downloaded and read table by table
// against the rows §10.3 gives (with the simulator's organisation fixture and the real SIGN DE values
// where §10.3 leaves placeholders).

import { DEFAULT_ORGANIZATION } from '../../../simulator/dsfinvk/model';
import { TABLES } from '../../../simulator/dsfinvk/tables';
import {
	archiveTables,
	EXAMPLE,
	exampleClosing,
	exampleRig,
	insertAndProcess,
	TIMING,
	type ArchiveTables,
	type Rig,
} from './support';

const K = EXAMPLE.clientId;
const Z = `${K};2024-03-15T23:05:00;42`;
const header = (file: string) =>
	TABLES.find((table) => table.file === file)!
		.columns.map((column) => column.name)
		.join(';');

describe('REFERENCE §10 worked example, table by table', () => {
	let rig: Rig;
	let serial: string;
	let signed: any[];
	let tables: ArchiveTables;
	let tss: any;

	beforeAll(async () => {
		({ rig, serial, signed } = await exampleRig());
		const closing = await insertAndProcess(
			rig,
			EXAMPLE.closingId,
			exampleClosing(),
			EXAMPLE.closingInserted,
		);
		expect(closing.state).toBe('COMPLETED');
		const triggered = await rig.dsf('PUT', `/exports/${EXAMPLE.exportId}`, {
			start_date: 1710457200,
			end_date: 1710629999,
			client_id: K,
		});
		expect(triggered.status).toBe(200);
		expect(triggered.body).toMatchObject({
			state: 'PENDING',
			cash_point_closings: [EXAMPLE.closingId],
		});
		rig.advance(TIMING.exportPendingMs + TIMING.exportWorkingMs);
		expect((await rig.dsf('GET', `/exports/${EXAMPLE.exportId}`)).body.state).toBe('COMPLETED');
		const download = await rig.dsf('GET', `/exports/${EXAMPLE.exportId}/download`);
		expect(download.status).toBe(200);
		expect(download.headers['content-type']).toBe('application/octet-stream');
		tables = archiveTables(download.raw);
		tss = (await rig.signDe.call('GET', `/tss/${EXAMPLE.tssId}`)).body;
	}, 60_000);

	afterAll(() => rig?.simulator.close());

	it('holds index.xml, the DTD and the 20 tables, each starting with its header', () => {
		expect(tables.names).toEqual([
			'index.xml',
			'gdpdu-01-09-2004.dtd',
			...TABLES.map((table) => table.file),
		]);
		for (const table of TABLES) expect(tables.lines(table.file)[0]).toBe(header(table.file));
	});

	it('cashpointclosing.csv', () => {
		const org = DEFAULT_ORGANIZATION;
		expect(tables.lines('cashpointclosing.csv').slice(1)).toEqual([
			`${Z};2024-03-15;2.1.1;1001;1002;${org.name};${org.street};${org.postalCode};${org.city};DEU;${org.taxNumber};${org.vatIdNumber};22,60;11,90`,
		]);
	});

	it('businesscases.csv, payment.csv, cash_per_currency.csv, vat.csv', () => {
		expect(tables.lines('businesscases.csv').slice(1)).toEqual([
			`${Z};Umsatz;;;1;11,90000;10,00000;1,90000`,
			`${Z};Umsatz;;;2;10,70000;10,00000;0,70000`,
		]);
		expect(tables.lines('payment.csv').slice(1)).toEqual([
			`${Z};Bar;;11,90`,
			`${Z};ECKarte;;10,70`,
		]);
		expect(tables.lines('cash_per_currency.csv').slice(1)).toEqual([`${Z};EUR;11,90`]);
		expect(tables.lines('vat.csv').slice(1)).toEqual([
			`${Z};1;19,00;Regelsteuersatz`,
			`${Z};2;7,00;Ermäßigter Steuersatz`,
		]);
	});

	it('transactions.csv, transactions_vat.csv, datapayment.csv', () => {
		expect(tables.lines('transactions.csv').slice(1)).toEqual([
			`${Z};1001;1;Beleg;;;0;2024-03-15T18:02:10;2024-03-15T18:02:41;7;Anna;11,90;Barverkauf;0;Kunde;;;;;;`,
			`${Z};1002;2;Beleg;;;0;2024-03-15T18:30:05;2024-03-15T18:30:52;7;Anna;10,70;Barverkauf;0;Kunde;;;;;;`,
		]);
		expect(tables.lines('transactions_vat.csv').slice(1)).toEqual([
			`${Z};1001;1;11,90000;10,00000;1,90000`,
			`${Z};1002;2;10,70000;10,00000;0,70000`,
		]);
		expect(tables.lines('datapayment.csv').slice(1)).toEqual([
			`${Z};1001;Bar;;EUR;;11,90`,
			`${Z};1002;ECKarte;;EUR;;10,70`,
		]);
	});

	it('lines.csv and lines_vat.csv', () => {
		expect(tables.lines('lines.csv').slice(1)).toEqual([
			`${Z};1001;1;;Weißwein 0,2l;;Umsatz;;1;0;;WW-02;;;;2,000;;;5,95000`,
			`${Z};1002;1;;Brezel;;Umsatz;;1;0;;BR-01;;;;5,000;;;2,14000`,
		]);
		expect(tables.lines('lines_vat.csv').slice(1)).toEqual([
			`${Z};1001;1;1;11,90000;10,00000;1,90000`,
			`${Z};1002;1;2;10,70000;10,00000;0,70000`,
		]);
	});

	it('transactions_tse.csv carries what SIGN DE signed', () => {
		const rows = tables.lines('transactions_tse.csv').slice(1);
		expect(rows).toEqual(
			signed.map(
				(tx, index) =>
					`${Z};100${index + 1};1;${tx.number};${tx.time_start};${tx.time_end};Kassenbeleg-V1;${tx.signature.counter};${tx.signature.value};;${Buffer.from(tx.schema.raw.process_data, 'base64').toString('utf8')}`,
			),
		);
		expect(rows[0]).toContain(';1;1710522130;1710522161;Kassenbeleg-V1;');
		expect(rows[0].endsWith(';Beleg^11.90_0.00_0.00_0.00_0.00^11.90:Bar')).toBe(true);
		expect(rows[1].endsWith(';Beleg^0.00_10.70_0.00_0.00_0.00^10.70:Unbar')).toBe(true);
	});

	it('tse.csv and cashregister.csv describe the TSS and the till', () => {
		const certificate: string = tss.certificate;
		expect(tables.lines('tse.csv').slice(1)).toEqual([
			`${Z};1;${tss.serial_number};ecdsa-plain-SHA256;unixTime;UTF-8;${tss.public_key};${certificate.slice(0, 1000)};${certificate.slice(1000, 2000)}`,
		]);
		expect(tables.lines('cashregister.csv').slice(1)).toEqual([
			`${Z};ACME;Till 1;${serial};ACME POS;3.2.0;EUR;0`,
		]);
	});

	it('location.csv from the organisation; the other tables are header only', () => {
		const org = DEFAULT_ORGANIZATION;
		expect(tables.lines('location.csv').slice(1)).toEqual([
			`${Z};${org.name};${org.street};${org.postalCode};${org.city};DEU;${org.vatIdNumber}`,
		]);
		for (const file of [
			'slaves.csv',
			'pa.csv',
			'itemamounts.csv',
			'subitems.csv',
			'allocation_groups.csv',
			'references.csv',
		])
			expect(tables.lines(file)).toEqual([header(file)]);
	});

	it('index.xml describes every table and column in the §9.4 structure', () => {
		const xml = tables.files.get('index.xml')!;
		expect([...xml.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = xml.toString('utf8').slice(1);
		expect(
			text.startsWith(
				'<?xml version="1.0" encoding="UTF-8"?>\r\n<!DOCTYPE DataSet SYSTEM "gdpdu-01-09-2004.dtd">\r\n',
			),
		).toBe(true);
		expect(text).not.toMatch(/[^\r]\n/);
		expect(text.match(/<VariableColumn>/g)).toHaveLength(219);
		for (const table of TABLES) {
			const block = text.slice(
				text.indexOf(`<URL>${table.file}</URL>`),
				text.indexOf('</Table>', text.indexOf(`<URL>${table.file}</URL>`)),
			);
			expect(block).toContain(`<Name>${table.name}</Name>`);
			expect(block).toContain('<DecimalSymbol>,</DecimalSymbol>');
			expect(block).toContain('<RecordDelimiter>&#xD;&#xA;</RecordDelimiter>');
			expect(block).toContain('<Range>\r\n\t\t\t\t<From>2</From>');
			const names = [...block.matchAll(/<VariableColumn>\s*<Name>([^<]+)<\/Name>/g)].map(
				(match) => match[1],
			);
			expect(names).toEqual(table.columns.map((column) => column.name));
		}
		expect(text).toContain(
			'<Name>Z_SE_ZAHLUNGEN</Name>\r\n\t\t\t\t\t<Description>Z_SE_ZAHLUNGEN</Description>\r\n\t\t\t\t\t<Numeric><Accuracy>2</Accuracy></Numeric>',
		);
		expect(text).toContain(
			'<Name>Z_NR</Name>\r\n\t\t\t\t\t<Description>Z_NR</Description>\r\n\t\t\t\t\t<Numeric />',
		);
		expect(text).toContain(
			'<Name>Z_KASSE_ID</Name>\r\n\t\t\t\t\t<Description>Z_KASSE_ID</Description>\r\n\t\t\t\t\t<AlphaNumeric />\r\n\t\t\t\t\t<MaxLength>50</MaxLength>',
		);
	});
});
