// Close Day's node-side build time: a day of 10,000 receipts with 3 lines each, from the Sign
// Receipt output items to the closing body's JSON text (what the node sends). Pure builder, no
// HTTP: reading the signed process data, checking lines and payments against it, VAT in cents,
// the cash statement and the body. Run alone: `npx tsx bench/closeDay.bench.ts` (last line JSON).
import type { IDataObject } from 'n8n-workflow';

import {
	buildClosingBody,
	refuseDuplicates,
} from '../nodes/FiskalyDsfinvk/helpers/closing/closingBody';
import { readSale } from '../nodes/FiskalyDsfinvk/helpers/closing/sale';
import { readSignedTransaction } from '../nodes/FiskalyDsfinvk/helpers/closing/signedData';

const CLIENT = 'a1b2c3d4-0000-4000-8000-00000000c001';
const DAY_START = 1710457200; // 2024-03-15 00:00 Europe/Berlin

/** Receipt n: 2 × 2.50 coffee (19 %), 1 × 1.07 biscuit (7 %), 1 × 3.95 wine (19 %); cash or card. */
function saleItem(n: number): IDataObject {
	const cash = n % 2 === 0;
	const processData = `Beleg^8.95_1.07_0.00_0.00_0.00^10.02:${cash ? 'Bar' : 'Unbar'}`;
	return {
		_id: `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
		tss_id: 'a1b2c3d4-0000-4000-8000-0000000075e1',
		client_id: CLIENT,
		state: 'FINISHED',
		number: n,
		time_start: DAY_START + 3600 + n * 4,
		time_end: DAY_START + 3600 + n * 4 + 2,
		schema: {
			raw: {
				process_type: 'Kassenbeleg-V1',
				process_data: Buffer.from(processData, 'utf8').toString('base64'),
			},
		},
		line_items: [
			{ text: 'Kaffee', quantity: 2, price_per_unit: '2.50', vat_rate: 19, number: 'K-1' },
			{ text: 'Keks', quantity: 1, price_per_unit: '1.07', vat_rate: 7, group_name: 'Gebäck' },
			{ text: 'Weißwein 0,2l', quantity: '1', price_per_unit: '3,95', vat_rate: 'NORMAL' },
		],
		...(cash ? {} : { payments: [{ type: 'ECKarte', amount: '10.02' }] }),
	};
}

function measureCloseDayBuild(receipts = 10_000): { seconds: number; bytes: number } {
	const items = Array.from({ length: receipts }, (_, index) => saleItem(index + 1));
	const defaults = {
		businessDate: '2024-03-15',
		baseCurrency: 'EUR',
		user: { user_export_id: '1' },
		buyer: { name: 'Barverkauf', buyer_export_id: '0', type: 'Kunde' },
	};
	const started = process.hrtime.bigint();
	const sales = items.map((item, index) =>
		readSale(item, readSignedTransaction(item, `Sale in item ${index}`), index, defaults),
	);
	refuseDuplicates(sales);
	const body = buildClosingBody(
		{
			clientId: CLIENT,
			exportId: 1,
			businessDate: '2024-03-15',
			creationTime: DAY_START + 86000,
			baseCurrency: 'EUR',
		},
		sales,
		[],
	);
	const json = JSON.stringify(body);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	return { seconds, bytes: json.length };
}

const { seconds, bytes } = measureCloseDayBuild();
process.stdout.write(
	`Close Day, 10,000 receipts × 3 lines: ${seconds.toFixed(2)} s, body ${(bytes / 1e6).toFixed(1)} MB\n`,
);
process.stdout.write(`${JSON.stringify({ closeDay10kSeconds: Number(seconds.toFixed(2)) })}\n`);
