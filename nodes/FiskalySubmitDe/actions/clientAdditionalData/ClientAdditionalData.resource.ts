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
		displayOptions: { show: { resource: ['clientAdditionalData'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the additional data of a SIGN DE client',
				action: 'Get client additional data',
			},
			{
				name: 'Set',
				value: 'set',
				description:
					'Create or replace what the notification says about a register: type, make, software, dates, establishment',
				action: 'Set client additional data',
			},
		],
		default: 'set',
	},
	...set.description,
	...get.description,
];

/** The path of a register's additional data: the SIGN DE TSS and client it belongs to. */
export function additionalDataPath(tssId: string, clientId: string): string {
	return `/sign-de-v2/tss/${tssId}/client/${clientId}/additional_data`;
}
