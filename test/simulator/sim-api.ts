// Helpers for the simulator server tests: a small HTTP client over node:http (so raw bodies and odd
// headers can be sent), TSS set-up flows, and an independent signature check of transaction answers
// (bytes rebuilt with buildTransactionDtbs, verified with node:crypto, not with the simulator's code).

import * as crypto from 'node:crypto';
import * as http from 'node:http';

import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator';
import { buildTransactionDtbs } from '../../simulator/sign-de/signing';

export interface Reply<T = any> {
	status: number;
	headers: http.IncomingHttpHeaders;
	/** Parsed JSON when the answer is JSON, else the raw bytes. */
	body: T;
	raw: Buffer;
}

export interface RequestOptions {
	body?: unknown;
	/** Sent exactly as given (malformed JSON, big bodies). */
	raw?: string | Buffer;
	/** Overrides the client's token; null sends no Authorization header. */
	token?: string | null;
	headers?: Record<string, string>;
}

export const PIN = '1234567890';

export const receipt = (amount = '21.42') => ({
	standard_v1: {
		receipt: {
			receipt_type: 'RECEIPT',
			amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount }],
			amounts_per_payment_type: [{ payment_type: 'NON_CASH', amount }],
		},
	},
});

export const order = () => ({
	standard_v1: {
		order: { line_items: [{ quantity: '1', text: 'Coffee', price_per_unit: '2.50' }] },
	},
});

export class SimApi {
	token?: string;
	refreshToken?: string;

	constructor(
		readonly url: string,
		readonly controlUrl: string,
		readonly apiKey: string,
		readonly apiSecret: string,
	) {}

	static of(simulator: RunningSimulator): SimApi {
		return new SimApi(simulator.url, simulator.controlUrl, simulator.apiKey, simulator.apiSecret);
	}

	request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
		return send<T>(method, `${this.url}${path}`, {
			...options,
			token: options.token === undefined ? this.token : options.token,
		});
	}

	control<T = any>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
		return send<T>(method, `${this.controlUrl}${path}`, { body, token: null });
	}

	async login(): Promise<string> {
		const reply = await this.request('POST', '/auth', {
			body: { api_key: this.apiKey, api_secret: this.apiSecret },
			token: null,
		});
		expect(reply.status).toBe(200);
		this.token = reply.body.access_token;
		this.refreshToken = reply.body.refresh_token;
		return this.token!;
	}

	/** A TSS deployed (UNINITIALIZED) with admin PIN `PIN` set; returns its PUK. */
	async deployTss(tssId: string = crypto.randomUUID()): Promise<{ tssId: string; puk: string }> {
		const created = await this.request('PUT', `/tss/${tssId}`, { body: {} });
		expect(created.status).toBe(200);
		expect(
			(await this.request('PATCH', `/tss/${tssId}`, { body: { state: 'UNINITIALIZED' } })).status,
		).toBe(200);
		const pin = await this.request('PATCH', `/tss/${tssId}/admin`, {
			body: { admin_puk: created.body.admin_puk, new_admin_pin: PIN },
		});
		expect(pin.status).toBe(200);
		return { tssId, puk: created.body.admin_puk };
	}

	async adminLogin(tssId: string): Promise<void> {
		expect(
			(await this.request('POST', `/tss/${tssId}/admin/auth`, { body: { admin_pin: PIN } })).status,
		).toBe(200);
	}

	/** An INITIALIZED TSS with `clients` registered clients; the admin is logged out again. */
	async initializedTss(clients = 1): Promise<{ tssId: string; puk: string; clientIds: string[] }> {
		const { tssId, puk } = await this.deployTss();
		await this.adminLogin(tssId);
		expect(
			(await this.request('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } })).status,
		).toBe(200);
		const clientIds: string[] = [];
		for (let i = 0; i < clients; i++) {
			const clientId = crypto.randomUUID();
			const reply = await this.request('PUT', `/tss/${tssId}/client/${clientId}`, {
				body: { serial_number: `ERS ${clientId}` },
			});
			expect(reply.status).toBe(200);
			clientIds.push(clientId);
		}
		expect((await this.request('POST', `/tss/${tssId}/admin/logout`, { body: {} })).status).toBe(
			200,
		);
		return { tssId, puk, clientIds };
	}

	upsert(
		tssId: string,
		tx: string | number,
		revision: number | undefined,
		body: unknown,
	): Promise<Reply> {
		const query = revision === undefined ? '' : `?tx_revision=${revision}`;
		return this.request('PUT', `/tss/${tssId}/tx/${tx}${query}`, { body });
	}

	async signatureCounter(tssId: string): Promise<number> {
		const reply = await this.request('GET', `/tss/${tssId}`);
		expect(reply.status).toBe(200);
		return Number(reply.body.signature_counter);
	}
}

function send<T>(method: string, url: string, options: RequestOptions): Promise<Reply<T>> {
	const payload =
		options.raw !== undefined
			? Buffer.from(options.raw)
			: options.body !== undefined
				? Buffer.from(JSON.stringify(options.body))
				: undefined;
	const headers: Record<string, string> = {
		...(payload
			? { 'content-type': 'application/json', 'content-length': String(payload.length) }
			: {}),
		...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
		...options.headers,
	};
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method, headers, agent: false }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const raw = Buffer.concat(chunks);
				const isJson = /application\/json/.test(response.headers['content-type'] ?? '');
				resolve({
					status: response.statusCode ?? 0,
					headers: response.headers,
					body: (isJson && raw.length ? JSON.parse(raw.toString('utf8')) : raw) as T,
					raw,
				});
			});
		});
		request.on('error', reject);
		request.end(payload);
	});
}

export async function startTestSimulator(
	options: SimulatorOptions = {},
): Promise<{ simulator: RunningSimulator; api: SimApi }> {
	const simulator = await startSimulator({ port: 0, ...options });
	const api = SimApi.of(simulator);
	await api.login();
	return { simulator, api };
}

/** The P-256 public key from the base64 raw point 04||X||Y, built without the simulator's code. */
export function publicKeyOf(rawPointBase64: string): crypto.KeyObject {
	const point = Buffer.from(rawPointBase64, 'base64');
	expect(point.length).toBe(65);
	expect(point[0]).toBe(4);
	return crypto.createPublicKey({
		key: {
			kty: 'EC',
			crv: 'P-256',
			x: point.subarray(1, 33).toString('base64url'),
			y: point.subarray(33).toString('base64url'),
		},
		format: 'jwk',
	});
}

/** Rebuilds the TR-03151 bytes a transaction answer claims were signed and verifies its signature. */
export function verifyTransactionSignature(tx: any): boolean {
	const raw = tx.schema?.raw;
	const dtbs = buildTransactionDtbs({
		operation: tx.log.operation,
		clientSerial: tx.client_serial_number,
		processType: raw ? raw.process_type : '',
		processData: raw ? Buffer.from(raw.process_data, 'base64') : Buffer.alloc(0),
		transactionNumber: tx.number,
		serialNumber: tx.tss_serial_number,
		signatureCounter: Number(tx.signature.counter),
		logTime: tx.log.timestamp,
	});
	return crypto.verify(
		'sha256',
		dtbs,
		{ key: publicKeyOf(tx.signature.public_key), dsaEncoding: 'ieee-p1363' },
		Buffer.from(tx.signature.value, 'base64'),
	);
}

export function expectError(
	reply: Reply,
	status: number,
	code: string,
	messagePart?: string | RegExp,
): void {
	expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
	expect(reply.body).toEqual({
		status_code: status,
		error: http.STATUS_CODES[status],
		code,
		message: expect.any(String),
	});
	if (messagePart) expect(reply.body.message).toMatch(messagePart);
}
