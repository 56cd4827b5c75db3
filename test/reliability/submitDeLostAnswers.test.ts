// Notify Tax Office when fiskaly's answer is lost after it committed the call (the connection drops
// after the simulator stored it): the node resends the same request, and still ends with exactly one
// submission and one transmission, notified, with the ELSTER receipt.
import { byId } from '../../scripts/n8n-engine';
import { EngineSession } from '../node/engine/session';
import {
	notifiableEstablishment,
	startSubmitDeSession,
	submissionsOf,
	submitDeApi,
	submitDeNode,
} from '../node/engine/submitDeSession';
import type { SimulatorClient } from '../support/simulatorClient';

let session: EngineSession;
let api: SimulatorClient;

beforeAll(async () => {
	session = await startSubmitDeSession();
	api = await submitDeApi(session);
});

afterAll(async () => {
	await session?.close();
});

afterEach(async () => {
	await session.clearFaults();
});

/** Status of each logged `PUT /submission/{id}[suffix]` since the last reset, in order. */
async function putStatuses(suffix: string): Promise<number[]> {
	const base = new URL(session.sim.urls.submitDe).pathname;
	const pattern = new RegExp(`^${base}/submission/[^/]+${suffix}$`);
	const response = await fetch(`${session.sim.controlUrl}/requests`);
	const { data } = (await response.json()) as {
		data: Array<{ method: string; path: string; status: number }>;
	};
	return data
		.filter((request) => request.method === 'PUT' && pattern.test(request.path))
		.map((request) => request.status);
}

it.each([
	['the create', '', [0, 200]],
	['the start of the transmission', '/transmission', [0, 409]],
])('a lost answer to %s: one submission, transmitted once', async (_label, suffix, statuses) => {
	const { establishmentId } = await notifiableEstablishment(session);
	const base = new URL(session.sim.urls.submitDe).pathname;
	await session.inject(
		{ method: 'PUT', path: `${base}/submission/*${suffix}` },
		{ type: 'drop', when: 'after' },
	);
	await session.resetTraffic();
	const result = await session.engine.runNode(
		submitDeNode({
			resource: 'submission',
			operation: 'notifyTaxOffice',
			parameters: { establishment: byId(establishmentId), legalConsent: true },
		}),
	);
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ notified: true, state: 'TRANSMISSION_SUCCEEDED' });
	expect(result.items[0].binary?.data.mimeType).toBe('application/pdf');
	// The call went out again after the lost answer; the resend created or transmitted nothing more.
	expect(await putStatuses(suffix)).toEqual(statuses);
	expect(await submissionsOf(api, establishmentId)).toEqual([
		expect.objectContaining({ state: 'TRANSMISSION_SUCCEEDED' }),
	]);
});
