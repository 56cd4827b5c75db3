// The API secret never leaks from Fiskaly SUBMIT DE: every operation the node offers runs — successful,
// every file download included, and failing with fiskaly error codes, bad input refused before any
// request, an injected 500, a wrong API secret, an error item under continueOnFail — with a
// credential whose API secret is a sentinel. Neither it nor the wrong one may appear in an error, an
// output item or its file (notification XML, PDFs, ELSTER answers), anything n8n logs, or the
// simulator's request log. An operation added without a run here fails "ran every operation".
import { randomUUID } from 'node:crypto';

import { byId, type RunNodeOptions } from '../../scripts/n8n-engine';
import { EngineSession } from '../node/engine/session';
import {
	establishmentParameters,
	forceOutcome,
	legalTaxpayerParameters,
	registerParameters,
	StoppableClock,
	submitDeApi,
	submitDeNode,
	waitForState,
} from '../node/engine/submitDeSession';
import type { SimulatorClient } from '../support/simulatorClient';
import {
	describeWhatWasRecorded,
	SecretLeakProbe,
	WRONG_SECRET_CREDENTIAL,
	type Expectation,
} from './secretLeakProbe';

const SENTINELS = {
	apiSecret: 'SentinelApiSecret-9d2c4b16',
	wrongApiSecret: 'SentinelWrongSecret-5e08fa',
};

/** The simulator's clock, stopped while a transmission must stay pending long enough to cancel it. */
const clock = new StoppableClock();

let session: EngineSession;
let api: SimulatorClient;
let probe: SecretLeakProbe;

beforeAll(async () => {
	session = await EngineSession.start({
		apiSecret: SENTINELS.apiSecret,
		submissionTiming: { stepMs: 20 },
		clock: clock.now,
	});
	api = await submitDeApi(session);
	probe = new SecretLeakProbe(session, submitDeNode, session.sim.urls.submitDe, SENTINELS);
});

afterAll(async () => {
	probe?.restoreLogging();
	await session?.close();
});

const run = (
	resource: string,
	operation: string,
	parameters: Record<string, unknown>,
	expectation?: Expectation,
	extra: Partial<RunNodeOptions> = {},
) => probe.run({ resource, operation, parameters, ...extra }, expectation);

/** A new establishment (own street, so a new ID) with one register whose data is set. */
async function establishmentWithRegister(street: string): Promise<string> {
	const established = await run('establishment', 'upsert', establishmentParameters(street));
	const establishmentId = String(established.items[0].json.id);
	const tss = await session.prepareTss();
	const client = await session.prepareClient(tss);
	await run('clientAdditionalData', 'set', registerParameters(tss, client, establishmentId));
	return establishmentId;
}

/** Downloads one file of a submission and checks it is the file asked for. */
async function download(submissionId: string, file: string, mimeType: string) {
	const result = await run('submission', 'download', { submission: byId(submissionId), file });
	expect(result.items[0].binary?.data.mimeType).toBe(mimeType);
	expect(result.items[0].binary?.data.data.length).toBeGreaterThan(0);
}

let establishmentId: string;

describe('the sentinel API secret never leaks from Fiskaly SUBMIT DE', () => {
	it('Taxpayer, Establishment and Client Additional Data: every operation', async () => {
		await run('taxpayer', 'set', legalTaxpayerParameters);
		await run('taxpayer', 'get', {});
		const established = await run('establishment', 'upsert', establishmentParameters());
		establishmentId = String(established.items[0].json.id);
		await run('establishment', 'get', { establishment: byId(establishmentId) });
		await run('establishment', 'getAll', { returnAll: true });
		const tss = await session.prepareTss();
		const client = await session.prepareClient(tss);
		await run('clientAdditionalData', 'set', registerParameters(tss, client, establishmentId));
		await run('clientAdditionalData', 'get', {
			tss: byId(tss.tssId),
			client: byId(client.clientId),
		});
		const retired = await run('establishment', 'upsert', establishmentParameters('Altmarkt'));
		const closed = await run('establishment', 'decommission', {
			establishment: byId(String(retired.items[0].json.id)),
			decommissioningDate: '2026-06-30T00:00:00',
		});
		expect(closed.items[0].json).toMatchObject({ decommissioning_date: '30.06.2026' });
		expect(probe.leaks).toEqual([]);
	}, 60_000);

	it('Submission: create, read, files, start and cancel the transmission', async () => {
		const created = await run('submission', 'create', { establishment: byId(establishmentId) });
		const id = String(created.items[0].json.id);
		const submission = byId(id);
		await waitForState(api, id, 'READY_FOR_TRANSMISSION');
		await run('submission', 'get', { submission });
		await run('submission', 'getAll', { returnAll: true });
		await download(id, 'notificationXml', 'application/xml');
		await download(id, 'validationPdf', 'application/pdf');
		await run(
			'submission',
			'download',
			{ submission, file: 'receiptPdf' },
			{ fails: /E_CONFLICT/ },
		);
		await run(
			'submission',
			'startTransmission',
			{ submission },
			{ fails: /Legal Consent to Transmit/, callsApi: false },
		);
		// Stop the clock: the transmission stays TRANSMISSION_PENDING until it is cancelled.
		await clock.stopped(async () => {
			const started = await run('submission', 'startTransmission', {
				submission,
				legalConsent: true,
			});
			expect(started.items[0].json.state).toBe('TRANSMISSION_PENDING');
			const cancelled = await run('submission', 'cancelTransmission', { submission });
			expect(cancelled.items[0].json.state).toBe('TRANSMISSION_CANCELLED');
		});
		await run('submission', 'cancelTransmission', { submission }, { fails: /E_CONFLICT/ });
		expect(probe.leaks).toEqual([]);
	}, 60_000);

	it('Notify Tax Office: transmitted with the ELSTER receipt, then its receipt and answer files', async () => {
		const notifiedId = await establishmentWithRegister('Hafenweg');
		const notified = await run('submission', 'notifyTaxOffice', {
			establishment: byId(notifiedId),
			legalConsent: true,
		});
		const [item] = notified.items;
		expect(item.json).toMatchObject({ notified: true, state: 'TRANSMISSION_SUCCEEDED' });
		expect(item.binary?.data.mimeType).toBe('application/pdf');
		const submissionId = String(item.json.submission_id);
		await download(submissionId, 'receiptPdf', 'application/pdf');
		await download(submissionId, 'transmissionXml', 'application/xml');
		expect(probe.leaks).toEqual([]);
	}, 60_000);

	it('Notify Tax Office: a failed validation as findings, then the validation errors file', async () => {
		const rejectedId = await establishmentWithRegister('Kirchgasse');
		await forceOutcome(session, 'INTERNAL_VALIDATION_FAILED');
		const findings = await run('submission', 'notifyTaxOffice', {
			establishment: byId(rejectedId),
			legalConsent: true,
		});
		expect(findings.items[0].json).toMatchObject({
			notified: false,
			state: 'INTERNAL_VALIDATION_FAILED',
			fix: expect.stringMatching(/\S/),
		});
		await download(
			String(findings.items[0].json.submission_id),
			'validationXml',
			'application/xml',
		);
		expect(probe.leaks).toEqual([]);
	}, 60_000);

	it('failing: fiskaly’s not-found code, an injected 500, a wrong API secret, an error item', async () => {
		await run(
			'establishment',
			'get',
			{ establishment: byId(randomUUID()) },
			{ fails: /E_ESTABLISHMENT_NOT_FOUND/ },
		);
		const submitDePath = new URL(session.sim.urls.submitDe).pathname;
		await session.inject({ path: `${submitDePath}/taxpayer` }, { type: 'status', status: 500 }, 4);
		await run('taxpayer', 'get', {}, { fails: /HTTP 500/ });
		await session.clearFaults();
		await run(
			'taxpayer',
			'get',
			{},
			{ fails: /API key and secret/ },
			{ credentialId: WRONG_SECRET_CREDENTIAL },
		);
		await run(
			'submission',
			'get',
			{ submission: byId(randomUUID()) },
			{ fails: /NOT_FOUND/ },
			{ continueOnFail: true },
		);
		expect(probe.leaks).toEqual([]);
	}, 60_000);
});

describeWhatWasRecorded(
	() => probe,
	() => session.engine.package.submitDeNodeType,
	[
		'establishment.get',
		'submission.cancelTransmission',
		'submission.download',
		'submission.get',
		'submission.startTransmission',
		'taxpayer.get',
	],
);
