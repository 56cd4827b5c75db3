import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as cashPointClosing from './actions/cashPointClosing/CashPointClosing.resource';
import * as cashRegister from './actions/cashRegister/CashRegister.resource';
import * as exportResource from './actions/export/Export.resource';
import * as purchaserAgency from './actions/purchaserAgency/PurchaserAgency.resource';
import * as vatDefinition from './actions/vatDefinition/VatDefinition.resource';
import { OFFLINE_OPERATIONS } from './actions/node.type';
import { router } from './actions/router';
import * as listSearch from './methods/listSearch';
import { readableSubtitle } from '../shared/subtitle';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Cash Point Closing',
				value: 'cashPointClosing',
				description: 'The closing of one register for one business day (Kassenabschluss, Z report)',
			},
			{
				name: 'Cash Register',
				value: 'cashRegister',
				description: 'The DSFinV-K master data of a SIGN DE client (a till)',
			},
			{
				name: 'Export',
				value: 'export',
				description: 'The DSFinV-K archive (CSV tables and index.xml) for a tax audit',
			},
			{
				name: 'Purchaser Agency',
				value: 'purchaserAgency',
				description: 'A business selling through your register in its own name (agency sales)',
			},
			{
				name: 'VAT Definition',
				value: 'vatDefinition',
				description: 'A VAT rate and its DSFinV-K ID (1–7 fixed, 1000 and above your own)',
			},
		],
		default: 'cashPointClosing',
	},
	...cashRegister.description,
	...cashPointClosing.description,
	...exportResource.description,
	...vatDefinition.description,
	...purchaserAgency.description,
];

export class FiskalyDsfinvk implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fiskaly DSFinV-K',
		name: 'fiskalyDsfinvk',
		icon: {
			light: 'file:../FiskalySignDe/fiskaly.svg',
			dark: 'file:../FiskalySignDe/fiskaly.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: readableSubtitle(properties),
		description:
			'Close the day and hand the tax auditor a DSFinV-K export with the fiskaly DSFinV-K API: cash registers, cash point closings (Kassenabschluss), exports, VAT definitions',
		defaults: { name: 'Fiskaly DSFinV-K' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'fiskalySignDeApi',
				required: true,
				// The offline checks read only their input: no fiskaly account needed.
				displayOptions: { hide: { operation: OFFLINE_OPERATIONS } },
			},
		],
		properties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
