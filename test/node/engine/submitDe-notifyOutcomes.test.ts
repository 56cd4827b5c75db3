// Fiskaly SUBMIT DE › Notify Tax Office through n8n's engine for the outcomes submitDe-submission.test.ts
// does not force: fiskaly's internal ERROR, a failed XML generation and a cancelled transmission end
// the run with an error naming the state and how to go on; a run that runs out of time says so, and
// the next run continues the same submission instead of sending another.
import { byId } from '../../../scripts/n8n-engine';
import type { SimulatorClient } from '../../support/simulatorClient';
import { EngineSession } from './session';
import {
	forceOutcome,
	notifiableEstablishment,
	submissionsOf,
	submitDeApi,
	submitDeNode,
	submitDeRequestLines,
} from './submitDeSession';

/** The simulator's clock; stopped, a submission stays in its state. */
let stoppedAt: number | undefined;

let session: EngineSession;
let api: SimulatorClient;

beforeAll(async () => {
	session = await EngineSession.start({
		submissionTiming: { stepMs: 40 },
		clock: () => stoppedAt ?? Date.now(),
	});
	api = await submitDeApi(session);
});

afterAll(async () => {
	await session?.close();
});

const notify = (establishmentId: string, options: Record<string, unknown> = {}) =>
	session.engine.runNode(
		submitDeNode({
			resource: 'submission',
			operation: 'notifyTaxOffice',
			parameters: { establishment: byId(establishmentId), legalConsent: true, options },
		}),
	);

it.each([
	['ERROR', /internal error/, 0],
	['XML_GENERATION_FAILED', /could not generate the notification XML/, 0],
	['TRANSMISSION_CANCELLED', /transmission was cancelled/, 1],
])('a submission that ends %s is an error saying how to go on', async (state, fix, starts) => {
	const { establishmentId } = await notifiableEstablishment(session);
	await forceOutcome(session, state);
	await session.resetTraffic();
	const result = await notify(establishmentId);
	expect(result.error).toEqual(
		expect.objectContaining({
			name: 'NodeOperationError',
			message: expect.stringContaining(`ended ${state}`),
			description: expect.stringMatching(fix),
		}),
	);
	expect(result.error?.description).toContain('Attempt');
	const lines = await submitDeRequestLines(session);
	expect(lines.filter((line) => line.endsWith('/transmission'))).toHaveLength(starts);
	expect(await submissionsOf(api, establishmentId)).toEqual([expect.objectContaining({ state })]);
});

it('a run that runs out of time says so; the next run continues the same submission', async () => {
	const { establishmentId } = await notifiableEstablishment(session);
	stoppedAt = Date.now();
	try {
		const stalled = await notify(establishmentId, { waitTimeout: 1 });
		expect(stalled.error).toEqual(
			expect.objectContaining({
				name: 'NodeOperationError',
				message: expect.stringMatching(/is still CREATED after waiting 1 s for the validation/),
				description: expect.stringContaining('Run the node again later'),
			}),
		);
	} finally {
		stoppedAt = undefined;
	}
	const [created] = await submissionsOf(api, establishmentId);
	await session.resetTraffic();
	const resumed = await notify(establishmentId);
	expect(resumed.error).toBeUndefined();
	expect(resumed.items[0].json).toMatchObject({ notified: true, state: 'TRANSMISSION_SUCCEEDED' });
	expect(await submissionsOf(api, establishmentId)).toEqual([
		expect.objectContaining({ id: created.id }),
	]);
	const puts = (await submitDeRequestLines(session)).filter((line) => line.startsWith('PUT '));
	expect(puts.filter((line) => line.endsWith('/transmission'))).toHaveLength(1);
});
