// Contract sweep: all 33 operations of REFERENCE §0.2 over real HTTP against startSimulator, happy path
// and the error codes of issue 2. The ContractClient validates every request and every answer against
// the official OpenAPI document and verifies every transaction signature with test/helpers/tr03151.ts
// (its own DER code, not the simulator's); export TARs and /log messages are parsed and verified too.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { STATUS_CODES } from 'node:http';
import * as path from 'node:path';

import { startSimulator, type RunningSimulator } from '../../simulator';
import { ContractClient, logFieldsOf, type Answer, type Query } from '../helpers/contractClient';
import { operations } from '../helpers/openapi';
import { readTar } from '../helpers/tar';
import {
	ECDSA_PLAIN_SHA256_OID,
	parseLogMessage,
	SYSTEM_LOG_OID,
	TRANSACTION_LOG_OID,
	transactionDtbs,
	verifyPlainSignature,
} from '../helpers/tr03151';

const testVectors = JSON.parse(
	fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-vectors.json'), 'utf8'),
);

const ADMIN_PIN = '1234567890';
const uuid = () => crypto.randomUUID();
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

function expectError(answer: Answer, status: number, code: string): void {
	expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
	expect(answer.body.error).toBe(STATUS_CODES[status]);
	expect(answer.body.message.length).toBeGreaterThan(10);
}

const receipt = (overrides: Record<string, unknown> = {}) => ({
	standard_v1: {
		receipt: {
			receipt_type: 'RECEIPT',
			amounts_per_vat_rate: [
				{ vat_rate: 'NORMAL', amount: '21.42' },
				{ vat_rate: 'REDUCED_1', amount: '7.99' },
			],
			amounts_per_payment_type: [
				{ payment_type: 'CASH', amount: '10.00' },
				{ payment_type: 'NON_CASH', amount: '19.41' },
			],
			...overrides,
		},
	},
});

// The simulator's clock runs `skewMs` ahead of real time, so tests can let exports finish and tokens
// expire without waiting.
let skewMs = 0;
const clock = () => Date.now() + skewMs;

let sim: RunningSimulator;
let api: ContractClient;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, clock });
	api = new ContractClient(sim.url);
	api.token = await authenticate();
});

afterAll(async () => {
	await sim?.close();
	if (api) {
		const coverage = Object.fromEntries(
			[...api.coverage].map(([id, statuses]) => [id, [...statuses].sort()]),
		);
		fs.mkdirSync(path.join(__dirname, '..', '..', 'test-output'), { recursive: true });
		fs.writeFileSync(
			path.join(__dirname, '..', '..', 'test-output', 'contract-coverage.json'),
			JSON.stringify({ verifiedSignatures: api.verifiedSignatures, coverage }, null, '\t'),
		);
	}
});

/** Two PATCHes of a `/metadata` path merge (fiskaly never replaces metadata), and GET shows the merge. */
async function expectMetadataMerges(
	metadataPath: string,
	first: Record<string, string>,
	second: Record<string, string>,
): Promise<void> {
	expect((await api.call('PATCH', metadataPath, { body: first })).body).toEqual(first);
	const merged = { ...first, ...second };
	expect((await api.call('PATCH', metadataPath, { body: second })).body).toEqual(merged);
	expect((await api.call('GET', metadataPath)).body).toEqual(merged);
}

async function authenticate(client = api): Promise<string> {
	const answer = await client.call('POST', '/auth', {
		body: { api_key: sim.apiKey, api_secret: sim.apiSecret },
		token: null,
	});
	expect(answer.status).toBe(200);
	return answer.body.access_token;
}

interface TssSetup {
	tssId: string;
	puk: string;
	publicKey: string;
	serial: string;
	certificate: string;
}

/** createTss → UNINITIALIZED → PIN via PUK (and optionally admin login → INITIALIZED). */
async function deployTss(initialize: boolean): Promise<TssSetup> {
	const tssId = uuid();
	const created = await api.call('PUT', `/tss/${tssId}`, { body: {} });
	expect(created.status).toBe(200);
	expect(
		(await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'UNINITIALIZED' } })).status,
	).toBe(200);
	const pin = await api.call('PATCH', `/tss/${tssId}/admin`, {
		body: { admin_puk: created.body.admin_puk, new_admin_pin: ADMIN_PIN },
	});
	expect(pin.status).toBe(200);
	if (initialize) {
		expect(
			(await api.call('POST', `/tss/${tssId}/admin/auth`, { body: { admin_pin: ADMIN_PIN } }))
				.status,
		).toBe(200);
		expect(
			(await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } })).status,
		).toBe(200);
	}
	return {
		tssId,
		puk: created.body.admin_puk,
		publicKey: created.body.public_key,
		serial: created.body.serial_number,
		certificate: created.body.certificate,
	};
}

async function createClient(tssId: string, serial: string): Promise<string> {
	const clientId = uuid();
	const answer = await api.call('PUT', `/tss/${tssId}/client/${clientId}`, {
		body: { serial_number: serial },
	});
	expect(answer.status).toBe(200);
	return clientId;
}

const upsert = (
	tssId: string,
	tx: string | number,
	revision: number,
	body: Record<string, unknown>,
) => api.call('PUT', `/tss/${tssId}/tx/${tx}`, { body, query: { tx_revision: revision } });

// ---------------------------------------------------------------------------------------------

describe('the real fiskaly test vector through the independent check', () => {
	it('rebuilds the signed bytes exactly and the signature verifies', () => {
		const vector = testVectors.update_transaction;
		const dtbs = transactionDtbs({
			operationType: 'UpdateTransaction',
			clientSerialNumber: vector.client_serial_number,
			processData: Buffer.from(vector.process_data, 'utf8'),
			processType: vector.process_type,
			transactionNumber: vector.transaction_number,
			tssSerialNumberHex: testVectors.tss.serial_number,
			signatureCounter: vector.signature_counter,
			logTimeUnix: vector.log_time_unix,
		});
		expect(dtbs.toString('hex')).toBe(vector.dtbs_hex);
		expect(verifyPlainSignature(testVectors.tss.public_key, dtbs, vector.signature_value)).toBe(
			true,
		);
		// …and the check is not a rubber stamp: one byte off and it fails.
		const tampered = Buffer.from(dtbs);
		tampered[tampered.length - 1] ^= 1;
		expect(verifyPlainSignature(testVectors.tss.public_key, tampered, vector.signature_value)).toBe(
			false,
		);
	});
});

describe('authentication (POST /auth) and the edges of every request', () => {
	it('exchanges key and secret for tokens with the real fields and lifetimes', async () => {
		const answer = await api.call('POST', '/auth', {
			body: { api_key: sim.apiKey, api_secret: sim.apiSecret },
			token: null,
		});
		expect(answer.status).toBe(200);
		const now = Math.floor(clock() / 1000);
		expect(answer.body.access_token_claims.env).toBe('TEST');
		expect(answer.body.access_token_expires_in).toBe(86400);
		expect(Math.abs(answer.body.access_token_expires_at - (now + 86400))).toBeLessThanOrEqual(2);
		expect(answer.body.refresh_token_expires_in).toBe(172800);
		api.token = answer.body.access_token;

		const refreshed = await api.call('POST', '/auth', {
			body: { refresh_token: answer.body.refresh_token },
			token: null,
		});
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.access_token).not.toBe(answer.body.access_token);
	});

	it('answers 401 E_UNAUTHORIZED for wrong credentials, a bad refresh token, no token and an unknown token', async () => {
		expectError(
			await api.call('POST', '/auth', {
				body: { api_key: sim.apiKey, api_secret: 'wrong' },
				token: null,
			}),
			401,
			'E_UNAUTHORIZED',
		);
		expectError(
			await api.call('POST', '/auth', { body: { refresh_token: 'not-a-token' }, token: null }),
			401,
			'E_UNAUTHORIZED',
		);
		expectError(await api.call('GET', '/tss', { token: null }), 401, 'E_UNAUTHORIZED');
		expectError(
			await api.call('GET', '/tss', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.x' }),
			401,
			'E_UNAUTHORIZED',
		);
	});

	it('answers 400 for bodies that break the schema and for malformed JSON', async () => {
		expectError(
			await api.call('POST', '/auth', {
				body: { api_key: sim.apiKey },
				token: null,
				invalidRequest: true,
			}),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
		);
		expectError(
			await api.call('PUT', `/tss/${uuid()}`, { rawBody: '{"metadata": ' }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
		);
	});

	it('answers 413 above 1 MB', async () => {
		const big = JSON.stringify({ metadata: { note: 'x'.repeat(1024 * 1024) } });
		const answer = await api.call('PUT', `/tss/${uuid()}`, { rawBody: big });
		expect(answer.status).toBe(413);
	});

	it('answers 400 for path parameters that are not UUIDs', async () => {
		expectError(
			await api.call('GET', '/tss/not-a-uuid', { invalidRequest: true }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
		);
	});

	it('answers unknown paths with 404 and the error body', async () => {
		const answer = await api.call('GET', '/tss/x/selftest', { undocumentedPath: true });
		expect(answer.status).toBe(404);
	});

	it('echoes the request-id the ERS sets', async () => {
		const answer = await api.call('GET', '/tss', { headers: { 'request-id': 'till-7-req-42' } });
		expect(answer.headers['request-id']).toBe('till-7-req-42');
	});
});

// ---------------------------------------------------------------------------------------------

describe('quickstart (REFERENCE §12.3) and TSS life cycle', () => {
	const tssId = uuid();
	const clientId = uuid();
	let created: any;

	it('createTss: CREATED with a 10-digit PUK, P-256 key, serial = SHA-256(key), certificate holding the key', async () => {
		const answer = await api.call('PUT', `/tss/${tssId}`, {
			body: { metadata: { shop: 'Berlin 1' } },
		});
		expect(answer.status).toBe(200);
		created = answer.body;
		expect(created).toMatchObject({
			_id: tssId,
			_type: 'TSS',
			state: 'CREATED',
			signature_algorithm: 'ecdsa-plain-SHA256',
			signature_timestamp_format: 'unixTime',
			transaction_data_encoding: 'UTF-8',
			max_number_registered_clients: 199,
			max_number_active_transactions: 2000,
			supported_update_variants: 'SIGNED',
			metadata: { shop: 'Berlin 1' },
		});
		expect(created.admin_puk).toMatch(/^\d{10}$/);
		const rawKey = Buffer.from(created.public_key, 'base64');
		expect(rawKey).toHaveLength(65);
		expect(rawKey[0]).toBe(0x04);
		expect(created.serial_number).toBe(crypto.createHash('sha256').update(rawKey).digest('hex'));

		const certificate = new crypto.X509Certificate(Buffer.from(created.certificate, 'base64'));
		expect(certificate.serialNumber.toLowerCase().replace(/^0+/, '')).toBe(
			created.serial_number.replace(/^0+/, ''),
		);
		expect(certificate.publicKey.export({ format: 'jwk' })).toEqual(
			crypto
				.createPublicKey({
					key: {
						kty: 'EC',
						crv: 'P-256',
						x: rawKey.subarray(1, 33).toString('base64url'),
						y: rawKey.subarray(33).toString('base64url'),
					},
					format: 'jwk',
				})
				.export({ format: 'jwk' }),
		);
		expect(certificate.issuer).toMatch(/CA/);
	});

	it('createTss repeats while CREATED (same PUK and key)', async () => {
		const again = await api.call('PUT', `/tss/${tssId}`, {
			body: { metadata: { shop: 'Berlin 1' } },
		});
		expect(again.status).toBe(200);
		expect(again.body.admin_puk).toBe(created.admin_puk);
		expect(again.body.public_key).toBe(created.public_key);
	});

	it('rejects transactions, clients and exports before INITIALIZED', async () => {
		expectError(
			await upsert(tssId, uuid(), 1, { state: 'ACTIVE', client_id: uuid() }),
			400,
			'E_TSS_NOT_INITIALIZED',
		);
		expectError(
			await api.call('PUT', `/tss/${tssId}/export/${uuid()}`, { body: {} }),
			409,
			'E_TSS_ILLEGAL_STATE_TO_PERFORM_EXPORT',
		);
		expectError(
			await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } }),
			400,
			'E_ILLEGAL_TSS_STATE_CHANGE',
		);
	});

	it('updateTss → UNINITIALIZED deploys it (time_uninit, counter after the deployment logs, PUK no longer shown)', async () => {
		const answer = await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'UNINITIALIZED' } });
		expect(answer.status).toBe(200);
		expect(answer.body.state).toBe('UNINITIALIZED');
		expect(answer.body.time_uninit).toBeGreaterThanOrEqual(created.time_creation);
		expect(Number(answer.body.signature_counter)).toBeGreaterThan(0);
		expect(answer.body.admin_puk).toBeUndefined();
		expectError(await api.call('PUT', `/tss/${tssId}`, { body: {} }), 409, 'E_TSS_CONFLICT');
		const retrieved = await api.call('GET', `/tss/${tssId}`);
		expect(retrieved.body.admin_puk).toBeUndefined();
	});

	it('blocks the admin PIN until it is set with the PUK', async () => {
		expectError(
			await api.call('POST', `/tss/${tssId}/admin/auth`, { body: { admin_pin: ADMIN_PIN } }),
			423,
			'E_ADMIN_PIN_BLOCKED',
		);
		expectError(
			await api.call('PATCH', `/tss/${tssId}/admin`, {
				body: { admin_puk: '0000000000', new_admin_pin: ADMIN_PIN },
			}),
			400,
			'E_CHANGE_ADMIN_PIN_FAILED',
		);
		const changed = await api.call('PATCH', `/tss/${tssId}/admin`, {
			body: { admin_puk: created.admin_puk, new_admin_pin: ADMIN_PIN },
		});
		expect(changed.status).toBe(200);
	});

	it('requires an admin login for INITIALIZED and refuses a wrong PIN', async () => {
		expectError(
			await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } }),
			401,
			'E_UNAUTHORIZED',
		);
		expectError(
			await api.call('POST', `/tss/${tssId}/admin/auth`, { body: { admin_pin: '9999999999' } }),
			401,
			'E_UNAUTHORIZED',
		);
		expect(
			(await api.call('POST', `/tss/${tssId}/admin/auth`, { body: { admin_pin: ADMIN_PIN } }))
				.status,
		).toBe(200);
	});

	it('updateTss → INITIALIZED with a description', async () => {
		const before = await api.call('GET', `/tss/${tssId}`);
		const answer = await api.call('PATCH', `/tss/${tssId}`, {
			body: { state: 'INITIALIZED', description: 'Till 1 Berlin' },
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ state: 'INITIALIZED', description: 'Till 1 Berlin' });
		expect(answer.body.time_init).toBeGreaterThanOrEqual(answer.body.time_uninit);
		// admin login + state change each wrote a system log
		expect(Number(answer.body.signature_counter)).toBe(Number(before.body.signature_counter) + 1);
		expectError(
			await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'UNINITIALIZED' } }),
			400,
			'E_ILLEGAL_TSS_STATE_CHANGE',
		);
	});

	it('createClient: REGISTERED, repeatable, serial rules, ids unique', async () => {
		const answer = await api.call('PUT', `/tss/${tssId}/client/${clientId}`, {
			body: { serial_number: 'ERS Till 1', metadata: { till: '1' } },
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			_id: clientId,
			_type: 'CLIENT',
			state: 'REGISTERED',
			serial_number: 'ERS Till 1',
			tss_id: tssId,
			metadata: { till: '1' },
		});
		const repeated = await api.call('PUT', `/tss/${tssId}/client/${clientId}`, {
			body: { serial_number: 'ERS Till 1', metadata: { till: '1' } },
		});
		expect(repeated.status).toBe(200);
		expect(repeated.body.time_creation).toBe(answer.body.time_creation);

		expectError(
			await api.call('PUT', `/tss/${tssId}/client/${uuid()}`, {
				body: { serial_number: 'ERS Till 1' },
			}),
			400,
			'E_ILLEGAL_CLIENT_SERIAL',
		);
		expectError(
			await api.call('PUT', `/tss/${tssId}/client/${uuid()}`, {
				body: { serial_number: 'ERS/Till/2' },
			}),
			400,
			'E_ILLEGAL_CLIENT_SERIAL',
		);
		for (const serial of ['ERS_Till_2', 'x'.repeat(71), ' leading']) {
			const bad = await api.call('PUT', `/tss/${tssId}/client/${uuid()}`, {
				body: { serial_number: serial },
				invalidRequest: true,
			});
			expect(bad.status).toBe(400);
			expect(['E_ILLEGAL_CLIENT_SERIAL', 'E_FAILED_SCHEMA_VALIDATION']).toContain(bad.body.code);
		}
	});

	it('logoutAdmin ends the admin session (and may be repeated)', async () => {
		expect((await api.call('POST', `/tss/${tssId}/admin/logout`, { body: {} })).status).toBe(200);
		expect((await api.call('POST', `/tss/${tssId}/admin/logout`, { body: {} })).status).toBe(200);
		expectError(
			await api.call('PUT', `/tss/${tssId}/client/${uuid()}`, {
				body: { serial_number: 'ERS Till 9' },
			}),
			401,
			'E_UNAUTHORIZED',
		);
	});

	it('client id is unique system-wide', async () => {
		const other = await deployTss(true);
		expectError(
			await api.call('PUT', `/tss/${other.tssId}/client/${clientId}`, {
				body: { serial_number: 'ERS Till 1' },
			}),
			409,
			'E_CLIENT_CONFLICT',
		);
	});

	it('a receipt: start, finish, QR code, TSS counters', async () => {
		const txId = uuid();
		const start = await upsert(tssId, txId, 1, { state: 'ACTIVE', client_id: clientId });
		expect(start.status).toBe(200);
		expect(start.body).toMatchObject({
			state: 'ACTIVE',
			revision: 1,
			latest_revision: 1,
			schema: {},
			log: { operation: 'Start' },
		});
		const finish = await upsert(tssId, txId, 2, {
			state: 'FINISHED',
			client_id: clientId,
			schema: receipt(),
		});
		expect(finish.status).toBe(200);
		expect(finish.body.log.operation).toBe('Finish');
		expect(Number(finish.body.signature.counter)).toBe(Number(start.body.signature.counter) + 1);
		const tss = await api.call('GET', `/tss/${tssId}`);
		expect(tss.body.signature_counter).toBe(String(finish.body.signature.counter));
		expect(tss.body.transaction_counter).toBe(String(finish.body.number));
		expect(tss.body.number_registered_clients).toBe(1);
	});
});

// ---------------------------------------------------------------------------------------------

describe('transactions (upsert, retrieve, log, lists, metadata)', () => {
	let tss: TssSetup;
	let till1: string;
	let till2: string;
	const txId = uuid();
	let start: any;
	let update: any;
	let finish: any;

	beforeAll(async () => {
		tss = await deployTss(true);
		till1 = await createClient(tss.tssId, 'ERS Till 1');
		till2 = await createClient(tss.tssId, 'ERS Till 2');
	});

	it('Start: revision 1, number from the TSS counter, empty schema, signed StartTransaction log', async () => {
		const answer = await upsert(tss.tssId, txId, 1, { state: 'ACTIVE', client_id: till1 });
		expect(answer.status).toBe(200);
		start = answer.body;
		expect(start).toMatchObject({
			_id: txId,
			_type: 'TRANSACTION',
			tss_id: tss.tssId,
			client_id: till1,
			client_serial_number: 'ERS Till 1',
			tss_serial_number: tss.serial,
			state: 'ACTIVE',
			revision: 1,
			latest_revision: 1,
			number: 1,
			schema: {},
			log: { operation: 'Start', timestamp_format: 'unixTime' },
		});
		expect(start.time_start).toBe(start.log.timestamp);
		expect(start.time_end).toBeUndefined();
		expect(start.signature.public_key).toBe(tss.publicKey);
	});

	it('a replay of the latest revision with the same body returns the stored answer without signing again', async () => {
		const replay = await upsert(tss.tssId, txId, 1, { state: 'ACTIVE', client_id: till1 });
		expect(replay.status).toBe(200);
		expect(replay.body).toEqual(start);
	});

	it('refuses a skipped or stale revision with E_TX_UPSERT', async () => {
		expectError(
			await upsert(tss.tssId, txId, 3, { state: 'ACTIVE', client_id: till1 }),
			400,
			'E_TX_UPSERT',
		);
		expectError(
			await upsert(tss.tssId, uuid(), 2, { state: 'ACTIVE', client_id: till1 }),
			400,
			'E_TX_UPSERT',
		);
	});

	it('Update: the receipt schema is echoed with currency_code and the computed raw block', async () => {
		const answer = await upsert(tss.tssId, txId, 2, {
			state: 'ACTIVE',
			client_id: till1,
			schema: receipt(),
		});
		expect(answer.status).toBe(200);
		update = answer.body;
		expect(update).toMatchObject({
			revision: 2,
			latest_revision: 2,
			number: 1,
			log: { operation: 'Update' },
		});
		expect(update.schema.standard_v1.receipt.amounts_per_payment_type).toEqual([
			{ payment_type: 'CASH', amount: '10.00', currency_code: 'EUR' },
			{ payment_type: 'NON_CASH', amount: '19.41', currency_code: 'EUR' },
		]);
		expect(update.schema.raw.process_type).toBe('Kassenbeleg-V1');
		expect(unb64(update.schema.raw.process_data)).toBe(
			'Beleg^21.42_7.99_0.00_0.00_0.00^10.00:Bar_19.41:Unbar',
		);
		expect(Number(update.signature.counter)).toBe(Number(start.signature.counter) + 1);
	});

	it('Finish by number: FINISHED, time_end, QR code with 12 fields', async () => {
		const answer = await upsert(tss.tssId, 1, 3, {
			state: 'FINISHED',
			client_id: till1,
			schema: receipt(),
		});
		expect(answer.status).toBe(200);
		finish = answer.body;
		expect(finish).toMatchObject({
			_id: txId,
			state: 'FINISHED',
			revision: 3,
			latest_revision: 3,
			log: { operation: 'Finish' },
		});
		expect(finish.time_end).toBe(finish.log.timestamp);
		expect(finish.qr_code_data.split(';')).toHaveLength(12);
		expect(finish.qr_code_data).toMatch(
			/;\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z;\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z;ecdsa-plain-SHA256;unixTime;/,
		);
	});

	it('a FINISHED transaction is terminal', async () => {
		expectError(
			await upsert(tss.tssId, txId, 4, { state: 'ACTIVE', client_id: till1 }),
			400,
			'E_TX_UPSERT',
		);
	});

	it('retrieveTransaction: latest, by number, by tx_revision; unknown revision and transaction', async () => {
		expect((await api.call('GET', `/tss/${tss.tssId}/tx/${txId}`)).body).toEqual(finish);
		expect((await api.call('GET', `/tss/${tss.tssId}/tx/1`)).body).toEqual(finish);
		const first = await api.call('GET', `/tss/${tss.tssId}/tx/${txId}`, {
			query: { tx_revision: 1 },
		});
		expect(first.body).toMatchObject({
			revision: 1,
			latest_revision: 3,
			state: 'ACTIVE',
			signature: start.signature,
			log: start.log,
		});
		const second = await api.call('GET', `/tss/${tss.tssId}/tx/1`, { query: { tx_revision: 2 } });
		expect(second.body.signature).toEqual(update.signature);
		expectError(
			await api.call('GET', `/tss/${tss.tssId}/tx/${txId}`, { query: { tx_revision: 9 } }),
			400,
			'E_TX_REVISION_NOT_FOUND',
		);
		expectError(await api.call('GET', `/tss/${tss.tssId}/tx/${uuid()}`), 404, 'E_TX_NOT_FOUND');
		expectError(await api.call('GET', `/tss/${tss.tssId}/tx/999`), 404, 'E_TX_NOT_FOUND');
		expectError(await api.call('GET', `/tss/${uuid()}/tx/${txId}`), 404, 'E_TSS_NOT_FOUND');
	});

	it('/log returns the DER log message of that revision', async () => {
		for (const [revision, answer] of [
			[undefined, finish],
			[1, start],
			[2, update],
		] as const) {
			const log = await api.call('GET', `/tss/${tss.tssId}/tx/${txId}/log`, {
				query: revision ? { tx_revision: revision } : {},
			});
			expect(log.status).toBe(200);
			expect(log.headers['content-type']).toMatch(/^application\/octet-stream/);
			const message = parseLogMessage(log.body);
			expect(message.dtbs.equals(transactionDtbs(logFieldsOf(answer)))).toBe(true);
			expect(message.signature.toString('base64')).toBe(answer.signature.value);
			expect(message).toMatchObject({
				version: 2,
				certifiedDataType: TRANSACTION_LOG_OID,
				signatureAlgorithm: ECDSA_PLAIN_SHA256_OID,
				serialNumberHex: tss.serial,
				signatureCounter: Number(answer.signature.counter),
				logTime: answer.log.timestamp,
			});
			expect(verifyPlainSignature(tss.publicKey, message.dtbs, message.signature)).toBe(true);
		}
		expectError(
			await api.call('GET', `/tss/${tss.tssId}/tx/${txId}/log`, { query: { tx_revision: 7 } }),
			400,
			'E_TX_REVISION_NOT_FOUND',
		);
		expectError(await api.call('GET', `/tss/${tss.tssId}/tx/${uuid()}/log`), 404, 'E_TX_NOT_FOUND');
	});

	it('CANCELLED with a CANCELLATION receipt gets a Finish log and a QR code', async () => {
		const id = uuid();
		await upsert(tss.tssId, id, 1, { state: 'ACTIVE', client_id: till2 });
		const answer = await upsert(tss.tssId, id, 2, {
			state: 'CANCELLED',
			client_id: till2,
			schema: {
				standard_v1: {
					receipt: {
						receipt_type: 'CANCELLATION',
						amounts_per_vat_rate: [],
						amounts_per_payment_type: [],
					},
				},
			},
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ state: 'CANCELLED', log: { operation: 'Finish' } });
		expect(unb64(answer.body.schema.raw.process_data)).toBe(
			'AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^',
		);
	});

	it('finishing without a type is E_TX_NO_TYPE_DEFINED; changing the type is E_TX_ILLEGAL_TYPE_CHANGE', async () => {
		const untyped = uuid();
		await upsert(tss.tssId, untyped, 1, { state: 'ACTIVE', client_id: till1 });
		expectError(
			await upsert(tss.tssId, untyped, 2, { state: 'FINISHED', client_id: till1 }),
			409,
			'E_TX_NO_TYPE_DEFINED',
		);
		const typed = uuid();
		await upsert(tss.tssId, typed, 1, { state: 'ACTIVE', client_id: till1 });
		expect(
			(await upsert(tss.tssId, typed, 2, { state: 'ACTIVE', client_id: till1, schema: receipt() }))
				.status,
		).toBe(200);
		expectError(
			await upsert(tss.tssId, typed, 3, {
				state: 'FINISHED',
				client_id: till1,
				schema: {
					standard_v1: {
						order: { line_items: [{ quantity: '1', text: 'Cola', price_per_unit: '2.50' }] },
					},
				},
			}),
			409,
			'E_TX_ILLEGAL_TYPE_CHANGE',
		);
	});

	it.each([
		[
			'an order (Bestellung-V1, lines joined by CR, UTF-8)',
			{
				standard_v1: {
					order: {
						line_items: [
							{ quantity: '1', text: 'Döner', price_per_unit: '7.00' },
							{ quantity: '2', text: 'Cola', price_per_unit: '2.50' },
						],
					},
				},
			},
			'Bestellung-V1',
			'1;"Döner";7.00\r2;"Cola";2.50',
		],
		[
			'foreign currencies (DSFinV-K Anhang I example)',
			{
				standard_v1: {
					receipt: {
						receipt_type: 'RECEIPT',
						amounts_per_vat_rate: [
							{ vat_rate: 'NORMAL', amount: '75.33' },
							{ vat_rate: 'REDUCED_1', amount: '7.99' },
						],
						amounts_per_payment_type: [
							{ payment_type: 'NON_CASH', amount: '64.30' },
							{ payment_type: 'CASH', amount: '5.00', currency_code: 'USD' },
							{ payment_type: 'CASH', amount: '10.00' },
							{ payment_type: 'CASH', amount: '5.00', currency_code: 'CHF' },
						],
					},
				},
			},
			'Kassenbeleg-V1',
			'Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar_5.00:Bar:CHF_5.00:Bar:USD_64.30:Unbar',
		],
		[
			'a raw schema (signed as given)',
			{
				raw: {
					process_type: 'Kassenbeleg-V1',
					process_data: b64('Beleg^1.00_0.00_0.00_0.00_0.00^1.00:Bar'),
				},
			},
			'Kassenbeleg-V1',
			'Beleg^1.00_0.00_0.00_0.00_0.00^1.00:Bar',
		],
	])('finishes %s', async (_label, schema, processType, processData) => {
		const id = uuid();
		await upsert(tss.tssId, id, 1, { state: 'ACTIVE', client_id: till1 });
		const answer = await upsert(tss.tssId, id, 2, { state: 'FINISHED', client_id: till1, schema });
		expect(answer.status).toBe(200);
		expect(answer.body.schema.raw.process_type).toBe(processType);
		expect(unb64(answer.body.schema.raw.process_data)).toBe(processData);
		if ('raw' in schema) expect(answer.body.schema).toEqual(schema);
	});

	it('a start that already carries a raw schema signs that data in its Start log', async () => {
		const id = uuid();
		const raw = {
			process_type: 'Kassenbeleg-V1',
			process_data: b64('Beleg^2.00_0.00_0.00_0.00_0.00^2.00:Bar'),
		};
		const answer = await upsert(tss.tssId, id, 1, {
			state: 'ACTIVE',
			client_id: till1,
			schema: { raw },
		});
		expect(answer.status).toBe(200);
		expect(answer.body.schema.raw).toEqual(raw);
		expect(logFieldsOf(answer.body).processData.length).toBeGreaterThan(0);
		expect(
			(await upsert(tss.tssId, id, 2, { state: 'FINISHED', client_id: till1, schema: { raw } }))
				.status,
		).toBe(200);
	});

	it('finishes an "other" transaction as SonstigerVorgang', async () => {
		const id = uuid();
		await upsert(tss.tssId, id, 1, { state: 'ACTIVE', client_id: till1 });
		const answer = await upsert(tss.tssId, id, 2, {
			state: 'FINISHED',
			client_id: till1,
			schema: { standard_v1: { other: { note: 'cash drawer opened' } } },
		});
		expect(answer.status).toBe(200);
		expect(answer.body.schema.raw.process_type).toBe('SonstigerVorgang');
	});

	it('refuses unknown and deregistered clients; a client can be registered again', async () => {
		expectError(
			await upsert(tss.tssId, uuid(), 1, { state: 'ACTIVE', client_id: uuid() }),
			400,
			'E_CLIENT_NOT_FOUND',
		);
		expect(
			(await api.call('POST', `/tss/${tss.tssId}/admin/auth`, { body: { admin_pin: ADMIN_PIN } }))
				.status,
		).toBe(200);
		const deregistered = await api.call('PATCH', `/tss/${tss.tssId}/client/${till2}`, {
			body: { state: 'DEREGISTERED' },
		});
		expect(deregistered.body).toMatchObject({ state: 'DEREGISTERED' });
		expect(deregistered.body.time_update).toBeGreaterThanOrEqual(deregistered.body.time_creation);
		expectError(
			await upsert(tss.tssId, uuid(), 1, { state: 'ACTIVE', client_id: till2 }),
			400,
			'E_CLIENT_DEREGISTERED',
		);
		expect(
			(
				await api.call('PATCH', `/tss/${tss.tssId}/client/${till2}`, {
					body: { state: 'REGISTERED', metadata: { note: 'back' } },
				})
			).body.state,
		).toBe('REGISTERED');
		expectError(
			await api.call('PATCH', `/tss/${tss.tssId}/client/${uuid()}`, {
				body: { state: 'REGISTERED' },
			}),
			404,
			'E_CLIENT_NOT_FOUND',
		);
		expect((await api.call('POST', `/tss/${tss.tssId}/admin/logout`, { body: {} })).status).toBe(
			200,
		);
		expectError(
			await api.call('PATCH', `/tss/${tss.tssId}/client/${till2}`, {
				body: { state: 'DEREGISTERED' },
			}),
			401,
			'E_UNAUTHORIZED',
		);
	});

	it('refuses bodies that break the schema', async () => {
		expectError(
			await api.call('PUT', `/tss/${tss.tssId}/tx/${uuid()}`, {
				body: { state: 'ACTIVE' },
				query: { tx_revision: 1 },
				invalidRequest: true,
			}),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
		);
		const badAmount = receipt({ amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '1.5' }] });
		expectError(
			await api.call('PUT', `/tss/${tss.tssId}/tx/${uuid()}`, {
				body: { state: 'ACTIVE', client_id: till1, schema: badAmount },
				query: { tx_revision: 1 },
				invalidRequest: true,
			}),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
		);
		const bad = await api.call('PUT', `/tss/${tss.tssId}/tx/${uuid()}`, {
			body: { state: 'ACTIVE', client_id: till1 },
			query: { tx_revision: 0 },
			invalidRequest: true,
		});
		expect(bad.status).toBe(400);
	});

	it('concurrent identical upserts of one revision sign exactly once', async () => {
		const id = uuid();
		const answers = await Promise.all(
			Array.from({ length: 8 }, () =>
				upsert(tss.tssId, id, 1, { state: 'ACTIVE', client_id: till1 }),
			),
		);
		expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
		expect(new Set(answers.map((a) => a.body.signature.value)).size).toBe(1);
		const next = await upsert(tss.tssId, id, 2, {
			state: 'CANCELLED',
			client_id: till1,
			schema: receipt({ receipt_type: 'CANCELLATION' }),
		});
		expect(Number(next.body.signature.counter)).toBe(Number(answers[0].body.signature.counter) + 1);
	});

	it('lists per TSS, per client and across all, with states[], order, limit and offset', async () => {
		const all = await api.call('GET', `/tss/${tss.tssId}/tx`);
		expect(all.body).toMatchObject({ _type: 'TRANSACTION_LIST' });
		expect(all.body.count).toBe(all.body.data.length);
		expect(all.body.data.length).toBeGreaterThanOrEqual(8);
		expect(all.body.data.every((tx: any) => tx.revision === tx.latest_revision)).toBe(true);

		const active = await api.call('GET', `/tss/${tss.tssId}/tx`, { query: { states: ['ACTIVE'] } });
		expect(active.body.data.length).toBeGreaterThan(0);
		expect(active.body.data.every((tx: any) => tx.state === 'ACTIVE')).toBe(true);
		const indexed = await api.call(
			'GET',
			`/tss/${tss.tssId}/tx?states[0]=FINISHED&states[1]=CANCELLED`,
		);
		expect(indexed.body.data.length).toBe(
			all.body.data.filter((tx: any) => tx.state !== 'ACTIVE').length,
		);

		const descending = await api.call('GET', `/tss/${tss.tssId}/tx`, {
			query: { order_by: 'number', order: 'desc' },
		});
		const numbers = descending.body.data.map((tx: any) => tx.number);
		expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
		const page = await api.call('GET', `/tss/${tss.tssId}/tx`, {
			query: { order_by: 'number', limit: 2, offset: 1 },
		});
		expect(page.body.data.map((tx: any) => tx.number)).toEqual([...numbers].reverse().slice(1, 3));

		for (const query of [{ limit: 0 }, { limit: 101 }, { offset: -1 }] as Query[]) {
			expect(
				(await api.call('GET', `/tss/${tss.tssId}/tx`, { query, invalidRequest: true })).status,
			).toBe(400);
		}

		const perClient = await api.call('GET', `/tss/${tss.tssId}/client/${till2}/tx`);
		expect(perClient.body.data.length).toBeGreaterThan(0);
		expect(perClient.body.data.every((tx: any) => tx.client_id === till2)).toBe(true);
		expectError(
			await api.call('GET', `/tss/${tss.tssId}/client/${uuid()}/tx`),
			404,
			'E_CLIENT_NOT_FOUND',
		);

		const everywhere = await api.call('GET', '/tx', { query: { limit: 100 } });
		expect(everywhere.body.data.some((tx: any) => tx.tss_id === tss.tssId)).toBe(true);
		expect(everywhere.body.data.some((tx: any) => tx.tss_id !== tss.tssId)).toBe(true);
	});

	it('transaction metadata: get, merge on PATCH and on upsert', async () => {
		const id = uuid();
		await upsert(tss.tssId, id, 1, {
			state: 'ACTIVE',
			client_id: till1,
			metadata: { order: 'A-1' },
		});
		const patched = await api.call('PATCH', `/tss/${tss.tssId}/tx/${id}/metadata`, {
			body: { table: '12' },
		});
		expect(patched.body).toEqual({ order: 'A-1', table: '12' });
		await upsert(tss.tssId, id, 2, {
			state: 'ACTIVE',
			client_id: till1,
			metadata: { waiter: 'Kim' },
		});
		expect((await api.call('GET', `/tss/${tss.tssId}/tx/${id}/metadata`)).body).toEqual({
			order: 'A-1',
			table: '12',
			waiter: 'Kim',
		});
		expectError(
			await api.call('GET', `/tss/${tss.tssId}/tx/${uuid()}/metadata`),
			404,
			'E_TX_NOT_FOUND',
		);
	});

	it('metadata limits: 40 keys, 40-character keys, 500-character values', async () => {
		const tooMany = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`k${i}`, 'v']));
		expect(
			(
				await api.call('PATCH', `/tss/${tss.tssId}/metadata`, {
					body: tooMany,
					invalidRequest: true,
				})
			).status,
		).toBe(400);
		expect(
			(
				await api.call('PATCH', `/tss/${tss.tssId}/metadata`, {
					body: { k: 'v'.repeat(501) },
					invalidRequest: true,
				})
			).status,
		).toBe(400);
		expectError(
			await api.call('PATCH', `/tss/${tss.tssId}/metadata`, { body: { ['k'.repeat(41)]: 'v' } }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
		);
	});
});

// ---------------------------------------------------------------------------------------------

describe('disabling an UNINITIALIZED TSS', () => {
	it('needs the admin, then DISABLED is final', async () => {
		const tss = await deployTss(false);
		expectError(
			await api.call('PATCH', `/tss/${tss.tssId}`, { body: { state: 'DISABLED' } }),
			401,
			'E_UNAUTHORIZED',
		);
		expect(
			(await api.call('POST', `/tss/${tss.tssId}/admin/auth`, { body: { admin_pin: ADMIN_PIN } }))
				.status,
		).toBe(200);
		const disabled = await api.call('PATCH', `/tss/${tss.tssId}`, { body: { state: 'DISABLED' } });
		expect(disabled.body).toMatchObject({ state: 'DISABLED' });
		expect(disabled.body.time_init).toBeUndefined();
		expectError(
			await api.call('PATCH', `/tss/${tss.tssId}`, { body: { state: 'INITIALIZED' } }),
			400,
			'E_ILLEGAL_TSS_STATE_CHANGE',
		);
	});
});

describe('TSS and client reads, lists and metadata', () => {
	let tss: TssSetup;
	let clientId: string;

	beforeAll(async () => {
		tss = await deployTss(true);
		clientId = await createClient(tss.tssId, 'ERS Kiosk');
		expect((await api.call('POST', `/tss/${tss.tssId}/admin/logout`, { body: {} })).status).toBe(
			200,
		);
	});

	it('retrieveTss and listTss with states[], order_by and limit', async () => {
		const one = await api.call('GET', `/tss/${tss.tssId}`);
		expect(one.body).toMatchObject({
			_id: tss.tssId,
			state: 'INITIALIZED',
			number_registered_clients: 1,
		});
		expect(one.body.description).toMatch(/\S/);
		expectError(await api.call('GET', `/tss/${uuid()}`), 404, 'E_TSS_NOT_FOUND');

		const list = await api.call('GET', '/tss', {
			query: { states: ['INITIALIZED'], order_by: 'time_creation', order: 'desc' },
		});
		expect(list.body._type).toBe('TSS_LIST');
		expect(list.body.data.every((item: any) => item.state === 'INITIALIZED')).toBe(true);
		expect(list.body.data.some((item: any) => item._id === tss.tssId)).toBe(true);
		const times = list.body.data.map((item: any) => item.time_creation);
		expect(times).toEqual([...times].sort((a, b) => b - a));
		expect((await api.call('GET', '/tss', { query: { limit: 1 } })).body.data).toHaveLength(1);
	});

	it('TSS metadata: GET, PATCH merge, and updateTss with the same state plus metadata', async () => {
		expect(
			(await api.call('PATCH', `/tss/${tss.tssId}/metadata`, { body: { region: 'north' } })).body,
		).toEqual({ region: 'north' });
		const same = await api.call('PATCH', `/tss/${tss.tssId}`, {
			body: { state: 'INITIALIZED', metadata: { owner: 'shop' } },
		});
		expect(same.status).toBe(200);
		expect(same.body.metadata).toEqual({ region: 'north', owner: 'shop' });
		expect((await api.call('GET', `/tss/${tss.tssId}/metadata`)).body).toEqual({
			region: 'north',
			owner: 'shop',
		});
		expectError(await api.call('GET', `/tss/${uuid()}/metadata`), 404, 'E_TSS_NOT_FOUND');
	});

	it('retrieveClient, listClients, listAllClients with filters', async () => {
		const one = await api.call('GET', `/tss/${tss.tssId}/client/${clientId}`);
		expect(one.body).toMatchObject({
			_id: clientId,
			serial_number: 'ERS Kiosk',
			state: 'REGISTERED',
		});
		expectError(
			await api.call('GET', `/tss/${tss.tssId}/client/${uuid()}`),
			404,
			'E_CLIENT_NOT_FOUND',
		);

		const perTss = await api.call('GET', `/tss/${tss.tssId}/client`);
		expect(perTss.body).toMatchObject({ _type: 'CLIENT_LIST', count: 1 });
		expectError(await api.call('GET', `/tss/${uuid()}/client`), 404, 'E_TSS_NOT_FOUND');

		const all = await api.call('GET', '/client', {
			query: { serial_number: 'ERS Kiosk', state: 'REGISTERED', order_by: 'time_creation' },
		});
		expect(all.body.data.map((c: any) => c._id)).toContain(clientId);
		expect(all.body.data.every((c: any) => c.serial_number === 'ERS Kiosk')).toBe(true);
	});

	it('client metadata: GET and PATCH merge', async () => {
		await expectMetadataMerges(
			`/tss/${tss.tssId}/client/${clientId}/metadata`,
			{ location: 'entrance' },
			{ floor: '1' },
		);
		expectError(
			await api.call('GET', `/tss/${tss.tssId}/client/${uuid()}/metadata`),
			404,
			'E_CLIENT_NOT_FOUND',
		);
	});

	it('the admin PIN blocks after 5 failed logins and is unblocked with the PUK', async () => {
		for (let attempt = 1; attempt <= 5; attempt++) {
			expectError(
				await api.call('POST', `/tss/${tss.tssId}/admin/auth`, { body: { admin_pin: '0000000' } }),
				401,
				'E_UNAUTHORIZED',
			);
		}
		expectError(
			await api.call('POST', `/tss/${tss.tssId}/admin/auth`, { body: { admin_pin: ADMIN_PIN } }),
			423,
			'E_ADMIN_PIN_BLOCKED',
		);
		expect(
			(
				await api.call('PATCH', `/tss/${tss.tssId}/admin`, {
					body: { admin_puk: tss.puk, new_admin_pin: '7654321' },
				})
			).status,
		).toBe(200);
		expect(
			(await api.call('POST', `/tss/${tss.tssId}/admin/auth`, { body: { admin_pin: '7654321' } }))
				.status,
		).toBe(200);
	});

	it('an admin login belongs to the access token it was made with', async () => {
		const otherSession = new ContractClient(sim.url);
		otherSession.token = await authenticate(otherSession);
		expectError(
			await otherSession.call('PATCH', `/tss/${tss.tssId}/client/${clientId}`, {
				body: { state: 'DEREGISTERED' },
			}),
			401,
			'E_UNAUTHORIZED',
		);
		expect(
			(
				await api.call('PATCH', `/tss/${tss.tssId}/client/${clientId}`, {
					body: { state: 'DEREGISTERED' },
				})
			).status,
		).toBe(200);
		for (const [id, statuses] of otherSession.coverage) {
			statuses.forEach((status) =>
				api.coverage.set(id, new Set([...(api.coverage.get(id) ?? []), status])),
			);
		}
	});
});

// ---------------------------------------------------------------------------------------------

describe('exports', () => {
	let tss: TssSetup;
	let tillA: string;
	let tillB: string;
	const exportId = uuid();
	const transactions: any[] = [];

	beforeAll(async () => {
		tss = await deployTss(true);
		tillA = await createClient(tss.tssId, 'ERS Export A');
		tillB = await createClient(tss.tssId, 'ERS Export B');
		expect((await api.call('POST', `/tss/${tss.tssId}/admin/logout`, { body: {} })).status).toBe(
			200,
		);
		for (const client of [tillA, tillB, tillA]) {
			const id = uuid();
			transactions.push(
				(await upsert(tss.tssId, id, 1, { state: 'ACTIVE', client_id: client })).body,
			);
			transactions.push(
				(
					await upsert(tss.tssId, id, 2, {
						state: 'FINISHED',
						client_id: client,
						schema: receipt(),
					})
				).body,
			);
		}
	});

	it('triggerExport: PENDING; the file is 404 E_EXPORT_NOT_COMPLETED with Retry-After until COMPLETED', async () => {
		const triggered = await api.call('PUT', `/tss/${tss.tssId}/export/${exportId}`, { body: {} });
		expect(triggered.status).toBe(200);
		expect(triggered.body).toMatchObject({
			_id: exportId,
			_type: 'EXPORT',
			state: 'PENDING',
			tss_id: tss.tssId,
		});
		skewMs += 300; // the simulator keeps exports PENDING for 200 ms, then WORKING for 500 ms
		expect((await api.call('GET', `/tss/${tss.tssId}/export/${exportId}`)).body.state).toBe(
			'WORKING',
		);
		const early = await api.call('GET', `/tss/${tss.tssId}/export/${exportId}/file`);
		expectError(early, 404, 'E_EXPORT_NOT_COMPLETED');
		expect(early.headers['retry-after']).toBe('60');

		skewMs += 5_000;
		const done = await api.call('GET', `/tss/${tss.tssId}/export/${exportId}`);
		expect(done.body.state).toBe('COMPLETED');
		expect(done.body.time_end).toBeGreaterThanOrEqual(done.body.time_start);
		expect(done.body.time_expiration).toBeGreaterThan(done.body.time_end);
	});

	it('the TAR holds every signed log (each verifies), the certificate and info.csv', async () => {
		const answer = await api.call('GET', `/tss/${tss.tssId}/export/${exportId}/file`);
		expect(answer.headers['content-type']).toMatch(/^application\/x-tar/);
		const files = readTar(answer.body);
		expect(files.every((file) => file.magic === 'ustar')).toBe(true);
		const info = files.find((file) => file.name === 'info.csv');
		expect(info?.data.toString('utf8')).toContain(tss.serial);
		const certificate = files.find((file) => file.name === `${tss.serial}_X509.cer`);
		expect(certificate?.data.toString('base64')).toBe(tss.certificate);

		const logs = files.filter((file) => file.name.endsWith('.log'));
		const counters: number[] = [];
		for (const file of logs) {
			const message = parseLogMessage(file.data);
			expect(verifyPlainSignature(tss.publicKey, message.dtbs, message.signature)).toBe(true);
			expect(message.serialNumberHex).toBe(tss.serial);
			counters.push(message.signatureCounter);
			const tra =
				/^Unixt_(\d+)_Sig-(\d+)_Log-Tra_No-(\d+)_(Start|Update|Finish)_Client-(.+)\.log$/.exec(
					file.name,
				);
			const sys = /^Unixt_(\d+)_Sig-(\d+)_Log-Sys_(\w+)\.log$/.exec(file.name);
			expect({ name: file.name, recognised: Boolean(tra || sys) }).toEqual({
				name: file.name,
				recognised: true,
			});
			const [, time, counter] = (tra ?? sys)!;
			expect([Number(time), Number(counter)]).toEqual([message.logTime, message.signatureCounter]);
			if (tra) {
				expect(message.certifiedDataType).toBe(TRANSACTION_LOG_OID);
				const tx = transactions.find(
					(t) => Number(t.signature.counter) === message.signatureCounter,
				);
				expect(tx).toBeDefined();
				expect(message.dtbs.equals(transactionDtbs(logFieldsOf(tx)))).toBe(true);
				expect([Number(tra[3]), tra[4], tra[5]]).toEqual([
					tx.number,
					tx.log.operation,
					tx.client_serial_number,
				]);
			} else {
				expect(message.certifiedDataType).toBe(SYSTEM_LOG_OID);
			}
		}
		expect(logs.filter((file) => file.name.includes('_Log-Tra_'))).toHaveLength(
			transactions.length,
		);
		// One signature counter per TSS: no value skipped or repeated, the last one is the TSS's.
		counters.sort((a, b) => a - b);
		expect(counters).toEqual(Array.from({ length: counters.length }, (_, i) => counters[0] + i));
		const tssNow = await api.call('GET', `/tss/${tss.tssId}`);
		expect(counters[counters.length - 1]).toBe(Number(tssNow.body.signature_counter));
	});

	it('filters by client and by transaction number range', async () => {
		const byClient = uuid();
		expect(
			(
				await api.call('PUT', `/tss/${tss.tssId}/export/${byClient}`, {
					body: {},
					query: { client_id: tillB },
				})
			).status,
		).toBe(200);
		const byRange = uuid();
		expect(
			(
				await api.call('PUT', `/tss/${tss.tssId}/export/${byRange}`, {
					body: {},
					query: { start_transaction_number: '2', end_transaction_number: '3' },
				})
			).status,
		).toBe(200);
		skewMs += 5_000;
		const txLogs = async (id: string) =>
			readTar((await api.call('GET', `/tss/${tss.tssId}/export/${id}/file`)).body)
				.map((file) => /_Log-Tra_No-(\d+)_\w+_Client-(.+)\.log$/.exec(file.name))
				.filter((match): match is RegExpExecArray => match !== null);
		const clientLogs = await txLogs(byClient);
		expect(clientLogs.length).toBe(2);
		expect(clientLogs.every((match) => match[2] === 'ERS Export B')).toBe(true);
		expect(new Set((await txLogs(byRange)).map((match) => Number(match[1])))).toEqual(
			new Set([2, 3]),
		);
	});

	it('refuses bad filters and ids', async () => {
		expectError(
			await api.call('PUT', `/tss/${tss.tssId}/export/${uuid()}`, {
				body: {},
				query: { client_id: uuid() },
			}),
			400,
			'E_CLIENT_NOT_FOUND',
		);
		expectError(
			await api.call('PUT', `/tss/${tss.tssId}/export/${uuid()}`, {
				body: {},
				query: { transaction_number: '999' },
			}),
			400,
			'E_TX_NOT_FOUND',
		);
		expectError(
			await api.call('PUT', `/tss/${tss.tssId}/export/${uuid()}`, {
				body: {},
				query: { start_transaction_number: '3', end_transaction_number: '1' },
			}),
			400,
			'E_PARAMETER_MISMATCH',
		);
		expectError(
			await api.call('PUT', `/tss/${tss.tssId}/export/${exportId}`, {
				body: {},
				query: { transaction_number: '1' },
			}),
			400,
			'E_DUPLICATE_EXPORT',
		);
		expectError(
			await api.call('GET', `/tss/${tss.tssId}/export/${uuid()}`),
			404,
			'E_EXPORT_NOT_FOUND',
		);
		expectError(
			await api.call('GET', `/tss/${tss.tssId}/export/${uuid()}/file`),
			404,
			'E_EXPORT_NOT_FOUND',
		);
	});

	// The document's error catalogue gives exactly this case to 409 E_EXPORT_DUPLICATE_RATE_LIMITED
	// ("refused … when it has the same parameters of an export currently in PENDING or WORKING state";
	// changelog v2.1.18).
	it('the same filters as a running export are refused (E_EXPORT_DUPLICATE_RATE_LIMITED)', async () => {
		expect(
			(
				await api.call('PUT', `/tss/${tss.tssId}/export/${uuid()}`, {
					body: {},
					query: { transaction_number: '2' },
				})
			).status,
		).toBe(200);
		expectError(
			await api.call('PUT', `/tss/${tss.tssId}/export/${uuid()}`, {
				body: {},
				query: { transaction_number: '2' },
			}),
			409,
			'E_EXPORT_DUPLICATE_RATE_LIMITED',
		);
	});

	it('cancelExport: PENDING → CANCELLED; a finished export cannot be cancelled', async () => {
		skewMs += 5_000; // lets the exports of the previous test finish
		const id = uuid();
		await api.call('PUT', `/tss/${tss.tssId}/export/${id}`, {
			body: {},
			query: { transaction_number: '1' },
		});
		const cancelled = await api.call('DELETE', `/tss/${tss.tssId}/export/${id}`);
		expect(cancelled.status).toBe(200);
		expect(cancelled.body.state).toBe('CANCELLED');
		skewMs += 5_000;
		expect((await api.call('GET', `/tss/${tss.tssId}/export/${id}`)).body.state).toBe('CANCELLED');
		expectError(
			await api.call('GET', `/tss/${tss.tssId}/export/${id}/file`),
			404,
			'E_EXPORT_NOT_COMPLETED',
		);
		expectError(
			await api.call('DELETE', `/tss/${tss.tssId}/export/${exportId}`),
			400,
			'E_CANCEL_EXPORT',
		);
		expectError(
			await api.call('DELETE', `/tss/${tss.tssId}/export/${uuid()}`),
			404,
			'E_EXPORT_NOT_FOUND',
		);
	});

	it('listExports and listAllExports with states[]', async () => {
		const perTss = await api.call('GET', `/tss/${tss.tssId}/export`);
		expect(perTss.body._type).toBe('EXPORT_LIST');
		expect(perTss.body.data.map((e: any) => e._id)).toContain(exportId);
		const completed = await api.call('GET', '/export', {
			query: { states: ['COMPLETED'], order_by: 'time_request', order: 'desc' },
		});
		expect(completed.body.data.length).toBeGreaterThan(0);
		expect(completed.body.data.every((e: any) => e.state === 'COMPLETED')).toBe(true);
		const cancelled = await api.call('GET', `/tss/${tss.tssId}/export`, {
			query: { states: ['CANCELLED'] },
		});
		expect(cancelled.body.data).toHaveLength(1);
		expectError(await api.call('GET', `/tss/${uuid()}/export`), 404, 'E_TSS_NOT_FOUND');
	});

	it('export metadata: GET and PATCH merge', async () => {
		await expectMetadataMerges(
			`/tss/${tss.tssId}/export/${exportId}/metadata`,
			{ range: '1-3' },
			{ by: 'ci' },
		);
		expect((await api.call('GET', `/tss/${tss.tssId}/export/${exportId}`)).body.metadata).toEqual({
			range: '1-3',
			by: 'ci',
		});
		expectError(
			await api.call('GET', `/tss/${tss.tssId}/export/${uuid()}/metadata`),
			404,
			'E_EXPORT_NOT_FOUND',
		);
	});

	it('disable: no more signing, exports still work', async () => {
		expect(
			(await api.call('POST', `/tss/${tss.tssId}/admin/auth`, { body: { admin_pin: ADMIN_PIN } }))
				.status,
		).toBe(200);
		const disabled = await api.call('PATCH', `/tss/${tss.tssId}`, { body: { state: 'DISABLED' } });
		expect(disabled.body).toMatchObject({ state: 'DISABLED' });
		expect(disabled.body.time_disable).toBeGreaterThanOrEqual(disabled.body.time_init);
		expectError(
			await upsert(tss.tssId, uuid(), 1, { state: 'ACTIVE', client_id: tillA }),
			400,
			'E_TSS_DISABLED',
		);
		expectError(
			await api.call('PATCH', `/tss/${tss.tssId}`, { body: { state: 'INITIALIZED' } }),
			400,
			'E_ILLEGAL_TSS_STATE_CHANGE',
		);
		const afterwards = await api.call('PUT', `/tss/${tss.tssId}/export/${uuid()}`, { body: {} });
		expect(afterwards.status).toBe(200);
	});
});

// ---------------------------------------------------------------------------------------------

describe('limits (a simulator with small TEST limits)', () => {
	let limited: RunningSimulator;
	let client: ContractClient;

	beforeAll(async () => {
		limited = await startSimulator({
			port: 0,
			limits: { activeTransactions: 2, registeredClients: 1, activeExports: 1 },
			rateLimits: true,
		});
		client = new ContractClient(limited.url);
	});
	afterAll(async () => {
		await limited?.close();
		for (const [id, statuses] of client?.coverage ?? []) {
			statuses.forEach((status) =>
				api.coverage.set(id, new Set([...(api.coverage.get(id) ?? []), status])),
			);
		}
	});

	it('E_CLIENT_LIMIT_REACHED, E_TX_LIMIT_REACHED, E_TOO_MANY_EXPORTS and the 20/min list rate limit', async () => {
		client.token = (
			await client.call('POST', '/auth', {
				body: { api_key: limited.apiKey, api_secret: limited.apiSecret },
				token: null,
			})
		).body.access_token;
		const tssId = uuid();
		const created = await client.call('PUT', `/tss/${tssId}`, { body: {} });
		await client.call('PATCH', `/tss/${tssId}`, { body: { state: 'UNINITIALIZED' } });
		await client.call('PATCH', `/tss/${tssId}/admin`, {
			body: { admin_puk: created.body.admin_puk, new_admin_pin: ADMIN_PIN },
		});
		await client.call('POST', `/tss/${tssId}/admin/auth`, { body: { admin_pin: ADMIN_PIN } });
		expect(
			(await client.call('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } })).status,
		).toBe(200);
		const clientId = uuid();
		expect(
			(
				await client.call('PUT', `/tss/${tssId}/client/${clientId}`, {
					body: { serial_number: 'ERS 1' },
				})
			).status,
		).toBe(200);
		expectError(
			await client.call('PUT', `/tss/${tssId}/client/${uuid()}`, {
				body: { serial_number: 'ERS 2' },
			}),
			403,
			'E_CLIENT_LIMIT_REACHED',
		);

		for (let i = 0; i < 2; i++) {
			expect(
				(
					await client.call('PUT', `/tss/${tssId}/tx/${uuid()}`, {
						body: { state: 'ACTIVE', client_id: clientId },
						query: { tx_revision: 1 },
					})
				).status,
			).toBe(200);
		}
		expectError(
			await client.call('PUT', `/tss/${tssId}/tx/${uuid()}`, {
				body: { state: 'ACTIVE', client_id: clientId },
				query: { tx_revision: 1 },
			}),
			400,
			'E_TX_LIMIT_REACHED',
		);

		expect((await client.call('PUT', `/tss/${tssId}/export/${uuid()}`, { body: {} })).status).toBe(
			200,
		);
		expectError(
			await client.call('PUT', `/tss/${tssId}/export/${uuid()}`, {
				body: {},
				query: { transaction_number: '1' },
			}),
			409,
			'E_TOO_MANY_EXPORTS',
		);

		let limitedAnswer: Answer | undefined;
		for (let i = 0; i < 21 && !limitedAnswer; i++) {
			const answer = await client.call('GET', `/tss/${tssId}/tx`);
			if (answer.status === 429) limitedAnswer = answer;
		}
		expect(limitedAnswer?.status).toBe(429);
		expect(Number(limitedAnswer?.headers['retry-after'])).toBeGreaterThan(0);
	});
});

describe('injected faults answer with documented error bodies', () => {
	it('429 with Retry-After, 503', async () => {
		const post = (body: unknown) =>
			fetch(`${sim.controlUrl}/faults`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		expect(
			(
				await post({
					match: { method: 'GET', path: '/tss' },
					count: 1,
					fault: { type: 'status', status: 429, retryAfter: 3 },
				})
			).status,
		).toBe(201);
		const limited = await api.call('GET', '/tss');
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('3');
		expect(
			(await post({ match: { path: '/tss' }, count: 1, fault: { type: 'status', status: 503 } }))
				.status,
		).toBe(201);
		expectError(await api.call('GET', '/tss'), 503, 'E_TSS_LOCKED');
		expect((await api.call('GET', '/tss')).status).toBe(200);
	});
});

describe('Retry-After on every 429 and 503', () => {
	// The document says "In case of 429 or 503 … the Retry-After header is included", so an injected
	// fault without an explicit retryAfter still carries one.
	afterEach(async () => {
		await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });
	});
	it('injected 429 and 503 without retryAfter still carry Retry-After', async () => {
		for (const status of [429, 503]) {
			const rule = { match: { path: '/tss' }, count: 1, fault: { type: 'status', status } };
			await fetch(`${sim.controlUrl}/faults`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(rule),
			});
			const answer = await api.call('GET', '/tss');
			expect(answer.status).toBe(status);
			expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
		}
	});
});

describe('tokens expire', () => {
	it('an expired access token is refused; the refresh token still works', async () => {
		const auth = await api.call('POST', '/auth', {
			body: { api_key: sim.apiKey, api_secret: sim.apiSecret },
			token: null,
		});
		skewMs += 86_401_000;
		expectError(
			await api.call('GET', '/tss', { token: auth.body.access_token }),
			401,
			'E_UNAUTHORIZED',
		);
		const refreshed = await api.call('POST', '/auth', {
			body: { refresh_token: auth.body.refresh_token },
			token: null,
		});
		expect(refreshed.status).toBe(200);
		expect((await api.call('GET', '/tss', { token: refreshed.body.access_token })).status).toBe(
			200,
		);
	});
});

describe('coverage', () => {
	it('every one of the 33 operations answered 200 and was validated', () => {
		const missing = operations
			.map((op) => op.operationId)
			.filter((id) => !api.coverage.get(id)?.has('200'));
		expect(missing).toEqual([]);
		expect(api.verifiedSignatures).toBeGreaterThan(50);
	});
});
