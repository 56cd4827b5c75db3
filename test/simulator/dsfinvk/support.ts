// Shared by the DSFinV-K simulator tests: a simulator on a hand-moved clock, clients for SIGN DE (checked
// against its OpenAPI document) and DSFinV-K (raw HTTP: there is no DSFinV-K OpenAPI document here),
// SIGN DE set-up (TSS and client with chosen ids, signed receipts), the REFERENCE §10 closing body, and
// reading the export archive's tables.

import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../simulator';
import { SimulatorClient, PIN, type Reply } from '../../support/simulatorClient';
import { readTar } from '../../support/tar';

export interface Rig {
	simulator: RunningSimulator;
	signDe: SimulatorClient;
	dsfinvk: SimulatorClient;
	/** Moves the shared clock to `unix` seconds (plus `ms`). */
	at(unix: number, ms?: number): void;
	/** Moves the clock forward. */
	advance(ms: number): void;
	dsf<T = any>(
		method: string,
		path: string,
		body?: unknown,
		query?: Record<string, any>,
	): Promise<Reply<T>>;
}

export const TIMING = {
	closingPendingMs: 1000,
	closingWorkingMs: 1000,
	exportPendingMs: 1000,
	exportWorkingMs: 1000,
};

export async function startRig(
	options: SimulatorOptions = {},
	startUnix = 1710500000,
): Promise<Rig> {
	let now = startUnix * 1000;
	// Tokens outlive the clock jumps of these tests (days, and an export's 28-day expiry).
	const simulator = await startSimulator({
		port: 0,
		clock: () => now,
		dsfinvkTiming: TIMING,
		tokenTtlSeconds: 400 * 86_400,
		...options,
	});
	const signDe = SimulatorClient.of(simulator);
	await signDe.login();
	const dsfinvk = new SimulatorClient(simulator.urls.dsfinvk, simulator);
	const auth = await dsfinvk.raw('POST', '/auth', {
		body: { api_key: simulator.apiKey, api_secret: simulator.apiSecret },
		token: null,
	});
	expect(auth.status).toBe(200);
	dsfinvk.token = auth.body.access_token;
	return {
		simulator,
		signDe,
		dsfinvk,
		at: (unix, ms = 0) => {
			now = unix * 1000 + ms;
		},
		advance: (ms) => {
			now += ms;
		},
		dsf: (method, path, body, query) => dsfinvk.raw(method, path, { body, query }),
	};
}

/** An INITIALIZED TSS `tssId` holding client `clientId`. */
export async function tssWithClient(
	signDe: SimulatorClient,
	tssId: string,
	clientId: string,
): Promise<string> {
	await signDe.deployTss(tssId);
	await signDe.adminLogin(tssId);
	expect(
		(await signDe.call('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } })).status,
	).toBe(200);
	const client = await signDe.call('PUT', `/tss/${tssId}/client/${clientId}`, {
		body: { serial_number: `ERS ${clientId}` },
	});
	expect(client.status).toBe(200);
	void PIN;
	return client.body.serial_number;
}

export interface Sale {
	txId: string;
	vatRate: 'NORMAL' | 'REDUCED_1';
	payment: 'CASH' | 'NON_CASH';
	amount: string;
	start: number;
	end: number;
}

/** Starts at `start` and finishes at `end` a RECEIPT transaction; returns the FINISHED answer. */
export async function signSale(
	rig: Rig,
	tssId: string,
	clientId: string,
	sale: Sale,
): Promise<any> {
	rig.at(sale.start);
	const started = await rig.signDe.upsert(tssId, sale.txId, 1, {
		state: 'ACTIVE',
		client_id: clientId,
	});
	expect(started.status).toBe(200);
	rig.at(sale.end);
	const finished = await rig.signDe.upsert(tssId, sale.txId, 2, {
		state: 'FINISHED',
		client_id: clientId,
		schema: {
			standard_v1: {
				receipt: {
					receipt_type: 'RECEIPT',
					amounts_per_vat_rate: [{ vat_rate: sale.vatRate, amount: sale.amount }],
					amounts_per_payment_type: [{ payment_type: sale.payment, amount: sale.amount }],
				},
			},
		},
	});
	expect(finished.status).toBe(200);
	return finished.body;
}

// ---------------------------------------------------------------------------------------------
// REFERENCE §10

export const EXAMPLE = {
	clientId: 'a1b2c3d4-0000-4000-8000-00000000c001',
	tssId: 'a1b2c3d4-0000-4000-8000-0000000075e1',
	closingId: 'c0000000-0000-4000-8000-000000000042',
	exportId: 'e0000000-0000-4000-8000-000000000001',
	tx1: 'b0000000-0000-4000-8000-000000000001',
	tx2: 'b0000000-0000-4000-8000-000000000002',
	closingCreated: 1710540300,
	closingInserted: 1710540301,
};

export const EXAMPLE_REGISTER = {
	cash_register_type: { type: 'MASTER', tss_id: EXAMPLE.tssId },
	brand: 'ACME',
	model: 'Till 1',
	software: { brand: 'ACME POS', version: '3.2.0' },
	base_currency_code: 'EUR',
};

const vatRow = (id: number, incl: number, excl: number, vat: number) => ({
	vat_definition_export_id: id,
	incl_vat: incl,
	excl_vat: excl,
	vat,
});

function exampleTransaction(n: 1 | 2): any {
	const [text, number, quantity, price, vat, payment] =
		n === 1
			? ['Weißwein 0,2l', 'WW-02', 2, 5.95, vatRow(1, 11.9, 10.0, 1.9), 'Bar']
			: ['Brezel', 'BR-01', 5, 2.14, vatRow(2, 10.7, 10.0, 0.7), 'ECKarte'];
	const [start, end] = n === 1 ? [1710522130, 1710522161] : [1710523805, 1710523852];
	const txId = n === 1 ? EXAMPLE.tx1 : EXAMPLE.tx2;
	return {
		head: {
			tx_id: txId,
			transaction_export_id: `100${n}`,
			closing_client_id: EXAMPLE.clientId,
			type: 'Beleg',
			storno: false,
			number: n,
			timestamp_start: start,
			timestamp_end: end,
			user: { user_export_id: '7', name: 'Anna' },
			buyer: { name: 'Barverkauf', buyer_export_id: '0', type: 'Kunde' },
		},
		data: {
			full_amount_incl_vat: vat.incl_vat,
			payment_types: [{ type: payment, currency_code: 'EUR', amount: vat.incl_vat }],
			amounts_per_vat_id: [vat],
			lines: [
				{
					lineitem_export_id: '1',
					storno: false,
					text,
					business_case: { type: 'Umsatz', amounts_per_vat_id: [vat] },
					item: { number, quantity, price_per_unit: price },
				},
			],
		},
		security: { tss_tx_id: txId },
	};
}

/** The closing body of REFERENCE §10.2, verbatim. */
export function exampleClosing(): any {
	return {
		client_id: EXAMPLE.clientId,
		cash_point_closing_export_id: 42,
		head: {
			export_creation_date: EXAMPLE.closingCreated,
			business_date: '2024-03-15',
			first_transaction_export_id: '1001',
			last_transaction_export_id: '1002',
		},
		cash_statement: {
			business_cases: [
				{
					type: 'Umsatz',
					amounts_per_vat_id: [vatRow(1, 11.9, 10.0, 1.9), vatRow(2, 10.7, 10.0, 0.7)],
				},
			],
			payment: {
				full_amount: 22.6,
				cash_amount: 11.9,
				cash_amounts_by_currency: [{ currency_code: 'EUR', amount: 11.9 }],
				payment_types: [
					{ type: 'Bar', currency_code: 'EUR', amount: 11.9 },
					{ type: 'ECKarte', currency_code: 'EUR', amount: 10.7 },
				],
			},
		},
		transactions: [exampleTransaction(1), exampleTransaction(2)],
	};
}

/** The two sales of §10 as SIGN DE transactions. */
export const EXAMPLE_SALES: Sale[] = [
	{
		txId: EXAMPLE.tx1,
		vatRate: 'NORMAL',
		payment: 'CASH',
		amount: '11.90',
		start: 1710522130,
		end: 1710522161,
	},
	{
		txId: EXAMPLE.tx2,
		vatRate: 'REDUCED_1',
		payment: 'NON_CASH',
		amount: '10.70',
		start: 1710523805,
		end: 1710523852,
	},
];

/** SIGN DE set up, register upserted and both sales signed, as in §10.1 steps 1–2. */
export async function exampleRig(
	options: SimulatorOptions = {},
): Promise<{ rig: Rig; serial: string; signed: any[] }> {
	const rig = await startRig(options);
	const serial = await tssWithClient(rig.signDe, EXAMPLE.tssId, EXAMPLE.clientId);
	const register = await rig.dsf('PUT', `/cash_registers/${EXAMPLE.clientId}`, EXAMPLE_REGISTER);
	expect(register.status).toBe(200);
	const signed = [];
	for (const sale of EXAMPLE_SALES)
		signed.push(await signSale(rig, EXAMPLE.tssId, EXAMPLE.clientId, sale));
	return { rig, serial, signed };
}

/** Inserts a closing at `unix` and moves the clock past its processing; returns the final summary. */
export async function insertAndProcess(
	rig: Rig,
	closingId: string,
	body: unknown,
	unix: number,
): Promise<any> {
	rig.at(unix);
	const inserted = await rig.dsf('PUT', `/cash_point_closings/${closingId}`, body);
	expect(inserted.status).toBe(200);
	expect(inserted.body.state).toBe('PENDING');
	rig.advance(TIMING.closingPendingMs + TIMING.closingWorkingMs);
	return (await rig.dsf('GET', `/cash_point_closings/${closingId}`)).body;
}

export interface ArchiveTables {
	names: string[];
	files: Map<string, Buffer>;
	/** Lines of a CSV file (CRLF split, last empty element dropped). */
	lines(file: string): string[];
}

export function archiveTables(archive: Buffer): ArchiveTables {
	const entries = readTar(archive);
	const files = new Map(entries.map((entry) => [entry.name, entry.data]));
	return {
		names: entries.map((entry) => entry.name),
		files,
		lines: (file) => {
			const text = files.get(file)!.toString('utf8');
			expect(text.endsWith('\r\n')).toBe(true);
			return text.slice(0, -2).split('\r\n');
		},
	};
}
