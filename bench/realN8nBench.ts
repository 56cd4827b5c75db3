// Figures from a real n8n (the cached install of scripts/real-n8n, this package installed from its
// tarball as a community package), against the simulator:
//   - the demo workflow (examples/sign-first-receipt.json: Set Up TSS → Create Client → Sign Receipt);
//   - 100 receipts in one execution (Edit Fields → Split Out → Sign Receipt).
// Each as n8n records the execution (start to stop) and as the `n8n execute` command takes end to
// end (which includes starting the n8n CLI).

import { randomUUID } from 'node:crypto';

import { startSimulator } from '../simulator';
import {
	EXAMPLE_CREDENTIAL,
	exampleCredential,
	loadExample,
	simulatorAccess,
	type CashRegister,
} from '../scripts/real-n8n/examples';
import {
	CREDENTIAL_TYPE,
	executionSucceeded,
	NODE_TYPE,
	nodeOutput,
	RealN8n,
	type CliExecution,
	type WorkflowFile,
} from '../scripts/real-n8n/n8n';
import { withPackedPackage } from '../scripts/real-n8n/pack';
import { DEFAULT_N8N_VERSION } from '../scripts/real-n8n/versions';

export interface RealN8nFigures {
	n8nVersion: string;
	demoExecSeconds: number;
	demoCliSeconds: number;
	n8n100ReceiptsSeconds: number;
	n8n100ReceiptsCliSeconds: number;
}

const RECEIPTS = 100;

interface TimedExecution {
	/** startedAt → stoppedAt of the execution as n8n recorded it. */
	executionSeconds: number;
	/** The whole `n8n execute --id` command. */
	cliSeconds: number;
	execution: CliExecution;
}

async function timedExecute(n8n: RealN8n, workflowId: string): Promise<TimedExecution> {
	const started = process.hrtime.bigint();
	const execution = await n8n.execute(workflowId);
	const cliSeconds = Number(process.hrtime.bigint() - started) / 1e9;
	const run = execution.run as { startedAt?: string; stoppedAt?: string } | undefined;
	if (!executionSucceeded(execution.run) || !run?.startedAt || !run.stoppedAt) {
		const error = execution.run?.data.resultData.error;
		const output = `${execution.stdout}\n${execution.stderr}`
			.trim()
			.split('\n')
			.slice(-20)
			.join('\n');
		throw new Error(
			`n8n execute ${workflowId} exited with ${execution.exitCode}${run ? '' : ' without printing the execution'}: ${error?.message ?? output}`,
		);
	}
	const executionSeconds = (Date.parse(run.stoppedAt) - Date.parse(run.startedAt)) / 1000;
	return { executionSeconds, cliSeconds, execution };
}

/** A node of a bench workflow, placed on one row of the canvas. */
export const workflowNode = (
	name: string,
	type: string,
	typeVersion: number,
	x: number,
	parameters: object,
) => ({
	id: randomUUID(),
	name,
	type,
	typeVersion,
	position: [x, 0] as [number, number],
	parameters: parameters as Record<string, unknown>,
});

/** Manual Trigger → 100 items → Sign Receipt for the register the demo set up. */
function hundredReceiptsWorkflow(register: CashRegister): WorkflowFile {
	const node = workflowNode;
	const link = (to: string) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });
	return {
		id: 'BenchHundredReceipts',
		name: `Bench: ${RECEIPTS} receipts in one execution`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node('Receipts', 'n8n-nodes-base.set', 3.4, 220, {
				mode: 'raw',
				jsonOutput: `={ "receipts": {{ JSON.stringify(Array.from({ length: ${RECEIPTS} }, (_, i) => ({ amount: (i % 50 + 1) + ".90" }))) }} }`,
			}),
			node('One Item per Receipt', 'n8n-nodes-base.splitOut', 1, 440, {
				fieldToSplitOut: 'receipts',
			}),
			{
				...node('Sign Receipt', NODE_TYPE, 1, 660, {
					resource: 'transaction',
					operation: 'signReceipt',
					tss: { __rl: true, mode: 'id', value: register.tssId },
					client: { __rl: true, mode: 'id', value: register.clientId },
					amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount: '={{ $json.amount }}' }] },
					amountsPerPaymentType: {
						payments: [{ paymentType: 'CASH', amount: '={{ $json.amount }}' }],
					},
				}),
				credentials: { [CREDENTIAL_TYPE]: EXAMPLE_CREDENTIAL },
			},
		],
		connections: {
			Start: link('Receipts'),
			Receipts: link('One Item per Receipt'),
			'One Item per Receipt': link('Sign Receipt'),
		},
	};
}

export async function measureRealN8n(progress: (line: string) => void): Promise<RealN8nFigures> {
	const simulator = await startSimulator({ port: 0 });
	let n8n: RealN8n | undefined;
	try {
		n8n = await withPackedPackage({ build: false, progress }, (tarball) =>
			RealN8n.create({ version: DEFAULT_N8N_VERSION, tarball, progress }),
		);
		await n8n.importCredentials([exampleCredential(simulatorAccess(simulator))]);
		const demo = loadExample('signFirstReceipt');
		await n8n.importWorkflows([demo]);
		progress(`n8n ${n8n.version}: running "${demo.name}"…`);
		const demoRun = await timedExecute(n8n, demo.id);
		const [signed] = nodeOutput(demoRun.execution.run!, 'Sign Receipt');
		const register = { tssId: String(signed.tss_id), clientId: String(signed.client_id) };

		const hundred = hundredReceiptsWorkflow(register);
		await n8n.importWorkflows([hundred]);
		progress(`n8n ${n8n.version}: running "${hundred.name}"…`);
		const hundredRun = await timedExecute(n8n, hundred.id);
		const receipts = nodeOutput(hundredRun.execution.run!, 'Sign Receipt');
		const finished = receipts.filter((receipt) => receipt.state === 'FINISHED').length;
		if (finished !== RECEIPTS) throw new Error(`${finished} of ${RECEIPTS} receipts were signed`);
		return {
			n8nVersion: n8n.version,
			demoExecSeconds: demoRun.executionSeconds,
			demoCliSeconds: demoRun.cliSeconds,
			n8n100ReceiptsSeconds: hundredRun.executionSeconds,
			n8n100ReceiptsCliSeconds: hundredRun.cliSeconds,
		};
	} finally {
		await n8n?.dispose();
		await simulator.close();
	}
}
