// What the DSFinV-K engine tests share: an EngineSession whose simulator processes closings and
// exports quickly, runs of the Fiskaly DSFinV-K node, direct DSFinV-K API access for fixtures,
// the DSFinV-K request log, and a consistent closing over transactions that SIGN DE signed.
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { FISKALY_DSFINVK_NODE_TYPE, type RunNodeOptions } from '../../../scripts/n8n-engine';
import { SimulatorClient } from '../../support/simulatorClient';
import { EngineSession, type PreparedClient, type PreparedTss } from './session';

export async function startDsfinvkSession(): Promise<EngineSession> {
	return await EngineSession.start({
		dsfinvkTiming: {
			closingPendingMs: 100,
			closingWorkingMs: 100,
			exportPendingMs: 100,
			exportWorkingMs: 100,
		},
	});
}

/** Options of one Fiskaly DSFinV-K node run (the engine runs Fiskaly SIGN DE by default). */
export function dsfinvkNode(options: RunNodeOptions): RunNodeOptions {
	return { nodeName: 'Fiskaly DSFinV-K', ...options, nodeType: FISKALY_DSFINVK_NODE_TYPE };
}

/** Raw access to the simulator's DSFinV-K API, with its own token. */
export async function dsfinvkApi(session: EngineSession): Promise<SimulatorClient> {
	const client = new SimulatorClient(session.sim.urls.dsfinvk, session.sim);
	const auth = await client.raw('POST', '/auth', {
		body: { api_key: session.sim.apiKey, api_secret: session.sim.apiSecret },
		token: null,
	});
	client.token = auth.body.access_token;
	return client;
}

/** `METHOD /path?query` of the DSFinV-K operations since the last resetTraffic(), token fetches left out. */
export async function dsfinvkRequestLines(session: EngineSession): Promise<string[]> {
	const base = new URL(session.sim.urls.dsfinvk).pathname;
	const response = await fetch(`${session.sim.controlUrl}/requests`);
	const { data } = (await response.json()) as {
		data: Array<{ method: string; path: string; query: string }>;
	};
	return data
		.filter((request) => request.path.startsWith(`${base}/`) && request.path !== `${base}/auth`)
		.map(
			(request) =>
				`${request.method} ${request.path.slice(base.length)}${request.query ? `?${request.query}` : ''}`,
		);
}

export interface PreparedRegister {
	tss: PreparedTss;
	client: PreparedClient;
}

/** A SIGN DE TSS and client with its DSFinV-K cash register, made directly over the APIs. */
export async function prepareRegister(
	session: EngineSession,
	api: SimulatorClient,
): Promise<PreparedRegister> {
	const tss = await session.prepareTss();
	const client = await session.prepareClient(tss);
	const answer = await api.raw('PUT', `/cash_registers/${client.clientId}`, {
		body: {
			cash_register_type: { type: 'MASTER', tss_id: tss.tssId },
			brand: 'ACME',
			model: 'Till 1',
			software: { brand: 'n8n', version: '1.0' },
			base_currency_code: 'EUR',
		},
	});
	if (answer.status !== 200) throw new Error(`register: ${JSON.stringify(answer.body)}`);
	return { tss, client };
}

/** n sales of 11.90 gross at 19 %: 10.00 net and 1.90 VAT each, added up in cents. */
const vatRow = (sales: number) => ({
	vat_definition_export_id: 1,
	incl_vat: (1190 * sales) / 100,
	excl_vat: (1000 * sales) / 100,
	vat: (190 * sales) / 100,
});

/**
 * Signs `count` cash sales of 11.90 (19 %) and returns the closing (Z_NR `zNr`) that holds them,
 * consistent with what the TSS signed.
 */
export async function signedClosing(
	session: EngineSession,
	register: PreparedRegister,
	zNr: number,
	count = 2,
): Promise<IDataObject> {
	const transactions = [];
	for (let n = 1; n <= count; n++) {
		const { txId, transaction } = await session.signDirectly(
			register.tss,
			register.client,
			'11.90',
		);
		const row = vatRow(1);
		transactions.push({
			head: {
				tx_id: txId,
				transaction_export_id: String(n),
				closing_client_id: register.client.clientId,
				type: 'Beleg',
				storno: false,
				number: n,
				timestamp_start: transaction.time_start,
				timestamp_end: transaction.time_end,
				user: { user_export_id: '1', name: 'Anna' },
				buyer: { name: 'Barverkauf', buyer_export_id: '0', type: 'Kunde' },
			},
			data: {
				full_amount_incl_vat: 11.9,
				payment_types: [{ type: 'Bar', currency_code: 'EUR', amount: 11.9 }],
				amounts_per_vat_id: [row],
				lines: [
					{
						lineitem_export_id: '1',
						storno: false,
						text: 'Weißwein 0,2l',
						business_case: { type: 'Umsatz', amounts_per_vat_id: [row] },
						item: { number: 'WW-02', quantity: 2, price_per_unit: 5.95 },
					},
				],
			},
			security: { tss_tx_id: txId },
		});
	}
	const totalRow = vatRow(count);
	const total = totalRow.incl_vat;
	return {
		cash_point_closing_export_id: zNr,
		head: {
			export_creation_date: Math.floor(Date.now() / 1000),
			business_date: '2024-03-15',
			first_transaction_export_id: '1',
			last_transaction_export_id: String(count),
		},
		cash_statement: {
			business_cases: [{ type: 'Umsatz', amounts_per_vat_id: [totalRow] }],
			payment: {
				full_amount: total,
				cash_amount: total,
				cash_amounts_by_currency: [{ currency_code: 'EUR', amount: total }],
				payment_types: [{ type: 'Bar', currency_code: 'EUR', amount: total }],
			},
		},
		transactions,
	};
}

export const newId = (): string => randomUUID();
