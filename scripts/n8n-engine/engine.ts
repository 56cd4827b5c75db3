// Runs the package's compiled node (dist/) through n8n's real execution engine (n8n-core
// WorkflowExecute) in-process. Only the parts a real n8n adds around the engine are stood in for:
// the database (credentials.ts keeps them in memory) and the package loader (packageLoader.ts).
// Resource locator searches run through n8n-core's LoadOptionsContext as the editor runs them.
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import { Workflow, createRunExecutionData } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	IRun,
	IWorkflowBase,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { additionalData } from './additionalData';
import { MemoryCredentialsHelper, simulatorCredentials, type SimulatorAccess } from './credentials';
import { isolateN8nEnvironment } from './environment';
import {
	FISKALY_DSFINVK_NODE_TYPE,
	FISKALY_SUBMIT_DE_NODE_TYPE,
	FISKALY_NODE_TYPE,
	loadPackageFromDist,
	type LoadedPackage,
} from './packageLoader';
import { NodeTypeMap, START_NODE_TYPE, startNodeType, type RawOutputRecord } from './nodeTypes';

/**
 * A node error as n8n records it in the execution (and shows it in the editor): a plain copy of
 * the thrown error's fields, so the class survives only as `name` (e.g. 'NodeApiError').
 */
export interface RecordedNodeError {
	name: string;
	message: string;
	description?: string | null;
	httpCode?: string | null;
	context: Record<string, unknown> & { itemIndex?: number };
	[key: string]: unknown;
}

export interface WorkflowRunResult {
	run: IRun;
	/** Output items (first output) of each node that ran, by node name. */
	outputs: Record<string, INodeExecutionData[]>;
	/** The error a node ended with, by node name (absent when it succeeded). */
	errors: Record<string, RecordedNodeError>;
	/** pairedItem as each node returned it, before the engine filled gaps (see RawOutputRecord). */
	rawPairedItems: Record<string, RawOutputRecord[number]>;
}

export interface NodeRunResult {
	/** The node's output items (first output). Empty when the node failed. */
	items: INodeExecutionData[];
	/** The error the node ended with, exactly as n8n records it (`name` says NodeApiError, NodeOperationError…). */
	error?: RecordedNodeError;
	/** pairedItem of each output item as the node set it itself (undefined where it did not). */
	rawPairedItems: RawOutputRecord[number];
	run: IRun;
}

/** Node parameters as a test writes them (n8n's INodeParameters is too narrow for literals). */
export type TestParameters = Record<string, unknown>;

export interface RunNodeOptions {
	resource: string;
	operation: string;
	parameters?: TestParameters;
	/** Items fed into the node (default: one empty item, as the Manual Trigger emits). */
	items?: INodeExecutionData[];
	/** The node's "On Error: Continue" setting. */
	continueOnFail?: boolean;
	/** Which stored credential the node uses (default: the engine's default credential; null: none). */
	credentialId?: string | null;
	typeVersion?: number;
	nodeName?: string;
	/** The package node to run (default: Fiskaly SIGN DE), e.g. FISKALY_DSFINVK_NODE_TYPE. */
	nodeType?: string;
}

export interface FiskalyEngineOptions {
	/** The simulator (or any fiskaly endpoint) the default credential points at. */
	simulator: SimulatorAccess;
	distDir?: string;
}

export const DEFAULT_CREDENTIAL_ID = 'fiskaly-cred-1';
export const FISKALY_NODE_NAME = 'Fiskaly SIGN DE';

let executionCounter = 0;

/**
 * One n8n "instance": the package's node types plus a credential store that lives as long as the
 * engine, so tokens cached by preAuthentication carry over from one execution to the next.
 */
export class FiskalyEngine {
	readonly credentials: MemoryCredentialsHelper;

	readonly nodeTypes: NodeTypeMap;

	readonly package: LoadedPackage;

	constructor(readonly options: FiskalyEngineOptions) {
		isolateN8nEnvironment();
		this.package = loadPackageFromDist(options.distDir);
		this.nodeTypes = new NodeTypeMap({
			[FISKALY_NODE_TYPE]: this.package.nodeType,
			[FISKALY_DSFINVK_NODE_TYPE]: this.package.dsfinvkNodeType,
			[FISKALY_SUBMIT_DE_NODE_TYPE]: this.package.submitDeNodeType,
			[START_NODE_TYPE]: startNodeType,
		});
		this.credentials = new MemoryCredentialsHelper({
			[this.package.credentialType.name]: this.package.credentialType,
		});
		this.saveCredential(DEFAULT_CREDENTIAL_ID, {});
	}

	/** Stores a credential of the package's type; fields not given point at the simulator or keep their defaults. */
	saveCredential(id: string, data: ICredentialDataDecryptedObject): void {
		this.credentials.save({
			id,
			name: `Fiskaly ${id}`,
			type: this.package.credentialType.name,
			data: { ...simulatorCredentials(this.options.simulator), ...data },
		});
	}

	/** A node of the package (default FiskalySignDe) for a workflow. */
	fiskalyNode(options: Omit<RunNodeOptions, 'items'> & { position?: [number, number] }): INode {
		const node: INode = {
			id: `node-${options.nodeName ?? FISKALY_NODE_NAME}`,
			name: options.nodeName ?? FISKALY_NODE_NAME,
			type: options.nodeType ?? FISKALY_NODE_TYPE,
			typeVersion: options.typeVersion ?? 1,
			position: options.position ?? [200, 0],
			parameters: {
				resource: options.resource,
				operation: options.operation,
				...(options.parameters ?? {}),
			} as INodeParameters,
		};
		// null: a node with no credential chosen, as in the editor before one is picked.
		if (options.credentialId !== null) {
			node.credentials = {
				[this.package.credentialType.name]: {
					id: options.credentialId ?? DEFAULT_CREDENTIAL_ID,
					name: `Fiskaly ${options.credentialId ?? DEFAULT_CREDENTIAL_ID}`,
				},
			};
		}
		if (options.continueOnFail) node.onError = 'continueRegularOutput';
		return node;
	}

	/**
	 * Runs a workflow whose first node is `startNodeName` (fed `items`), through WorkflowExecute
	 * exactly as n8n processes an execution, and collects each node's output and error.
	 */
	async runWorkflow(workflowData: {
		nodes: INode[];
		connections: IConnections;
		startNodeName: string;
		items?: INodeExecutionData[];
		mode?: WorkflowExecuteMode;
	}): Promise<WorkflowRunResult> {
		const mode = workflowData.mode ?? 'manual';
		// Workflow() fills parameter defaults into the nodes; keep the caller's objects intact.
		const nodes = JSON.parse(JSON.stringify(workflowData.nodes)) as INode[];
		const workflow = new Workflow({
			id: 'engine-test',
			name: 'Engine test',
			nodes,
			connections: workflowData.connections,
			nodeTypes: this.nodeTypes,
			active: false,
			settings: { executionOrder: 'v1' },
		});
		const startNode = workflow.getNode(workflowData.startNodeName);
		if (!startNode) throw new Error(`No node ${workflowData.startNodeName}`);

		const executionId = String(++executionCounter);
		const workflowBase: IWorkflowBase = {
			id: workflow.id,
			name: workflow.name ?? '',
			active: false,
			isArchived: false,
			activeVersionId: null,
			nodes,
			connections: workflowData.connections,
			settings: workflow.settings,
			createdAt: new Date(),
			updatedAt: new Date(),
		};
		const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowBase);

		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [
					{
						node: startNode,
						data: { main: [workflowData.items ?? [{ json: {} }]] },
						source: null,
					},
				],
			},
		});
		for (const node of nodes) this.nodeTypes.rawPairedItems.delete(node.name);

		const run = await new WorkflowExecute(
			additionalData(hooks, this.credentials, executionId),
			mode,
			runExecutionData,
		).processRunExecutionData(workflow);

		const outputs: WorkflowRunResult['outputs'] = {};
		const errors: WorkflowRunResult['errors'] = {};
		const rawPairedItems: WorkflowRunResult['rawPairedItems'] = {};
		for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
			const last = tasks[tasks.length - 1];
			outputs[name] = (last?.data?.main?.[0] ?? []) as INodeExecutionData[];
			if (last?.error) errors[name] = last.error as unknown as RecordedNodeError;
			const raw = this.nodeTypes.rawPairedItems.get(name);
			if (raw) rawPairedItems[name] = raw[0] ?? [];
		}
		return { run, outputs, errors, rawPairedItems };
	}

	/** Start → one FiskalySignDe node, the common case. */
	async runNode(options: RunNodeOptions): Promise<NodeRunResult> {
		const node = this.fiskalyNode(options);
		const start: INode = {
			id: 'node-start',
			name: 'Start',
			type: START_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const result = await this.runWorkflow({
			nodes: [start, node],
			connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
			startNodeName: 'Start',
			items: options.items,
		});
		return {
			items: result.outputs[node.name] ?? [],
			error:
				result.errors[node.name] ??
				(result.run.data.resultData.error as unknown as RecordedNodeError | undefined),
			rawPairedItems: result.rawPairedItems[node.name] ?? [],
			run: result.run,
		};
	}

	/** runNode, failing the test with the node's own error when it did not succeed. */
	async runNodeOk(options: RunNodeOptions): Promise<INodeExecutionData[]> {
		const result = await this.runNode(options);
		if (result.error) {
			const { name, message, description } = result.error;
			throw new Error(
				`${options.resource} › ${options.operation} failed: ${name}: ${message} | ${description ?? ''}`,
			);
		}
		return result.items;
	}

	/**
	 * Runs a resource locator's "From list" search as the editor does (n8n's
	 * DynamicNodeParametersService): a LoadOptionsContext on a workflow holding only this node,
	 * with the node's current parameters.
	 */
	async listSearch(
		method: string,
		options: Omit<RunNodeOptions, 'items' | 'continueOnFail'> & {
			path: string;
			filter?: string;
			paginationToken?: string;
		},
	): Promise<INodeListSearchResult> {
		const node = this.fiskalyNode(options);
		const workflow = new Workflow({
			id: 'engine-list-search',
			nodes: [node],
			connections: {},
			nodeTypes: this.nodeTypes,
			active: false,
		});
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const search = nodeType.methods?.listSearch?.[method];
		if (!search) throw new Error(`The node has no listSearch method ${method}`);
		const hooks = new ExecutionLifecycleHooks('internal', String(++executionCounter), {
			id: workflow.id,
			name: '',
			active: false,
			isArchived: false,
			activeVersionId: null,
			nodes: [node],
			connections: {},
			createdAt: new Date(),
			updatedAt: new Date(),
		});
		const data = additionalData(hooks, this.credentials, String(executionCounter));
		data.currentNodeParameters = workflow.getNode(node.name)!.parameters;
		const context = new LoadOptionsContext(
			workflow,
			workflow.getNode(node.name)!,
			data,
			options.path,
		);
		return await search.call(context, options.filter, options.paginationToken);
	}
}

/** The value of a parameter shaped as n8n stores a resource locator chosen "By ID". */
export function byId(value: string): INodeParameters {
	return { __rl: true, mode: 'id', value } as unknown as INodeParameters;
}
