import type { INodeProperties } from 'n8n-workflow';

import * as deleteClosing from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getDetails from './getDetails.operation';
import * as insert from './insert.operation';

export { deleteClosing as delete, get, getAll, getDetails, insert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cashPointClosing'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a closing so that it is left out of exports',
				action: 'Delete a cash point closing',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the state and totals of a closing',
				action: 'Get a cash point closing',
			},
			{
				name: 'Get Details',
				value: 'getDetails',
				description: 'Get a closing with its cash statement and transactions',
				action: 'Get the details of a cash point closing',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many closings',
				action: 'Get many cash point closings',
			},
			{
				name: 'Insert',
				value: 'insert',
				description: 'Insert a closing given as JSON and wait until fiskaly has processed it',
				action: 'Insert a cash point closing',
			},
		],
		default: 'insert',
	},
	...insert.description,
	...get.description,
	...getDetails.description,
	...getAll.description,
	...deleteClosing.description,
];
