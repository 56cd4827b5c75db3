// The in-memory "database" of credentials plus n8n's CredentialsHelper behaviour. It follows n8n's
// own CredentialsHelper (packages/cli/src/credentials-helper.ts) for what nodes can observe:
// defaults applied to stored data, `authenticate` (a function, or generic and resolved as
// expressions), and `preAuthentication` run only when the hidden expirable field is empty or after
// a 401, its result persisted for later executions.
import { getAdditionalKeys } from 'n8n-core';
import { ICredentials, ICredentialsHelper, NodeHelpers, isExpression } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { RunningSimulator } from '../../simulator';

/** What a credential needs to know about the simulator it points at. */
export type SimulatorAccess = Pick<RunningSimulator, 'urls' | 'apiKey' | 'apiSecret'>;

/**
 * The credential a user saves to point the package at the simulator: every fiskaly API's base URL
 * is the simulator's (one field per API; SIGN DE's is `baseUrl`).
 */
export function simulatorCredentials(sim: SimulatorAccess): ICredentialDataDecryptedObject {
	return {
		apiKey: sim.apiKey,
		apiSecret: sim.apiSecret,
		baseUrl: sim.urls.signDe,
		dsfinvkBaseUrl: sim.urls.dsfinvk,
		submitDeBaseUrl: sim.urls.submitDe,
	};
}

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
	/** Times a node read the credential (getDecrypted: for n8n a database read and a decryption). */
	reads: number;
}

export class MemoryCredentialsHelper extends ICredentialsHelper {
	readonly stats: CredentialStats = {
		preAuthentications: 0,
		expiredRetries: 0,
		updates: 0,
		reads: 0,
	};

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
		this.stats.reads++;
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
