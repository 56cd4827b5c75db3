import type { INodeProperties } from 'n8n-workflow';

import * as closeDay from './closeDay.operation';

export { closeDay };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cashPointClosing'] } },
		options: [
			{
				name: 'Close Day',
				value: 'closeDay',
				description:
					"Build and insert the day's closing of a register from its signed sales (one per input item)",
				action: 'Close the day of a cash register',
			},
		],
		default: 'closeDay',
	},
	...closeDay.description,
];
