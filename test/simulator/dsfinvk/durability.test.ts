// DSFinV-K state across `kill -9`: the CLI on a data directory holds a register, a closing naming a
// signed SIGN DE transaction, and a completed export; after SIGKILL and a restart on the same
// directory all of it is back — same answers, same archive bytes, the closing id still used — and
// a new closing can still name the SIGN DE transaction signed before the crash.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startCli, stop, type CliRun } from '../../support/cliProcess';
import { receipt, SimulatorClient } from '../../support/simulatorClient';
import { exampleClosing } from './support';

function clients(run: CliRun): { signDe: SimulatorClient; dsfinvk: SimulatorClient } {
	const access = { controlUrl: run.url.replace('/api/v2', '/_simulator') };
	return {
		signDe: new SimulatorClient(run.url, access),
		dsfinvk: new SimulatorClient(run.url.replace('/api/v2', '/dsfinvk/api/v1'), access),
	};
}

async function dsfinvkLogin(api: SimulatorClient): Promise<void> {
	const auth = await api.raw('POST', '/auth', {
		body: { api_key: api.apiKey, api_secret: api.apiSecret },
		token: null,
	});
	expect(auth.status).toBe(200);
	api.token = auth.body.access_token;
}

/** Polls (the CLI runs on real time: closings and exports take well under a second) until `done`. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
	for (let attempt = 0; attempt < 200; attempt++) {
		const value = await read();
		if (done(value)) return value;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('timed out waiting');
}

/** The §10 closing reduced to one sale: `txId`, 21.42 NORMAL paid NON_CASH, as receipt() signs it. */
function closingFor(clientId: string, txId: string): any {
	const body = exampleClosing();
	const vat = { vat_definition_export_id: 1, incl_vat: 21.42, excl_vat: 18, vat: 3.42 };
	body.client_id = clientId;
	body.head.last_transaction_export_id = '1001';
	body.cash_statement.business_cases = [{ type: 'Umsatz', amounts_per_vat_id: [vat] }];
	body.cash_statement.payment = {
		full_amount: 21.42,
		cash_amount: 0,
		cash_amounts_by_currency: [],
		payment_types: [{ type: 'ECKarte', currency_code: 'EUR', amount: 21.42 }],
	};
	const [transaction] = body.transactions;
	transaction.head.tx_id = txId;
	transaction.head.closing_client_id = clientId;
	transaction.data = {
		full_amount_incl_vat: 21.42,
		payment_types: [{ type: 'ECKarte', currency_code: 'EUR', amount: 21.42 }],
		amounts_per_vat_id: [vat],
		lines: [
			{
				...transaction.data.lines[0],
				business_case: { type: 'Umsatz', amounts_per_vat_id: [vat] },
			},
		],
	};
	transaction.security = { tss_tx_id: txId };
	body.transactions = [transaction];
	return body;
}

describe('DSFinV-K durability (--data-dir, kill -9)', () => {
	let dataDir: string;
	const runs: CliRun[] = [];

	beforeAll(() => {
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-dsfinvk-durability-'));
	});
	afterAll(async () => {
		for (const run of runs) await stop(run, 'SIGKILL');
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it('keeps registers, closings and exports, and the SIGN DE link, across SIGKILL', async () => {
		const first = await startCli(dataDir);
		runs.push(first);
		const { signDe, dsfinvk } = clients(first);
		await signDe.login();
		await dsfinvkLogin(dsfinvk);
		const { tssId, clientIds } = await signDe.initializedTss(1);
		const clientId = clientIds[0];
		const txId = crypto.randomUUID();
		await signDe.upsert(tssId, txId, 1, { state: 'ACTIVE', client_id: clientId });
		await signDe.upsert(tssId, txId, 2, {
			state: 'FINISHED',
			client_id: clientId,
			schema: receipt(),
		});

		const register = await dsfinvk.raw('PUT', `/cash_registers/${clientId}`, {
			body: {
				cash_register_type: { type: 'MASTER', tss_id: tssId },
				brand: 'A',
				model: 'B',
				software: { version: '1' },
				base_currency_code: 'EUR',
			},
		});
		expect(register.status).toBe(200);
		const closingId = crypto.randomUUID();
		expect(
			(
				await dsfinvk.raw('PUT', `/cash_point_closings/${closingId}`, {
					body: closingFor(clientId, txId),
				})
			).status,
		).toBe(200);
		const closing = await until(
			async () => (await dsfinvk.raw('GET', `/cash_point_closings/${closingId}`)).body,
			(body) => body.state !== 'PENDING' && body.state !== 'WORKING',
		);
		expect(closing.state).toBe('COMPLETED');
		const exportId = crypto.randomUUID();
		const triggered = await dsfinvk.raw('PUT', `/exports/${exportId}`, {
			body: { start_date: closing.time_creation, end_date: closing.time_creation },
		});
		expect(triggered.status).toBe(200);
		const exported = await until(
			async () => (await dsfinvk.raw('GET', `/exports/${exportId}`)).body,
			(body) => body.state === 'COMPLETED',
		);
		const archive = (await dsfinvk.raw('GET', `/exports/${exportId}/download`)).raw;

		expect(await stop(first, 'SIGKILL')).toBeNull();
		const second = await startCli(dataDir);
		runs.push(second);
		const after = clients(second);
		await dsfinvkLogin(after.dsfinvk);

		expect((await after.dsfinvk.raw('GET', `/cash_registers/${clientId}`)).body).toEqual(
			register.body,
		);
		expect((await after.dsfinvk.raw('GET', `/cash_point_closings/${closingId}`)).body).toEqual(
			closing,
		);
		expect((await after.dsfinvk.raw('GET', `/exports/${exportId}`)).body).toEqual(exported);
		const again = await after.dsfinvk.raw('GET', `/exports/${exportId}/download`);
		expect(again.raw.equals(archive)).toBe(true);
		const reused = await after.dsfinvk.raw('PUT', `/cash_point_closings/${closingId}`, {
			body: closingFor(clientId, txId),
		});
		expect(reused.body.code).toBe('E_CASH_POINT_CLOSING_CONFLICT');

		const nextId = crypto.randomUUID();
		await after.dsfinvk.raw('PUT', `/cash_point_closings/${nextId}`, {
			body: closingFor(clientId, txId),
		});
		const next = await until(
			async () => (await after.dsfinvk.raw('GET', `/cash_point_closings/${nextId}`)).body,
			(body) => body.state !== 'PENDING' && body.state !== 'WORKING',
		);
		expect(next.state).toBe('COMPLETED');
	}, 120_000);
});
