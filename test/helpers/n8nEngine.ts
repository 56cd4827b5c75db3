// Runs the package's compiled node and credential (dist/) through n8n's real execution engine
// (n8n-core WorkflowExecute) in-process. Only the parts a real n8n adds around the engine are
// stood in for: the database (credentials live in memory) and the package loader (dist/ files are
// required directly). The credentials helper follows n8n's own CredentialsHelper
// (packages/cli/src/credentials-helper.ts) for what nodes can observe: defaults applied to stored
// data, generic `authenticate` resolved as expressions, and `preAuthentication` run only when the
// hidden expirable field is empty or after a 401, its result persisted for later executions.
// Resource locator searches run through n8n-core's LoadOptionsContext as the editor runs them.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	WorkflowExecute,
	getAdditionalKeys,
} from 'n8n-core';
import {
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	isExpression,
	setSafeRegexEngine,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IConnections,
	IExecuteData,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IPairedItemData,
	IRequestOptionsSimplified,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

/** The build to test: `dist/`, or another `tsc` output (FISKALY_DIST_DIR) for a stable snapshot. */
const DIST = path.resolve(__dirname, '../..', process.env.FISKALY_DIST_DIR ?? 'dist');

/**
 * n8n-core's DI container creates InstanceSettings during a run, which writes an encryption key to
 * `$N8N_USER_FOLDER/.n8n/config` (default: the home folder). Keep that out of the user's home.
 */
function isolateN8nEnvironment(): void {
	// n8n's error reporter logs every failed node to the console; tests assert on the errors.
	process.env.N8N_LOG_LEVEL ??= 'silent';
	// n8n checks parameter patterns (e.g. the locators' UUID regex) in a VM with a 250 ms timeout
	// against ReDoS. On a 2-core machine busy with parallel test workers that timeout fires on a
	// plain UUID check; the patterns here are the node's own, so the native engine is safe.
	setSafeRegexEngine(nativeRegexEngine);
	if (process.env.N8N_USER_FOLDER) return;
	const folder = path.join(tmpdir(), 'n8n-fiskaly-engine-tests');
	mkdirSync(folder, { recursive: true });
	process.env.N8N_USER_FOLDER = folder;
}

const nativeRegexEngine: Parameters<typeof setSafeRegexEngine>[0] = {
	exec: (pattern, input, flags) => new RegExp(pattern, flags).exec(input),
	test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
	replace: (pattern, input, flags, replacement) =>
		input.replace(new RegExp(pattern, flags), replacement as string),
	matchAll: (pattern, input, flags) =>
		Array.from(
			input.matchAll(new RegExp(pattern, flags?.includes('g') ? flags : `${flags ?? ''}g`)),
		),
	split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
};

/** Node type name as n8n registers a community package's node. */
export const FISKALY_NODE_TYPE = 'n8n-nodes-fiskaly-sign-de.fiskalySignDe';
export const FISKALY_CREDENTIAL_TYPE = 'fiskalySignDeApi';
/** Stand-in for the Manual Trigger: a start node that passes on the items the test feeds it. */
export const START_NODE_TYPE = 'test.start';

const startNodeType: INodeType = {
	description: {
		displayName: 'Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Emits the items the test passes in',
		defaults: { name: 'Start' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	},
};

// ---------------------------------------------------------------------------------------------
// Loading the package from dist/
// ---------------------------------------------------------------------------------------------

function firstClassExport<T>(file: string): new () => T {
	if (!existsSync(file)) throw new Error(`${file} does not exist: run \`npm run build\` first`);
	const exported = require(file) as Record<string, unknown>;
	const ctor = Object.values(exported).find((value) => typeof value === 'function');
	if (!ctor) throw new Error(`${file} exports no class`);
	return ctor as new () => T;
}

export interface LoadedPackage {
	nodeType: INodeType | IVersionedNodeType;
	credentialType: ICredentialType;
}

/** Requires the compiled node and credential classes (run `npm run build` first). */
export function loadPackageFromDist(distDir = DIST): LoadedPackage {
	const NodeClass = firstClassExport<INodeType | IVersionedNodeType>(
		path.join(distDir, 'nodes/FiskalySignDe/FiskalySignDe.node.js'),
	);
	const CredentialClass = firstClassExport<ICredentialType>(
		path.join(distDir, 'credentials/FiskalySignDeApi.credentials.js'),
	);
	return { nodeType: new NodeClass(), credentialType: new CredentialClass() };
}

// ---------------------------------------------------------------------------------------------
// Node types
// ---------------------------------------------------------------------------------------------

/**
 * What the node itself returned, before the engine fills in missing pairedItem entries (the
 * engine pairs by index when input and output counts match, which would hide a node that never
 * sets pairedItem or pairs it wrongly).
 */
export type RawOutputRecord = Array<
	Array<IPairedItemData | IPairedItemData[] | number | undefined>
>;

class NodeTypeMap implements INodeTypes {
	readonly rawPairedItems = new Map<string, RawOutputRecord>();

	private readonly types: Record<string, INodeType | IVersionedNodeType>;

	constructor(types: Record<string, INodeType | IVersionedNodeType>) {
		this.types = {};
		for (const [name, type] of Object.entries(types)) this.types[name] = this.observe(type);
	}

	getByName(nodeType: string) {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const type = this.getByName(nodeType);
		return 'nodeVersions' in type ? type.getNodeType(version) : type;
	}

	getKnownTypes() {
		return {};
	}

	/** Adds a node type after construction, e.g. the benchmarks' reference node. */
	register(name: string, type: INodeType | IVersionedNodeType): void {
		this.types[name] = this.observe(type);
	}

	/** Wraps execute() only to record the pairedItem the node set itself; data passes unchanged. */
	private observe(type: INodeType | IVersionedNodeType): INodeType | IVersionedNodeType {
		if ('nodeVersions' in type) return type;
		const execute = type.execute;
		if (!execute) return type;
		const rawPairedItems = this.rawPairedItems;
		const observed: INodeType = Object.create(type) as INodeType;
		observed.execute = async function (this: IExecuteFunctions) {
			const output = await execute.call(this);
			if (Array.isArray(output)) {
				rawPairedItems.set(
					this.getNode().name,
					output.map((branch) =>
						(branch ?? []).map((item) =>
							item.pairedItem === undefined
								? undefined
								: (JSON.parse(JSON.stringify(item.pairedItem)) as IPairedItemData),
						),
					),
				);
			}
			return output;
		};
		return observed;
	}
}

// ---------------------------------------------------------------------------------------------
// Credentials (the in-memory "database" plus n8n's CredentialsHelper behaviour)
// ---------------------------------------------------------------------------------------------

/** ICredentials over plain JSON: the encryption n8n adds at rest is irrelevant to the node. */
class MemoryCredentials extends ICredentials {
	async getData(): Promise<ICredentialDataDecryptedObject> {
		return JSON.parse(this.data ?? '{}') as ICredentialDataDecryptedObject;
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: this.data };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.data = JSON.stringify(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const data = { ...(await this.getData()), ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete data[key];
		await this.setData(data);
	}
}

interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: string;
}

export interface CredentialStats {
	/** Times preAuthentication actually ran the credential's hook (i.e. a token was fetched). */
	preAuthentications: number;
	/** Of those, how many were n8n's 401 retry (credentialsExpired === true). */
	expiredRetries: number;
	/** Times updated data was written back to the store. */
	updates: number;
}

export class MemoryCredentialsHelper extends ICredentialsHelper {
	readonly stats: CredentialStats = { preAuthentications: 0, expiredRetries: 0, updates: 0 };

	private readonly store = new Map<string, StoredCredential>();

	constructor(private readonly credentialTypes: Record<string, ICredentialType>) {
		super();
	}

	/** Saves a credential as a user would in the editor (plain field values). */
	save(credential: {
		id: string;
		name?: string;
		type: string;
		data: ICredentialDataDecryptedObject;
	}): void {
		this.store.set(credential.id, {
			id: credential.id,
			name: credential.name ?? credential.id,
			type: credential.type,
			data: JSON.stringify(credential.data),
		});
	}

	/** The stored (persisted) data of a credential, e.g. to read the cached token. */
	read(id: string): ICredentialDataDecryptedObject {
		const stored = this.store.get(id);
		if (!stored) throw new Error(`No credential ${id}`);
		return JSON.parse(stored.data) as ICredentialDataDecryptedObject;
	}

	private typeByName(name: string): ICredentialType {
		const type = this.credentialTypes[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.typeByName(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.typeByName(type).properties;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.typeByName(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('Generic authentication needs workflow and node');
			const resolve = (value: string) => {
				if (!isExpression(value)) return value;
				const resolved = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
				return resolved ? String(resolved) : '';
			};
			const target = requestOptions as unknown as Record<string, Record<string, string>>;
			target.headers ??= {};
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					target[section] ??= {};
					target[section][resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.typeByName(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof credentialType.preAuthentication !== 'function') {
			return undefined;
		}
		const isCredentialTest = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isCredentialTest) {
			return undefined;
		}

		this.stats.preAuthentications++;
		if (credentialsExpired) this.stats.expiredRetries++;
		const output = (await credentialType.preAuthentication.call(
			{ helpers: { httpRequest: helpers.helpers.httpRequest } },
			credentials,
		)) as ICredentialDataDecryptedObject;
		// n8n only persists when the hook returned the expirable field.
		if (output[expirable.name] === undefined) return undefined;

		const nodeCredentials = node.credentials?.[credentialType.name];
		if (!nodeCredentials) return undefined;
		const storedData = await (await this.getCredentials(nodeCredentials, typeName)).getData();
		const dataToPersist: ICredentialDataDecryptedObject = { ...storedData };
		for (const [key, value] of Object.entries(output)) {
			if (key === expirable.name || !isExpression(storedData[key])) dataToPersist[key] = value;
		}
		await this.updateCredentials(nodeCredentials, typeName, dataToPersist);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.typeByName(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		return (await preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string) {
		const stored = nodeCredentials.id ? this.store.get(nodeCredentials.id) : undefined;
		if (!stored || stored.type !== type) {
			throw new Error(`Credential with ID "${nodeCredentials.id}" of type "${type}" not found`);
		}
		return new MemoryCredentials({ id: stored.id, name: stored.name }, stored.type, stored.data);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = await (await this.getCredentials(nodeCredentials, type)).getData();
		if (raw === true) return stored;
		// Defaults for fields the user never touched, as n8n's applyDefaultsAndOverwrites does.
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (!expressionResolveValues) return withDefaults;
		const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
			expressionResolveValues;
		return workflow.expression.getParameterValue(
			withDefaults as INodeParameters,
			runExecutionData,
			runIndex,
			itemIndex,
			node.name,
			connectionInputData,
			mode,
			getAdditionalKeys(additionalData, mode, null, { isCredential: true }),
			executeData,
			false,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		await credentials.setData(data);
		this.store.set(credentials.id!, {
			id: credentials.id!,
			name: credentials.name,
			type,
			data: credentials.data!,
		});
		this.stats.updates++;
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		await credentials.updateData({ oauthTokenData: data.oauthTokenData });
		await this.updateCredentials(nodeCredentials, type, await credentials.getData());
	}
}

// ---------------------------------------------------------------------------------------------
// Running workflows
// ---------------------------------------------------------------------------------------------

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
	/** Which stored credential the node uses (default: the engine's default credential). */
	credentialId?: string;
	typeVersion?: number;
	nodeName?: string;
}

export interface FiskalyEngineOptions {
	baseUrl: string;
	apiKey: string;
	apiSecret: string;
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
			[START_NODE_TYPE]: startNodeType,
		});
		this.credentials = new MemoryCredentialsHelper({
			[this.package.credentialType.name]: this.package.credentialType,
		});
		this.saveCredential(DEFAULT_CREDENTIAL_ID, {});
	}

	/**
	 * Stores a credential of the package's type; fields not given come from options. Every API's
	 * base URL points at the simulator's origin, so no test reaches fiskaly's public hosts.
	 */
	saveCredential(id: string, data: ICredentialDataDecryptedObject): void {
		const origin = new URL(this.options.baseUrl).origin;
		this.credentials.save({
			id,
			name: `Fiskaly ${id}`,
			type: this.package.credentialType.name,
			data: {
				apiKey: this.options.apiKey,
				apiSecret: this.options.apiSecret,
				baseUrl: this.options.baseUrl,
				dsfinvkBaseUrl: `${origin}/dsfinvk/api/v1`,
				submitDeBaseUrl: `${origin}/submission-api/v1`,
				...data,
			},
		});
	}

	/** A FiskalySignDe node for a workflow. */
	fiskalyNode(options: Omit<RunNodeOptions, 'items'> & { position?: [number, number] }): INode {
		const node: INode = {
			id: `node-${options.nodeName ?? FISKALY_NODE_NAME}`,
			name: options.nodeName ?? FISKALY_NODE_NAME,
			type: FISKALY_NODE_TYPE,
			typeVersion: options.typeVersion ?? 1,
			position: options.position ?? [200, 0],
			parameters: {
				resource: options.resource,
				operation: options.operation,
				...(options.parameters ?? {}),
			} as INodeParameters,
			credentials: {
				[this.package.credentialType.name]: {
					id: options.credentialId ?? DEFAULT_CREDENTIAL_ID,
					name: `Fiskaly ${options.credentialId ?? DEFAULT_CREDENTIAL_ID}`,
				},
			},
		};
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
		const additionalData = this.additionalData(hooks, executionId);

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
			additionalData,
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
		const additionalData = this.additionalData(hooks, String(executionCounter));
		additionalData.currentNodeParameters = workflow.getNode(node.name)!.parameters;
		const context = new LoadOptionsContext(
			workflow,
			workflow.getNode(node.name)!,
			additionalData,
			options.path,
		);
		return await search.call(context, options.filter, options.paginationToken);
	}

	private additionalData(
		hooks: ExecutionLifecycleHooks,
		executionId: string,
	): IWorkflowExecuteAdditionalData {
		const base = 'http://127.0.0.1:5678';
		const unsupported = (what: string) => async () => {
			throw new Error(`${what} is not available in the in-process engine`);
		};
		return {
			hooks,
			executionId,
			credentialsHelper: this.credentials,
			currentNodeExecutionIndex: 0,
			variables: {},
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: base,
			formBaseUrl: `${base}/form`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			formTestBaseUrl: `${base}/form-test`,
			webhookBaseUrl: `${base}/webhook`,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			mcpBaseUrl: `${base}/mcp`,
			mcpTestBaseUrl: `${base}/mcp-test`,
			executeWorkflow: unsupported('executeWorkflow'),
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			logAiEvent: () => {},
			startRunnerTask: unsupported('startRunnerTask'),
		} as unknown as IWorkflowExecuteAdditionalData;
	}
}

/** The value of a parameter shaped as n8n stores a resource locator chosen "By ID". */
export function byId(value: string): INodeParameters {
	return { __rl: true, mode: 'id', value } as unknown as INodeParameters;
}
