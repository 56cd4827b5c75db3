// A closing that fills every table of the export (slave terminal, purchaser agency, references, item
// amounts, sub-items, allocation groups, a TSE failure, fields that need quoting), and a small ZIP reader.

import * as zlib from 'node:zlib';

import { EXAMPLE, exampleClosing } from './support';

export const SLAVE = 'a1b2c3d4-0000-4000-8000-00000000c002';
export const AGENCY = 'a1b2c3d4-0000-4000-8000-0000000000a1';
const K = EXAMPLE.clientId;

/** Files of a ZIP archive (central directory → local headers → inflated data). */
export function readZip(archive: Buffer): Map<string, Buffer> {
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
export function richClosing(): any {
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
