// Exports over real HTTP: the asynchronous life cycle, filters, limits and errors, and the TAR file
// checked with the test helpers' own TAR and TR-03151 readers and node:crypto.

import * as crypto from 'node:crypto';

import type { RunningSimulator } from '../../../simulator';
import { readTar } from '../../support/tar';
import {
	parseLogMessage,
	publicKeyFromRaw,
	SYSTEM_LOG_OID,
	TRANSACTION_LOG_OID,
	transactionDtbs,
	verifyPlainSignature,
} from '../../support/tr03151';
import {
	type CallOptions,
	expectError,
	logFieldsOf,
	receipt,
	SimulatorClient,
	startTestSimulator,
} from '../../support/simulatorClient';

const PENDING_MS = 1_000;
const WORKING_MS = 2_000;
const DAY = 24 * 60 * 60;

describe('simulator exports', () => {
	let simulator: RunningSimulator;
	let api: SimulatorClient;
	let now = Date.parse('2026-01-05T10:00:00Z');
	let tssId: string;
	let clientIds: string[];
	let txNumbers: number[];
	/** Every transaction answer signed in beforeAll. */
	let signed: any[];

	const advance = (ms: number) => {
		now += ms;
	};
	const trigger = (
		query = '',
		exportId: string = crypto.randomUUID(),
		onTss = tssId,
		options: CallOptions = {},
	) =>
		api.call('PUT', `/tss/${onTss}/export/${exportId}${query ? `?${query}` : ''}`, {
			...options,
			body: {},
		});
	/** A trigger the OpenAPI document refuses as well. */
	const invalidTrigger = (query: string) =>
		trigger(query, undefined, undefined, { invalidRequest: true });
	const finishExports = () => advance(PENDING_MS + WORKING_MS);

	async function exportedLogs(query: string) {
		const exportId = crypto.randomUUID();
		expect((await trigger(query, exportId)).status).toBe(200);
		finishExports();
		const file = await api.call('GET', `/tss/${tssId}/export/${exportId}/file`);
		expect(file.status).toBe(200);
		return readTar(file.raw)
			.filter((entry) => entry.name.endsWith('.log'))
			.map((entry) => ({ name: entry.name, log: parseLogMessage(entry.data) }));
	}

	beforeAll(async () => {
		({ simulator, api } = await startTestSimulator({
			clock: () => now,
			exportTiming: { pendingMs: PENDING_MS, workingMs: WORKING_MS },
			limits: { activeExports: 3 },
		}));
		({ tssId, clientIds } = await api.initializedTss(2));
		txNumbers = [];
		signed = [];
		// Three receipts, one minute apart: two by the first client, one by the second.
		for (const client of [clientIds[0], clientIds[1], clientIds[0]]) {
			advance(60_000);
			const txId = crypto.randomUUID();
			const started = await api.upsert(tssId, txId, 1, { state: 'ACTIVE', client_id: client });
			const finished = await api.upsert(tssId, txId, 2, {
				state: 'FINISHED',
				client_id: client,
				schema: receipt(),
			});
			txNumbers.push(started.body.number);
			signed.push(started.body, finished.body);
		}
		advance(60_000);
	});
	afterAll(() => simulator.close());

	it('runs PENDING → WORKING → COMPLETED and serves the TAR only when completed', async () => {
		const exportId = crypto.randomUUID();
		const pending = await trigger('', exportId);
		expect(pending.status).toBe(200);
		const requested = Math.floor(now / 1000);
		expect(pending.body).toEqual({
			_id: exportId,
			_type: 'EXPORT',
			_env: 'TEST',
			_version: '2.2.2',
			tss_id: tssId,
			state: 'PENDING',
			time_request: requested,
			estimated_time_of_completion: requested + 3,
			metadata: {},
		});
		const early = await api.call('GET', `/tss/${tssId}/export/${exportId}/file`);
		expectError(early, 404, 'E_EXPORT_NOT_COMPLETED', /PENDING/);
		expect(early.headers['retry-after']).toBe('60');

		advance(PENDING_MS);
		const working = await api.call('GET', `/tss/${tssId}/export/${exportId}`);
		expect(working.body).toMatchObject({ state: 'WORKING', time_start: requested + 1 });
		expectError(
			await api.call('GET', `/tss/${tssId}/export/${exportId}/file`),
			404,
			'E_EXPORT_NOT_COMPLETED',
			/WORKING/,
		);

		advance(WORKING_MS);
		const completed = await api.call('GET', `/tss/${tssId}/export/${exportId}`);
		expect(completed.body).toMatchObject({
			state: 'COMPLETED',
			time_start: requested + 1,
			time_end: requested + 3,
		});
		expect(completed.body.time_expiration).toBe(requested + 3 + 30 * DAY);
		expect(completed.body.estimated_time_of_completion).toBeUndefined();

		const file = await api.call('GET', `/tss/${tssId}/export/${exportId}/file`);
		expect(file.status).toBe(200);
		expect(file.headers['content-type']).toBe('application/x-tar');
		const entries = readTar(file.raw);
		const tss = (await api.call('GET', `/tss/${tssId}`)).body;
		const certificate = entries.find((entry) => entry.name === `${tss.serial_number}_X509.cer`);
		expect(certificate?.data.toString('base64')).toBe(tss.certificate);
		expect(entries.some((entry) => entry.name === 'info.csv')).toBe(true);

		const logs = entries.filter((entry) => entry.name.endsWith('.log'));
		expect(logs).toHaveLength(Number(tss.signature_counter)); // every log signed before the trigger
		const key = publicKeyFromRaw(tss.public_key);
		const counters = logs.map((entry) => {
			const log = parseLogMessage(entry.data);
			expect(log.serialNumberHex).toBe(tss.serial_number);
			expect(
				crypto.verify('sha256', log.dtbs, { key, dsaEncoding: 'ieee-p1363' }, log.signature),
			).toBe(true);
			expect(entry.name).toMatch(
				new RegExp(
					`^Unixt_${log.logTime}_Sig-${log.signatureCounter}_Log-(Tra_No-\\d+_(Start|Update|Finish)_Client-.+|Sys_\\w+)\\.log$`,
				),
			);
			return log.signatureCounter;
		});
		expect(counters.sort((a, b) => a - b)).toEqual(
			Array.from({ length: counters.length }, (_, i) => i + 1),
		);
		expect(logs.filter((entry) => entry.name.includes('_Log-Tra_'))).toHaveLength(6);
		expect(logs.some((entry) => /_Log-Sys_authenticateUser\.log$/.test(entry.name))).toBe(true);
		expect(logs.some((entry) => /_Log-Sys_registerClient\.log$/.test(entry.name))).toBe(true);
	});

	it('holds the signed logs themselves: each transaction log rebuilds from its transaction answer', async () => {
		const exportId = crypto.randomUUID();
		await trigger('', exportId);
		finishExports();
		const file = await api.call('GET', `/tss/${tssId}/export/${exportId}/file`);
		const tss = (await api.call('GET', `/tss/${tssId}`)).body;
		const entries = readTar(file.raw);
		expect(entries.every((entry) => entry.magic === 'ustar')).toBe(true);
		const info = entries.find((entry) => entry.name === 'info.csv');
		expect(info?.data.toString('utf8')).toContain(tss.serial_number);
		const logs = entries.filter((entry) => entry.name.endsWith('.log'));
		for (const entry of logs) {
			const message = parseLogMessage(entry.data);
			expect(verifyPlainSignature(tss.public_key, message.dtbs, message.signature)).toBe(true);
			const tra = /_Log-Tra_No-(\d+)_(Start|Update|Finish)_Client-(.+)\.log$/.exec(entry.name);
			if (!tra) {
				expect(message.certifiedDataType).toBe(SYSTEM_LOG_OID);
				continue;
			}
			expect(message.certifiedDataType).toBe(TRANSACTION_LOG_OID);
			const tx = signed.find((t) => Number(t.signature.counter) === message.signatureCounter);
			expect(tx).toBeDefined();
			expect(message.dtbs.equals(transactionDtbs(logFieldsOf(tx)))).toBe(true);
			expect([Number(tra[1]), tra[2], tra[3]]).toEqual([
				tx.number,
				tx.log.operation,
				tx.client_serial_number,
			]);
		}
		expect(logs.filter((entry) => entry.name.includes('_Log-Tra_'))).toHaveLength(signed.length);
		const counters = logs.map((entry) => parseLogMessage(entry.data).signatureCounter);
		expect(Math.max(...counters)).toBe(Number(tss.signature_counter));
	});

	it('covers only the logs signed before the trigger', async () => {
		const exportId = crypto.randomUUID();
		await trigger('', exportId);
		const before = await api.signatureCounter(tssId);
		await api.upsert(tssId, crypto.randomUUID(), 1, { state: 'ACTIVE', client_id: clientIds[0] });
		finishExports();
		const file = await api.call('GET', `/tss/${tssId}/export/${exportId}/file`);
		expect(readTar(file.raw).filter((entry) => entry.name.endsWith('.log'))).toHaveLength(before);
	});

	describe('filters', () => {
		it('client_id: only that client’s transaction logs (other parameters ignored)', async () => {
			const logs = await exportedLogs(
				`client_id=${clientIds[1]}&transaction_number=${txNumbers[0]}`,
			);
			expect(logs).toHaveLength(2);
			expect(logs.every(({ name }) => name.includes(`_Client-ERS ${clientIds[1]}`))).toBe(true);
		});

		it('transaction_number: the logs of that transaction', async () => {
			const logs = await exportedLogs(`transaction_number=${txNumbers[2]}`);
			expect(logs.map(({ name }) => name.replace(/^.*_No-(\d+)_(\w+)_.*$/, '$1 $2'))).toEqual([
				`${txNumbers[2]} Start`,
				`${txNumbers[2]} Finish`,
			]);
		});

		it('start_/end_transaction_number: a range of transactions', async () => {
			const logs = await exportedLogs(
				`start_transaction_number=${txNumbers[1]}&end_transaction_number=${txNumbers[2]}`,
			);
			expect(logs).toHaveLength(4);
		});

		it('start_/end_signature_counter: a counter range of all logs', async () => {
			const logs = await exportedLogs('start_signature_counter=2&end_signature_counter=5');
			expect(logs.map(({ log }) => log.signatureCounter)).toEqual([2, 3, 4, 5]);
		});

		it('start_/end_date: logs signed in that time window', async () => {
			const all = await exportedLogs('');
			const secondReceiptTime = all.find(({ name }) => name.includes(`_No-${txNumbers[1]}_Start_`))!
				.log.logTime;
			const logs = await exportedLogs(
				`start_date=${secondReceiptTime}&end_date=${secondReceiptTime + 30}`,
			);
			expect(logs.map(({ name }) => name.replace(/^.*_No-(\d+)_(\w+)_.*$/, '$1 $2'))).toEqual([
				`${txNumbers[1]} Start`,
				`${txNumbers[1]} Finish`,
			]);
		});

		it.each([
			['transaction_number=1&start_transaction_number=1', /cannot be combined/],
			['start_transaction_number=3&end_transaction_number=2', /greater than/],
			['start_date=200&end_date=100', /later than/],
			['start_signature_counter=9&end_signature_counter=1', /greater than/],
			['start_transaction_number=1&start_date=100', /one of/],
		])('refuses contradictory filters %s (400 E_PARAMETER_MISMATCH)', async (query, message) => {
			expectError(await trigger(query), 400, 'E_PARAMETER_MISMATCH', message);
		});

		it('refuses unknown transactions and clients, and malformed numbers', async () => {
			expectError(await trigger('transaction_number=999999'), 400, 'E_TX_NOT_FOUND');
			expectError(await trigger(`client_id=${crypto.randomUUID()}`), 400, 'E_CLIENT_NOT_FOUND');
			expectError(
				await invalidTrigger('start_transaction_number=one'),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/start_transaction_number/,
			);
			expectError(
				await trigger('maximum_number_records=0'),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/maximum_number_records/,
			);
			expectError(
				await trigger('maximum_number_records=1000001'),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/at most 1000000/,
			);
			const withBody = await api.call('PUT', `/tss/${tssId}/export/${crypto.randomUUID()}`, {
				body: { start_date: 1 },
				invalidRequest: true,
			});
			expectError(withBody, 400, 'E_FAILED_SCHEMA_VALIDATION', /send \{\}/);
		});

		it('ends in ERROR with E_TOO_MANY_RECORDS above maximum_number_records', async () => {
			const exportId = crypto.randomUUID();
			await trigger('maximum_number_records=3', exportId);
			finishExports();
			const failed = await api.call('GET', `/tss/${tssId}/export/${exportId}`);
			expect(failed.body).toMatchObject({
				state: 'ERROR',
				exception: 'E_TOO_MANY_RECORDS',
				time_error: expect.any(Number),
			});
			expect(failed.body.time_end).toBeUndefined();
			expectError(
				await api.call('GET', `/tss/${tssId}/export/${exportId}/file`),
				404,
				'E_EXPORT_NOT_COMPLETED',
				/E_TOO_MANY_RECORDS/,
			);
		});

		it('ends in ERROR with E_NO_DATA_AVAILABLE when nothing matches', async () => {
			const exportId = crypto.randomUUID();
			await trigger(`start_signature_counter=900000`, exportId);
			finishExports();
			expect((await api.call('GET', `/tss/${tssId}/export/${exportId}`)).body).toMatchObject({
				state: 'ERROR',
				exception: 'E_NO_DATA_AVAILABLE',
			});
		});
	});

	describe('limits, duplicates, cancellation', () => {
		it('repeats an identical trigger with the same id, and refuses the id with other filters', async () => {
			const exportId = crypto.randomUUID();
			const first = await trigger('start_signature_counter=1', exportId);
			const again = await trigger('start_signature_counter=1', exportId.toUpperCase());
			expect(again.body).toEqual(first.body);
			expectError(
				await trigger('start_signature_counter=2', exportId),
				400,
				'E_DUPLICATE_EXPORT',
				/other filters/,
			);
			finishExports();
		});

		it('refuses a second running export with the same filters (409 E_EXPORT_DUPLICATE_RATE_LIMITED)', async () => {
			const first = crypto.randomUUID();
			await trigger('end_signature_counter=10', first);
			expectError(
				await trigger('end_signature_counter=10'),
				409,
				'E_EXPORT_DUPLICATE_RATE_LIMITED',
				new RegExp(first),
			);
			finishExports();
			expect((await trigger('end_signature_counter=10')).status).toBe(200);
			finishExports();
		});

		it('allows the configured number of running exports per TSS (409 E_TOO_MANY_EXPORTS)', async () => {
			for (let i = 1; i <= 3; i++)
				expect((await trigger(`end_signature_counter=${i}`)).status).toBe(200);
			expectError(await trigger('end_signature_counter=4'), 409, 'E_TOO_MANY_EXPORTS');
			finishExports();
			expect((await trigger('end_signature_counter=4')).status).toBe(200);
			finishExports();
		});

		it('cancels PENDING and WORKING exports; anything else → 400 E_CANCEL_EXPORT', async () => {
			const pending = crypto.randomUUID();
			await trigger('end_signature_counter=20', pending);
			const cancelled = await api.call('DELETE', `/tss/${tssId}/export/${pending}`);
			expect(cancelled.body).toMatchObject({ _id: pending, state: 'CANCELLED' });
			expectError(
				await api.call('DELETE', `/tss/${tssId}/export/${pending}`),
				400,
				'E_CANCEL_EXPORT',
				/CANCELLED/,
			);
			expectError(
				await api.call('GET', `/tss/${tssId}/export/${pending}/file`),
				404,
				'E_EXPORT_NOT_COMPLETED',
			);
			finishExports();
			expect((await api.call('GET', `/tss/${tssId}/export/${pending}`)).body.state).toBe(
				'CANCELLED',
			);

			const working = crypto.randomUUID();
			await trigger('end_signature_counter=21', working);
			advance(PENDING_MS);
			expect((await api.call('DELETE', `/tss/${tssId}/export/${working}`)).body.state).toBe(
				'CANCELLED',
			);

			const completed = crypto.randomUUID();
			await trigger('end_signature_counter=22', completed);
			finishExports();
			expectError(
				await api.call('DELETE', `/tss/${tssId}/export/${completed}`),
				400,
				'E_CANCEL_EXPORT',
				/COMPLETED/,
			);
		});

		it('needs an INITIALIZED or DISABLED TSS (409 E_TSS_ILLEGAL_STATE_TO_PERFORM_EXPORT)', async () => {
			const { tssId: deployed } = await api.deployTss();
			expectError(
				await trigger('', crypto.randomUUID(), deployed),
				409,
				'E_TSS_ILLEGAL_STATE_TO_PERFORM_EXPORT',
				/UNINITIALIZED/,
			);
			const { tssId: disabled } = await api.initializedTss(0);
			await api.adminLogin(disabled);
			await api.call('PATCH', `/tss/${disabled}`, { body: { state: 'DISABLED' } });
			expect((await trigger('', crypto.randomUUID(), disabled)).status).toBe(200);
			finishExports();
		});

		it('answers unknown exports with 404 E_EXPORT_NOT_FOUND', async () => {
			const unknown = crypto.randomUUID();
			expectError(
				await api.call('GET', `/tss/${tssId}/export/${unknown}`),
				404,
				'E_EXPORT_NOT_FOUND',
			);
			expectError(
				await api.call('GET', `/tss/${tssId}/export/${unknown}/file`),
				404,
				'E_EXPORT_NOT_FOUND',
			);
			expectError(
				await api.call('DELETE', `/tss/${tssId}/export/${unknown}`),
				404,
				'E_EXPORT_NOT_FOUND',
			);
			expectError(
				await api.call('GET', `/tss/${tssId}/export/${unknown}/metadata`),
				404,
				'E_EXPORT_NOT_FOUND',
			);
		});
	});

	it('lists exports per TSS and across all, filtered by state, and merges their metadata', async () => {
		const running = crypto.randomUUID();
		await trigger('end_signature_counter=30', running);
		const perTss = await api.call('GET', `/tss/${tssId}/export`);
		expect(perTss.body._type).toBe('EXPORT_LIST');
		expect(perTss.body.count).toBe(perTss.body.data.length);
		const pendingOnly = await api.call('GET', `/tss/${tssId}/export?states[]=PENDING`);
		expect(pendingOnly.body.data.map((entry: any) => entry._id)).toEqual([running]);
		const all = await api.call(
			'GET',
			'/export?states[]=COMPLETED&order_by=time_request&order=desc',
		);
		expect(all.body.data.length).toBeGreaterThan(0);
		expect(all.body.data.every((entry: any) => entry.state === 'COMPLETED')).toBe(true);
		expectError(
			await api.call('GET', `/tss/${crypto.randomUUID()}/export`),
			404,
			'E_TSS_NOT_FOUND',
		);
		expectError(
			await api.call('GET', '/export?states[]=DONE', { invalidRequest: true }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/states/,
		);

		const path = `/tss/${tssId}/export/${running}/metadata`;
		expect((await api.call('PATCH', path, { body: { range: '1-30' } })).body).toEqual({
			range: '1-30',
		});
		expect((await api.call('PATCH', path, { body: { by: 'n8n' } })).body).toEqual({
			range: '1-30',
			by: 'n8n',
		});
		expect((await api.call('GET', path)).body).toEqual({ range: '1-30', by: 'n8n' });
		expect((await api.call('GET', `/tss/${tssId}/export/${running}`)).body.metadata).toEqual({
			range: '1-30',
			by: 'n8n',
		});
		finishExports();
	});
});
