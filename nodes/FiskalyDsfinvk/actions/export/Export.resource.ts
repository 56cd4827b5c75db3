import type { INodeProperties } from 'n8n-workflow';

import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getDownloadUrl from './getDownloadUrl.operation';
import * as trigger from './trigger.operation';

// Verify DSFinV-K Export (value `verify`, offline, no credential: see OFFLINE_OPERATIONS) joins
// here as ./verify.operation.
export { download, get, getAll, getDownloadUrl, trigger };

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
		],
		default: 'trigger',
	},
	...trigger.description,
	...get.description,
	...getAll.description,
	...download.description,
	...getDownloadUrl.description,
];
