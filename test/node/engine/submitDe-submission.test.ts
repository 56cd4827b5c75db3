// Fiskaly SUBMIT DE › Submission through n8n's engine against the simulator: Create, Get, Get Many,
// Download, Start and Cancel Transmission, and the one-step Notify Tax Office: the receipt PDF as
// binary, re-runs that continue or report instead of transmitting twice, validation findings as
// items with their fix, a failed transmission as a clear error, and the consent that gates sending.
import { byId } from '../../../scripts/n8n-engine';
import type { SimulatorClient } from '../../support/simulatorClient';
import { EngineSession, fiskalyApiError, fieldError } from './session';
import {
	forceOutcome,
	notifiableEstablishment,
	startSubmitDeSession,
	StoppableClock,
	submitDeApi,
	submitDeNode,
	submitDeRequestLines,
	submissionsOf,
	submissionState,
	waitForState,
} from './submitDeSession';

const clock = new StoppableClock();
let session: EngineSession;
let api: SimulatorClient;

beforeAll(async () => {
	session = await startSubmitDeSession(clock);
	api = await submitDeApi(session);
});

afterAll(async () => {
	await session?.close();
});

const run = (resource: string, operation: string, parameters: Record<string, unknown>) =>
	session.engine.runNodeOk(submitDeNode({ resource, operation, parameters }));
const runRaw = (resource: string, operation: string, parameters: Record<string, unknown>) =>
	session.engine.runNode(submitDeNode({ resource, operation, parameters }));

const notify = (establishmentId: string, extra: Record<string, unknown> = {}) =>
	runRaw('submission', 'notifyTaxOffice', {
		establishment: byId(establishmentId),
		legalConsent: true,
		...extra,
	});

describe('Notify Tax Office', () => {
	it('creates, validates and transmits the submission, and outputs the ELSTER receipt PDF', async () => {
		const { establishmentId } = await notifiableEstablishment(session, 2);
		await session.resetTraffic();
		const result = await notify(establishmentId);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.json).toMatchObject({
			notified: true,
			transmittedNow: true,
			resumed: false,
			state: 'TRANSMISSION_SUCCEEDED',
			submission: { establishment_id: establishmentId, state: 'TRANSMISSION_SUCCEEDED' },
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		const receipt = item.binary?.data;
		expect(receipt?.mimeType).toBe('application/pdf');
		expect(Buffer.from(receipt!.data, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
		const submissions = await submissionsOf(api, establishmentId);
		expect(submissions).toEqual([
			expect.objectContaining({ id: item.json.submission_id, state: 'TRANSMISSION_SUCCEEDED' }),
		]);
		const lines = await submitDeRequestLines(session);
		expect(lines.filter((line) => line.startsWith('PUT /submission/'))).toEqual([
			`PUT /submission/${String(item.json.submission_id)}`,
			`PUT /submission/${String(item.json.submission_id)}/transmission`,
		]);
	});

	it('a re-run with the same data reports the submission already sent and transmits nothing', async () => {
		const { establishmentId } = await notifiableEstablishment(session);
		const [first] = (await notify(establishmentId)).items;
		await session.resetTraffic();
		const again = await notify(establishmentId);
		expect(again.error).toBeUndefined();
		expect(again.items[0].json).toMatchObject({
			notified: true,
			transmittedNow: false,
			resumed: true,
			submission_id: first.json.submission_id,
		});
		expect(again.items[0].binary?.data?.mimeType).toBe('application/pdf');
		const lines = await submitDeRequestLines(session);
		expect(lines.filter((line) => line.startsWith('PUT '))).toEqual([]);
		expect(await submissionsOf(api, establishmentId)).toHaveLength(1);
	});

	it('a re-run continues a submission in flight without starting its transmission again', async () => {
		const { establishmentId } = await notifiableEstablishment(session);
		// Create the submission and start its transmission by hand, as a run that died would have.
		const [created] = await run('submission', 'create', { establishment: byId(establishmentId) });
		const id = String(created.json.id);
		await waitForState(api, id, 'READY_FOR_TRANSMISSION');
		await run('submission', 'startTransmission', { submission: byId(id), legalConsent: true });
		await session.resetTraffic();
		const result = await notify(establishmentId);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			notified: true,
			transmittedNow: false,
			resumed: true,
			submission_id: id,
		});
		const lines = await submitDeRequestLines(session);
		expect(lines.filter((line) => line.startsWith('PUT '))).toEqual([]);
		expect(await submissionsOf(api, establishmentId)).toEqual([
			expect.objectContaining({ id, state: 'TRANSMISSION_SUCCEEDED' }),
		]);
	});

	it('changed data makes a new submission', async () => {
		const { establishmentId, tss, clients } = await notifiableEstablishment(session);
		const [first] = (await notify(establishmentId)).items;
		await api.raw(
			'PUT',
			`/sign-de-v2/tss/${tss.tssId}/client/${clients[0].clientId}/additional_data`,
			{
				body: {
					establishment_id: establishmentId,
					type: '1',
					manufacturer: 'Acme Kassen',
					model: 'K-200',
					software: 'AcmePOS',
					date_acquisition: '01.02.2026',
					date_commissioning: '15.02.2026',
				},
			},
		);
		const [second] = (await notify(establishmentId)).items;
		expect(second.json).toMatchObject({ notified: true, transmittedNow: true, resumed: false });
		expect(second.json.submission_id).not.toBe(first.json.submission_id);
		expect(await submissionsOf(api, establishmentId)).toHaveLength(2);
	});

	it('stops at a failed validation with one item per finding and its fix, and transmits nothing', async () => {
		const { establishmentId } = await notifiableEstablishment(session);
		await forceOutcome(session, 'INTERNAL_VALIDATION_FAILED');
		await session.resetTraffic();
		const result = await notify(establishmentId);
		expect(result.error).toBeUndefined();
		expect(result.items.length).toBeGreaterThanOrEqual(1);
		for (const item of result.items) {
			expect(item.json).toMatchObject({
				notified: false,
				state: 'INTERNAL_VALIDATION_FAILED',
				finding: expect.stringMatching(/\S/),
				fix: expect.stringMatching(/\S/),
			});
			expect(item.pairedItem).toEqual({ item: 0 });
		}
		const lines = await submitDeRequestLines(session);
		expect(lines.some((line) => line.endsWith('/transmission'))).toBe(false);
	});

	it('lists each problem of data that fails validation, naming its field', async () => {
		const { establishmentId, tss, clients } = await notifiableEstablishment(session);
		// A taximeter without remarks: ELSTER rejects it (the node itself refuses it at Set).
		await api.raw(
			'PUT',
			`/sign-de-v2/tss/${tss.tssId}/client/${clients[0].clientId}/additional_data`,
			{
				body: {
					establishment_id: establishmentId,
					type: '4',
					manufacturer: 'Acme',
					model: 'T-1',
					software: 'TaxiSoft',
					date_acquisition: '01.02.2026',
					date_commissioning: '15.02.2026',
				},
			},
		);
		const result = await notify(establishmentId);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			notified: false,
			state: 'EXTERNAL_VALIDATION_FAILED',
		});
		expect(String(result.items[0].json.finding)).toMatch(/remarks/);
	});

	it('a failed transmission is a clear error that says how to send again', async () => {
		const { establishmentId } = await notifiableEstablishment(session);
		await forceOutcome(session, 'TRANSMISSION_FAILED');
		const result = await notify(establishmentId);
		expect(result.error).toEqual(
			expect.objectContaining({
				name: 'NodeOperationError',
				message: expect.stringContaining('TRANSMISSION_FAILED'),
				description: expect.stringContaining('Attempt'),
			}),
		);
		const [failed] = await submissionsOf(api, establishmentId);
		expect(failed.state).toBe('TRANSMISSION_FAILED');
		// The same attempt reports the failure again; the next attempt sends a new submission.
		expect((await notify(establishmentId)).error?.message).toContain('TRANSMISSION_FAILED');
		const retried = await notify(establishmentId, { options: { attempt: 2 } });
		expect(retried.error).toBeUndefined();
		expect(retried.items[0].json).toMatchObject({ notified: true, transmittedNow: true });
		expect(await submissionsOf(api, establishmentId)).toHaveLength(2);
	});

	it('refuses to run without the legal consent, before any request', async () => {
		const { establishmentId } = await notifiableEstablishment(session);
		await session.resetTraffic();
		const result = await notify(establishmentId, { legalConsent: false });
		expect(result.error).toEqual(fieldError('Legal Consent to Transmit'));
		expect(await submitDeRequestLines(session)).toEqual([]);
	});
});

describe('Submission operations', () => {
	it('Create twice answers one submission; Get, Get Many and Download follow it', async () => {
		const { establishmentId } = await notifiableEstablishment(session);
		const [created] = await run('submission', 'create', { establishment: byId(establishmentId) });
		const [again] = await run('submission', 'create', { establishment: byId(establishmentId) });
		const id = String(created.json.id);
		expect(again.json.id).toBe(id);
		expect(await submissionsOf(api, establishmentId)).toHaveLength(1);
		await waitForState(api, id, 'READY_FOR_TRANSMISSION');
		const [got] = await run('submission', 'get', { submission: byId(id) });
		expect(got.json).toMatchObject({ id, state: 'READY_FOR_TRANSMISSION' });
		const listed = await run('submission', 'getAll', {
			returnAll: true,
			filters: { establishmentId, states: ['READY_FOR_TRANSMISSION'] },
		});
		expect(listed.map((item) => item.json.id)).toEqual([id]);
		const limited = await run('submission', 'getAll', { returnAll: false, limit: 1 });
		expect(limited).toHaveLength(1);
		const [xml] = await run('submission', 'download', {
			submission: byId(id),
			file: 'notificationXml',
			binaryPropertyName: 'notification',
		});
		expect(xml.binary?.notification?.mimeType).toBe('application/xml');
		expect(Buffer.from(xml.binary!.notification.data, 'base64').toString()).toContain('<?xml');
		const [preview] = await run('submission', 'download', {
			submission: byId(id),
			file: 'validationPdf',
		});
		expect(preview.binary?.data?.mimeType).toBe('application/pdf');
	});

	it('Download of the receipt before the transmission fails with E_CONFLICT and its fix', async () => {
		const { establishmentId } = await notifiableEstablishment(session);
		const [created] = await run('submission', 'create', { establishment: byId(establishmentId) });
		const result = await runRaw('submission', 'download', {
			submission: byId(String(created.json.id)),
			file: 'receiptPdf',
		});
		expect(result.error).toEqual(fiskalyApiError('E_CONFLICT', /Submission › Get/));
	});

	it('Start Transmission needs the consent; Cancel Transmission stops it while pending', async () => {
		const { establishmentId } = await notifiableEstablishment(session);
		const [created] = await run('submission', 'create', { establishment: byId(establishmentId) });
		const id = String(created.json.id);
		await waitForState(api, id, 'READY_FOR_TRANSMISSION');
		const refused = await runRaw('submission', 'startTransmission', { submission: byId(id) });
		expect(refused.error).toEqual(fieldError('Legal Consent to Transmit'));
		expect(await submissionState(api, id)).toBe('READY_FOR_TRANSMISSION');
		// The clock stands still: the transmission stays TRANSMISSION_PENDING until it is cancelled.
		await clock.stopped(async () => {
			const [started] = await run('submission', 'startTransmission', {
				submission: byId(id),
				legalConsent: true,
			});
			expect(started.json).toMatchObject({ id, state: 'TRANSMISSION_PENDING' });
			const [cancelled] = await run('submission', 'cancelTransmission', { submission: byId(id) });
			expect(cancelled.json).toMatchObject({ id, state: 'TRANSMISSION_CANCELLED' });
		});
		const late = await runRaw('submission', 'cancelTransmission', { submission: byId(id) });
		expect(late.error).toEqual(fiskalyApiError('E_CONFLICT'));
	});
});
