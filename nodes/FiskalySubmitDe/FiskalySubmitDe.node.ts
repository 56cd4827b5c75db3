import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as clientAdditionalData from './actions/clientAdditionalData/ClientAdditionalData.resource';
import * as establishment from './actions/establishment/Establishment.resource';
import * as submission from './actions/submission/Submission.resource';
import * as taxpayer from './actions/taxpayer/Taxpayer.resource';
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
				name: 'Client Additional Data',
				value: 'clientAdditionalData',
				description:
					'What the notification says about one SIGN DE client (cash register): type, make, software, dates, establishment',
			},
			{
				name: 'Establishment',
				value: 'establishment',
				description: 'A site where registers are used (Betriebsstätte); one notification each',
			},
			{
				name: 'Submission',
				value: 'submission',
				description: 'The notification of an establishment to the tax office, sent via ELSTER',
			},
			{
				name: 'Taxpayer',
				value: 'taxpayer',
				description: 'The business that notifies: name, tax number, tax office, address',
			},
		],
		default: 'submission',
	},
	...submission.description,
	...taxpayer.description,
	...establishment.description,
	...clientAdditionalData.description,
];

export class FiskalySubmitDe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fiskaly SUBMIT DE',
		name: 'fiskalySubmitDe',
		icon: {
			light: 'file:../FiskalySignDe/fiskaly.svg',
			dark: 'file:../FiskalySignDe/fiskaly.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: readableSubtitle(properties),
		description:
			'Notify the tax office of your cash registers (§146a(4) AO) with fiskaly SUBMIT DE: taxpayer, establishments, register data, submissions sent via ELSTER',
		defaults: { name: 'Fiskaly SUBMIT DE' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fiskalySignDeApi', required: true }],
		properties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
