/**
 * The end-to-end suite for one n8n line: the packed package installed as a community package into a
 * real n8n (the same install path as `npm run demo`), the example workflows run by the n8n CLI and
 * by `n8n start` against the simulator, and every result checked the way a user or auditor would.
 */
import { randomUUID } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { checkQrCode, logFieldsOf, SimulatorClient } from '../support/simulatorClient';
import { derivedTransactionId } from '../support/reference';
import { readTar } from '../support/tar';
import { parseLogMessage, transactionDtbs, verifyPlainSignature } from '../support/tr03151';
import {
	EXAMPLE_CREDENTIAL,
	exampleCredential,
	loadExample,
	simulatorAccess,
	withCashRegister,
	type CashRegister,
} from '../../scripts/real-n8n/examples';
import {
	activateOnServer,
	countRows,
	createDataTable,
	createSalesTable,
	insertRows,
	insertSalesRows,
	withDataTable,
} from '../../scripts/real-n8n/dataTables';
import { defaultProgress } from '../../scripts/real-n8n/install';
import {
	clientData,
	establishmentBody,
	legalTaxpayer,
} from '../simulator/submit-de/submitDeTestKit';
import {
	CREDENTIAL_TYPE,
	DEMO_OWNER,
	executionSucceeded,
	NODE_TYPE,
	nodeBinaryOutput,
	nodeOutput,
	RealN8n,
	TRIGGER_NODE_TYPE,
	type CliExecution,
	type ExecutionRun,
	type RunningN8n,
	type WorkflowFile,
	type WorkflowNode,
} from '../../scripts/real-n8n/n8n';
import { withPackedPackage } from '../../scripts/real-n8n/pack';
import type { N8nVersion } from '../../scripts/real-n8n/versions';

/** The first run on a machine installs n8n here (minutes); later runs find it cached. */
const SETUP_TIMEOUT_MS = 25 * 60_000;
const STEP_TIMEOUT_MS = 3 * 60_000;
/** A restart of n8n, its activation poll, and up to a minute until the next poll. */
const TRIGGER_STEP_TIMEOUT_MS = 4 * 60_000;

type Json = Record<string, any>;

/** The execution, or an error that quotes n8n's own explanation of why it failed. */
function succeeded(execution: CliExecution): ExecutionRun {
	if (execution.run && executionSucceeded(execution.run)) return execution.run;
	const error = execution.run?.data.resultData.error;
	const detail = error
		? `${error.message} — ${error.description ?? ''}`
		: `${execution.stdout}\n${execution.stderr}`.trim().split('\n').slice(-30).join('\n');
	throw new Error(`n8n execute exited with ${execution.exitCode}: ${detail}`);
}

/** Checks a transaction the way an auditor would: rebuild the signed bytes, verify, compare the QR code. */
function expectValidlySigned(transaction: Json): void {
	const fields = logFieldsOf(transaction);
	expect(fields.operationType).toBe('FinishTransaction');
	expect(
		verifyPlainSignature(
			transaction.signature.public_key,
			transactionDtbs(fields),
			transaction.signature.value,
		),
	).toBe(true);
	checkQrCode(transaction, fields);
}

/** Fields of a DSFinV-K "V0" QR code (the process data holds no ';' for receipts). */
function qrFields(qrCode: string) {
	const [
		version,
		clientSerial,
		processType,
		processData,
		number,
		counter,
		start,
		end,
		algorithm,
		timeFormat,
		signature,
		publicKey,
	] = qrCode.split(';');
	return {
		version,
		clientSerial,
		processType,
		processData,
		number,
		counter,
		start,
		end,
		algorithm,
		timeFormat,
		signature,
		publicKey,
	};
}

async function simulatorStats(
	simulator: RunningSimulator,
): Promise<{ authByApi: Record<string, number> }> {
	const response = await fetch(`${simulator.controlUrl}/stats`);
	return (await response.json()) as { authByApi: Record<string, number> };
}

function manualWorkflow(id: string, name: string, fiskalyParameters: Json): WorkflowFile {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: randomUUID(),
				name: 'Fiskaly',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [240, 0],
				parameters: fiskalyParameters,
				credentials: { [CREDENTIAL_TYPE]: EXAMPLE_CREDENTIAL },
			},
		],
		connections: { Start: { main: [[{ node: 'Fiskaly', type: 'main', index: 0 }]] } },
	};
}

/**
 * An active workflow: the package's trigger polls one TSS for finished transactions every minute,
 * and the node marks each one it is given with metadata, which the test reads back from fiskaly.
 */
function receiptMarkerWorkflow(tssId: string): WorkflowFile {
	const credentials = { [CREDENTIAL_TYPE]: EXAMPLE_CREDENTIAL };
	return {
		id: 'FiskalyTriggerMarks',
		name: 'Mark every finished receipt',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Receipt Finished',
				type: TRIGGER_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					event: 'transactionEnded',
					scope: 'tss',
					tss: { __rl: true, mode: 'id', value: tssId },
					transactionStates: ['FINISHED'],
				},
				credentials,
			},
			{
				id: randomUUID(),
				name: 'Mark Receipt',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'transaction',
					operation: 'updateMetadata',
					tss: { __rl: true, mode: 'id', value: '={{ $json.tss_id }}' },
					transactionId: '={{ $json._id }}',
					metadata: { entries: [{ key: 'seen_by', value: 'trigger' }] },
				},
				credentials,
			},
		],
		connections: {
			'Receipt Finished': { main: [[{ node: 'Mark Receipt', type: 'main', index: 0 }]] },
		},
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` once a second until it returns something, or fails after `timeoutMs`. */
async function eventually<T>(
	what: string,
	timeoutMs: number,
	check: () => Promise<T | undefined>,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await check();
		if (found !== undefined) return found;
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
		await sleep(1000);
	}
}

/** A shop order with three VAT rates and two payments (the totals are checked below). */
const ORDER = {
	order_id: 'A-1001',
	line_items: [
		{ text: 'Coffee beans 1 kg', quantity: 2, price_per_unit: '14.90', vat_rate: 7 },
		// A decimal comma, as the node's own amount fields take it.
		{ text: 'Espresso cup', quantity: 1, price_per_unit: '9,95', vat_rate: '19%' },
		{ text: 'Gift voucher', quantity: 1, price_per_unit: '0.10', vat_rate: 'NULL' },
	],
	payments: [
		{ payment_type: 'NON_CASH', amount: '30.00' },
		{ payment_type: 'CASH', amount: '9.85' },
	],
};

/**
 * A webhook node in place of a workflow's manual trigger (a manual run needs the editor): a POST to
 * `path` runs the workflow and answers with the last node's first binary in `binaryField`.
 */
function webhookInPlaceOf(node: WorkflowNode, path: string, binaryField: string): WorkflowNode {
	return {
		...node,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'firstEntryBinary',
			responseBinaryPropertyName: binaryField,
			options: {},
		},
	};
}

const DAILY_CLOSING_PATH = 'daily-closing-run';

/**
 * The daily-closing example for a test run: its manual trigger replaced by a webhook that answers
 * with the downloaded export (a manual run needs the editor), the dates of the Dates node fixed,
 * the monthly export due, and the sales table picked.
 */
function dailyClosingRunByWebhook(tableId: string, dates: Record<string, string>): WorkflowFile {
	const example = withDataTable(loadExample('dailyClosing'), tableId);
	const nodes = example.nodes.map((node) => {
		if (node.name === 'Run Now')
			return webhookInPlaceOf(node, DAILY_CLOSING_PATH, 'dsfinvk_export');
		if (node.name !== 'Dates') return node;
		const fixed: Record<string, unknown> = { ...dates, export_due: true };
		const { assignments } = node.parameters.assignments as { assignments: Json[] };
		const parameters = {
			...node.parameters,
			assignments: {
				assignments: assignments.map((entry) => ({ ...entry, value: fixed[entry.name] })),
			},
		};
		return { ...node, parameters };
	});
	return { ...example, nodes };
}

/**
 * The bytes of a binary a webhook answered with. n8n 1.x sends a binary held in memory with
 * `res.json` (WebhookRequestHandler.sendStaticResponse), so the body is the JSON of a Node.js Buffer,
 * `{"type":"Buffer","data":[…]}`; n8n 2.x sends the bytes themselves.
 */
function bytesOfWebhookBinary(body: Buffer): Buffer {
	if (!body.subarray(0, 16).toString('latin1').startsWith('{"type":"Buffer"')) return body;
	const { data } = JSON.parse(body.toString('utf8')) as { data: number[] };
	return Buffer.from(data);
}

const NOTIFY_TAX_OFFICE_PATH = 'notify-tax-office-run';

/**
 * The notify-tax-office example for a test run: its manual trigger replaced by a webhook that answers
 * with the ELSTER receipt, and without the SIGN DE trigger (its polling would start runs of its own).
 */
function notifyTaxOfficeRunByWebhook(): WorkflowFile {
	const example = loadExample('notifyTaxOffice');
	const nodes = example.nodes
		.filter((node) => node.name !== 'TSS State Changed')
		.map((node) =>
			node.name === 'Run Now'
				? webhookInPlaceOf(node, NOTIFY_TAX_OFFICE_PATH, 'elster_receipt')
				: node,
		);
	// The polling trigger is left out, so it cannot start runs of its own during the test.
	const connections = { ...(example.connections as Json) };
	delete connections['TSS State Changed'];
	return { ...example, nodes, connections };
}

export function describeRealN8n(version: N8nVersion): void {
	describe(`real n8n ${version}: the packed package in n8n's community-package folder`, () => {
		let simulator: RunningSimulator;
		let n8n: RealN8n;
		let api: SimulatorClient;
		/** Shifts the simulator's clock, to create transactions that started hours ago. */
		let clockOffsetMs = 0;
		/** The register the first-receipt example set up; later tests sign with it. */
		let register: CashRegister | undefined;
		/** The receipt sign-first-receipt signed (not a shop order, so the shop did not record it). */
		let firstReceiptId: string | undefined;
		/** The n8n data table the shop example records its signed sales in. */
		let salesTableId: string | undefined;
		let server: RunningN8n | undefined;

		const access = () => simulatorAccess(simulator);
		const needRegister = (): CashRegister => {
			if (!register) throw new Error('the first-receipt test did not set up a register');
			return register;
		};
		const startServer = async (): Promise<RunningN8n> => {
			if (!server) {
				server = await n8n.start();
				await server.setUpOwner(DEMO_OWNER);
			}
			return server;
		};

		/** Posts a shop order to the activated shop-order example; the answer must be JSON. */
		const postOrder = async (body: unknown): Promise<{ status: number; body: Json }> => {
			if (!server) throw new Error('n8n is not running');
			const response = await fetch(`${server.baseUrl}/webhook/shop-order`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			const text = await response.text();
			try {
				return { status: response.status, body: JSON.parse(text) as Json };
			} catch {
				throw new Error(`the webhook answered ${response.status} without JSON: ${text}`);
			}
		};

		beforeAll(async () => {
			simulator = await startSimulator({ port: 0, clock: () => Date.now() + clockOffsetMs });
			api = new SimulatorClient(simulator.url);
			const auth = await api.call('POST', '/auth', {
				body: { api_key: simulator.apiKey, api_secret: simulator.apiSecret },
			});
			api.token = auth.body.access_token;
			n8n = await withPackedPackage({ build: false, progress: defaultProgress }, (tarball) =>
				RealN8n.create({
					version,
					tarball,
					progress: defaultProgress,
					// 1.x keeps binary data in memory by default, and its webhook then answers a binary
					// ("firstEntryBinary", the daily closing's export) with res.json(Buffer), not the
					// bytes; from the filesystem it streams them, as 2.x does by default.
					environment: version.startsWith('1.')
						? { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' }
						: {},
				}),
			);
			await n8n.importCredentials([exampleCredential(access())]);
			await n8n.importWorkflows([
				loadExample('signFirstReceipt'),
				loadExample('nightlyHousekeeping'),
			]);
		}, SETUP_TIMEOUT_MS);

		afterAll(async () => {
			await n8n?.dispose();
			await simulator?.close();
		});

		test(
			'sign-first-receipt sets up a TSS and a client and signs a receipt whose signature verifies',
			async () => {
				const run = succeeded(await n8n.execute('FiskalyFirstReceipt'));

				const [tss] = nodeOutput(run, 'Set Up TSS');
				expect(tss.state).toBe('INITIALIZED');
				expect(tss.admin_pin).toEqual(expect.any(String));
				const [client] = nodeOutput(run, 'Create Client');
				expect(client).toMatchObject({
					state: 'REGISTERED',
					serial_number: 'Kasse 1',
					tss_id: tss._id,
				});

				const [transaction] = nodeOutput(run, 'Sign Receipt');
				expect(transaction).toMatchObject({
					state: 'FINISHED',
					tss_id: tss._id,
					client_id: client._id,
					number: 1,
					revision: 2,
				});
				expect(transaction.schema).toMatchObject({
					standard_v1: {
						receipt: {
							receipt_type: 'RECEIPT',
							amounts_per_vat_rate: [
								{ vat_rate: 'NORMAL', amount: '19.99' },
								{ vat_rate: 'REDUCED_1', amount: '7.00' },
							],
						},
					},
				});
				expectValidlySigned(transaction);
				expect(transaction.receipt).toMatchObject({
					qr_code_data: transaction.qr_code_data,
					transaction_number: 1,
				});
				expect(qrFields(String(transaction.qr_code_data)).processData).toBe(
					'Beleg^19.99_7.00_0.00_0.00_0.00^26.99:Bar',
				);

				// Revision 1 (Start) and 2 (Finish), both signed, as fiskaly keeps them.
				const started = await api.call('GET', `/tss/${tss._id}/tx/${transaction._id}`, {
					query: { tx_revision: 1 },
				});
				expect(started.body).toMatchObject({ state: 'ACTIVE', revision: 1, latest_revision: 2 });
				register = { tssId: String(tss._id), clientId: String(client._id) };
				firstReceiptId = String(transaction._id);
			},
			STEP_TIMEOUT_MS,
		);

		test(
			'two executions in a row authenticate once: n8n stores the access token with the credential',
			async () => {
				// Re-importing the credential drops any token an earlier test left in it.
				await n8n.importCredentials([exampleCredential(access())]);
				const { tssId } = needRegister();
				await n8n.importWorkflows([
					manualWorkflow('FiskalyGetTss', 'Get a TSS', {
						resource: 'tss',
						operation: 'get',
						tss: { __rl: true, mode: 'id', value: tssId },
					}),
				]);
				const before = await simulatorStats(simulator);
				for (let run = 0; run < 2; run++) {
					const [tss] = nodeOutput(succeeded(await n8n.execute('FiskalyGetTss')), 'Fiskaly');
					expect(tss._id).toBe(tssId);
				}
				const after = await simulatorStats(simulator);
				for (const api of ['signDe', 'dsfinvk', 'submitDe'])
					expect(after.authByApi[api] - before.authByApi[api]).toBe(1);
			},
			STEP_TIMEOUT_MS,
		);

		test(
			"a fiskaly error fails the execution with fiskaly's message",
			async () => {
				const missingTss = randomUUID();
				await n8n.importWorkflows([
					manualWorkflow('FiskalyMissingTss', 'Sign for a TSS that does not exist', {
						resource: 'transaction',
						operation: 'signReceipt',
						tss: { __rl: true, mode: 'id', value: missingTss },
						client: { __rl: true, mode: 'id', value: randomUUID() },
						schemaType: 'receipt',
						amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount: '5.00' }] },
					}),
				]);
				const fiskalyAnswer = await api.call('GET', `/tss/${missingTss}`);
				expect(fiskalyAnswer.status).toBe(404);

				const execution = await n8n.execute('FiskalyMissingTss');
				expect(execution.run?.status).toBe('error');
				expect(executionSucceeded(execution.run)).toBe(false);
				const error = execution.run?.data.resultData.error;
				expect(error?.node?.name).toBe('Fiskaly');
				expect(`${error?.message} ${error?.description}`).toContain(fiskalyAnswer.body.message);
			},
			STEP_TIMEOUT_MS,
		);

		test(
			'nightly-housekeeping cancels ACTIVE transactions older than 12 hours and downloads the day as a TAR export',
			async () => {
				const { tssId, clientId } = needRegister();
				const open = async (id: string) =>
					api.call('PUT', `/tss/${tssId}/tx/${id}`, {
						query: { tx_revision: 1 },
						body: { state: 'ACTIVE', client_id: clientId },
					});
				const stale = randomUUID();
				const fresh = randomUUID();
				clockOffsetMs = -13 * 3600_000;
				try {
					expect((await open(stale)).status).toBe(200);
				} finally {
					clockOffsetMs = 0;
				}
				expect((await open(fresh)).status).toBe(200);

				const run = succeeded(await n8n.execute('FiskalyHousekeeping'));
				const [housekeeping] = nodeOutput(run, 'Cancel Stale Transactions');
				expect(housekeeping).toMatchObject({ tss_id: tssId, cancelled_count: 1 });
				expect((housekeeping.cancelled as Json[]).map((tx) => tx._id)).toEqual([stale]);
				expect((await api.call('GET', `/tss/${tssId}/tx/${stale}`)).body).toMatchObject({
					state: 'CANCELLED',
					latest_revision: 2,
				});
				expect((await api.call('GET', `/tss/${tssId}/tx/${fresh}`)).body.state).toBe('ACTIVE');

				// The export of the last 24 hours: a real TAR with the TSS's signed logs in it.
				const [download] = nodeBinaryOutput(run, 'Download Export');
				expect(download.export).toMatchObject({ mimeType: 'application/x-tar' });
				const files = readTar(n8n.readBinary(download.export));
				const names = files.map((file) => file.name);
				expect(names).toContain('info.csv');
				expect(files.every((file) => file.magic === 'ustar')).toBe(true);
				// Start and cancel of the stale transaction are among the signed transaction logs.
				expect(names.filter((name) => name.includes('_Log-Tra_')).length).toBeGreaterThanOrEqual(2);
			},
			STEP_TIMEOUT_MS,
		);

		test(
			'shop-order-to-receipt answers a real webhook POST with the signed receipt and its QR code, and 400 for an order it cannot read',
			async () => {
				// The data table is made in the running n8n, so the workflow is switched on there too.
				const running = await startServer();
				salesTableId = await createSalesTable(running);
				const workflow = withDataTable(
					withCashRegister(loadExample('shopOrderToReceipt'), needRegister()),
					salesTableId,
				);
				await n8n.importWorkflows([workflow]);
				await activateOnServer(running, workflow.id);
				await running.waitForWebhook('shop-order');

				const accepted = await postOrder(ORDER);
				expect(accepted).toMatchObject({ status: 200 });
				const answer = accepted.body as { order_id: string; receipt: Json };
				expect(answer.order_id).toBe('A-1001');
				const { receipt } = answer;
				expect(receipt).toMatchObject({
					client_serial_number: 'Kasse 1',
					signature_algorithm: 'ecdsa-plain-SHA256',
				});

				// Totals per VAT rate (19 %, 7 %, 10.7 %, 5.5 %, 0 %) and per payment, exactly.
				const qr = qrFields(String(receipt.qr_code_data));
				expect(qr).toMatchObject({
					version: 'V0',
					processType: 'Kassenbeleg-V1',
					processData: 'Beleg^9.95_29.80_0.00_0.00_0.10^9.85:Bar_30.00:Unbar',
				});
				expect(qr.signature).toBe(receipt.signature);

				// The signature verifies over the log message rebuilt from the receipt alone.
				const dtbs = transactionDtbs({
					operationType: 'FinishTransaction',
					clientSerialNumber: qr.clientSerial,
					processData: Buffer.from(qr.processData, 'utf8'),
					processType: qr.processType,
					transactionNumber: Number(qr.number),
					tssSerialNumberHex: String(receipt.tss_serial_number),
					signatureCounter: Number(qr.counter),
					logTimeUnix: Date.parse(qr.end) / 1000,
				});
				expect(
					verifyPlainSignature(String(receipt.public_key), dtbs, String(receipt.signature)),
				).toBe(true);

				// An order the workflow cannot read is refused with 400, the reason and the fix, before
				// any signing: Sign Receipt reads the lines and sends its refusal to the error output.
				const rejected = await postOrder({
					...ORDER,
					order_id: 'A-1001-rejected',
					line_items: [{ text: 'Tea', quantity: 1, price_per_unit: '3.50', vat_rate: 20 }],
				});
				expect(rejected.status).toBe(400);
				expect(rejected.body.reason).toMatch(
					/^Line Items › line 0 › vat_rate: 20 % is no German VAT rate on \d{4}-\d\d-\d\d$/,
				);
				expect(rejected.body.fix).toMatch(/custom VAT definition/);
				const badAmount = await postOrder({
					...ORDER,
					line_items: [{ text: 'Tea', quantity: 1, price_per_unit: '3.505', vat_rate: 7 }],
				});
				expect(badAmount.status).toBe(400);
				expect(badAmount.body.reason).toMatch(/^Line Items › line 0 › price_per_unit: "3.505"/);
				const noOrderId = await postOrder({ ...ORDER, order_id: undefined });
				expect(noOrderId).toMatchObject({
					status: 400,
					body: { reason: 'Reference: is empty' },
				});
				expect(noOrderId.body.fix).toMatch(/order number/);
				const unpaid = await postOrder({
					...ORDER,
					payments: [{ payment_type: 'NON_CASH', amount: '30.00' }],
				});
				expect(unpaid.status).toBe(400);
				expect(unpaid.body.reason).toBe(
					'Payments: add up to 30.00, but the line items total 39.85',
				);
				// None of the refused orders reached fiskaly.
				expect(await transactionsOfOrder('A-1001-rejected')).toEqual([]);
			},
			STEP_TIMEOUT_MS,
		);

		// The node's continueOnFail items carry item.error, so n8n routes them to the error output
		// ("On Error: Continue (using error output)") and the shop gets 502, not 200 with an error inside.
		test(
			"shop-order-to-receipt answers 502 with fiskaly's message when fiskaly refuses to sign",
			async () => {
				await (await startServer()).waitForWebhook('shop-order');
				const fault = await fetch(`${simulator.controlUrl}/faults`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						match: { method: 'PUT', path: '/tss/*/tx/*' },
						count: 1,
						fault: {
							type: 'status',
							status: 400,
							code: 'E_TSS_NOT_INITIALIZED',
							message: 'The TSS is not initialized',
						},
					}),
				});
				expect({ status: fault.status, body: await fault.text() }).toMatchObject({ status: 201 });
				const refused = await postOrder({ ...ORDER, order_id: 'A-1002' });
				expect(refused.status).toBe(502);
				expect(`${refused.body.reason} ${refused.body.details}`).toContain(
					'The TSS is not initialized',
				);
			},
			STEP_TIMEOUT_MS,
		);

		/** Makes the next `count` requests matching `match` fail as `fault` (simulator control API). */
		const injectFault = async (match: Json, fault: Json, count = 1): Promise<void> => {
			const response = await fetch(`${simulator.controlUrl}/faults`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ match, fault, count }),
			});
			expect(response.status).toBe(201);
		};

		/** The transactions of the TSS whose metadata names the order. */
		const transactionsOfOrder = async (reference: string): Promise<Json[]> => {
			const { tssId } = needRegister();
			const all: Json[] = [];
			for (let offset = 0; ; offset += 100) {
				const page = await api.call('GET', `/tss/${tssId}/tx?limit=100&offset=${offset}`);
				all.push(...(page.body.data as Json[]));
				if (page.body.data.length < 100) break;
			}
			return all.filter((tx) => tx.metadata?.reference === reference);
		};

		/** Finish logs per transaction number in a TAR export of the whole TSS. */
		const finishLogsPerTransaction = async (tssId: string): Promise<Map<number, number>> => {
			const exportId = randomUUID();
			await api.call('PUT', `/tss/${tssId}/export/${exportId}`, { body: {} });
			const file = await eventually('the export file', 60_000, async () => {
				const reply = await api.raw('GET', `/tss/${tssId}/export/${exportId}/file`);
				return reply.status === 200 ? reply.raw : undefined;
			});
			const counts = new Map<number, number>();
			for (const entry of readTar(file)) {
				if (!entry.name.endsWith('.log')) continue;
				const log = parseLogMessage(entry.data);
				if (log.operationType !== 'FinishTransaction') continue;
				const number = Number(log.transactionNumber);
				counts.set(number, (counts.get(number) ?? 0) + 1);
			}
			return counts;
		};

		test(
			'shop-order-to-receipt signs an order once however often the shop posts it: 1, 2, 5 and 20 times, one after another and at once, with answers lost after commit',
			async () => {
				await (await startServer()).waitForWebhook('shop-order');
				const { tssId } = needRegister();
				const signedNumbers: number[] = [];
				for (const times of [1, 2, 5, 20]) {
					for (const mode of ['sequential', 'concurrent']) {
						const reference = `R-${mode}-${times}`;
						// Every answer of fiskaly to this order's first two writes is lost after the commit.
						await injectFault(
							{ method: 'PUT', path: `/tss/*/tx/${derivedTransactionId(tssId, reference)}` },
							{ type: 'drop', when: 'after' },
							2,
						);
						const post = () => postOrder({ ...ORDER, order_id: reference });
						const answers =
							mode === 'sequential'
								? await Array.from({ length: times }).reduce<
										Promise<Array<{ status: number; body: Json }>>
									>(async (done) => [...(await done), await post()], Promise.resolve([]))
								: await Promise.all(Array.from({ length: times }, post));
						for (const answer of answers)
							expect(answer).toMatchObject({ status: 200, body: { order_id: reference } });
						expect(new Set(answers.map((answer) => answer.body.receipt.signature)).size).toBe(1);
						expect(answers[0].body.receipt).toMatchObject({ reference, tse_failure: false });
						const stored = await transactionsOfOrder(reference);
						expect(stored.map((tx) => tx.state)).toEqual(['FINISHED']);
						expect(stored[0]._id).toBe(derivedTransactionId(tssId, reference));
						signedNumbers.push(stored[0].number);
					}
				}
				// The TSS's own record, read back by export: one Finish log per order.
				const finishes = await finishLogsPerTransaction(tssId);
				for (const number of signedNumbers) expect(finishes.get(number)).toBe(1);
			},
			TRIGGER_STEP_TIMEOUT_MS,
		);

		test(
			'shop-order-to-receipt aborts a sale that failed after its start in the same execution, answers 502 saying so, and signs the order when it is posted again',
			async () => {
				await (await startServer()).waitForWebhook('shop-order');
				const { tssId } = needRegister();
				const reference = 'R-fails-at-finish';
				await injectFault(
					{
						method: 'PUT',
						path: `/tss/*/tx/${derivedTransactionId(tssId, reference)}`,
						query: 'tx_revision=2',
					},
					{
						type: 'status',
						status: 400,
						code: 'E_FAILED_SCHEMA_VALIDATION',
						message: 'The finish was refused',
					},
				);
				const failed = await postOrder({ ...ORDER, order_id: reference });
				expect(failed).toMatchObject({
					status: 502,
					body: {
						order_id: reference,
						code: 'E_FAILED_SCHEMA_VALIDATION',
						transaction_cancelled: true,
					},
				});
				expect(failed.body.reason).toContain('The finish was refused');
				const [aborted] = await transactionsOfOrder(reference);
				expect(aborted.state).toBe('CANCELLED');
				expect(Buffer.from(aborted.schema.raw.process_data, 'base64').toString('utf8')).toBe(
					'AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^',
				);

				const retried = await postOrder({ ...ORDER, order_id: reference });
				expect(retried.status).toBe(200);
				const states = (await transactionsOfOrder(reference))
					.map((tx) => `${tx._id} ${tx.state}`)
					.sort();
				expect(states).toEqual(
					[
						`${derivedTransactionId(tssId, reference)} CANCELLED`,
						`${derivedTransactionId(tssId, reference, 2)} FINISHED`,
					].sort(),
				);
			},
			STEP_TIMEOUT_MS,
		);

		test(
			'shop-order-to-receipt keeps selling when the TSE is down: the answer is a receipt that states the TSE failure',
			async () => {
				await (await startServer()).waitForWebhook('shop-order');
				const { tssId } = needRegister();
				const reference = 'R-tse-down';
				await injectFault(
					{ method: 'PUT', path: `/tss/*/tx/${derivedTransactionId(tssId, reference)}` },
					{ type: 'status', status: 503 },
					8,
				);
				const answer = await postOrder({ ...ORDER, order_id: reference });
				expect(answer.status).toBe(200);
				expect(answer.body.receipt).toMatchObject({
					tse_failure: true,
					reference,
					signature: null,
				});
				expect(answer.body.receipt.tse_failure_reason).toMatch(/503/);
				expect(answer.body.receipt.warnings[0]).toMatch(/TSE ausgefallen/);
			},
			STEP_TIMEOUT_MS,
		);

		// n8n 1.x on SQLite without DB_SQLITE_POOL_SIZE failed about one write in five here, and every
		// lone write after that (SQLITE_ERROR near "-", see sqlitePoolSize in versions.ts).
		test(
			'the data table takes 100 writes, 20 at a time, as n8n is set up here (README: the daily closing on n8n 1.x)',
			async () => {
				const running = await startServer();
				const tableId = await createDataTable(running, 'Concurrent Writes', ['writer']);
				for (let round = 0; round < 5; round++) {
					const writes = Array.from({ length: 20 }, (_, writer) =>
						insertRows(running, tableId, [{ writer: `${round}/${writer}` }]),
					);
					const failed = (await Promise.allSettled(writes)).filter(
						(write) => write.status === 'rejected',
					);
					expect(failed.map((write) => String(write.reason).split(',"stacktrace"')[0])).toEqual([]);
				}
				expect(await countRows(running, tableId)).toBe(100);
			},
			STEP_TIMEOUT_MS,
		);

		test(
			'daily-closing closes the day of the signed sales the shop recorded, once however often it runs, and downloads the DSFinV-K export as binary',
			async () => {
				const running = await startServer();
				const { tssId, clientId } = needRegister();
				if (!salesTableId || !firstReceiptId) throw new Error('the shop test did not record sales');
				const businessDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
					new Date(),
				);

				// sign-first-receipt's sale, kept the way the shop keeps its own.
				await insertSalesRows(running, salesTableId, [
					{
						business_date: businessDate,
						client_id: clientId,
						tss_id: tssId,
						transaction_id: firstReceiptId,
						order_id: 'first-receipt',
						line_items: JSON.stringify([
							{ text: 'Item at 19 %', quantity: 1, price_per_unit: '19.99', vat_rate: 19 },
							{ text: 'Item at 7 %', quantity: 1, price_per_unit: '7.00', vat_rate: 7 },
						]),
						tse_failure: 'false',
					},
				]);
				// Every sale the TSS finished for the register: the shop's orders and the first receipt.
				const signed = new Set<string>();
				for (let offset = 0; ; offset += 100) {
					const page = await api.call('GET', `/tss/${tssId}/tx?limit=100&offset=${offset}`);
					for (const tx of page.body.data as Json[])
						if (tx.state === 'FINISHED' && tx.client_id === clientId) signed.add(String(tx._id));
					if (page.body.data.length < 100) break;
				}

				const dsfinvk = new SimulatorClient(simulator.urls.dsfinvk, simulator);
				const auth = await dsfinvk.raw('POST', '/auth', {
					body: { api_key: simulator.apiKey, api_secret: simulator.apiSecret },
					token: null,
				});
				dsfinvk.token = auth.body.access_token;
				const registered = await dsfinvk.raw('PUT', `/cash_registers/${clientId}`, {
					body: {
						cash_register_type: { type: 'MASTER', tss_id: tssId },
						brand: 'n8n',
						model: 'Shop',
						software: { brand: 'n8n-nodes-fiskaly-sign-de' },
						base_currency_code: 'EUR',
					},
				});
				expect(registered.status).toBe(200);

				// Run by a webhook in place of "Run Now", for today and with the monthly export due.
				const workflow = dailyClosingRunByWebhook(salesTableId, {
					business_date: businessDate,
					export_start: new Date(Date.now() - 3_600_000).toISOString(),
					export_end: new Date(Date.now() + 3_600_000).toISOString(),
				});
				await n8n.importWorkflows([workflow]);
				await activateOnServer(running, workflow.id);
				await running.waitForWebhook(DAILY_CLOSING_PATH);
				const run = async (): Promise<Buffer> => {
					const response = await fetch(`${running.baseUrl}/webhook/${DAILY_CLOSING_PATH}`, {
						method: 'POST',
					});
					const body = Buffer.from(await response.arrayBuffer());
					if (response.status !== 200)
						throw new Error(`daily closing: HTTP ${response.status} ${body.toString('utf8')}`);
					return body;
				};

				const archive = await run();
				const closings = async () =>
					(await dsfinvk.raw('GET', '/cash_point_closings', { query: { limit: 100 } })).body
						.data as Json[];
				const [closing, ...more] = await closings();
				expect(more).toEqual([]);
				expect(closing).toMatchObject({
					state: 'COMPLETED',
					client_id: clientId,
					business_date: businessDate,
				});
				const details = (
					await dsfinvk.raw('GET', `/cash_point_closings/${closing.closing_id}/details`)
				).body as Json;
				const closed = (details.cash_point_closing.transactions as Json[]).map(
					(tx) => tx.security.tss_tx_id,
				);
				expect(closed.sort()).toEqual([...signed].sort());
				// The shop's lines went into the closing as recorded.
				const shopOrder = (details.cash_point_closing.transactions as Json[]).find(
					(tx) => tx.security.tss_tx_id === derivedTransactionId(tssId, 'A-1001'),
				);
				for (const text of ['Coffee beans 1 kg', 'Espresso cup', 'Gift voucher'])
					expect(JSON.stringify(shopOrder)).toContain(text);

				// The previous month's export, downloaded as a DSFinV-K TAR with its index.
				const names = readTar(archive).map((entry) => entry.name);
				expect(names).toContain('index.xml');
				expect(names.filter((name) => name.endsWith('.csv')).length).toBe(20);

				// Run again: the stored closing and the same export, nothing new.
				expect(readTar(await run()).map((entry) => entry.name)).toEqual(names);
				expect((await closings()).map((stored) => stored.closing_id)).toEqual([closing.closing_id]);
				const exports = (await dsfinvk.raw('GET', '/exports', { query: { limit: 100 } })).body
					.data as Json[];
				expect(exports.map((exported) => exported.state)).toEqual(['COMPLETED']);
			},
			STEP_TIMEOUT_MS,
		);

		test(
			"notify-tax-office notifies the tax office of the establishment's registers once however often it runs, and outputs the ELSTER receipt PDF",
			async () => {
				const running = await startServer();
				const submit = new SimulatorClient(simulator.urls.submitDe, simulator);
				const auth = await submit.raw('POST', '/auth', {
					body: { api_key: simulator.apiKey, api_secret: simulator.apiSecret },
					token: null,
				});
				submit.token = auth.body.access_token;
				const put = async (path: string, body: unknown) => {
					const reply = await submit.raw('PUT', path, { body });
					if (reply.status !== 200)
						throw new Error(`PUT ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
				};
				// A taxpayer, one establishment and two registers of a new TSS linked to it.
				await put('/taxpayer', legalTaxpayer());
				const establishmentId = randomUUID();
				await put(`/establishment/${establishmentId}`, establishmentBody());
				const { tssId, clientIds } = await api.initializedTss(2);
				for (const clientId of clientIds)
					await put(
						`/sign-de-v2/tss/${tssId}/client/${clientId}/additional_data`,
						clientData(establishmentId),
					);

				const workflow = notifyTaxOfficeRunByWebhook();
				await n8n.importWorkflows([workflow]);
				await activateOnServer(running, workflow.id);
				await running.waitForWebhook(NOTIFY_TAX_OFFICE_PATH);
				const run = async (): Promise<Buffer> => {
					const response = await fetch(`${running.baseUrl}/webhook/${NOTIFY_TAX_OFFICE_PATH}`, {
						method: 'POST',
					});
					const body = Buffer.from(await response.arrayBuffer());
					if (response.status !== 200)
						throw new Error(`notify tax office: HTTP ${response.status} ${body.toString('utf8')}`);
					expect(response.headers.get('content-type')).toMatch(/application\/pdf/);
					return bytesOfWebhookBinary(body);
				};
				const submissions = async () =>
					((await submit.raw('GET', '/submission')).body.results as Json[]).filter(
						(submission) => submission.establishment_id === establishmentId,
					);

				const receipt = await run();
				const [submission, ...more] = await submissions();
				expect(more).toEqual([]);
				expect(submission.state).toBe('TRANSMISSION_SUCCEEDED');
				// The PDF the workflow kept is the ELSTER receipt fiskaly holds for the submission.
				const stored = await submit.raw('GET', `/submission/${submission.id}/transmission/pdf`);
				expect(receipt.subarray(0, 300).toString('latin1')).toMatch(/^%PDF-/);
				expect(receipt.equals(stored.raw)).toBe(true);

				// Run again: the same submission and receipt, nothing transmitted anew.
				expect((await run()).equals(receipt)).toBe(true);
				expect(await submissions()).toEqual([submission]);
			},
			STEP_TIMEOUT_MS,
		);

		test(
			"the credential test in n8n's editor API passes with the right key and fails clearly with a wrong one",
			async () => {
				const running = await startServer();
				const testCredential = (apiSecret: string) =>
					running.rest<{ status: string; message: string }>('POST', '/credentials/test', {
						credentials: {
							id: EXAMPLE_CREDENTIAL.id,
							name: EXAMPLE_CREDENTIAL.name,
							type: CREDENTIAL_TYPE,
							data: { ...exampleCredential(access()).data, apiSecret },
						},
					});
				expect(await testCredential(simulator.apiSecret)).toMatchObject({ status: 'OK' });
				const wrong = await testCredential('not-the-secret');
				expect(wrong.status).toBe('Error');
				expect(wrong.message).toMatch(/fiskaly did not accept the API key and secret/);
				expect(wrong.message).not.toContain('not-the-secret');
			},
			STEP_TIMEOUT_MS,
		);

		test(
			'the trigger, active under n8n start, runs the workflow for a receipt finished after activation and not for older ones',
			async () => {
				const { tssId, clientId } = needRegister();
				// n8n registers polling triggers when it starts: activate, then start it again.
				await server?.stop();
				server = undefined;
				await n8n.importWorkflows([receiptMarkerWorkflow(tssId)]);
				await n8n.activateWorkflow('FiskalyTriggerMarks');
				await fetch(`${simulator.controlUrl}/requests`, { method: 'DELETE' });
				server = await n8n.start();

				// On activation n8n polls once; the trigger notes where the list stands and emits nothing.
				const listPath = new URL(`${simulator.url}/tss/${tssId}/tx`).pathname;
				await eventually('the activation poll', 60_000, async () => {
					const log = (await (await fetch(`${simulator.controlUrl}/requests`)).json()) as {
						data: Array<{ method: string; path: string }>;
					};
					return log.data.find((request) => request.method === 'GET' && request.path === listPath);
				});

				const transactionId = randomUUID();
				const txPath = `/tss/${tssId}/tx/${transactionId}`;
				const body = { state: 'ACTIVE', client_id: clientId };
				expect((await api.call('PUT', txPath, { query: { tx_revision: 1 }, body })).status).toBe(
					200,
				);
				const finish = {
					...body,
					state: 'FINISHED',
					schema: {
						standard_v1: {
							receipt: {
								receipt_type: 'RECEIPT',
								amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '4.20' }],
								amounts_per_payment_type: [{ payment_type: 'CASH', amount: '4.20' }],
							},
						},
					},
				};
				expect(
					(await api.call('PUT', txPath, { query: { tx_revision: 2 }, body: finish })).status,
				).toBe(200);

				// The next poll (n8n polls on the minute) hands it to the workflow, which marks it.
				const marked = await eventually('the trigger marking the new receipt', 90_000, async () => {
					const transaction = (await api.call('GET', txPath)).body;
					return transaction.metadata?.seen_by === 'trigger' ? transaction : undefined;
				});
				expect(marked).toMatchObject({ _id: transactionId, state: 'FINISHED' });
				const all = (await api.call('GET', `/tss/${tssId}/tx`, { query: { limit: 100 } })).body
					.data as Json[];
				expect(all.length).toBeGreaterThan(1);
				const markedIds = all
					.filter((tx) => tx.metadata?.seen_by === 'trigger')
					.map((tx) => tx._id);
				expect(markedIds).toEqual([transactionId]);
			},
			TRIGGER_STEP_TIMEOUT_MS,
		);
	});
}
