// `npx tsx bench/dsfinvkExport.bench.ts`: a DSFinV-K export of 100,000 transactions from the simulator
// (target ≤ 30 s), measured from PUT /exports to the last byte of the downloaded TAR, including the
// simulated PENDING/WORKING time (200 + 500 ms by default).
// Set-up (not measured): one TSS and client, SIGNED signed receipts, and CLOSINGS closings of
// TRANSACTIONS / CLOSINGS transactions each; every closing names the same signed receipts, so each
// transaction's TSE columns are looked up in SIGN DE as for real ones (the simulator does not require
// a tss_tx_id to be used once across closings). The simulator runs in its own process.
// Knobs: BENCH_DSFINVK_TRANSACTIONS (100000), BENCH_DSFINVK_CLOSINGS (100). Last output line: JSON.

import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

import { KeepAliveClient } from './lib/http';
import { startServerProcess } from './lib/serverProcess';
import { provisionTss, receiptFinishBody } from './lib/signDe';

const envInt = (name: string, fallback: number) => {
	const value = Number(process.env[name]);
	return Number.isInteger(value) && value > 0 ? value : fallback;
};
const TRANSACTIONS = envInt('BENCH_DSFINVK_TRANSACTIONS', 100_000);
const CLOSINGS = envInt('BENCH_DSFINVK_CLOSINGS', 100);
const PER_CLOSING = Math.ceil(TRANSACTIONS / CLOSINGS);
const SIGNED = Math.min(PER_CLOSING, 1000);
const say = (line: string) => process.stdout.write(`${line}\n`);

interface SimulatorDetails {
	urls: { signDe: string; dsfinvk: string };
	apiKey: string;
	apiSecret: string;
}

/** receiptFinishBody's receipt as a DSFinV-K transaction: 21.42 at 19 %, 7.99 at 7 %, 10.00 cash, 19.41 card. */
function transaction(clientId: string, txId: string, number: number, exportId: string) {
	const normal = { vat_definition_export_id: 1, incl_vat: 21.42, excl_vat: 18, vat: 3.42 };
	const reduced = { vat_definition_export_id: 2, incl_vat: 7.99, excl_vat: 7.47, vat: 0.52 };
	const line = (id: string, text: string, vat: typeof normal) => ({
		lineitem_export_id: id,
		storno: false,
		text,
		business_case: { type: 'Umsatz', amounts_per_vat_id: [vat] },
		item: { number: `ART-${id}`, quantity: 1, price_per_unit: vat.incl_vat },
	});
	return {
		head: {
			tx_id: txId,
			transaction_export_id: exportId,
			closing_client_id: clientId,
			type: 'Beleg',
			storno: false,
			number,
			timestamp_start: 1710522130,
			timestamp_end: 1710522161,
			user: { user_export_id: '1', name: 'Bench' },
			buyer: { name: 'Barverkauf', buyer_export_id: '0', type: 'Kunde' },
		},
		data: {
			full_amount_incl_vat: 29.41,
			payment_types: [
				{ type: 'Bar', currency_code: 'EUR', amount: 10 },
				{ type: 'ECKarte', currency_code: 'EUR', amount: 19.41 },
			],
			amounts_per_vat_id: [normal, reduced],
			lines: [line('1', 'Wein', normal), line('2', 'Brot', reduced)],
		},
		security: { tss_tx_id: txId },
	};
}

function closing(clientId: string, zNumber: number, txIds: string[]) {
	const transactions = Array.from({ length: PER_CLOSING }, (_, index) =>
		transaction(clientId, txIds[index % txIds.length], index + 1, `${zNumber}-${index + 1}`),
	);
	const total = (cents: number) => (cents * PER_CLOSING) / 100;
	return {
		client_id: clientId,
		cash_point_closing_export_id: zNumber,
		head: {
			export_creation_date: 1710540300,
			business_date: '2024-03-15',
			first_transaction_export_id: transactions[0].head.transaction_export_id,
			last_transaction_export_id: transactions[PER_CLOSING - 1].head.transaction_export_id,
		},
		cash_statement: {
			business_cases: [
				{
					type: 'Umsatz',
					amounts_per_vat_id: [
						{
							vat_definition_export_id: 1,
							incl_vat: total(2142),
							excl_vat: total(1800),
							vat: total(342),
						},
						{
							vat_definition_export_id: 2,
							incl_vat: total(799),
							excl_vat: total(747),
							vat: total(52),
						},
					],
				},
			],
			payment: {
				full_amount: total(2941),
				cash_amount: total(1000),
				cash_amounts_by_currency: [{ currency_code: 'EUR', amount: total(1000) }],
				payment_types: [
					{ type: 'Bar', currency_code: 'EUR', amount: total(1000) },
					{ type: 'ECKarte', currency_code: 'EUR', amount: total(1941) },
				],
			},
		},
		transactions,
	};
}

async function main() {
	const simulator = await startServerProcess<SimulatorDetails>(
		path.join(__dirname, 'lib/servers/simulator.ts'),
		{ cpuProfileDir: process.env.BENCH_CPU_PROF_DIR },
	);
	const http = new KeepAliveClient(16);
	try {
		const { urls, apiKey, apiSecret } = simulator.details;
		const tss = await provisionTss(http, urls.signDe, { apiKey, apiSecret });
		const clientId = tss.clientIds[0];
		const signDe = (method: string, url: string, body?: unknown) =>
			http.json({
				method,
				url: `${urls.signDe}/tss/${tss.tssId}${url}`,
				headers: tss.authorization,
				body,
			});
		say(`set-up: ${SIGNED} signed receipts, ${CLOSINGS} closings × ${PER_CLOSING} transactions`);
		const txIds = Array.from({ length: SIGNED }, () => randomUUID());
		for (let start = 0; start < SIGNED; start += 16) {
			await Promise.all(
				txIds.slice(start, start + 16).map(async (txId) => {
					await signDe('PUT', `/tx/${txId}?tx_revision=1`, {
						state: 'ACTIVE',
						client_id: clientId,
					});
					await signDe('PUT', `/tx/${txId}?tx_revision=2`, receiptFinishBody(clientId));
				}),
			);
		}
		const auth = await http.json<{ access_token: string }>({
			method: 'POST',
			url: `${urls.dsfinvk}/auth`,
			body: { api_key: apiKey, api_secret: apiSecret },
		});
		const headers = { authorization: `Bearer ${auth.access_token}` };
		const dsfinvk = <T = unknown>(method: string, url: string, body?: unknown) =>
			http.json<T>({ method, url: `${urls.dsfinvk}${url}`, headers, body });
		await dsfinvk('PUT', `/cash_registers/${clientId}`, {
			cash_register_type: { type: 'MASTER', tss_id: tss.tssId },
			brand: 'Bench',
			model: 'Till',
			software: { version: '1' },
			base_currency_code: 'EUR',
		});
		const closingIds: string[] = [];
		for (let z = 1; z <= CLOSINGS; z++) {
			const id = randomUUID();
			await dsfinvk('PUT', `/cash_point_closings/${id}`, closing(clientId, z, txIds));
			closingIds.push(id);
		}
		for (const id of closingIds) {
			let state = 'PENDING';
			while (state === 'PENDING' || state === 'WORKING') {
				state = (await dsfinvk<{ state: string }>('GET', `/cash_point_closings/${id}`)).state;
				if (state === 'PENDING' || state === 'WORKING')
					await new Promise((resolve) => setTimeout(resolve, 100));
			}
			if (state !== 'COMPLETED') throw new Error(`closing ${id} ended ${state}`);
		}

		const startedCpuMs = simulator.cpuMs();
		const started = process.hrtime.bigint();
		const exportId = randomUUID();
		await dsfinvk('PUT', `/exports/${exportId}`, { start_date: 0, end_date: 2147483647 });
		let state = 'PENDING';
		while (state !== 'COMPLETED') {
			await new Promise((resolve) => setTimeout(resolve, 100));
			state = (await dsfinvk<{ state: string }>('GET', `/exports/${exportId}`)).state;
		}
		const download = await http.request({
			method: 'GET',
			url: `${urls.dsfinvk}/exports/${exportId}/download`,
			headers,
		});
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		const endedCpuMs = simulator.cpuMs();
		// The simulator's own CPU time for it: on a shared machine the wall time also counts others' load.
		const cpuSeconds =
			startedCpuMs === undefined || endedCpuMs === undefined
				? null
				: (endedCpuMs - startedCpuMs) / 1000;
		if (download.status !== 200) throw new Error(`download → ${download.status}`);
		const records = download.body.toString('utf8').split('Beleg^').length - 1;
		say(
			`export of ${CLOSINGS * PER_CLOSING} transactions: ${seconds.toFixed(2)} s (simulator CPU ${cpuSeconds?.toFixed(2) ?? '—'} s), ${(download.body.length / 1e6).toFixed(1)} MB TAR, ${records} TSE rows`,
		);
		say(
			JSON.stringify({
				dsfinvkExportSeconds: Number(seconds.toFixed(2)),
				dsfinvkExportCpuSeconds: cpuSeconds === null ? null : Number(cpuSeconds.toFixed(2)),
				dsfinvkExportTransactions: CLOSINGS * PER_CLOSING,
				dsfinvkExportMegabytes: Number((download.body.length / 1e6).toFixed(1)),
			}),
		);
	} finally {
		http.close();
		await simulator.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
