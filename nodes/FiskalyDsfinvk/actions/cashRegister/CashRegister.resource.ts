import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as upsert from './upsert.operation';

export { get, getAll, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cashRegister'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a cash register',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a cash register',
				action: 'Get a cash register',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many cash registers',
				action: 'Get many cash registers',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...get.description,
	...getAll.description,
];
