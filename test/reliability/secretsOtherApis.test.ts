// Secrets never leak from the Fiskaly DSFinV-K and Fiskaly SUBMIT DE nodes either: a representative
// set of their operations runs — successful and failing (404s, fiskaly error codes, an injected 500,
// a wrong API secret) — with a credential whose API secret is a sentinel. Neither that secret nor the
// wrong one may appear in an error, an output item, anything n8n logs, or the simulator's request log.
import { LoggerProxy } from 'n8n-workflow';

import { byId, type NodeRunResult, type RunNodeOptions } from '../../scripts/n8n-engine';
import { captureEverythingLogged, stringsIn, type LogCapture } from '../support/secretLeaks';
import {
	dsfinvkApi,
	dsfinvkNode,
	newId,
	prepareRegister,
	signedClosing,
	type PreparedRegister,
} from '../node/engine/dsfinvkSession';
import { EngineSession } from '../node/engine/session';
import {
	establishmentParameters,
	legalTaxpayerParameters,
	registerParameters,
	submitDeNode,
} from '../node/engine/submitDeSession';

const SENTINELS = {
	apiSecret: 'SentinelApiSecret-3f8b21d7',
	wrongApiSecret: 'SentinelWrongSecret-c40e96',
};

const leaksIn = (strings: string[]) => {
	const text = strings.join('\n');
	return Object.values(SENTINELS).filter((sentinel) => text.includes(sentinel));
};

let session: EngineSession;
let logs: LogCapture<null>;
const leaks: string[] = [];
let failedRuns = 0;

beforeAll(async () => {
	session = await EngineSession.start({
		apiSecret: SENTINELS.apiSecret,
		dsfinvkTiming: {
			closingPendingMs: 20,
			closingWorkingMs: 20,
			exportPendingMs: 20,
			exportWorkingMs: 20,
		},
		submissionTiming: { stepMs: 20 },
	});
	logs = captureEverythingLogged(() => null);
	session.engine.saveCredential('wrong-secret', { apiSecret: SENTINELS.wrongApiSecret });
});

afterAll(async () => {
	logs?.restore();
	await session?.close();
});

/** One node run; a run meant to fail must fail. Its run data and error are scanned for the sentinels. */
async function run(options: RunNodeOptions, fails = false): Promise<NodeRunResult> {
	const result = await session.engine.runNode(options);
	const label = `${options.nodeName} › ${options.resource} › ${options.operation}${fails ? ' (failing)' : ''}`;
	if (fails) {
		if (!result.error) throw new Error(`${label} was meant to fail but did not`);
		failedRuns++;
	} else if (result.error) {
		throw new Error(`${label} failed: ${result.error.message} | ${result.error.description}`);
	}
	const found = leaksIn(stringsIn({ run: result.run, error: result.error, items: result.items }));
	if (found.length) leaks.push(`${label}: ${found.join(', ')}`);
	return result;
}

const dsfinvk = (resource: string, operation: string, parameters: Record<string, unknown>) =>
	dsfinvkNode({ resource, operation, parameters });
const submitDe = (resource: string, operation: string, parameters: Record<string, unknown>) =>
	submitDeNode({ resource, operation, parameters });
const inject500 = (path: string) => session.inject({ path }, { type: 'status', status: 500 }, 4);

describe('the sentinel API secret never leaks from Fiskaly DSFinV-K', () => {
	let register: PreparedRegister;

	it('master data, closings and exports', async () => {
		register = await prepareRegister(session, await dsfinvkApi(session));
		await run(
			dsfinvk('cashRegister', 'upsert', {
				tss: byId(register.tss.tssId),
				client: byId(register.client.clientId),
				brand: 'ACME',
				model: 'Till 2',
				softwareVersion: '2.0',
			}),
		);
		await run(dsfinvk('cashRegister', 'get', { cashRegister: byId(register.client.clientId) }));
		await run(dsfinvk('cashRegister', 'getAll', { returnAll: true }));
		await run(dsfinvk('vatDefinition', 'upsert', { vatDefinitionId: 1016, percentage: '16' }));
		await run(dsfinvk('vatDefinition', 'get', { vatDefinitionId: 1016 }));
		await run(dsfinvk('vatDefinition', 'getAll', { returnAll: true }));
		const start = new Date(Date.now() - 1000).toISOString();
		const inserted = await run(
			dsfinvk('cashPointClosing', 'insert', {
				cashRegister: byId(register.client.clientId),
				closing: JSON.stringify(await signedClosing(session, register, 1, 1)),
			}),
		);
		const closingId = String(inserted.items[0].json.closing_id);
		await run(dsfinvk('cashPointClosing', 'get', { closing: byId(closingId) }));
		await run(dsfinvk('cashPointClosing', 'getDetails', { closing: byId(closingId) }));
		await run(dsfinvk('cashPointClosing', 'getAll', { returnAll: true }));
		const end = new Date(Date.now() + 1000).toISOString();
		const triggered = await run(
			dsfinvk('export', 'trigger', { start, end, cashRegister: byId(register.client.clientId) }),
		);
		await run(
			dsfinvk('export', 'get', { export: byId(String(triggered.items[0].json.export_id)) }),
		);
		await run(dsfinvk('export', 'getAll', { returnAll: true }));
		expect(leaks).toEqual([]);
	}, 60_000);

	it('a 404 with fiskaly’s error code, an injected 500, and a wrong API secret', async () => {
		const unknown = await run(
			dsfinvk('cashRegister', 'get', { cashRegister: byId(newId()) }),
			true,
		);
		expect(unknown.error?.message).toContain('E_CASH_REGISTER_NOT_FOUND');
		await inject500(`${new URL(session.sim.urls.dsfinvk).pathname}/cash_registers/*`);
		await run(
			dsfinvk('cashRegister', 'get', { cashRegister: byId(register.client.clientId) }),
			true,
		);
		await session.clearFaults();
		const refused = await run(
			{
				...dsfinvk('cashRegister', 'get', { cashRegister: byId(register.client.clientId) }),
				credentialId: 'wrong-secret',
			},
			true,
		);
		expect(refused.error?.message).toMatch(/API key and secret/);
		expect(leaks).toEqual([]);
	}, 60_000);
});

describe('the sentinel API secret never leaks from Fiskaly SUBMIT DE', () => {
	it('taxpayer, establishment, register data and submissions', async () => {
		await run(submitDe('taxpayer', 'set', legalTaxpayerParameters));
		await run(submitDe('taxpayer', 'get', {}));
		const established = await run(submitDe('establishment', 'upsert', establishmentParameters()));
		const establishmentId = String(established.items[0].json.id);
		await run(submitDe('establishment', 'get', { establishment: byId(establishmentId) }));
		await run(submitDe('establishment', 'getAll', { returnAll: true }));
		const tss = await session.prepareTss();
		const client = await session.prepareClient(tss);
		await run(
			submitDe('clientAdditionalData', 'set', registerParameters(tss, client, establishmentId)),
		);
		await run(
			submitDe('clientAdditionalData', 'get', {
				tss: byId(tss.tssId),
				client: byId(client.clientId),
			}),
		);
		const created = await run(
			submitDe('submission', 'create', { establishment: byId(establishmentId) }),
		);
		const submission = byId(String(created.items[0].json.id));
		await run(submitDe('submission', 'get', { submission }));
		await run(submitDe('submission', 'getAll', { returnAll: true }));
		// E_CONFLICT: the receipt exists only after the transmission.
		const early = await run(
			submitDe('submission', 'download', { submission, file: 'receiptPdf' }),
			true,
		);
		expect(early.error?.message).toContain('E_CONFLICT');
		expect(leaks).toEqual([]);
	}, 60_000);

	it('a 404 with fiskaly’s error code, an injected 500, and a wrong API secret', async () => {
		const unknown = await run(
			submitDe('establishment', 'get', { establishment: byId(newId()) }),
			true,
		);
		expect(unknown.error?.message).toContain('E_ESTABLISHMENT_NOT_FOUND');
		await inject500(`${new URL(session.sim.urls.submitDe).pathname}/taxpayer`);
		await run(submitDe('taxpayer', 'get', {}), true);
		await session.clearFaults();
		const refused = await run(
			{ ...submitDe('taxpayer', 'get', {}), credentialId: 'wrong-secret' },
			true,
		);
		expect(refused.error?.message).toMatch(/API key and secret/);
		expect(leaks).toEqual([]);
	}, 60_000);
});

describe('what n8n logged and the simulator recorded', () => {
	it('ran failing operations of both nodes', () => {
		expect(failedRuns).toBe(7);
	});

	it('nothing n8n logged or reported, and nothing in the simulator request log, holds a secret', async () => {
		// The capture is live: a sentinel that reaches the logger would be found.
		LoggerProxy.debug('capture check', { value: 'capture-probe' });
		expect(logs.entries.some(({ args }) => stringsIn(args).includes('capture-probe'))).toBe(true);
		expect(leaksIn(logs.entries.flatMap(({ args }) => stringsIn(args)))).toEqual([]);

		const requests = (await (await fetch(`${session.sim.controlUrl}/requests`)).json()) as {
			data: Array<{ path: string }>;
		};
		// The log holds the token requests of both APIs, where the secrets were sent.
		for (const api of [session.sim.urls.dsfinvk, session.sim.urls.submitDe]) {
			const auth = `${new URL(api).pathname}/auth`;
			expect(requests.data.some((request) => request.path === auth)).toBe(true);
		}
		expect(leaksIn(stringsIn(requests))).toEqual([]);
	});
});
