// Runs the compiled polling trigger (dist/) the way n8n runs an active workflow's polls: a Workflow
// holding the node and the workflow's static data, n8n-core's PollContext, and `poll()`.
// In trigger mode one context serves every poll, as in an active workflow; static data is "saved"
// after a poll and loaded again before the next one, as n8n does through its database, so a test
// can also model a restart (a new PollingTrigger with the saved static data). Credentials and the
// token cache come from a FiskalyEngine (engine.ts).
import { ExecutionLifecycleHooks, PollContext } from 'n8n-core';
import { ObservableObject, Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWorkflowBase,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { additionalData } from './additionalData';
import { DEFAULT_CREDENTIAL_ID, type FiskalyEngine } from './engine';
import {
	FISKALY_CREDENTIAL_TYPE,
	FISKALY_TRIGGER_TYPE,
	loadTriggerFromDist,
} from './packageLoader';

/** The workflow as the execution hooks see it (nothing in a poll reads more). */
const TRIGGER_WORKFLOW = {
	id: 'trigger-test',
	name: 'Trigger test',
	nodes: [],
	connections: {},
} as unknown as IWorkflowBase;

class TriggerTypes implements INodeTypes {
	constructor(private readonly trigger: INodeType) {}

	getByName(): INodeType {
		return this.trigger;
	}

	getByNameAndVersion(): INodeType {
		return this.trigger;
	}

	getKnownTypes() {
		return {};
	}
}

export interface PollResult {
	/** What poll() emitted (empty when it returned null). */
	items: INodeExecutionData[];
	/** poll() returned null: nothing new. */
	empty: boolean;
	error?: Error & { description?: string };
	/** The node's static data right after this poll (saved or not). */
	staticData: IDataObject;
}

export class PollingTrigger {
	readonly node: INode;

	readonly nodeType: INodeType;

	/** The workflow's static data as n8n last saved it. */
	savedStaticData: IDataObject;

	constructor(
		private readonly engine: FiskalyEngine,
		parameters: INodeParameters,
		savedStaticData: IDataObject = {},
	) {
		this.nodeType = loadTriggerFromDist(this.engine.options.distDir);
		this.savedStaticData = JSON.parse(JSON.stringify(savedStaticData)) as IDataObject;
		this.node = {
			id: 'trigger-node',
			name: 'Fiskaly SIGN DE Trigger',
			type: FISKALY_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: {
				[FISKALY_CREDENTIAL_TYPE]: {
					id: DEFAULT_CREDENTIAL_ID,
					name: `Fiskaly ${DEFAULT_CREDENTIAL_ID}`,
				},
			},
		};
	}

	/**
	 * The active workflow's poll context: n8n builds it once per activation and polls with it for as
	 * long as the workflow stays active (what a node keeps per context lives that long).
	 */
	private activation?: { workflow: Workflow; context: PollContext };

	private contextFor(mode: 'trigger' | 'manual'): { workflow: Workflow; context: PollContext } {
		const nodes = [JSON.parse(JSON.stringify(this.node)) as INode];
		const workflow = new Workflow({
			id: 'trigger-test',
			name: 'Trigger test',
			nodes,
			connections: {},
			nodeTypes: new TriggerTypes(this.nodeType),
			active: mode === 'trigger',
			settings: { executionOrder: 'v1' },
		});
		const executeMode: WorkflowExecuteMode = mode === 'manual' ? 'manual' : 'trigger';
		const activation: WorkflowActivateMode = mode === 'manual' ? 'manual' : 'activate';
		const context = new PollContext(
			workflow,
			nodes[0],
			additionalData(
				new ExecutionLifecycleHooks(executeMode, 'poll', TRIGGER_WORKFLOW),
				this.engine.credentials,
			),
			executeMode,
			activation,
		);
		return { workflow, context };
	}

	/** One poll. 'trigger' is an active workflow; 'manual' is the editor's "Fetch Test Event". */
	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<PollResult> {
		const { workflow, context } =
			mode === 'trigger' ? (this.activation ??= this.contextFor(mode)) : this.contextFor(mode);
		workflow.staticData = ObservableObject.create(
			JSON.parse(JSON.stringify(this.savedStaticData)) as IDataObject,
			undefined,
			{ ignoreEmptyOnFirstChild: true },
		);

		let items: INodeExecutionData[] = [];
		let empty = false;
		let error: PollResult['error'];
		try {
			const output = await this.nodeType.poll!.call(context);
			empty = output === null;
			items = output?.[0] ?? [];
		} catch (caught) {
			error = caught as PollResult['error'];
		}
		const staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		// n8n saves the static data of active workflows after each poll, not of manual runs.
		if (mode === 'trigger' && !error) this.savedStaticData = staticData;
		return { items, empty, error, staticData };
	}
}
