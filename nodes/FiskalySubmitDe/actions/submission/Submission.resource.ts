import type { INodeProperties } from 'n8n-workflow';

import * as cancelTransmission from './cancelTransmission.operation';
import * as create from './create.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as notifyTaxOffice from './notifyTaxOffice.operation';
import * as startTransmission from './startTransmission.operation';

export { cancelTransmission, create, download, get, getAll, notifyTaxOffice, startTransmission };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['submission'] } },
		options: [
			{
				name: 'Cancel Transmission',
				value: 'cancelTransmission',
				description: 'Stop a transmission that is still TRANSMISSION_PENDING',
				action: 'Cancel the transmission of a submission',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create the submission of an establishment; fiskaly then validates it',
				action: 'Create a submission',
			},
			{
				name: 'Download',
				value: 'download',
				description: 'Download a file of a submission (receipt, preview, XML)',
				action: 'Download a submission file',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a submission and its state',
				action: 'Get a submission',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many submissions',
				action: 'Get many submissions',
			},
			{
				name: 'Notify Tax Office',
				value: 'notifyTaxOffice',
				description:
					'In one step: create the submission of an establishment, wait for its validation, transmit it to ELSTER and output the receipt PDF',
				action: 'Notify the tax office of an establishment',
			},
			{
				name: 'Start Transmission',
				value: 'startTransmission',
				description: 'Send a validated submission to the tax office via ELSTER',
				action: 'Start the transmission of a submission',
			},
		],
		default: 'notifyTaxOffice',
	},
	...notifyTaxOffice.description,
	...create.description,
	...get.description,
	...getAll.description,
	...download.description,
	...startTransmission.description,
	...cancelTransmission.description,
];
