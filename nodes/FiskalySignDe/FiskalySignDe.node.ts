import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as client from './actions/client/Client.resource';
import * as exportResource from './actions/export/Export.resource';
import { router } from './actions/router';
import * as transaction from './actions/transaction/Transaction.resource';
import * as tss from './actions/tss/Tss.resource';
import * as listSearch from './methods/listSearch';
import { readableSubtitle } from '../shared/subtitle';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Client', value: 'client', description: 'A cash register registered with a TSS' },
			{
				name: 'Export',
				value: 'export',
				description: 'The signed logs of a TSS as a TAR file, for tax audits',
			},
			{
				name: 'Transaction',
				value: 'transaction',
				description: 'A signed sale or other business event',
			},
			{
				name: 'TSS',
				value: 'tss',
				description: 'A technical security system (cloud TSE) that signs',
			},
		],
		default: 'transaction',
	},
	...tss.description,
	...client.description,
	...transaction.description,
	...exportResource.description,
];

export class FiskalySignDe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fiskaly SIGN DE',
		name: 'fiskalySignDe',
		icon: { light: 'file:fiskaly.svg', dark: 'file:fiskaly.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: readableSubtitle(properties),
		description:
			'Sign German cash-register transactions (KassenSichV) with the fiskaly SIGN DE cloud TSS: set up TSS, register clients, sign receipts, export and verify',
		defaults: { name: 'Fiskaly SIGN DE' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'fiskalySignDeApi',
				required: true,
				// The offline checks read only their input: no fiskaly account needed.
				displayOptions: { hide: { operation: ['verify', 'verifyFile'] } },
			},
		],
		properties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
