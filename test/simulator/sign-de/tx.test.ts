// Transactions over real HTTP: the tx_revision rules of REFERENCE §4.1, every error code of
// upsertTransaction, signatures checked independently, lists, metadata, and concurrent upserts.

import * as crypto from 'node:crypto';

import type { RunningSimulator } from '../../../simulator';
import { buildTransactionDtbs } from '../../../simulator/sign-de/signing';
import {
	expectError,
	logFieldsOf,
	order,
	receipt,
	SimulatorClient,
	startTestSimulator,
	verifyTransactionSignature,
} from '../../support/simulatorClient';
import {
	ECDSA_PLAIN_SHA256_OID,
	parseLogMessage,
	publicKeyFromRaw,
	TRANSACTION_LOG_OID,
	transactionDtbs,
	verifyPlainSignature,
} from '../../support/tr03151';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

/** Two VAT rates, cash and non-cash. */
const twoRateReceipt = (overrides: Record<string, unknown> = {}) => ({
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

describe('simulator transactions', () => {
	let simulator: RunningSimulator;
	let api: SimulatorClient;
	let tssId: string;
	let clientId: string;
	let clientSerial: string;

	beforeAll(async () => {
		({ simulator, api } = await startTestSimulator());
		const tss = await api.initializedTss(2);
		tssId = tss.tssId;
		clientId = tss.clientIds[0];
		clientSerial = `ERS ${clientId}`;
	});
	afterAll(() => simulator.close());

	const start = (txId: string = crypto.randomUUID()) =>
		api.upsert(tssId, txId, 1, { state: 'ACTIVE', client_id: clientId });

	describe('start, update, finish', () => {
		it('signs each revision with the next counter and returns fiskaly-shaped answers', async () => {
			const txId = crypto.randomUUID();
			const counter = await api.signatureCounter(tssId);

			const started = await start(txId);
			expect(started.status).toBe(200);
			expect(started.body).toMatchObject({
				_id: txId,
				_type: 'TRANSACTION',
				_env: 'TEST',
				_version: '2.2.2',
				tss_id: tssId,
				client_id: clientId,
				client_serial_number: clientSerial,
				state: 'ACTIVE',
				revision: 1,
				latest_revision: 1,
				schema: {},
				log: { operation: 'Start', timestamp: expect.any(Number), timestamp_format: 'unixTime' },
				signature: { algorithm: 'ecdsa-plain-SHA256', counter: counter + 1 },
			});
			expect(started.body.number).toBe(1); // the TSS's first transaction
			expect(typeof started.body.signature.counter).toBe('number');
			expect(started.body.time_start).toBe(started.body.log.timestamp);
			expect(started.body.qr_code_data).toBeUndefined();
			expect(started.body.time_end).toBeUndefined();
			expect(verifyTransactionSignature(started.body)).toBe(true);

			const updated = await api.upsert(tssId, txId, 2, {
				state: 'ACTIVE',
				client_id: clientId,
				schema: receipt('10.00'),
			});
			expect(updated.body).toMatchObject({
				revision: 2,
				latest_revision: 2,
				log: { operation: 'Update' },
				signature: { counter: counter + 2 },
			});
			expect(updated.body.number).toBe(started.body.number);
			expect(verifyTransactionSignature(updated.body)).toBe(true);

			const finished = await api.upsert(tssId, txId, 3, {
				state: 'FINISHED',
				client_id: clientId,
				schema: receipt(),
			});
			expect(finished.body).toMatchObject({
				state: 'FINISHED',
				revision: 3,
				log: { operation: 'Finish' },
				signature: { counter: counter + 3 },
			});
			expect(finished.body.schema).toEqual({
				standard_v1: {
					receipt: {
						receipt_type: 'RECEIPT',
						amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '21.42' }],
						amounts_per_payment_type: [
							{ payment_type: 'NON_CASH', amount: '21.42', currency_code: 'EUR' },
						],
					},
				},
				raw: {
					process_type: 'Kassenbeleg-V1',
					process_data: Buffer.from('Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar').toString(
						'base64',
					),
				},
			});
			expect(finished.body.time_end).toBe(finished.body.log.timestamp);
			expect(verifyTransactionSignature(finished.body)).toBe(true);
			const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
			expect(finished.body.qr_code_data).toBe(
				[
					'V0',
					clientSerial,
					'Kassenbeleg-V1',
					'Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar',
					finished.body.number,
					counter + 3,
					iso(finished.body.time_start),
					iso(finished.body.time_end),
					'ecdsa-plain-SHA256',
					'unixTime',
					finished.body.signature.value,
					finished.body.signature.public_key,
				].join(';'),
			);
			const tss = (await api.call('GET', `/tss/${tssId}`)).body;
			expect(tss.signature_counter).toBe(String(counter + 3));
			expect(tss.transaction_counter).toBe(String(finished.body.number));
			expect(tss.public_key).toBe(finished.body.signature.public_key);
			expect(tss.serial_number).toBe(finished.body.tss_serial_number);
		});

		it('signs exactly the bytes TR-03151 prescribes (rebuilt here, checked with node:crypto)', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			const finished = (
				await api.upsert(tssId, txId, 2, {
					state: 'FINISHED',
					client_id: clientId,
					schema: order(),
				})
			).body;
			const dtbs = buildTransactionDtbs({
				operation: 'Finish',
				clientSerial,
				processType: 'Bestellung-V1',
				processData: Buffer.from('1;"Coffee";2.50'),
				transactionNumber: finished.number,
				serialNumber: finished.tss_serial_number,
				signatureCounter: finished.signature.counter,
				logTime: finished.log.timestamp,
			});
			const key = publicKeyFromRaw(finished.signature.public_key);
			const signature = Buffer.from(finished.signature.value, 'base64');
			expect(signature).toHaveLength(64);
			expect(crypto.verify('sha256', dtbs, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(
				true,
			);
			// A changed byte (another counter) must not verify.
			const tampered = buildTransactionDtbs({
				operation: 'Finish',
				clientSerial,
				processType: 'Bestellung-V1',
				processData: Buffer.from('1;"Coffee";2.50'),
				transactionNumber: finished.number,
				serialNumber: finished.tss_serial_number,
				signatureCounter: finished.signature.counter + 1,
				logTime: finished.log.timestamp,
			});
			expect(crypto.verify('sha256', tampered, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(
				false,
			);

			// The deprecated /log endpoint returns the DER log message: SEQUENCE { DTBS, OCTET STRING signature }.
			const log = await api.call('GET', `/tss/${tssId}/tx/${txId}/log`);
			expect(log.headers['content-type']).toBe('application/octet-stream');
			expect(log.raw.subarray(log.raw.length - 66)).toEqual(
				Buffer.concat([Buffer.from([0x04, 0x40]), signature]),
			);
			expect(log.raw.includes(dtbs)).toBe(true);
		});

		it('cancels with a schema, or with none when an earlier revision set the type', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			await api.upsert(tssId, txId, 2, {
				state: 'ACTIVE',
				client_id: clientId,
				schema: receipt('5.00'),
			});
			const cancelled = await api.upsert(tssId, txId, 3, {
				state: 'CANCELLED',
				client_id: clientId,
			});
			expect(cancelled.status).toBe(200);
			expect(cancelled.body).toMatchObject({ state: 'CANCELLED', log: { operation: 'Finish' } });
			expect(cancelled.body.schema.raw.process_type).toBe('Kassenbeleg-V1');
			expect(cancelled.body.qr_code_data).toMatch(
				/^V0;.*;Kassenbeleg-V1;Beleg\^5\.00_0\.00_0\.00_0\.00_0\.00\^5\.00:Unbar;/,
			);
			expect(verifyTransactionSignature(cancelled.body)).toBe(true);
		});

		it('signs a raw schema as given', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			const raw = {
				process_type: 'SonstigerVorgang',
				process_data: Buffer.from('Kassenabschluss').toString('base64'),
			};
			const finished = await api.upsert(tssId, txId, 2, {
				state: 'FINISHED',
				client_id: clientId,
				schema: { raw },
			});
			expect(finished.body.schema).toEqual({ raw });
			expect(verifyTransactionSignature(finished.body)).toBe(true);
		});

		it('addresses a transaction by number and by upper-case UUID', async () => {
			const txId = crypto.randomUUID();
			const started = await start(txId);
			const viaNumber = await api.upsert(tssId, started.body.number, 2, {
				state: 'ACTIVE',
				client_id: clientId,
				schema: receipt(),
			});
			expect(viaNumber.body).toMatchObject({ _id: txId, revision: 2 });
			const viaUpper = await api.upsert(tssId, txId.toUpperCase(), 3, {
				state: 'FINISHED',
				client_id: clientId.toUpperCase(),
			});
			expect(viaUpper.body).toMatchObject({
				_id: txId,
				client_id: clientId,
				revision: 3,
				state: 'FINISHED',
			});
			expect((await api.call('GET', `/tss/${tssId}/tx/${started.body.number}`)).body._id).toBe(
				txId,
			);
		});

		it('lets another client of the TSS carry a later revision', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			const secondClient = (await api.call('GET', `/tss/${tssId}/client`)).body.data[1];
			const finished = await api.upsert(tssId, txId, 2, {
				state: 'FINISHED',
				client_id: secondClient._id,
				schema: receipt(),
			});
			expect(finished.body.client_serial_number).toBe(secondClient.serial_number);
			expect(verifyTransactionSignature(finished.body)).toBe(true);
		});
	});

	describe('schemas: what is echoed and what is signed', () => {
		it('Update: the receipt schema is echoed with currency_code and the computed raw block', async () => {
			const txId = crypto.randomUUID();
			const started = await start(txId);
			const update = await api.upsert(tssId, txId, 2, {
				state: 'ACTIVE',
				client_id: clientId,
				schema: twoRateReceipt(),
			});
			expect(update.status).toBe(200);
			expect(update.body).toMatchObject({
				revision: 2,
				latest_revision: 2,
				number: started.body.number,
				log: { operation: 'Update' },
			});
			expect(update.body.schema.standard_v1.receipt.amounts_per_payment_type).toEqual([
				{ payment_type: 'CASH', amount: '10.00', currency_code: 'EUR' },
				{ payment_type: 'NON_CASH', amount: '19.41', currency_code: 'EUR' },
			]);
			expect(update.body.schema.raw.process_type).toBe('Kassenbeleg-V1');
			expect(unb64(update.body.schema.raw.process_data)).toBe(
				'Beleg^21.42_7.99_0.00_0.00_0.00^10.00:Bar_19.41:Unbar',
			);
			expect(Number(update.body.signature.counter)).toBe(
				Number(started.body.signature.counter) + 1,
			);
		});

		it('CANCELLED with a CANCELLATION receipt gets a Finish log and a QR code', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			const answer = await api.upsert(tssId, txId, 2, {
				state: 'CANCELLED',
				client_id: clientId,
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
			const txId = crypto.randomUUID();
			await start(txId);
			const answer = await api.upsert(tssId, txId, 2, {
				state: 'FINISHED',
				client_id: clientId,
				schema,
			});
			expect(answer.status).toBe(200);
			expect(answer.body.schema.raw.process_type).toBe(processType);
			expect(unb64(answer.body.schema.raw.process_data)).toBe(processData);
			if ('raw' in schema) expect(answer.body.schema).toEqual(schema);
		});

		it('a start that already carries a raw schema signs that data in its Start log', async () => {
			const txId = crypto.randomUUID();
			const raw = {
				process_type: 'Kassenbeleg-V1',
				process_data: b64('Beleg^2.00_0.00_0.00_0.00_0.00^2.00:Bar'),
			};
			const answer = await api.upsert(tssId, txId, 1, {
				state: 'ACTIVE',
				client_id: clientId,
				schema: { raw },
			});
			expect(answer.status).toBe(200);
			expect(answer.body.schema.raw).toEqual(raw);
			expect(logFieldsOf(answer.body).processData.length).toBeGreaterThan(0);
			expect(
				(
					await api.upsert(tssId, txId, 2, {
						state: 'FINISHED',
						client_id: clientId,
						schema: { raw },
					})
				).status,
			).toBe(200);
		});

		it('finishes an "other" transaction as SonstigerVorgang', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			const answer = await api.upsert(tssId, txId, 2, {
				state: 'FINISHED',
				client_id: clientId,
				schema: { standard_v1: { other: { note: 'cash drawer opened' } } },
			});
			expect(answer.status).toBe(200);
			expect(answer.body.schema.raw.process_type).toBe('SonstigerVorgang');
		});
	});

	describe('revision rules', () => {
		it('answers a repeated latest revision with the stored answer without signing again', async () => {
			const txId = crypto.randomUUID();
			const first = await start(txId);
			const counter = await api.signatureCounter(tssId);
			const replay = await start(txId);
			expect(replay.status).toBe(200);
			expect(replay.body).toEqual(first.body);
			expect(await api.signatureCounter(tssId)).toBe(counter);

			const finishBody = { state: 'FINISHED', client_id: clientId, schema: receipt() };
			const finished = await api.upsert(tssId, txId, 2, finishBody);
			const again = await api.call('PUT', `/tss/${tssId}/tx/${txId}?tx_revision=2`, {
				raw: JSON.stringify(finishBody, null, 2),
			});
			expect(again.body).toEqual(finished.body);
			expect(await api.signatureCounter(tssId)).toBe(counter + 1);
		});

		it('refuses the latest revision with another body (400 E_TX_UPSERT)', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			expectError(
				await api.upsert(tssId, txId, 1, {
					state: 'ACTIVE',
					client_id: clientId,
					metadata: { other: 'body' },
				}),
				400,
				'E_TX_UPSERT',
				/already exists with a different request body/,
			);
		});

		it('refuses a skipped revision (400 E_TX_UPSERT) and revision 0 (400 E_FAILED_SCHEMA_VALIDATION)', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			const body = { state: 'ACTIVE', client_id: clientId };
			expectError(
				await api.upsert(tssId, txId, 3, body),
				400,
				'E_TX_UPSERT',
				/latest_revision \+ 1 = 2/,
			);
			expectError(
				await api.upsert(tssId, txId, 0, body, { invalidRequest: true }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/tx_revision must be an integer of at least 1/,
			);
		});

		it('refuses an older revision than the latest with E_TX_UPSERT', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			await api.upsert(tssId, txId, 2, { state: 'ACTIVE', client_id: clientId, schema: receipt() });
			expectError(
				await api.upsert(tssId, txId, 1, {
					state: 'ACTIVE',
					client_id: clientId,
					schema: receipt(),
				}),
				400,
				'E_TX_UPSERT',
			);
		});

		it('needs tx_revision, starts at 1 with state ACTIVE, and knows no number it did not assign', async () => {
			const txId = crypto.randomUUID();
			expectError(
				await api.upsert(tssId, txId, undefined, { state: 'ACTIVE', client_id: clientId }),
				400,
				'E_TX_UPSERT',
				/tx_revision is required/,
			);
			expectError(
				await api.upsert(tssId, txId, 2, { state: 'ACTIVE', client_id: clientId }),
				400,
				'E_TX_UPSERT',
				/start it with tx_revision=1/,
			);
			expectError(
				await api.upsert(tssId, txId, 1, {
					state: 'FINISHED',
					client_id: clientId,
					schema: receipt(),
				}),
				400,
				'E_TX_UPSERT',
				/starts with state ACTIVE/,
			);
			expectError(
				await api.upsert(tssId, 999999, 1, { state: 'ACTIVE', client_id: clientId }),
				400,
				'E_TX_UPSERT',
				/number 999999 does not exist/,
			);
		});

		it('refuses any change to a FINISHED or CANCELLED transaction', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			await api.upsert(tssId, txId, 2, {
				state: 'FINISHED',
				client_id: clientId,
				schema: receipt(),
			});
			for (const state of ['ACTIVE', 'FINISHED', 'CANCELLED']) {
				expectError(
					await api.upsert(tssId, txId, 3, { state, client_id: clientId, schema: receipt() }),
					400,
					'E_TX_UPSERT',
					/already FINISHED/,
				);
			}
		});

		it('refuses a change of the transaction type (409 E_TX_ILLEGAL_TYPE_CHANGE)', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			await api.upsert(tssId, txId, 2, { state: 'ACTIVE', client_id: clientId, schema: receipt() });
			expectError(
				await api.upsert(tssId, txId, 3, {
					state: 'FINISHED',
					client_id: clientId,
					schema: order(),
				}),
				409,
				'E_TX_ILLEGAL_TYPE_CHANGE',
				/Kassenbeleg-V1.*Bestellung-V1/,
			);
		});

		it.each(['FINISHED', 'CANCELLED'])(
			'refuses %s without any type ever (409 E_TX_NO_TYPE_DEFINED)',
			async (state) => {
				const txId = crypto.randomUUID();
				await start(txId);
				expectError(
					await api.upsert(tssId, txId, 2, { state, client_id: clientId }),
					409,
					'E_TX_NO_TYPE_DEFINED',
					/schema/,
				);
			},
		);

		it('names the offending schema field (400 E_FAILED_SCHEMA_VALIDATION)', async () => {
			const txId = crypto.randomUUID();
			await start(txId);
			const broken = receipt();
			broken.standard_v1.receipt.amounts_per_vat_rate[0].amount = '21.4';
			expectError(
				await api.upsert(
					tssId,
					txId,
					2,
					{
						state: 'FINISHED',
						client_id: clientId,
						schema: broken,
					},
					{ invalidRequest: true },
				),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/amounts_per_vat_rate\[0\]\.amount/,
			);
			expectError(
				await api.upsert(
					tssId,
					txId,
					2,
					{ state: 'DONE', client_id: clientId },
					{ invalidRequest: true },
				),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/state/,
			);
			expectError(
				await api.upsert(tssId, txId, 2, { state: 'ACTIVE' }, { invalidRequest: true }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/client_id/,
			);
		});
	});

	describe('clients and TSS state', () => {
		it('refuses an unknown client (400 E_CLIENT_NOT_FOUND) and a deregistered one (400 E_CLIENT_DEREGISTERED)', async () => {
			expectError(
				await api.upsert(tssId, crypto.randomUUID(), 1, {
					state: 'ACTIVE',
					client_id: crypto.randomUUID(),
				}),
				400,
				'E_CLIENT_NOT_FOUND',
			);

			const { tssId: own, clientIds } = await api.initializedTss(1);
			const txId = crypto.randomUUID();
			await api.upsert(own, txId, 1, { state: 'ACTIVE', client_id: clientIds[0] });
			await api.adminLogin(own);
			await api.call('PATCH', `/tss/${own}/client/${clientIds[0]}`, {
				body: { state: 'DEREGISTERED' },
			});
			expectError(
				await api.upsert(own, txId, 2, {
					state: 'FINISHED',
					client_id: clientIds[0],
					schema: receipt(),
				}),
				400,
				'E_CLIENT_DEREGISTERED',
				/register it again/,
			);
			expectError(
				await api.upsert(own, crypto.randomUUID(), 1, { state: 'ACTIVE', client_id: clientIds[0] }),
				400,
				'E_CLIENT_DEREGISTERED',
			);
		});

		it('needs an INITIALIZED TSS (E_TSS_NOT_INITIALIZED, E_TSS_DISABLED) but still answers replays', async () => {
			const { tssId: deployed } = await api.deployTss();
			expectError(
				await api.upsert(deployed, crypto.randomUUID(), 1, {
					state: 'ACTIVE',
					client_id: clientId,
				}),
				400,
				'E_TSS_NOT_INITIALIZED',
			);

			const { tssId: own, clientIds } = await api.initializedTss(1);
			const txId = crypto.randomUUID();
			const started = await api.upsert(own, txId, 1, { state: 'ACTIVE', client_id: clientIds[0] });
			await api.adminLogin(own);
			await api.call('PATCH', `/tss/${own}`, { body: { state: 'DISABLED' } });
			expectError(
				await api.upsert(own, txId, 2, {
					state: 'CANCELLED',
					client_id: clientIds[0],
					schema: receipt(),
				}),
				400,
				'E_TSS_DISABLED',
			);
			expect(
				(await api.upsert(own, txId, 1, { state: 'ACTIVE', client_id: clientIds[0] })).body,
			).toEqual(started.body);
		});

		it('allows at most the configured number of ACTIVE transactions (400 E_TX_LIMIT_REACHED)', async () => {
			const limited = await startTestSimulator({ limits: { activeTransactions: 2 } });
			try {
				const { tssId: own, clientIds } = await limited.api.initializedTss(1);
				const body = { state: 'ACTIVE', client_id: clientIds[0] };
				const first = crypto.randomUUID();
				await limited.api.upsert(own, first, 1, body);
				await limited.api.upsert(own, crypto.randomUUID(), 1, body);
				expect((await limited.api.call('GET', `/tss/${own}`)).body).toMatchObject({
					number_active_transactions: 2,
					max_number_active_transactions: 2,
				});
				expectError(
					await limited.api.upsert(own, crypto.randomUUID(), 1, body),
					400,
					'E_TX_LIMIT_REACHED',
				);
				// Updating an open one is still possible; finishing one frees a slot.
				await limited.api.upsert(own, first, 2, { ...body, state: 'FINISHED', schema: receipt() });
				expect((await limited.api.upsert(own, crypto.randomUUID(), 1, body)).status).toBe(200);
			} finally {
				await limited.simulator.close();
			}
		});
	});

	describe('reading', () => {
		it('returns a given revision with tx_revision, 400 E_TX_REVISION_NOT_FOUND beyond, 404 E_TX_NOT_FOUND for unknown ids', async () => {
			const txId = crypto.randomUUID();
			const started = await start(txId);
			await api.upsert(tssId, txId, 2, {
				state: 'FINISHED',
				client_id: clientId,
				schema: receipt(),
			});
			const first = await api.call('GET', `/tss/${tssId}/tx/${txId}?tx_revision=1`);
			expect(first.body).toEqual({ ...started.body, latest_revision: 2 });
			expect((await api.call('GET', `/tss/${tssId}/tx/${txId}`)).body).toMatchObject({
				revision: 2,
				latest_revision: 2,
				state: 'FINISHED',
			});
			expectError(
				await api.call('GET', `/tss/${tssId}/tx/${txId}?tx_revision=3`),
				400,
				'E_TX_REVISION_NOT_FOUND',
				/latest_revision is 2/,
			);
			expectError(
				await api.call('GET', `/tss/${tssId}/tx/${crypto.randomUUID()}`),
				404,
				'E_TX_NOT_FOUND',
			);
			expectError(await api.call('GET', `/tss/${tssId}/tx/999999`), 404, 'E_TX_NOT_FOUND');
			expectError(
				await api.call('GET', `/tss/${crypto.randomUUID()}/tx/${txId}`),
				404,
				'E_TSS_NOT_FOUND',
			);
			expectError(
				await api.call('GET', `/tss/${tssId}/tx/${crypto.randomUUID()}/log`),
				404,
				'E_TX_NOT_FOUND',
			);
			expectError(
				await api.call('GET', `/tss/${tssId}/tx/not-a-tx`, { invalidRequest: true }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/tx_id_or_number/,
			);
		});

		it('lists per TSS, per client (by the latest revision) and across all TSS, filtered and paged', async () => {
			const { tssId: own, clientIds } = await api.initializedTss(2);
			const ids: string[] = [];
			for (let i = 0; i < 4; i++) {
				const txId = crypto.randomUUID();
				ids.push(txId);
				await api.upsert(own, txId, 1, { state: 'ACTIVE', client_id: clientIds[0] });
			}
			await api.upsert(own, ids[1], 2, {
				state: 'FINISHED',
				client_id: clientIds[0],
				schema: receipt(),
			});
			await api.upsert(own, ids[2], 2, {
				state: 'CANCELLED',
				client_id: clientIds[1],
				schema: receipt(),
			});

			const all = await api.call('GET', `/tss/${own}/tx`);
			expect(all.body).toMatchObject({ _type: 'TRANSACTION_LIST', count: 4 });
			expect(all.body.data.map((tx: any) => tx._id)).toEqual(ids);
			expect(all.body.data.every(verifyTransactionSignature)).toBe(true);
			expect(all.body.data.every((tx: any) => tx.revision === tx.latest_revision)).toBe(true);
			for (const query of ['limit=0', 'limit=101', 'offset=-1']) {
				const refused = await api.call('GET', `/tss/${own}/tx?${query}`, { invalidRequest: true });
				expect(refused.status).toBe(400);
			}

			const ids_ = (reply: any) => reply.body.data.map((tx: any) => tx._id);
			expect(ids_(await api.call('GET', `/tss/${own}/tx?states[]=ACTIVE`))).toEqual([
				ids[0],
				ids[3],
			]);
			expect(
				ids_(await api.call('GET', `/tss/${own}/tx?states[0]=FINISHED&states[1]=CANCELLED`)),
			).toEqual([ids[1], ids[2]]);
			expect(ids_(await api.call('GET', `/tss/${own}/tx?states=CANCELLED`))).toEqual([ids[2]]);
			expect(
				ids_(await api.call('GET', `/tss/${own}/tx?order_by=number&order=desc&limit=2&offset=1`)),
			).toEqual([ids[2], ids[1]]);
			expect(ids_(await api.call('GET', `/tss/${own}/client/${clientIds[1]}/tx`))).toEqual([
				ids[2],
			]);
			expect(
				ids_(await api.call('GET', `/tss/${own}/client/${clientIds[0]}/tx?states[]=ACTIVE`)),
			).toEqual([ids[0], ids[3]]);
			expect(ids_(await api.call('GET', '/tx?limit=100&states[]=CANCELLED'))).toContain(ids[2]);
			expectError(
				await api.call('GET', `/tss/${own}/client/${crypto.randomUUID()}/tx`),
				404,
				'E_CLIENT_NOT_FOUND',
			);
			expectError(
				await api.call('GET', `/tss/${own}/tx?states[]=OPEN`, { invalidRequest: true }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/states/,
			);
		});

		it('merges transaction metadata from upserts and from /metadata', async () => {
			const txId = crypto.randomUUID();
			await api.upsert(tssId, txId, 1, {
				state: 'ACTIVE',
				client_id: clientId,
				metadata: { order: '17' },
			});
			const patched = await api.call('PATCH', `/tss/${tssId}/tx/${txId}/metadata`, {
				body: { table: '4' },
			});
			expect(patched.body).toEqual({ order: '17', table: '4' });
			const finished = await api.upsert(tssId, txId, 2, {
				state: 'FINISHED',
				client_id: clientId,
				schema: receipt(),
				metadata: { paid: 'card' },
			});
			expect(finished.body.metadata).toEqual({ order: '17', table: '4', paid: 'card' });
			expect(
				(await api.call('GET', `/tss/${tssId}/tx/${finished.body.number}/metadata`)).body,
			).toEqual(finished.body.metadata);
			expectError(
				await api.call('GET', `/tss/${tssId}/tx/${crypto.randomUUID()}/metadata`),
				404,
				'E_TX_NOT_FOUND',
			);
		});

		it('/log returns the DER log message of each revision, verified with the tests’ own reader', async () => {
			const txId = crypto.randomUUID();
			const revisions = [(await start(txId)).body];
			revisions.push(
				(
					await api.upsert(tssId, txId, 2, {
						state: 'ACTIVE',
						client_id: clientId,
						schema: twoRateReceipt(),
					})
				).body,
			);
			revisions.push(
				(
					await api.upsert(tssId, txId, 3, {
						state: 'FINISHED',
						client_id: clientId,
						schema: twoRateReceipt(),
					})
				).body,
			);
			const tss = (await api.call('GET', `/tss/${tssId}`)).body;
			for (const [revision, answer] of [
				[undefined, revisions[2]],
				[1, revisions[0]],
				[2, revisions[1]],
			] as const) {
				const log = await api.call('GET', `/tss/${tssId}/tx/${txId}/log`, {
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
					serialNumberHex: tss.serial_number,
					signatureCounter: Number(answer.signature.counter),
					logTime: answer.log.timestamp,
				});
				expect(verifyPlainSignature(tss.public_key, message.dtbs, message.signature)).toBe(true);
			}
			expectError(
				await api.call('GET', `/tss/${tssId}/tx/${txId}/log`, { query: { tx_revision: 7 } }),
				400,
				'E_TX_REVISION_NOT_FOUND',
			);
		});
	});

	describe('concurrency', () => {
		it('signs 20 concurrent identical upserts exactly once', async () => {
			const txId = crypto.randomUUID();
			const before = await api.signatureCounter(tssId);
			const replies = await Promise.all(Array.from({ length: 20 }, () => start(txId)));
			expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(200));
			expect(new Set(replies.map((reply) => reply.body.signature.value)).size).toBe(1);
			expect(replies[0].body.signature.counter).toBe(before + 1);
			expect(await api.signatureCounter(tssId)).toBe(before + 1);
			expect((await api.call('GET', `/tss/${tssId}/tx/${txId}`)).body.latest_revision).toBe(1);
		});

		it('gives 30 concurrent transactions consecutive counters and numbers without gaps or repeats', async () => {
			const before = await api.signatureCounter(tssId);
			const replies = await Promise.all(Array.from({ length: 30 }, () => start()));
			const counters = replies.map((reply) => reply.body.signature.counter).sort((a, b) => a - b);
			expect(counters).toEqual(Array.from({ length: 30 }, (_, i) => before + 1 + i));
			const numbers = replies.map((reply) => reply.body.number).sort((a, b) => a - b);
			expect(new Set(numbers).size).toBe(30);
			expect(numbers[29] - numbers[0]).toBe(29);
			expect(replies.every((reply) => verifyTransactionSignature(reply.body))).toBe(true);
		});
	});
});
