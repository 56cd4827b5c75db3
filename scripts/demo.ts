/**
 * `npm run demo`: signs a receipt in a real n8n that loads this package from its tarball.
 *
 *   npm run demo            run examples/sign-first-receipt.json once with the n8n CLI, print the receipt
 *   npm run demo -- --ui    the same, then keep n8n running on http://127.0.0.1:5678 until Ctrl-C
 *
 * Signs against the bundled simulator, or against the server named by FISKALY_BASE_URL,
 * FISKALY_API_KEY and FISKALY_API_SECRET when all three are set (e.g. fiskaly's TEST environment).
 * Everything it starts is stopped on success, on failure and on Ctrl-C.
 */
import { startSimulator } from '../simulator';
import {
	EXAMPLE_CREDENTIAL,
	exampleCredential,
	loadExample,
	simulatorAccess,
	withCashRegister,
	type CashRegister,
	type FiskalyAccess,
} from './real-n8n/examples';
import {
	DEMO_OWNER,
	executionSucceeded,
	nodeOutput,
	RealN8n,
	type CliExecution,
} from './real-n8n/n8n';
import { withPackedPackage } from './real-n8n/pack';
import { onTeardown, runTeardowns, stopOnSignals, whenStopRequested } from './real-n8n/processes';
import { DEFAULT_N8N_VERSION } from './real-n8n/versions';

const UI_PORT = 5678;
const USAGE = `Usage: npm run demo [-- --ui]
  --ui     keep n8n running on http://127.0.0.1:${UI_PORT} with the examples loaded, until Ctrl-C
Set FISKALY_BASE_URL, FISKALY_API_KEY and FISKALY_API_SECRET to sign against that server instead of the simulator.`;

const started = Date.now();
const say = (line: string) => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`▸ ${line}`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

function parseArguments(argv: string[]): { ui: boolean } {
	let ui = false;
	for (const argument of argv) {
		if (argument === '--ui') ui = true;
		else if (argument === '--help' || argument === '-h') {
			say(USAGE);
			process.exit(0);
		} else {
			process.stderr.write(`unknown option ${argument}\n${USAGE}\n`);
			process.exit(2);
		}
	}
	return { ui };
}

/** A fiskaly server from the environment (all three variables), or undefined for the simulator. */
function accessFromEnvironment(): FiskalyAccess | undefined {
	const names = ['FISKALY_BASE_URL', 'FISKALY_API_KEY', 'FISKALY_API_SECRET'] as const;
	const set = names.filter((name) => (process.env[name] ?? '') !== '');
	if (set.length === 0) return undefined;
	if (set.length < names.length) {
		const missing = names.filter((name) => !set.includes(name));
		throw new Error(
			`${missing.join(' and ')} not set: set all three of ${names.join(', ')}, or none to use the simulator`,
		);
	}
	return {
		baseUrl: process.env.FISKALY_BASE_URL as string,
		apiKey: process.env.FISKALY_API_KEY as string,
		apiSecret: process.env.FISKALY_API_SECRET as string,
	};
}

/** The server from the environment, or a simulator started for this run. */
async function fiskalyAccess(
	fromEnvironment: FiskalyAccess | undefined,
): Promise<{ access: FiskalyAccess; label: string }> {
	if (fromEnvironment) return { access: fromEnvironment, label: fromEnvironment.baseUrl };
	const simulator = await startSimulator({ port: 0 });
	onTeardown(() => simulator.close());
	return {
		access: simulatorAccess(simulator),
		label: `the simulator at ${simulator.url}`,
	};
}

function explainFailure(execution: CliExecution): string {
	const error = execution.run?.data.resultData.error;
	if (error) {
		const where = error.node?.name ? ` in "${error.node.name}"` : '';
		return [
			`The workflow failed${where}: ${error.message ?? 'unknown error'}`,
			error.description ?? '',
		]
			.filter(Boolean)
			.join('\n');
	}
	const output = `${execution.stdout}\n${execution.stderr}`
		.trim()
		.split('\n')
		.slice(-30)
		.join('\n');
	return `n8n execute exited with ${execution.exitCode}:\n${output}`;
}

/** Prints the receipt summary and returns the register (TSS and client) that signed it. */
function printReceipt(execution: CliExecution): CashRegister {
	if (!execution.run) throw new Error('n8n printed no execution data');
	const [transaction] = nodeOutput(execution.run, 'Sign Receipt');
	const [setUp] = nodeOutput(execution.run, 'Set Up TSS');
	const receipt = (transaction.receipt ?? {}) as Record<string, unknown>;
	const rows: Array<[string, unknown]> = [
		['TSS ID', transaction.tss_id],
		// Client › Create and other admin operations in the editor need these for this TSS.
		['Admin PIN', setUp.admin_pin],
		['Admin PUK', setUp.admin_puk],
		['TSS serial number', receipt.tss_serial_number],
		['Client serial number', receipt.client_serial_number],
		['Transaction number', receipt.transaction_number],
		['Signature counter', receipt.signature_counter],
	];
	say('');
	for (const [label, value] of rows) say(`  ${label.padEnd(22)}${String(value)}`);
	say('');
	say('Receipt QR code data:');
	say(String(receipt.qr_code_data));
	say('');
	return { tssId: String(transaction.tss_id), clientId: String(transaction.client_id) };
}

const SAMPLE_ORDER = {
	order_id: 'A-1001',
	line_items: [
		{ text: 'Coffee beans 1 kg', quantity: 2, price_per_unit: '14.90', vat_rate: 7 },
		{ text: 'Espresso cup', quantity: 1, price_per_unit: '9.95', vat_rate: 19 },
	],
	payments: [{ payment_type: 'NON_CASH', amount: '39.75' }],
};

/** The other examples, with the webhook example signing for the demo's register and switched on. */
async function loadOtherExamples(n8n: RealN8n, register: CashRegister): Promise<void> {
	const shopOrder = withCashRegister(loadExample('shopOrderToReceipt'), register);
	await n8n.importWorkflows([shopOrder, loadExample('nightlyHousekeeping')]);
	await n8n.activateWorkflow(shopOrder.id);
}

async function keepEditorOpen(n8n: RealN8n, credentialTarget: string): Promise<void> {
	step(`starting the n8n editor on http://127.0.0.1:${UI_PORT}…`);
	const server = await n8n.start(UI_PORT).catch((error: Error) => {
		throw new Error(
			`${error.message}\nIs something else using port ${UI_PORT}? Stop it and run the demo again.`,
		);
	});
	await server.setUpOwner(DEMO_OWNER);
	await server.waitForWebhook('shop-order');
	say('');
	say(`n8n ${n8n.version} is running: http://127.0.0.1:${UI_PORT}`);
	say(`  email     ${DEMO_OWNER.email}`);
	say(`  password  ${DEMO_OWNER.password}`);
	say(`  workflows examples/*.json, credential "${EXAMPLE_CREDENTIAL.name}" → ${credentialTarget}`);
	say('Open "Fiskaly: sign your first receipt" and click Execute workflow, or post a shop order:');
	say(
		`  curl -s http://127.0.0.1:${UI_PORT}/webhook/shop-order -H 'content-type: application/json' -d '${JSON.stringify(SAMPLE_ORDER)}'`,
	);
	say('Ctrl-C stops n8n and the simulator.');
	// Until Ctrl-C (stopOnSignals then stops everything and exits) or until n8n stops by itself.
	const outcome = await Promise.race([
		server.process.exited.then((exitCode) => ({ exitCode })),
		whenStopRequested().then(() => 'stop requested' as const),
	]);
	if (outcome === 'stop requested') return new Promise<never>(() => {});
	const output = server.process.output().trim().split('\n').slice(-20).join('\n');
	throw new Error(`n8n stopped by itself (exit code ${outcome.exitCode}):\n${output}`);
}

async function main(): Promise<void> {
	const { ui } = parseArguments(process.argv.slice(2));
	stopOnSignals();
	// Checked before the slow steps, so a half-set environment fails at once.
	const fromEnvironment = accessFromEnvironment();

	const progress = (line: string) => say(`  ${line}`);
	step(`preparing n8n ${DEFAULT_N8N_VERSION} (installed once per machine, then cached)…`);
	const n8n = await withPackedPackage({ build: true, progress }, (tarball) =>
		RealN8n.create({ version: DEFAULT_N8N_VERSION, tarball, progress }),
	);
	onTeardown(() => n8n.dispose());
	step(
		`n8n ${n8n.version} on Node ${n8n.install.nodeVersion}, this package installed from its tarball (${elapsed()})`,
	);

	const { access, label } = await fiskalyAccess(fromEnvironment);
	step(`signing against ${label}`);
	await n8n.importCredentials([exampleCredential(access)]);
	const workflow = loadExample('signFirstReceipt');
	await n8n.importWorkflows([workflow]);

	step(
		`running "${workflow.name}" with the n8n CLI (Start → Set Up TSS → Create Client → Sign Receipt)…`,
	);
	const execution = await n8n.execute(workflow.id);
	if (!executionSucceeded(execution.run)) throw new Error(explainFailure(execution));
	const register = printReceipt(execution);
	step(`done in ${elapsed()}`);

	if (ui) {
		await loadOtherExamples(n8n, register);
		await keepEditorOpen(n8n, label);
	}
}

main()
	.then(runTeardowns)
	.catch(async (error: Error) => {
		process.stderr.write(`\ndemo failed: ${error.message}\n`);
		await runTeardowns();
		process.exit(1);
	});
