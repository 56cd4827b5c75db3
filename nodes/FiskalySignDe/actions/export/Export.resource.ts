import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as trigger from './trigger.operation';
import * as updateMetadata from './updateMetadata.operation';
import * as verifyFile from './verifyFile.operation';

export { cancel, download, get, getAll, trigger, updateMetadata, verifyFile };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['export'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Stop an export that is still pending or working',
				action: 'Cancel an export',
			},
			{
				name: 'Download',
				value: 'download',
				description: 'Get the TAR file of an export, optionally waiting until it is completed',
				action: 'Download an export',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an export and its state',
				action: 'Get an export',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many exports',
				action: 'Get many exports',
			},
			{
				name: 'Trigger',
				value: 'trigger',
				description: 'Start an export of the signed logs of a TSS (TAR, BSI TR-03153)',
				action: 'Trigger an export',
			},
			{
				name: 'Update Metadata',
				value: 'updateMetadata',
				description: 'Add or change the metadata of an export',
				action: 'Update the metadata of an export',
			},
			{
				name: 'Verify File',
				value: 'verifyFile',
				description:
					'Check an export TAR offline: log messages, signatures, counters and file names',
				action: 'Verify an export file',
			},
		],
		default: 'trigger',
	},
	...cancel.description,
	...download.description,
	...get.description,
	...getAll.description,
	...trigger.description,
	...updateMetadata.description,
	...verifyFile.description,
];
