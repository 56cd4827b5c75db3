// The canvas subtitle as n8n's editor renders it: the node type's subtitle expression evaluated by
// n8n-workflow's Expression for a node with those parameters (what useNodeHelpers().getNodeSubtitle does).
import type { INode, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { loadPackageFromDist, loadTriggerFromDist, NodeTypeMap } from '../../../scripts/n8n-engine';

const { nodeType, dsfinvkNodeType, submitDeNodeType } = loadPackageFromDist();
const triggerType = loadTriggerFromDist();

function subtitleOf(type: INodeType, typeName: string, parameters: INode['parameters']): unknown {
	const node: INode = {
		id: 'n1',
		name: 'Node',
		type: typeName,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new NodeTypeMap({ [typeName]: type }),
	});
	return workflow.expression.getSimpleParameterValue(
		node,
		type.description.subtitle as string,
		'internal',
		{},
	);
}

describe('canvas subtitles', () => {
	it.each([
		['transaction', 'signReceipt', 'Sign Receipt · Transaction'],
		['transaction', 'getAll', 'Get Many · Transaction'],
		['tss', 'setUp', 'Set Up · TSS'],
		['tss', 'changeAdminPin', 'Change Admin PIN · TSS'],
		['client', 'create', 'Create · Client'],
		['export', 'verifyFile', 'Verify File · Export'],
	])('%s › %s reads "%s"', (resource, operation, shown) => {
		expect(subtitleOf(nodeType as INodeType, 'fiskalySignDe', { resource, operation })).toBe(shown);
	});

	it.each([
		['cashPointClosing', 'insert', 'Insert · Cash Point Closing'],
		['cashPointClosing', 'getDetails', 'Get Details · Cash Point Closing'],
		['cashRegister', 'upsert', 'Create or Update · Cash Register'],
		['export', 'getDownloadUrl', 'Get Download URL · Export'],
		['export', 'verify', 'Verify · Export'],
		['vatDefinition', 'getAll', 'Get Many · VAT Definition'],
	])('DSFinV-K %s › %s reads "%s"', (resource, operation, shown) => {
		expect(
			subtitleOf(dsfinvkNodeType as INodeType, 'fiskalyDsfinvk', { resource, operation }),
		).toBe(shown);
	});

	it.each([
		['submission', 'notifyTaxOffice', 'Notify Tax Office · Submission'],
		['submission', 'startTransmission', 'Start Transmission · Submission'],
		['clientAdditionalData', 'set', 'Set · Client Additional Data'],
		['establishment', 'upsert', 'Create or Update · Establishment'],
		['taxpayer', 'get', 'Get · Taxpayer'],
	])('SUBMIT DE %s › %s reads "%s"', (resource, operation, shown) => {
		expect(
			subtitleOf(submitDeNodeType as INodeType, 'fiskalySubmitDe', { resource, operation }),
		).toBe(shown);
	});

	it.each([
		['transactionEnded', 'Transaction Finished or Cancelled'],
		['tssStateChanged', 'TSS State Changed'],
		['exportCompleted', 'Export Completed'],
	])('the trigger on %s reads "%s"', (event, shown) => {
		expect(subtitleOf(triggerType, 'fiskalySignDeTrigger', { event })).toBe(shown);
	});
});
