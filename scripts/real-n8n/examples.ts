/** The example workflows in examples/ and the credential they refer to. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningSimulator } from '../../simulator';
import { CREDENTIAL_TYPE, NODE_TYPE, type CredentialImport, type WorkflowFile } from './n8n';
import { REPO_ROOT } from './pack';

/** Every example names this credential, so importing it first makes the examples runnable as they are. */
export const EXAMPLE_CREDENTIAL = {
	id: 'FiskalySignDeAccount',
	name: 'Fiskaly SIGN DE account',
} as const;

export const EXAMPLES = {
	signFirstReceipt: 'sign-first-receipt.json',
	shopOrderToReceipt: 'shop-order-to-receipt.json',
	nightlyHousekeeping: 'nightly-housekeeping.json',
	dailyClosing: 'daily-closing.json',
	notifyTaxOffice: 'notify-tax-office.json',
} as const;

export type ExampleName = keyof typeof EXAMPLES;

export function loadExample(name: ExampleName): WorkflowFile {
	const file = path.join(REPO_ROOT, 'examples', EXAMPLES[name]);
	return JSON.parse(readFileSync(file, 'utf8')) as WorkflowFile;
}

/** The TSS and client (cash register) a workflow signs with. */
export interface CashRegister {
	tssId: string;
	clientId: string;
}

/**
 * Examples that sign for a fixed register ship with empty "From list" pickers for TSS and Client
 * (a user picks theirs after import); this fills the empty ones with the given IDs, as picked from
 * the list (the mode stays "list", as in a user's workflow).
 */
export function withCashRegister(workflow: WorkflowFile, register: CashRegister): WorkflowFile {
	const ids: Record<string, string> = { tss: register.tssId, client: register.clientId };
	const nodes = workflow.nodes.map((node) => {
		if (node.type !== NODE_TYPE) return node;
		const parameters = { ...node.parameters };
		for (const [name, id] of Object.entries(ids)) {
			const locator = parameters[name] as { __rl?: boolean; value?: unknown } | undefined;
			if (locator?.__rl && locator.value === '')
				parameters[name] = { __rl: true, mode: 'list', value: id, cachedResultName: id };
		}
		return { ...node, parameters };
	});
	return { ...workflow, nodes };
}

export interface FiskalyAccess {
	/** SIGN DE's base URL (the credential's `baseUrl`). */
	baseUrl: string;
	/** Left out, the credential's defaults (fiskaly's public hosts) apply. */
	dsfinvkBaseUrl?: string;
	submitDeBaseUrl?: string;
	apiKey: string;
	apiSecret: string;
}

/** A simulator's access with every fiskaly API pointed at it, so nothing reaches fiskaly's hosts. */
export function simulatorAccess(
	simulator: Pick<RunningSimulator, 'urls' | 'apiKey' | 'apiSecret'>,
): FiskalyAccess {
	return {
		baseUrl: simulator.urls.signDe,
		dsfinvkBaseUrl: simulator.urls.dsfinvk,
		submitDeBaseUrl: simulator.urls.submitDe,
		apiKey: simulator.apiKey,
		apiSecret: simulator.apiSecret,
	};
}

export function exampleCredential(access: FiskalyAccess): CredentialImport {
	const { apiKey, apiSecret, baseUrl, dsfinvkBaseUrl, submitDeBaseUrl } = access;
	const data: Record<string, string> = { apiKey, apiSecret, baseUrl };
	if (dsfinvkBaseUrl) data.dsfinvkBaseUrl = dsfinvkBaseUrl;
	if (submitDeBaseUrl) data.submitDeBaseUrl = submitDeBaseUrl;
	return { ...EXAMPLE_CREDENTIAL, type: CREDENTIAL_TYPE, data };
}
