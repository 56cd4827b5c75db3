import type { INodeProperties } from 'n8n-workflow';

import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getDownloadUrl from './getDownloadUrl.operation';
import * as trigger from './trigger.operation';
// Offline, no credential: see OFFLINE_OPERATIONS.
import * as verify from './verify.operation';

export { download, get, getAll, getDownloadUrl, trigger, verify };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['export'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				description: 'Download the DSFinV-K archive as binary data',
				action: 'Download an export',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the state of an export',
				action: 'Get an export',
			},
			{
				name: 'Get Download URL',
				value: 'getDownloadUrl',
				description: 'Get a link to the archive of a completed export',
				action: 'Get the download URL of an export',
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
				description: 'Build the DSFinV-K export of a time range for a tax audit',
				action: 'Trigger an export',
			},
			{
				name: 'Verify',
				value: 'verify',
				description:
					'Check a downloaded export offline: index.xml, the 20 tables, their sums and the TSE signatures, with findings per table and row',
				action: 'Verify an export',
			},
		],
		default: 'trigger',
	},
	...trigger.description,
	...get.description,
	...getAll.description,
	...download.description,
	...getDownloadUrl.description,
	...verify.description,
];
