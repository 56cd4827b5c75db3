// HTTP client for the simulator contract tests. Every request it sends is first checked against the
// OpenAPI document (unless a test sends an invalid one on purpose, which must then BE invalid), every
// answer is validated (status, content type and body), and every transaction in an answer has its
// signature verified independently and, once finished, its QR code checked.

import * as crypto from 'node:crypto';
import * as http from 'node:http';

import { assertValid, validateErrorBody, validateRequest, validateResponse } from './openapi';
import { transactionDtbs, verifyPlainSignature, type TransactionLogFields } from './tr03151';

export type Query = Record<string, string | number | boolean | Array<string | number>>;

export interface CallOptions {
	body?: unknown;
	/** Sent as is (bypasses request validation): malformed JSON, oversized bodies. */
	rawBody?: string | Buffer;
	query?: Query;
	/** Override the bearer token; null sends none. */
	token?: string | null;
	/** The test sends a request the document forbids; the validator must agree it is invalid. */
	invalidRequest?: boolean;
	/** For paths outside the document (unknown routes): only the error body is checked. */
	undocumentedPath?: boolean;
	headers?: Record<string, string>;
}

export interface Answer<T = any> {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: T;
	operationId?: string;
}

const OPERATION_NAMES = {
	Start: 'StartTransaction',
	Update: 'UpdateTransaction',
	Finish: 'FinishTransaction',
} as const;

/** Query string in the `states[]=A&states[]=B` form real clients send. */
export function queryString(query: Query = {}): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) {
		if (Array.isArray(value)) value.forEach((item) => params.append(`${key}[]`, String(item)));
		else params.append(key, String(value));
	}
	const text = params.toString();
	return text ? `?${text}` : '';
}

export class ContractClient {
	token?: string;
	/** operationId → HTTP statuses seen (and validated), for the coverage summary. */
	readonly coverage = new Map<string, Set<string>>();
	/** Public key of each TSS as createTss reported it. */
	readonly tssPublicKeys = new Map<string, string>();
	verifiedSignatures = 0;

	constructor(readonly baseUrl: string) {}

	async call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
		const fullPath = path + queryString(options.query);
		let operationId: string | undefined;
		if (!options.undocumentedPath && options.rawBody === undefined) {
			const outcome = validateRequest(method, fullPath, options.body);
			if (options.invalidRequest) {
				if (outcome.errors.length === 0)
					throw new Error(
						`${method} ${fullPath}: the test meant an invalid request, but the document accepts it`,
					);
			} else {
				assertValid(outcome, `request ${method} ${fullPath}`);
			}
		}
		const answer = await this.send(method, fullPath, options);
		if (options.undocumentedPath) {
			const errors = validateErrorBody(answer.status, answer.body);
			if (errors.length)
				throw new Error(`${method} ${fullPath} → ${answer.status}:\n  ${errors.join('\n  ')}`);
			return answer as Answer<T>;
		}
		operationId = assertValid(
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
		const statuses = this.coverage.get(operationId) ?? new Set<string>();
		const code = answer.status >= 400 ? ` ${(answer.body as { code?: string }).code}` : '';
		statuses.add(`${answer.status}${code}`);
		this.coverage.set(operationId, statuses);

		if (answer.status === 200) this.checkSignedContent(operationId, answer.body);
		return { ...answer, operationId } as Answer<T>;
	}

	private send(method: string, fullPath: string, options: CallOptions): Promise<Answer> {
		const payload =
			options.rawBody !== undefined
				? Buffer.from(options.rawBody)
				: options.body !== undefined
					? Buffer.from(JSON.stringify(options.body))
					: undefined;
		const token = options.token === undefined ? this.token : options.token;
		const headers: Record<string, string> = {
			...(payload
				? { 'content-type': 'application/json', 'content-length': String(payload.length) }
				: {}),
			...(token ? { authorization: `Bearer ${token}` } : {}),
			...options.headers,
		};
		return new Promise((resolve, reject) => {
			const request = http.request(
				`${this.baseUrl}${fullPath}`,
				{ method, headers, agent: false },
				(response) => {
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.push(chunk));
					response.on('error', reject);
					response.on('end', () => {
						const raw = Buffer.concat(chunks);
						const json = /application\/json/.test(response.headers['content-type'] ?? '');
						let body: unknown = raw;
						if (json) {
							try {
								body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
							} catch (error) {
								reject(
									new Error(
										`${method} ${fullPath}: content-type JSON but the body is not: ${raw.toString('utf8').slice(0, 200)}`,
									),
								);
								return;
							}
						}
						resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
					});
				},
			);
			request.on('error', reject);
			request.end(payload);
		});
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
		const fields = logFieldsOf(tx);
		if (
			!verifyPlainSignature(tx.signature.public_key, transactionDtbs(fields), tx.signature.value)
		) {
			throw new Error(
				`${where}: the signature does not verify over the rebuilt TR-03151 log ${JSON.stringify({ ...fields, processData: fields.processData.toString('utf8') })}`,
			);
		}
		if (tx.state === 'ACTIVE') {
			if (tx.qr_code_data !== undefined)
				throw new Error(`${where}: qr_code_data on an ACTIVE transaction`);
		} else {
			checkQrCode(tx, fields);
		}
	}
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

function summarise(body: unknown): string {
	if (Buffer.isBuffer(body)) return `<${body.length} bytes>`;
	const text = JSON.stringify(body) ?? '';
	return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
