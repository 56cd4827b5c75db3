// The additional data n8n's server hands to every execution, poll and list search, as far as a
// node can observe it: the URLs of a local instance and the credentials helper. What needs a
// running server (sub-workflows, task runners) throws.
import type { ExecutionLifecycleHooks } from 'n8n-core';
import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

const INSTANCE_URL = 'http://127.0.0.1:5678';

export function additionalData(
	hooks: ExecutionLifecycleHooks,
	credentialsHelper: ICredentialsHelper,
	executionId?: string,
): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new Error(`${what} is not available in the in-process engine`);
	};
	return {
		hooks,
		executionId,
		credentialsHelper,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${INSTANCE_URL}/rest`,
		instanceBaseUrl: INSTANCE_URL,
		formBaseUrl: `${INSTANCE_URL}/form`,
		formWaitingBaseUrl: `${INSTANCE_URL}/form-waiting`,
		formTestBaseUrl: `${INSTANCE_URL}/form-test`,
		webhookBaseUrl: `${INSTANCE_URL}/webhook`,
		webhookWaitingBaseUrl: `${INSTANCE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${INSTANCE_URL}/webhook-test`,
		mcpBaseUrl: `${INSTANCE_URL}/mcp`,
		mcpTestBaseUrl: `${INSTANCE_URL}/mcp-test`,
		executeWorkflow: unsupported('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('startRunnerTask'),
	} as unknown as IWorkflowExecuteAdditionalData;
}
