// The one HTTP client tests use to drive the simulator (over node:http, so odd bodies and headers can
// be sent). `call` is the checked mode: the request is first checked against the OpenAPI document
// (a test that sends an invalid one on purpose says so, and the document must agree), the answer is
// validated (status, content type, body), and every transaction in it has its signature verified with
// the tests' own TR-03151 code and, once finished, its QR code checked. `raw` is the unchecked mode
// for what the document cannot describe: malformed or oversized bodies, odd headers, the control API.

import * as crypto from 'node:crypto';
import * as http from 'node:http';

import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator';
import { assertValid, validateErrorBody, validateRequest, validateResponse } from './openapi';
import { transactionDtbs, verifyPlainSignature, type TransactionLogFields } from './tr03151';

export type Query = Record<string, string | number | boolean | Array<string | number>>;

export interface RequestOptions {
	body?: unknown;
	/** Sent exactly as given (malformed JSON, big bodies); the request is not checked. */
	raw?: string | Buffer;
	query?: Query;
	/** Overrides the client's token; null sends no Authorization header. */
	token?: string | null;
	headers?: Record<string, string>;
}

export interface CallOptions extends RequestOptions {
	/** The test sends a request the document forbids; the validator must agree it is invalid. */
	invalidRequest?: boolean;
	/** For paths outside the document (unknown routes): only the error body is checked. */
	undocumentedPath?: boolean;
}

export interface Reply<T = any> {
	status: number;
	headers: http.IncomingHttpHeaders;
	/** Parsed JSON when the answer is JSON, else the raw bytes. */
	body: T;
	raw: Buffer;
	operationId?: string;
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

const OPERATION_NAMES = {
	Start: 'StartTransaction',
	Update: 'UpdateTransaction',
	Finish: 'FinishTransaction',
} as const;

/** Query string in the `states[]=A&states[]=B` form real clients send. */
function queryString(query: Query = {}): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) {
		if (Array.isArray(value)) value.forEach((item) => params.append(`${key}[]`, String(item)));
		else params.append(key, String(value));
	}
	const text = params.toString();
	return text ? `?${text}` : '';
}

export interface SimulatorAccess {
	controlUrl: string;
	apiKey: string;
	apiSecret: string;
}

export class SimulatorClient {
	token?: string;
	refreshToken?: string;
	/** operationId → HTTP statuses seen (and validated), for the contract sweep. */
	readonly coverage = new Map<string, Set<string>>();
	/** Public key of each TSS as createTss reported it. */
	readonly tssPublicKeys = new Map<string, string>();
	verifiedSignatures = 0;
	readonly controlUrl: string;
	readonly apiKey: string;
	readonly apiSecret: string;

	constructor(
		readonly url: string,
		access: Partial<SimulatorAccess> = {},
	) {
		this.controlUrl = access.controlUrl ?? url.replace(/\/api\/v2$/, '/_simulator');
		this.apiKey = access.apiKey ?? 'test_simulator_api_key';
		this.apiSecret = access.apiSecret ?? 'test_simulator_api_secret';
	}

	static of(simulator: RunningSimulator): SimulatorClient {
		return new SimulatorClient(simulator.url, simulator);
	}

	/** Checked mode: request and answer against the OpenAPI document, transactions verified. */
	async call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
		const fullPath = path + queryString(options.query);
		if (!options.undocumentedPath && options.raw === undefined) {
			this.checkRequest(method, fullPath, options);
		}
		const answer = await this.send<T>(method, `${this.url}${fullPath}`, this.withToken(options));
		if (options.undocumentedPath) {
			const errors = validateErrorBody(answer.status, answer.body);
			if (errors.length)
				throw new Error(`${method} ${fullPath} → ${answer.status}:\n  ${errors.join('\n  ')}`);
			return answer;
		}
		const operationId = assertValid(
			validateResponse(
				method,
				fullPath,
				answer.status,
				answer.body,
				answer.headers['content-type'],
			),
			`${method} ${fullPath} → ${answer.status} ${summarise(answer.body)}`,
		);
		if (!answer.headers['request-id'])
			throw new Error(`${method} ${fullPath}: no request-id response header`);
		this.recordCoverage(operationId, answer);
		if (answer.status === 200) this.checkSignedContent(operationId, answer.body);
		return { ...answer, operationId };
	}

	/** Raw mode: sent as given, nothing checked (undocumented paths, odd headers, chunked bodies). */
	raw<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
		return this.send<T>(
			method,
			`${this.url}${path}${queryString(options.query)}`,
			this.withToken(options),
		);
	}

	control<T = any>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
		return this.send<T>(method, `${this.controlUrl}${path}`, { body, token: null });
	}

	async login(): Promise<string> {
		const reply = await this.call('POST', '/auth', {
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
		const created = await this.call('PUT', `/tss/${tssId}`, { body: {} });
		expect(created.status).toBe(200);
		const deployed = await this.call('PATCH', `/tss/${tssId}`, {
			body: { state: 'UNINITIALIZED' },
		});
		expect(deployed.status).toBe(200);
		const pin = await this.call('PATCH', `/tss/${tssId}/admin`, {
			body: { admin_puk: created.body.admin_puk, new_admin_pin: PIN },
		});
		expect(pin.status).toBe(200);
		return { tssId, puk: created.body.admin_puk };
	}

	async adminLogin(tssId: string): Promise<void> {
		const login = await this.call('POST', `/tss/${tssId}/admin/auth`, { body: { admin_pin: PIN } });
		expect(login.status).toBe(200);
	}

	/** An INITIALIZED TSS with `clients` registered clients; the admin is logged out again. */
	async initializedTss(clients = 1): Promise<{ tssId: string; puk: string; clientIds: string[] }> {
		const { tssId, puk } = await this.deployTss();
		await this.adminLogin(tssId);
		expect(
			(await this.call('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } })).status,
		).toBe(200);
		const clientIds: string[] = [];
		for (let i = 0; i < clients; i++) {
			const clientId = crypto.randomUUID();
			const reply = await this.call('PUT', `/tss/${tssId}/client/${clientId}`, {
				body: { serial_number: `ERS ${clientId}` },
			});
			expect(reply.status).toBe(200);
			clientIds.push(clientId);
		}
		expect((await this.call('POST', `/tss/${tssId}/admin/logout`, { body: {} })).status).toBe(200);
		return { tssId, puk, clientIds };
	}

	upsert(
		tssId: string,
		tx: string | number,
		revision: number | undefined,
		body: unknown,
		options: CallOptions = {},
	): Promise<Reply> {
		const query: Query = revision === undefined ? {} : { tx_revision: revision };
		return this.call('PUT', `/tss/${tssId}/tx/${tx}`, { ...options, body, query });
	}

	async signatureCounter(tssId: string): Promise<number> {
		const reply = await this.call('GET', `/tss/${tssId}`);
		expect(reply.status).toBe(200);
		return Number(reply.body.signature_counter);
	}

	/** Signature (over the rebuilt TR-03151 log), key, serial and QR code of one transaction answer. */
	verifyTransaction(tx: any): void {
		const where = `transaction ${tx._id} revision ${tx.revision}`;
		const knownKey = this.tssPublicKeys.get(tx.tss_id);
		if (knownKey !== undefined && tx.signature.public_key !== knownKey) {
			throw new Error(`${where}: signature.public_key is not the TSS public_key`);
		}
		const serial = crypto
			.createHash('sha256')
			.update(Buffer.from(tx.signature.public_key, 'base64'))
			.digest('hex');
		if (tx.tss_serial_number !== serial)
			throw new Error(`${where}: tss_serial_number is not SHA-256 of the public key`);
		if (tx.signature.algorithm !== 'ecdsa-plain-SHA256')
			throw new Error(`${where}: algorithm ${tx.signature.algorithm}`);
		if (!verifyTransactionSignature(tx)) {
			const fields = logFieldsOf(tx);
			throw new Error(
				`${where}: the signature does not verify over the rebuilt TR-03151 log ${JSON.stringify({ ...fields, processData: fields.processData.toString('utf8') })}`,
			);
		}
		if (tx.state === 'ACTIVE') {
			if (tx.qr_code_data !== undefined)
				throw new Error(`${where}: qr_code_data on an ACTIVE transaction`);
		} else {
			checkQrCode(tx, logFieldsOf(tx));
		}
	}

	private checkRequest(method: string, fullPath: string, options: CallOptions): void {
		const outcome = validateRequest(method, fullPath, options.body);
		if (!options.invalidRequest) return void assertValid(outcome, `request ${method} ${fullPath}`);
		if (outcome.errors.length === 0)
			throw new Error(
				`${method} ${fullPath}: the test meant an invalid request, but the document accepts it`,
			);
	}

	private recordCoverage(operationId: string, answer: Reply): void {
		const statuses = this.coverage.get(operationId) ?? new Set<string>();
		const code = answer.status >= 400 ? ` ${(answer.body as { code?: string }).code}` : '';
		statuses.add(`${answer.status}${code}`);
		this.coverage.set(operationId, statuses);
	}

	/** Every transaction in a 200 answer: signature verified, QR code checked; TSS keys remembered. */
	private checkSignedContent(operationId: string, body: any): void {
		if (operationId === 'createTss') this.tssPublicKeys.set(body._id, body.public_key);
		const transactions =
			body?._type === 'TRANSACTION' ? [body] : body?._type === 'TRANSACTION_LIST' ? body.data : [];
		for (const tx of transactions) {
			this.verifyTransaction(tx);
			this.verifiedSignatures++;
		}
	}

	private withToken(options: RequestOptions): RequestOptions {
		return { ...options, token: options.token === undefined ? this.token : options.token };
	}

	private send<T>(method: string, url: string, options: RequestOptions): Promise<Reply<T>> {
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
					const json = /application\/json/.test(response.headers['content-type'] ?? '');
					let body: unknown = raw;
					try {
						if (json && raw.length) body = JSON.parse(raw.toString('utf8'));
					} catch {
						const text = raw.toString('utf8').slice(0, 200);
						return reject(
							new Error(`${method} ${url}: content-type JSON but the body is not: ${text}`),
						);
					}
					resolve({
						status: response.statusCode ?? 0,
						headers: response.headers,
						body: body as T,
						raw,
					});
				});
			});
			request.on('error', reject);
			request.end(payload);
		});
	}
}

/** A simulator on a free port and a client logged in to it. */
export async function startTestSimulator(
	options: SimulatorOptions = {},
): Promise<{ simulator: RunningSimulator; api: SimulatorClient }> {
	const simulator = await startSimulator({ port: 0, ...options });
	const api = SimulatorClient.of(simulator);
	await api.login();
	return { simulator, api };
}

/** The log fields a transaction revision's answer implies (REFERENCE §8.2–8.3). */
export function logFieldsOf(tx: any): TransactionLogFields {
	const raw = tx.schema?.raw;
	return {
		operationType: OPERATION_NAMES[tx.log.operation as keyof typeof OPERATION_NAMES],
		clientSerialNumber: tx.client_serial_number,
		processData: raw ? Buffer.from(raw.process_data, 'base64') : Buffer.alloc(0),
		processType: raw ? raw.process_type : '',
		transactionNumber: tx.number,
		tssSerialNumberHex: tx.tss_serial_number,
		signatureCounter: Number(tx.signature.counter),
		logTimeUnix: tx.log.timestamp,
	};
}

/** Rebuilds the TR-03151 bytes a transaction answer claims were signed and verifies its signature. */
export function verifyTransactionSignature(tx: any): boolean {
	return verifyPlainSignature(
		tx.signature.public_key,
		transactionDtbs(logFieldsOf(tx)),
		tx.signature.value,
	);
}

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** DSFinV-K Anhang I "V0" QR code: 12 fields that must match the answer they came with. */
export function checkQrCode(tx: any, fields: TransactionLogFields): void {
	const where = `transaction ${tx._id} revision ${tx.revision} qr_code_data`;
	if (typeof tx.qr_code_data !== 'string')
		throw new Error(`${where} is missing on a ${tx.state} transaction`);
	const expected = [
		'V0',
		tx.client_serial_number,
		fields.processType,
		fields.processData.toString('utf8'),
		String(tx.number),
		String(tx.signature.counter),
		iso(tx.time_start),
		iso(tx.log.timestamp),
		'ecdsa-plain-SHA256',
		'unixTime',
		tx.signature.value,
		tx.signature.public_key,
	];
	// Compared as a whole: processData may itself contain ';' (Bestellung-V1 lines).
	if (tx.qr_code_data !== expected.join(';')) {
		throw new Error(`${where}:\n  got      ${tx.qr_code_data}\n  expected ${expected.join(';')}`);
	}
	if (tx.time_end !== tx.log.timestamp)
		throw new Error(
			`${where}: time_end ${tx.time_end} is not the Finish log time ${tx.log.timestamp}`,
		);
}

/** A fiskaly error body of exactly this status and code; its message a sentence, or matching `messagePart`. */
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
	else expect(reply.body.message.length).toBeGreaterThan(10);
}

function summarise(body: unknown): string {
	if (Buffer.isBuffer(body)) return `<${body.length} bytes>`;
	const text = JSON.stringify(body) ?? '';
	return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
