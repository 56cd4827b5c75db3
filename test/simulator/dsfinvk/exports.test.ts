// Exports against REFERENCE §4.6, §9 and §12: which closings a trigger selects, the states in time,
// expiry, list filters, errors, and the archive's tables for a closing that uses every table (slave
// terminal, purchaser agency, references, item amounts, sub-items, allocation groups, a TSE failure,
// fields that need quoting), as TAR and as ZIP.

import * as crypto from 'node:crypto';
import * as zlib from 'node:zlib';

import { expectError } from '../../support/simulatorClient';
import {
	archiveTables,
	EXAMPLE,
	EXAMPLE_REGISTER,
	exampleClosing,
	exampleRig,
	insertAndProcess,
	TIMING,
	type ArchiveTables,
	type Rig,
} from './support';

let rig: Rig;
const SLAVE = 'a1b2c3d4-0000-4000-8000-00000000c002';
const AGENCY = 'a1b2c3d4-0000-4000-8000-0000000000a1';
const K = EXAMPLE.clientId;

/** Files of a ZIP archive (central directory → local headers → inflated data). */
function readZip(archive: Buffer): Map<string, Buffer> {
	const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	const count = archive.readUInt16LE(end + 10);
	let offset = archive.readUInt32LE(end + 16);
	const files = new Map<string, Buffer>();
	for (let i = 0; i < count; i++) {
		expect(archive.readUInt32LE(offset)).toBe(0x02014b50);
		const nameLength = archive.readUInt16LE(offset + 28);
		const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
		const local = archive.readUInt32LE(offset + 42);
		const size = archive.readUInt32LE(offset + 20);
		const start = local + 30 + archive.readUInt16LE(local + 26);
		const data = zlib.inflateRawSync(archive.subarray(start, start + size));
		expect(data.length).toBe(archive.readUInt32LE(offset + 24));
		files.set(name, data);
		offset += 46 + nameLength;
	}
	return files;
}

/** The §10 closing plus a slave's transaction using every remaining table. */
function richClosing(): any {
	const body = exampleClosing();
	const vat = { vat_definition_export_id: 1, incl_vat: 5.95, excl_vat: 5, vat: 0.95 };
	body.cash_statement.business_cases.push({
		type: 'Umsatz',
		name: 'Agentur',
		purchaser_agency_id: AGENCY,
		amounts_per_vat_id: [vat],
	});
	body.transactions.push({
		head: {
			tx_id: '00000000-0000-4000-8000-000000000003',
			transaction_export_id: '1003',
			closing_client_id: SLAVE,
			type: 'Beleg',
			name: 'Tisch "7"; innen',
			storno: false,
			number: 3,
			timestamp_start: 1710528000,
			timestamp_end: 1710528060,
			user: { user_export_id: '8' },
			buyer: {
				name: 'Max',
				buyer_export_id: 'K-1',
				type: 'Mitarbeiter',
				address: { street: 'Weg 1', postal_code: '10115', city: 'Berlin', country_code: 'DEU' },
				vat_id_number: 'DE999999999',
			},
			references: [
				{
					type: 'Transaktion',
					cash_point_closing_export_id: 41,
					cash_register_export_id: K,
					transaction_export_id: '999',
					date: 1710441600,
				},
			],
			allocation_groups: ['Tisch 7'],
		},
		data: {
			full_amount_incl_vat: 5.95,
			payment_types: [
				{ type: 'Bar', name: 'Kasse', currency_code: 'CHF', foreign_amount: 6.2, amount: 5.95 },
			],
			amounts_per_vat_id: [vat],
			notes: 'Zeile1',
			lines: [
				{
					lineitem_export_id: 'A',
					storno: true,
					in_house: false,
					voucher_id: 'G-1',
					text: 'Menü',
					business_case: {
						type: 'Umsatz',
						name: 'Agentur',
						purchaser_agency_id: AGENCY,
						amounts_per_vat_id: [vat],
					},
					references: [{ type: 'ExterneRechnung', external_export_id: 'R-17' }],
					item: {
						number: 'M-1',
						gtin: '4006381333931',
						quantity: 1.5,
						quantity_factor: 1,
						quantity_measure: 'kg',
						group_id: 'G',
						group_name: 'Speisen',
						price_per_unit: 3.96667,
						base_amounts_per_vat_id: [
							{ vat_definition_export_id: 1, incl_vat: 6.95, excl_vat: 5.84034, vat: 1.10966 },
						],
						discounts_per_vat_id: [
							{ vat_definition_export_id: 1, incl_vat: -1, excl_vat: -0.84034, vat: -0.15966 },
						],
						sub_items: [
							{
								number: 'S-1',
								name: 'Beilage',
								quantity: 1,
								amount_per_vat_id: {
									vat_definition_export_id: 1,
									incl_vat: 0,
									excl_vat: 0,
									vat: 0,
								},
							},
						],
					},
				},
			],
		},
		security: { error_message: 'TSE ausgefallen' },
	});
	body.cash_statement.payment.payment_types.push({
		type: 'Bar',
		name: 'Kasse',
		currency_code: 'CHF',
		foreign_amount: 6.2,
		amount: 5.95,
	});
	return body;
}

let richClosingId: string;

beforeAll(async () => {
	({ rig } = await exampleRig());
	await rig.dsf('PUT', `/cash_registers/${SLAVE}`, {
		...EXAMPLE_REGISTER,
		model: 'Handheld',
		cash_register_type: { type: 'SLAVE_WITHOUT_TSS', master_client_id: K },
	});
	await rig.dsf('PUT', `/purchaser_agencies/${AGENCY}`, {
		name: 'Lotto GmbH',
		address: { street: 'Allee 3', postal_code: '10117', city: 'Berlin', country_code: 'DEU' },
		tax_number: '3333333333333',
		purchaser_agency_export_id: 17,
		client_id: K,
	});
	richClosingId = crypto.randomUUID();
	const summary = await insertAndProcess(rig, richClosingId, richClosing(), 1710600000);
	expect(summary.state).toBe('COMPLETED');
}, 60_000);
afterAll(() => rig?.simulator.close());

async function completedExport(
	body: Record<string, unknown>,
): Promise<{ id: string; archive: Buffer }> {
	const id = crypto.randomUUID();
	const triggered = await rig.dsf('PUT', `/exports/${id}`, body);
	expect(triggered.status).toBe(200);
	rig.advance(TIMING.exportPendingMs + TIMING.exportWorkingMs);
	const download = await rig.dsf('GET', `/exports/${id}/download`);
	expect(download.status).toBe(200);
	return { id, archive: download.raw };
}

describe('the archive of a closing using every table', () => {
	let tables: ArchiveTables;
	const Z = `${K};2024-03-15T23:05:00;42`;
	beforeAll(async () => {
		tables = archiveTables(
			(await completedExport({ start_date: 1710600000, end_date: 1710600000 })).archive,
		);
	});

	it('transactions.csv quotes what holds ; or " and names the slave terminal', () => {
		expect(tables.lines('transactions.csv')[3]).toBe(
			`${Z};1003;3;Beleg;"Tisch ""7""; innen";${SLAVE};0;2024-03-15T19:40:00;2024-03-15T19:41:00;8;;5,95;Max;K-1;Mitarbeiter;Weg 1;10115;Berlin;DEU;DE999999999;Zeile1`,
		);
	});

	it('slaves.csv, pa.csv, businesscases.csv with the agency id', () => {
		expect(tables.lines('slaves.csv').slice(1)).toEqual([
			`${Z};${SLAVE};ACME;Handheld;${SLAVE};ACME POS;3.2.0`,
		]);
		expect(tables.lines('pa.csv').slice(1)).toEqual([
			`${Z};17;Lotto GmbH;Allee 3;10117;Berlin;DEU;3333333333333;`,
		]);
		expect(tables.lines('businesscases.csv')[3]).toBe(
			`${Z};Umsatz;Agentur;17;1;5,95000;5,00000;0,95000`,
		);
	});

	it('lines, item amounts, sub-items, references, allocation groups, foreign currency', () => {
		expect(tables.lines('lines.csv')[3]).toBe(
			`${Z};1003;A;G-1;Menü;${SLAVE};Umsatz;Agentur;0;1;17;M-1;4006381333931;G;Speisen;1,500;1,000;kg;3,96667`,
		);
		expect(tables.lines('itemamounts.csv').slice(1)).toEqual([
			`${Z};1003;A;base_amount;1;6,95000;5,84034;1,10966`,
			`${Z};1003;A;discount;1;-1,00000;-0,84034;-0,15966`,
		]);
		expect(tables.lines('subitems.csv').slice(1)).toEqual([
			`${Z};1003;A;S-1;;Beilage;;;1,000;;;1;0,00000;0,00000;0,00000`,
		]);
		expect(tables.lines('references.csv').slice(1)).toEqual([
			`${Z};1003;;Transaktion;;2024-03-14T19:40:00;${K};41;999`,
			`${Z};1003;A;ExterneRechnung;;;;;R-17`,
		]);
		expect(tables.lines('allocation_groups.csv').slice(1)).toEqual([`${Z};1003;Tisch 7`]);
		expect(tables.lines('datapayment.csv')[3]).toBe(`${Z};1003;Bar;Kasse;CHF;6,20;5,95`);
		expect(tables.lines('payment.csv')[3]).toBe(`${Z};Bar;Kasse;5,95`);
	});

	it('a TSE failure keeps its TSE_ID and the error text, nothing else', () => {
		expect(tables.lines('transactions_tse.csv')[3]).toBe(`${Z};1003;1;;;;;;;TSE ausgefallen;`);
		expect(tables.lines('tse.csv')).toHaveLength(2);
	});

	it('the same export as ZIP holds the same files', async () => {
		const zip = readZip(
			(await completedExport({ start_date: 1710600000, end_date: 1710600000, format: 'zip' }))
				.archive,
		);
		expect([...zip.keys()]).toEqual(tables.names);
		for (const [name, data] of zip) expect(data.equals(tables.files.get(name)!)).toBe(true);
	});
});

describe('trigger, states, list', () => {
	it('selects COMPLETED closings by insert time (inclusive) and register; nothing → 404', async () => {
		const id = crypto.randomUUID();
		const reply = await rig.dsf('PUT', `/exports/${id}`, {
			start_date: 1710540000,
			end_date: 1710600000,
		});
		expect(reply.body).toEqual({
			state: 'PENDING',
			time_request: expect.any(Number),
			time_expiration: reply.body.time_request + 2419199,
			cash_point_closings: [richClosingId],
			format: 'tar',
			metadata: {},
			sign_api_version: 2,
			_id: id,
			_type: 'EXPORT',
			_env: 'TEST',
			_version: expect.any(String),
		});
		const none = await rig.dsf('PUT', `/exports/${crypto.randomUUID()}`, {
			start_date: 1710540000,
			end_date: 1710600000,
			client_id: SLAVE,
		});
		expectError(
			none,
			404,
			'E_CASH_POINT_CLOSING_NOT_FOUND',
			'No Cash Point Closings for the given parameters.',
		);
		const byBusinessDate = await rig.dsf('PUT', `/exports/${crypto.randomUUID()}`, {
			start_date: 0,
			end_date: 1710600000,
			business_date_start: '2024-03-16',
		});
		expectError(byBusinessDate, 404, 'E_CASH_POINT_CLOSING_NOT_FOUND');
	});

	it('a PENDING closing is not exported yet', async () => {
		rig.at(1710700000);
		const closingId = crypto.randomUUID();
		expect(
			(await rig.dsf('PUT', `/cash_point_closings/${closingId}`, exampleClosing())).status,
		).toBe(200);
		expectError(
			await rig.dsf('PUT', `/exports/${crypto.randomUUID()}`, {
				start_date: 1710700000,
				end_date: 1710700000,
			}),
			404,
			'E_CASH_POINT_CLOSING_NOT_FOUND',
		);
		rig.advance(TIMING.closingPendingMs + TIMING.closingWorkingMs);
	});

	it('PENDING → WORKING → COMPLETED → EXPIRED; download and href only while COMPLETED', async () => {
		const id = crypto.randomUUID();
		rig.at(1710800000);
		await rig.dsf('PUT', `/exports/${id}`, {
			start_date: 0,
			end_date: 1710800000,
			metadata: { month: '2024-03' },
		});
		expectError(
			await rig.dsf('GET', `/exports/${id}/download`),
			404,
			'E_DOWNLOAD_NOT_FOUND',
			'PENDING',
		);
		rig.advance(TIMING.exportPendingMs);
		expect((await rig.dsf('GET', `/exports/${id}`)).body).toMatchObject({
			state: 'WORKING',
			time_start: 1710800001,
		});
		expectError(await rig.dsf('GET', `/exports/${id}/href`), 404, 'E_DOWNLOAD_NOT_FOUND');
		rig.advance(TIMING.exportWorkingMs);
		const done = (await rig.dsf('GET', `/exports/${id}`)).body;
		expect(done).toMatchObject({
			state: 'COMPLETED',
			time_start: 1710800001,
			time_completed: 1710800002,
			metadata: { month: '2024-03' },
		});
		expect(done.cash_point_closings).toHaveLength(2);
		const href = (await rig.dsf('GET', `/exports/${id}/href`)).body;
		expect(href).toEqual({
			href: `${rig.simulator.urls.dsfinvk}/exports/${id}/download`,
			_env: 'TEST',
			_version: expect.any(String),
		});
		rig.at(done.time_expiration + 1);
		expect((await rig.dsf('GET', `/exports/${id}`)).body.state).toBe('EXPIRED');
		expectError(
			await rig.dsf('GET', `/exports/${id}/download`),
			404,
			'E_DOWNLOAD_NOT_FOUND',
			'EXPIRED',
		);
		rig.at(1710800010);
	});

	it('errors: reused id 409, not a UUID, end before start, unknown format, unknown export', async () => {
		const id = crypto.randomUUID();
		expect(
			(await rig.dsf('PUT', `/exports/${id}`, { start_date: 0, end_date: 1710800000 })).status,
		).toBe(200);
		expectError(
			await rig.dsf('PUT', `/exports/${id}`, { start_date: 0, end_date: 1710800000 }),
			409,
			'E_EXPORT_CONFLICT',
			'Export ID has already been used.',
		);
		expectError(
			await rig.dsf('PUT', '/exports/abc', { start_date: 0, end_date: 1 }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'params.export_id should match format "uuid"',
		);
		expectError(
			await rig.dsf('PUT', `/exports/${crypto.randomUUID()}`, { start_date: 5, end_date: 1 }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'end_date',
		);
		expectError(
			await rig.dsf('PUT', `/exports/${crypto.randomUUID()}`, {
				start_date: 0,
				end_date: 1,
				format: 'rar',
			}),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'body.format',
		);
		expectError(
			await rig.dsf('PUT', `/exports/${crypto.randomUUID()}`, { end_date: 1 }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			"should have required property 'start_date'",
		);
		expectError(
			await rig.dsf('GET', `/exports/${crypto.randomUUID()}`),
			404,
			'E_EXPORT_NOT_FOUND',
			'Export does not exist.',
		);
	});

	it('list filters by state, closing, register and business date; order_by time_creation is refused', async () => {
		const all = (await rig.dsf('GET', '/exports')).body;
		expect(all._type).toBe('EXPORT_LIST');
		expect(all.count).toBeGreaterThan(3);
		const expired = (await rig.dsf('GET', '/exports', undefined, { states: 'EXPIRED' })).body;
		expect(expired.count).toBe(0);
		const withRich = (
			await rig.dsf('GET', '/exports', undefined, { cash_point_closing_id: richClosingId })
		).body;
		expect(withRich.count).toBe(all.count);
		expect((await rig.dsf('GET', '/exports', undefined, { client_id: SLAVE })).body.count).toBe(0);
		expect(
			(
				await rig.dsf('GET', '/exports', undefined, {
					business_date_start: '2024-03-15',
					business_date_end: '2024-03-15',
				})
			).body.count,
		).toBe(all.count);
		expectError(
			await rig.dsf('GET', '/exports', undefined, { order_by: 'time_creation' }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'order_by',
		);
	});
});
