import type { INodeProperties } from 'n8n-workflow';

import * as decommission from './decommission.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as upsert from './upsert.operation';

export { decommission, get, getAll, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['establishment'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update an establishment',
			},
			{
				name: 'Decommission',
				value: 'decommission',
				description: 'Close the establishment from a date on (cannot be undone)',
				action: 'Decommission an establishment',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an establishment',
				action: 'Get an establishment',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many establishments',
				action: 'Get many establishments',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...get.description,
	...getAll.description,
	...decommission.description,
];
