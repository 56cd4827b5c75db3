import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as set from './set.operation';

export { get, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['taxpayer'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the taxpayer',
				action: 'Get the taxpayer',
			},
			{
				name: 'Set',
				value: 'set',
				description: 'Create or replace the taxpayer the notifications are made for',
				action: 'Set the taxpayer',
			},
		],
		default: 'set',
	},
	...set.description,
	...get.description,
];
