// Secrets never leak: every operation of the node runs — successful and failing, with fiskaly
// errors, injected 5xx and dropped connections — with sentinel values for the API secret, the admin
// PIN and the PUK. None of them may appear in an error message or description, in the execution
// data n8n keeps (except the labelled admin_pin / admin_puk outputs of TSS › Create and Set Up),
// in anything n8n logs or reports while the node runs, or in the simulator's request log.
import { LoggerProxy } from 'n8n-workflow';
import type { INodeExecutionData, INodeType } from 'n8n-workflow';

import { startSimulator, type RunningSimulator } from '../../simulator';
import {
	byId,
	FiskalyEngine,
	type NodeRunResult,
	type RunNodeOptions,
} from '../../scripts/n8n-engine';
import {
	captureEverythingLogged,
	offeredOperations,
	stringsIn,
	type LogCapture,
} from '../support/secretLeaks';

const SENTINELS = {
	apiSecret: 'SentinelApiSecret-5c1f0e9a',
	wrongApiSecret: 'SentinelWrongSecret-77ad41',
	adminPin: 'SentinelPin-8c2e71',
	newAdminPin: 'SentinelPin2-5b93aa',
	wrongAdminPin: 'SentinelWrongPin-1e7f',
	wrongPuk: 'SentinelWrongPuk-93d0c2',
};
/** PUKs are chosen by fiskaly: each one the simulator hands out becomes a sentinel too. */
const issuedPuks: string[] = [];

const sentinelValues = () => [...Object.values(SENTINELS), ...issuedPuks];

/**
 * The secrets reach the node the way n8n keeps them out of the workflow: expressions reading
 * environment variables (allowed here as an n8n admin would, N8N_BLOCK_ENV_ACCESS_IN_NODE=false).
 * So the workflow itself holds only `{{ $env.… }}` and any sentinel found in an execution came
 * from the node or n8n at run time. Typed-in secrets are covered separately at the end.
 */
process.env.N8N_BLOCK_ENV_ACCESS_IN_NODE = 'false';
const envName = (name: string) =>
	`FISKALY_SENTINEL_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
for (const [name, value] of Object.entries(SENTINELS)) process.env[envName(name)] = value;
const fromEnv = (name: keyof typeof SENTINELS) => `={{ $env.${envName(name)} }}`;
const pukFromEnv = (index: number) => {
	process.env[envName(`puk${index}`)] = issuedPuks[index];
	return `={{ $env.${envName(`puk${index}`)} }}`;
};

function leaksIn(strings: string[]): string[] {
	const text = strings.join('\n');
	return sentinelValues().filter((sentinel) => text.includes(sentinel));
}

// --- capturing what n8n logs and reports --------------------------------------------------------

/**
 * Everything logged, by phase: while the secrets come in by expression nothing may hold them; while
 * they are typed in, only n8n's copy of the node (…node.parameters…) may.
 */
type Phase = 'byExpression' | 'typedIn';
let phase = 'byExpression' as Phase;
let logs: LogCapture<Phase>;
/** n8n's copy of the workflow node (error.node, nodeExecutionStack[].node), parameters included. */
const inWorkflowCopy = (path: string[]) => path.includes('node') && path.includes('parameters');
// --- the runs -----------------------------------------------------------------------------------

let sim: RunningSimulator;
let engine: FiskalyEngine;
const leaks: string[] = [];
const operationsRun = new Set<string>();
let failedRuns = 0;

beforeAll(async () => {
	sim = await startSimulator({
		port: 0,
		apiSecret: SENTINELS.apiSecret,
		exportTiming: { pendingMs: 20, workingMs: 20 },
	});
	logs = captureEverythingLogged(() => phase);
	engine = new FiskalyEngine({ simulator: sim });
	engine.saveCredential('wrong-secret', { apiSecret: SENTINELS.wrongApiSecret });
});

afterAll(async () => {
	logs?.restore();
	// Jest reuses this process for other test files: leave its environment as it was.
	for (const name of Object.keys(process.env))
		if (name.startsWith('FISKALY_SENTINEL_')) delete process.env[name];
	delete process.env.N8N_BLOCK_ENV_ACCESS_IN_NODE;
	await sim?.close();
});

/** Fields of TSS › Create and Set Up outputs that hold a secret on purpose, labelled as such. */
const LABELLED_SECRET_FIELDS = new Set(['admin_puk', 'admin_pin']);

interface Step extends RunNodeOptions {
	/** Whether the run is meant to fail (then its error is scanned too). */
	fails?: boolean;
}

async function run(step: Step): Promise<NodeRunResult> {
	const result = await engine.runNode(step);
	operationsRun.add(`${step.resource}.${step.operation}`);
	const label = `${step.resource} › ${step.operation}${step.fails ? ' (failing)' : ''}`;
	if (step.fails) {
		const failure = step.continueOnFail ? result.items[0]?.json : result.error;
		if (!failure || (!step.continueOnFail && !result.error))
			throw new Error(`${label} was meant to fail but did not`);
		if (
			step.continueOnFail &&
			typeof (result.items[0]?.json.error as { message?: unknown } | undefined)?.message !==
				'string'
		)
			throw new Error(
				`${label} was meant to fail but output ${JSON.stringify(result.items[0]?.json)}`,
			);
		failedRuns++;
	} else if (result.error) {
		throw new Error(`${label} failed: ${result.error.message} | ${result.error.description}`);
	}
	const labelled =
		step.resource === 'tss' && (step.operation === 'create' || step.operation === 'setUp');
	for (const item of result.items) {
		// A Set Up that stops halfway keeps the PUK in its error item's details (continueOnFail).
		const puk =
			item.json.admin_puk ?? (item.json.error as { admin_puk?: unknown } | undefined)?.admin_puk;
		if (labelled && typeof puk === 'string' && !issuedPuks.includes(puk)) issuedPuks.push(puk);
	}
	const skipLabelled = (path: string[]) =>
		labelled &&
		path.length > 1 &&
		path.includes('json') &&
		LABELLED_SECRET_FIELDS.has(path[path.length - 1]);
	const found = leaksIn(stringsIn({ run: result.run, error: result.error }, skipLabelled));
	if (found.length) leaks.push(`${label}: ${found.join(', ')}`);

	return result;
}

const json = (result: NodeRunResult, index = 0) => result.items[index].json as any;

let tssId: string;
let otherTssId: string;
let clientId: string;
let transactionId: string;
let signed: INodeExecutionData;
let exportId: string;
let exported: INodeExecutionData;

describe('sentinel API secret, admin PIN and PUK never leak', () => {
	it('TSS: Set Up and Create show the PIN and PUK only in their labelled fields', async () => {
		const setUp = await run({
			resource: 'tss',
			operation: 'setUp',
			parameters: { adminPin: fromEnv('adminPin'), description: 'Secrets test' },
		});
		tssId = json(setUp)._id;
		// The labelled outputs carry the secrets (so a scan that skips them is not blind).
		expect(json(setUp).admin_pin).toBe(SENTINELS.adminPin);
		expect(json(setUp).admin_puk).toMatch(/^\d{10}$/);
		const created = await run({ resource: 'tss', operation: 'create', parameters: {} });
		otherTssId = json(created)._id;
		expect(issuedPuks).toHaveLength(2);
		// Continue the set-up of the second TSS with its PUK typed in.
		await run({
			resource: 'tss',
			operation: 'setUp',
			parameters: { tssId: otherTssId, adminPuk: pukFromEnv(1), adminPin: fromEnv('adminPin') },
		});
		expect(leaks).toEqual([]);
	});

	it('TSS: reads, admin session, PIN change, metadata; wrong PIN and wrong PUK', async () => {
		await run({ resource: 'tss', operation: 'get', parameters: { tss: byId(tssId) } });
		await run({ resource: 'tss', operation: 'getAll', parameters: { returnAll: true } });
		await run({
			resource: 'tss',
			operation: 'update',
			parameters: { tss: byId(tssId), metadata: { entries: [{ key: 'store', value: 'Berlin' }] } },
		});
		await run({
			resource: 'tss',
			operation: 'adminLogin',
			parameters: { tss: byId(tssId), adminPin: fromEnv('adminPin') },
		});
		await run({ resource: 'tss', operation: 'adminLogout', parameters: { tss: byId(tssId) } });
		await run({
			resource: 'tss',
			operation: 'getHealth',
			parameters: { scope: 'tss', tss: byId(tssId) },
		});
		await run({
			resource: 'tss',
			operation: 'adminLogin',
			parameters: { tss: byId(tssId), adminPin: fromEnv('wrongAdminPin') },
			fails: true,
		});
		await run({
			resource: 'tss',
			operation: 'adminLogin',
			parameters: { tss: byId(tssId), adminPin: fromEnv('wrongAdminPin') },
			continueOnFail: true,
			fails: true,
		});
		await run({
			resource: 'tss',
			operation: 'changeAdminPin',
			parameters: {
				tss: byId(tssId),
				adminPuk: fromEnv('wrongPuk'),
				newAdminPin: fromEnv('newAdminPin'),
			},
			fails: true,
		});
		await run({
			resource: 'tss',
			operation: 'changeAdminPin',
			parameters: {
				tss: byId(tssId),
				adminPuk: pukFromEnv(0),
				newAdminPin: fromEnv('newAdminPin'),
			},
		});
		expect(leaks).toEqual([]);
	});

	it('Client: create, read, deregister; with a wrong PIN', async () => {
		const created = await run({
			resource: 'client',
			operation: 'create',
			parameters: {
				tss: byId(tssId),
				serialNumber: 'Kasse Geheim',
				adminPin: fromEnv('newAdminPin'),
			},
		});
		clientId = json(created)._id;
		await run({
			resource: 'client',
			operation: 'create',
			parameters: {
				tss: byId(tssId),
				serialNumber: 'Kasse Falsch',
				adminPin: fromEnv('wrongAdminPin'),
			},
			fails: true,
		});
		await run({
			resource: 'client',
			operation: 'get',
			parameters: { tss: byId(tssId), client: byId(clientId) },
		});
		await run({
			resource: 'client',
			operation: 'getAll',
			parameters: { scope: 'tss', tss: byId(tssId), returnAll: true },
		});
		expect(leaks).toEqual([]);
	});

	it('Transaction: every operation, and fiskaly errors', async () => {
		const register = { tss: byId(tssId), client: byId(clientId) };
		const amounts = { amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount: '4.20' }] } };
		const started = await run({
			resource: 'transaction',
			operation: 'start',
			parameters: register,
		});
		transactionId = json(started)._id;
		await run({
			resource: 'transaction',
			operation: 'update',
			parameters: { ...register, ...amounts, transactionId },
		});
		await run({
			resource: 'transaction',
			operation: 'updateMetadata',
			parameters: {
				tss: byId(tssId),
				transactionId,
				metadata: { entries: [{ key: 'order', value: '7' }] },
			},
		});
		await run({
			resource: 'transaction',
			operation: 'finish',
			parameters: { ...register, ...amounts, transactionId },
		});
		const receipt = await run({
			resource: 'transaction',
			operation: 'signReceipt',
			parameters: { ...register, ...amounts },
		});
		signed = receipt.items[0];
		await run({
			resource: 'transaction',
			operation: 'get',
			parameters: { tss: byId(tssId), transactionId },
		});
		await run({
			resource: 'transaction',
			operation: 'getAll',
			parameters: { scope: 'tss', tss: byId(tssId), returnAll: true },
		});
		await run({
			resource: 'transaction',
			operation: 'verify',
			parameters: { source: 'item' },
			items: [signed],
		});
		await run({
			resource: 'transaction',
			operation: 'cancelStale',
			parameters: { tss: byId(tssId), olderThanMinutes: 60, options: { dryRun: true } },
		});
		const toCancel = await run({
			resource: 'transaction',
			operation: 'start',
			parameters: register,
		});
		await run({
			resource: 'transaction',
			operation: 'cancel',
			parameters: { tss: byId(tssId), transactionId: json(toCancel)._id },
		});
		await run({
			resource: 'transaction',
			operation: 'cancel',
			parameters: { tss: byId(tssId), transactionId },
			fails: true, // already finished
		});
		expect(leaks).toEqual([]);
	});

	it('Export: every operation', async () => {
		const triggered = await run({
			resource: 'export',
			operation: 'trigger',
			parameters: { tss: byId(tssId) },
		});
		exportId = json(triggered)._id;
		await run({ resource: 'export', operation: 'get', parameters: { tss: byId(tssId), exportId } });
		await run({
			resource: 'export',
			operation: 'getAll',
			parameters: { scope: 'tss', tss: byId(tssId), returnAll: true },
		});
		await run({
			resource: 'export',
			operation: 'updateMetadata',
			parameters: {
				tss: byId(tssId),
				exportId,
				metadata: { entries: [{ key: 'period', value: '2026-11' }] },
			},
		});
		const downloaded = await run({
			resource: 'export',
			operation: 'download',
			parameters: { tss: byId(tssId), exportId, pollInterval: 5, maxWait: 30 },
		});
		exported = downloaded.items[0];
		await run({ resource: 'export', operation: 'verifyFile', parameters: {}, items: [exported] });
		await run({
			resource: 'export',
			operation: 'cancel',
			parameters: { tss: byId(tssId), exportId },
			fails: true, // completed exports cannot be cancelled
		});
		expect(leaks).toEqual([]);
	}, 30_000);

	it('the exported logs do not hold the secrets either', () => {
		const tar = Buffer.from(String((exported.binary as any).data.data), 'base64');
		expect(leaksIn([tar.toString('latin1')])).toEqual([]);
	});

	it('failures on the way: injected 500s and dropped connections on secret-carrying requests', async () => {
		const control = (method: string, body?: unknown) =>
			fetch(`${sim.controlUrl}/faults`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		await control('POST', {
			match: { method: 'PATCH', path: '/tss/*/admin' },
			count: 4,
			fault: { type: 'status', status: 500 },
		});
		await run({
			resource: 'tss',
			operation: 'changeAdminPin',
			parameters: { tss: byId(tssId), adminPuk: pukFromEnv(0), newAdminPin: fromEnv('adminPin') },
			fails: true,
		});
		await control('POST', {
			match: { method: 'POST', path: '/tss/*/admin/auth' },
			count: 4,
			fault: { type: 'drop', when: 'before' },
		});
		await run({
			resource: 'tss',
			operation: 'adminLogin',
			parameters: { tss: byId(tssId), adminPin: fromEnv('newAdminPin') },
			fails: true,
		});
		await control('POST', {
			match: { method: 'PATCH', path: `/tss/${tssId}/client/*` },
			count: 4,
			fault: { type: 'drop', when: 'after' },
		});
		await run({
			resource: 'client',
			operation: 'update',
			parameters: {
				tss: byId(tssId),
				client: byId(clientId),
				state: 'DEREGISTERED',
				adminPin: fromEnv('newAdminPin'),
			},
			continueOnFail: true,
			fails: true,
		});
		// A Set Up that stops after the TSS was created: the error item keeps the PUK, labelled.
		await control('POST', {
			match: { method: 'PATCH', path: '/tss/*/admin' },
			count: 4,
			fault: { type: 'status', status: 500 },
		});
		const pukCount = issuedPuks.length;
		const stopped = await run({
			resource: 'tss',
			operation: 'setUp',
			parameters: { adminPin: fromEnv('adminPin') },
			continueOnFail: true,
			fails: true,
		});
		expect(issuedPuks).toHaveLength(pukCount + 1);
		expect(json(stopped).error.admin_puk).toBe(issuedPuks[pukCount]);
		expect(leaksIn([json(stopped).error.message, json(stopped).error.description])).toEqual([]);
		await control('DELETE');
		expect(leaks).toEqual([]);
	}, 60_000);

	it('state changes with the PIN: deregister a client, disable a TSS', async () => {
		await run({
			resource: 'client',
			operation: 'update',
			parameters: {
				tss: byId(tssId),
				client: byId(clientId),
				state: 'DEREGISTERED',
				adminPin: fromEnv('newAdminPin'),
			},
		});
		await run({
			resource: 'tss',
			operation: 'disable',
			parameters: { tss: byId(otherTssId), adminPin: fromEnv('wrongAdminPin') },
			fails: true,
		});
		await run({
			resource: 'tss',
			operation: 'disable',
			parameters: { tss: byId(otherTssId), adminPin: fromEnv('adminPin') },
		});
		await run({
			resource: 'tss',
			operation: 'initialize',
			parameters: { tss: byId(otherTssId), adminPin: fromEnv('adminPin') },
			fails: true, // a disabled TSS stays disabled
		});
		expect(leaks).toEqual([]);
	});

	it('a wrong API secret is explained without it', async () => {
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			credentialId: 'wrong-secret',
			parameters: { tss: byId(tssId) },
			fails: true,
		});
		expect(error?.message).toMatch(/API key and secret/);
		expect(leaks).toEqual([]);
	});

	it('typed-in secrets stay out of errors and outputs; n8n keeps them only in its copy of the workflow', async () => {
		// n8n stores every execution with the workflow it ran, parameters included: a PIN typed
		// into the node is part of that copy (error.node, nodeExecutionStack), exactly like the
		// workflow JSON itself. Only those copies may hold it; messages, descriptions and outputs may not.
		phase = 'typedIn';
		const typedIn: Step[] = [
			{
				resource: 'tss',
				operation: 'adminLogin',
				parameters: { tss: byId(tssId), adminPin: SENTINELS.wrongAdminPin },
			},
			{
				resource: 'tss',
				operation: 'changeAdminPin',
				parameters: {
					tss: byId(tssId),
					adminPuk: SENTINELS.wrongPuk,
					newAdminPin: SENTINELS.newAdminPin,
				},
			},
			{
				resource: 'client',
				operation: 'create',
				parameters: {
					tss: byId(tssId),
					serialNumber: 'Kasse Tipp',
					adminPin: SENTINELS.wrongAdminPin,
				},
				continueOnFail: true,
			},
		];
		for (const step of typedIn) {
			const result = await engine.runNode(step);
			const recorded = { run: result.run, error: result.error };
			// A run that stopped keeps the failed node, typed-in PIN included (not so under continueOnFail).
			if (result.error) expect(leaksIn(stringsIn(recorded))).not.toEqual([]);
			expect(leaksIn(stringsIn(recorded, inWorkflowCopy))).toEqual([]);
			const output = result.items[0]?.json;
			if (step.continueOnFail)
				expect(output?.error).toEqual(expect.objectContaining({ message: expect.any(String) }));
		}
	});

	it('ran every operation the node offers, failing ones included', () => {
		const offered = offeredOperations((engine.package.nodeType as INodeType).description);
		expect(offered.length).toBeGreaterThan(20);
		expect(offered.filter((operation) => !operationsRun.has(operation))).toEqual([]);
		expect(failedRuns).toBeGreaterThanOrEqual(10);
	});

	it('nothing n8n logged or reported, and nothing in the simulator request log, holds a secret', async () => {
		// The capture is live: a sentinel that reaches the logger would be found.
		LoggerProxy.debug('capture check', { value: 'capture-probe' });
		expect(logs.entries.some(({ args }) => stringsIn(args).includes('capture-probe'))).toBe(true);
		const logged = logs.entries.flatMap(({ tag: when, args }) =>
			stringsIn(args, when === 'typedIn' ? inWorkflowCopy : undefined),
		);
		expect(logs.entries.filter(({ tag: when }) => when === 'byExpression').length).toBeGreaterThan(
			0,
		);
		expect(leaksIn(logged)).toEqual([]);

		const requests = (await (await fetch(`${sim.controlUrl}/requests`)).json()) as {
			data: unknown[];
		};
		expect(requests.data.length).toBeGreaterThan(50);
		expect(leaksIn(stringsIn(requests))).toEqual([]);
	});
});
