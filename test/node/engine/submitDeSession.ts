// What the SUBMIT DE engine tests share: an EngineSession whose simulator moves submissions on
// quickly, runs of the Fiskaly SUBMIT DE node, raw SUBMIT DE access for fixtures and for checking
// what the node did (the simulator's submission list and request log), and valid parameters.
import { randomUUID } from 'node:crypto';

import {
	byId,
	FISKALY_SUBMIT_DE_NODE_TYPE,
	type RunNodeOptions,
} from '../../../scripts/n8n-engine';
import { SimulatorClient } from '../../support/simulatorClient';
import { EngineSession, type PreparedClient, type PreparedTss } from './session';

/**
 * The simulator's clock, which a test can stop: a submission's states last only `stepMs`, so a test
 * that must act while one lasts (cancel a pending transmission) stops the clock instead of racing it,
 * and passes however slow a busy machine answers.
 */
export class StoppableClock {
	private stoppedAt: number | undefined;

	readonly now = (): number => this.stoppedAt ?? Date.now();

	/** Runs `act` while the clock stands still, then lets it run on. */
	async stopped<T>(act: () => Promise<T>): Promise<T> {
		this.stoppedAt = Date.now();
		try {
			return await act();
		} finally {
			this.stoppedAt = undefined;
		}
	}
}

export async function startSubmitDeSession(clock = new StoppableClock()): Promise<EngineSession> {
	return await EngineSession.start({ submissionTiming: { stepMs: 40 }, clock: clock.now });
}

/** Options of one Fiskaly SUBMIT DE node run (the engine runs Fiskaly SIGN DE by default). */
export function submitDeNode(options: RunNodeOptions): RunNodeOptions {
	return { nodeName: 'Fiskaly SUBMIT DE', ...options, nodeType: FISKALY_SUBMIT_DE_NODE_TYPE };
}

/** Raw access to the simulator's SUBMIT DE API, with its own token. */
export async function submitDeApi(session: EngineSession): Promise<SimulatorClient> {
	const client = new SimulatorClient(session.sim.urls.submitDe, session.sim);
	const auth = await client.raw('POST', '/auth', {
		body: { api_key: session.sim.apiKey, api_secret: session.sim.apiSecret },
		token: null,
	});
	client.token = auth.body.access_token;
	return client;
}

/** `METHOD /path` of the SUBMIT DE operations since the last resetTraffic(), token fetches left out. */
export async function submitDeRequestLines(session: EngineSession): Promise<string[]> {
	const base = new URL(session.sim.urls.submitDe).pathname;
	const response = await fetch(`${session.sim.controlUrl}/requests`);
	const { data } = (await response.json()) as { data: Array<{ method: string; path: string }> };
	return data
		.filter((request) => request.path.startsWith(`${base}/`) && request.path !== `${base}/auth`)
		.map((request) => `${request.method} ${request.path.slice(base.length)}`);
}

/** The simulator's submissions of one establishment, as raw SUBMIT DE lists them. */
export async function submissionsOf(
	api: SimulatorClient,
	establishmentId: string,
): Promise<Array<{ id: string; state: string }>> {
	const list = await api.raw('GET', '/submission');
	return list.body.results.filter(
		(entry: { establishment_id: string }) => entry.establishment_id === establishmentId,
	);
}

export async function submissionState(api: SimulatorClient, id: string): Promise<string> {
	return (await api.raw('GET', `/submission/${id}`)).body.state;
}

/** Polls the simulator until the submission is in `wanted` (the simulator moves it on by its clock). */
export async function waitForState(
	api: SimulatorClient,
	id: string,
	wanted: string,
): Promise<void> {
	for (let attempt = 0; attempt < 200; attempt++) {
		if ((await submissionState(api, id)) === wanted) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`submission ${id} never reached ${wanted}: ${await submissionState(api, id)}`);
}

/** Forces how the next submission (or the one with `submissionId`) ends. */
export async function forceOutcome(
	session: EngineSession,
	outcome: string,
	submissionId?: string,
): Promise<void> {
	const response = await fetch(`${session.sim.controlUrl}/submit-de/outcomes`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(submissionId ? { outcome, submission_id: submissionId } : { outcome }),
	});
	if (response.status !== 201)
		throw new Error(`outcome: ${response.status} ${await response.text()}`);
}

/** Node parameters of Taxpayer › Set for a valid GmbH. */
export const legalTaxpayerParameters = {
	personType: 'legal',
	companyName: 'Café Müller GmbH',
	legalForm: '20',
	taxOfficeNumber: '2181',
	taxNumber: '21/810/81508150',
	street: 'Hauptstraße',
	houseNumber: '12a',
	zipCode: '34117',
	town: 'Kassel',
	additionalFields: { vatId: 'DE123456789' },
};

export const establishmentParameters = (street = 'Bahnhofstraße') => ({
	street,
	houseNumber: '7',
	zipCode: '34119',
	town: 'Kassel',
	additionalFields: { designation: 'Filiale Nord' },
});

export const registerParameters = (
	tss: PreparedTss,
	client: PreparedClient,
	establishmentId: string,
	extra: Record<string, unknown> = {},
) => ({
	tss: byId(tss.tssId),
	client: byId(client.clientId),
	establishment: byId(establishmentId),
	registerType: '1',
	manufacturer: 'Acme Kassen',
	model: 'K-100',
	software: 'AcmePOS',
	acquisitionDate: '2026-02-01T00:00:00',
	commissioningDate: '15.02.2026',
	additionalFields: { softwareVersion: '4.2' },
	...extra,
});

export interface NotifiableEstablishment {
	establishmentId: string;
	tss: PreparedTss;
	clients: PreparedClient[];
}

/** Taxpayer, an establishment (its own street, so its derived ID is new) and registers, set through the node. */
export async function notifiableEstablishment(
	session: EngineSession,
	registers = 1,
): Promise<NotifiableEstablishment> {
	const run = (resource: string, operation: string, parameters: Record<string, unknown>) =>
		session.engine.runNodeOk(submitDeNode({ resource, operation, parameters }));
	await run('taxpayer', 'set', legalTaxpayerParameters);
	const [establishment] = await run(
		'establishment',
		'upsert',
		establishmentParameters(`Weg ${randomUUID().slice(0, 8)}`),
	);
	const establishmentId = String(establishment.json.id);
	const tss = await session.prepareTss();
	const clients: PreparedClient[] = [];
	for (let n = 0; n < registers; n++) {
		const client = await session.prepareClient(tss);
		await run('clientAdditionalData', 'set', registerParameters(tss, client, establishmentId));
		clients.push(client);
	}
	return { establishmentId, tss, clients };
}
