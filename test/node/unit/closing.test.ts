// Close Day's pure builder: REFERENCE.md §10's worked example reproduced exactly (the expected body is
// the reference's, kept verbatim beside the simulator's tests and, where the reference itself is at
// hand, read from it), and the closing-level rules of §8.2 on a bigger day.
import { existsSync, readFileSync } from 'node:fs';

import type { IDataObject } from 'n8n-workflow';

import { buildClosingBody } from '../../../nodes/FiskalyDsfinvk/helpers/closing/closingBody';
import { readCashMovement } from '../../../nodes/FiskalyDsfinvk/helpers/closing/cashStatement';
import { FieldError } from '../../../nodes/shared/errors';
import { exampleClosing } from '../../simulator/dsfinvk/support';
import { REGISTER, sale, signedTx } from './closingFixtures';

const REFERENCE = '/work/shared/fiskaly-dsfinvk/REFERENCE.md';

/** The JSON block of §10.2 "Closing body": from the reference when it is at hand. */
function referenceClosingBody(): IDataObject {
	if (!existsSync(REFERENCE)) return exampleClosing() as IDataObject;
	const text = readFileSync(REFERENCE, 'utf8');
	const section = text.slice(text.indexOf('### 10.2 Closing body'));
	const block = /```json\n([\s\S]*?)```/.exec(section) as RegExpExecArray;
	return JSON.parse(block[1]) as IDataObject;
}

const ANNA = { user_export_id: '7', name: 'Anna' };

/** §10's two receipts as Close Day's input items: Sign Receipt outputs plus line items. */
function workedExampleItems(): IDataObject[] {
	return [
		{
			...signedTx({
				id: 'b0000000-0000-4000-8000-000000000001',
				number: 1,
				start: 1710522130,
				end: 1710522161,
				processData: 'Beleg^11.90_0.00_0.00_0.00_0.00^11.90:Bar',
			}),
			transaction_export_id: '1001',
			user: ANNA,
			line_items: [
				{ text: 'Weißwein 0,2l', quantity: 2, price_per_unit: 5.95, vat_rate: 19, number: 'WW-02' },
			],
		},
		{
			...signedTx({
				id: 'b0000000-0000-4000-8000-000000000002',
				number: 2,
				start: 1710523805,
				end: 1710523852,
				processData: 'Beleg^0.00_10.70_0.00_0.00_0.00^10.70:Unbar',
			}),
			transaction_export_id: '1002',
			user: ANNA,
			payments: [{ type: 'ECKarte', amount: '10.70' }],
			line_items: [
				{
					text: 'Brezel',
					quantity: '5',
					price_per_unit: '2,14',
					vat_rate: 'REDUCED_1',
					number: 'BR-01',
				},
			],
		},
	];
}

const HEAD = {
	clientId: REGISTER,
	exportId: 42,
	businessDate: '2024-03-15',
	creationTime: 1710540300,
	baseCurrency: 'EUR',
};

describe('REFERENCE §10 worked example', () => {
	test('the verbatim copy of the reference body is the reference body', () => {
		expect(exampleClosing()).toEqual(referenceClosingBody());
	});

	test('the closing body is exactly the reference body', () => {
		const sales = workedExampleItems().map((item, index) => sale(item, index));
		expect(buildClosingBody(HEAD, sales, [])).toEqual(referenceClosingBody());
	});

	test('input order does not matter: transactions follow the signing time', () => {
		const sales = workedExampleItems()
			.reverse()
			.map((item, index) => sale(item, index));
		expect(buildClosingBody(HEAD, sales, [])).toEqual(referenceClosingBody());
	});

	test('amounts go out as JSON numbers whose text is the exact decimal', () => {
		const sales = workedExampleItems().map((item, index) => sale(item, index));
		const json = JSON.stringify(buildClosingBody(HEAD, sales, []));
		expect(json).toContain('"full_amount":22.6,');
		expect(json).toContain('"incl_vat":11.9,"excl_vat":10,"vat":1.9');
	});
});

describe('closing-level rules (REFERENCE §8.2)', () => {
	const day = () => {
		const items: IDataObject[] = [];
		for (let n = 1; n <= 30; n++) {
			const cash = n % 3 !== 0;
			// 3 × 0.99 at 19 % and 1 × 1.07 at 7 %, 2.97 + 1.07 = 4.04 (negative every 10th: a refund)
			const sign = n % 10 === 0 ? -1 : 1;
			const amount = (cents: number) => ((sign * cents) / 100).toFixed(2);
			items.push({
				...signedTx({
					id: `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
					number: 100 + n,
					start: 1710500000 + n * 60,
					end: 1710500000 + n * 60 + 20,
					processData: `Beleg^${amount(297)}_${amount(107)}_0.00_0.00_0.00^${amount(404)}:${cash ? 'Bar' : 'Unbar'}`,
				}),
				line_items: [
					{ text: 'Kaffee', quantity: sign * 3, price_per_unit: '0.99', vat_rate: 19 },
					{
						text: 'Keks',
						quantity: sign,
						price_per_unit: '1.07',
						vat_rate: 7,
						group_id: 'G1',
						group_name: 'Gebäck',
					},
				],
			});
		}
		return items.map((item, index) => sale(item, index));
	};
	const movements = [
		readCashMovement({ type: 'Anfangsbestand', amount: '100' }, 'Cash Movements (entry 1)'),
		readCashMovement(
			{ type: 'Auszahlung', amount: '-20.00', name: 'Bank' },
			'Cash Movements (entry 2)',
		),
	];
	const body = buildClosingBody({ ...HEAD, exportId: 7 }, day(), movements) as any;

	test('every VAT row adds up and receipt totals equal the line sums and the payments', () => {
		const rows: any[] = [];
		for (const tx of body.transactions) {
			const lineSums = new Map<number, number>();
			for (const line of tx.data.lines)
				for (const row of line.business_case.amounts_per_vat_id) {
					rows.push(row);
					lineSums.set(
						row.vat_definition_export_id,
						Math.round(row.incl_vat * 100) + (lineSums.get(row.vat_definition_export_id) ?? 0),
					);
				}
			for (const row of tx.data.amounts_per_vat_id) {
				rows.push(row);
				expect(Math.round(row.incl_vat * 100)).toBe(lineSums.get(row.vat_definition_export_id));
			}
			const cents = (values: number[]) =>
				values.reduce((sum, value) => sum + Math.round(value * 100), 0);
			expect(cents(tx.data.amounts_per_vat_id.map((row: any) => row.incl_vat))).toBe(
				Math.round(tx.data.full_amount_incl_vat * 100),
			);
			expect(cents(tx.data.payment_types.map((row: any) => row.amount))).toBe(
				Math.round(tx.data.full_amount_incl_vat * 100),
			);
		}
		for (const row of rows)
			expect(Math.round(row.excl_vat * 100) + Math.round(row.vat * 100)).toBe(
				Math.round(row.incl_vat * 100),
			);
	});

	test('business cases aggregate the lines per VAT ID; cash movements follow with VAT ID 5', () => {
		// 27 sales and 3 refunds: 24 net sales of 3 × 0.99 (19 %, VAT 0.47) and 1.07 (7 %, VAT 0.07)
		expect(body.cash_statement.business_cases).toEqual([
			{
				type: 'Umsatz',
				amounts_per_vat_id: [
					{ vat_definition_export_id: 1, incl_vat: 71.28, excl_vat: 60, vat: 11.28 },
					{ vat_definition_export_id: 2, incl_vat: 25.68, excl_vat: 24, vat: 1.68 },
				],
			},
			{
				type: 'Anfangsbestand',
				amounts_per_vat_id: [{ vat_definition_export_id: 5, incl_vat: 100, excl_vat: 100, vat: 0 }],
			},
			{
				type: 'Auszahlung',
				name: 'Bank',
				amounts_per_vat_id: [{ vat_definition_export_id: 5, incl_vat: -20, excl_vat: -20, vat: 0 }],
			},
		]);
	});

	test('payments aggregate per type; full and cash amounts are their sums', () => {
		// cash: n % 3 != 0 → 20 sales, of which n = 10, 20 are refunds: 18 × 4.04 − 2 × 4.04 = 64.64
		// non-cash: n = 3, 6, …, 30 → 10 sales, n = 30 a refund: 8 × 4.04 = 32.32
		expect(body.cash_statement.payment).toEqual({
			full_amount: 96.96,
			cash_amount: 64.64,
			cash_amounts_by_currency: [{ currency_code: 'EUR', amount: 64.64 }],
			payment_types: [
				{ type: 'Bar', currency_code: 'EUR', amount: 64.64 },
				{ type: 'Unbar', currency_code: 'EUR', amount: 32.32 },
			],
		});
	});

	test('head names the first and last receipt; numbers run 1…n; lines count from 1 per receipt', () => {
		expect(body.head).toEqual({
			export_creation_date: 1710540300,
			business_date: '2024-03-15',
			first_transaction_export_id: '101',
			last_transaction_export_id: '130',
		});
		expect(body.transactions.map((tx: any) => tx.head.number)).toEqual(
			Array.from({ length: 30 }, (_, i) => i + 1),
		);
		expect(
			body.transactions[0].data.lines.map((line: any) => [
				line.lineitem_export_id,
				line.item.number,
			]),
		).toEqual([
			['1', '1'],
			['2', '2'],
		]);
		expect(body.transactions[0].data.lines[1].item).toEqual({
			number: '2',
			quantity: 1,
			price_per_unit: 1.07,
			group_id: 'G1',
			group_name: 'Gebäck',
		});
	});

	test('a sale given twice is refused, naming both items', () => {
		const sales = day();
		const error = (() => {
			try {
				buildClosingBody(HEAD, [...sales, { ...sales[4], itemIndex: 30 }], []);
			} catch (caught) {
				return caught as FieldError;
			}
			throw new Error('not refused');
		})();
		expect(error).toBeInstanceOf(FieldError);
		expect(error.message).toBe(
			'Sale in item 30: has the same transaction b0000000-0000-4000-8000-000000000005 as the sale in item 4',
		);
	});
});
