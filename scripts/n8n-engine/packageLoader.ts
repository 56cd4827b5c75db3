// Stands in for n8n's community package loader: the compiled classes are required from dist/
// directly, as n8n would find them through the package.json "n8n" section.
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

/** The build to test: `dist/`, or another `tsc` output (FISKALY_DIST_DIR) for a stable snapshot. */
const DIST = path.resolve(__dirname, '../..', process.env.FISKALY_DIST_DIR ?? 'dist');

/** Type names as n8n registers a community package's node, trigger and credential. */
export const FISKALY_NODE_TYPE = 'n8n-nodes-fiskaly-sign-de.fiskalySignDe';
export const FISKALY_DSFINVK_NODE_TYPE = 'n8n-nodes-fiskaly-sign-de.fiskalyDsfinvk';
export const FISKALY_SUBMIT_DE_NODE_TYPE = 'n8n-nodes-fiskaly-sign-de.fiskalySubmitDe';
export const FISKALY_TRIGGER_TYPE = 'n8n-nodes-fiskaly-sign-de.fiskalySignDeTrigger';
export const FISKALY_CREDENTIAL_TYPE = 'fiskalySignDeApi';

function firstClassExport<T>(file: string): new () => T {
	if (!existsSync(file)) throw new Error(`${file} does not exist: run \`npm run build\` first`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- a built file found at run time, loaded synchronously as n8n's loader does
	const exported = require(file) as Record<string, unknown>;
	const ctor = Object.values(exported).find((value) => typeof value === 'function');
	if (!ctor) throw new Error(`${file} exports no class`);
	return ctor as new () => T;
}

export interface LoadedPackage {
	nodeType: INodeType | IVersionedNodeType;
	dsfinvkNodeType: INodeType | IVersionedNodeType;
	submitDeNodeType: INodeType | IVersionedNodeType;
	credentialType: ICredentialType;
}

/** Requires the compiled node and credential classes (run `npm run build` first). */
export function loadPackageFromDist(distDir = DIST): LoadedPackage {
	const NodeClass = firstClassExport<INodeType | IVersionedNodeType>(
		path.join(distDir, 'nodes/FiskalySignDe/FiskalySignDe.node.js'),
	);
	const DsfinvkNodeClass = firstClassExport<INodeType | IVersionedNodeType>(
		path.join(distDir, 'nodes/FiskalyDsfinvk/FiskalyDsfinvk.node.js'),
	);
	const SubmitDeNodeClass = firstClassExport<INodeType | IVersionedNodeType>(
		path.join(distDir, 'nodes/FiskalySubmitDe/FiskalySubmitDe.node.js'),
	);
	const CredentialClass = firstClassExport<ICredentialType>(
		path.join(distDir, 'credentials/FiskalySignDeApi.credentials.js'),
	);
	return {
		nodeType: new NodeClass(),
		dsfinvkNodeType: new DsfinvkNodeClass(),
		submitDeNodeType: new SubmitDeNodeClass(),
		credentialType: new CredentialClass(),
	};
}

/** Requires the compiled polling trigger (run `npm run build` first). */
export function loadTriggerFromDist(distDir = DIST): INodeType {
	const TriggerClass = firstClassExport<INodeType>(
		path.join(distDir, 'nodes/FiskalySignDeTrigger/FiskalySignDeTrigger.node.js'),
	);
	return new TriggerClass();
}
