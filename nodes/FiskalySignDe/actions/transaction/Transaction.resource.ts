import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as cancelStale from './cancelStale.operation';
import * as finish from './finish.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as signReceipt from './signReceipt.operation';
import * as start from './start.operation';
import * as update from './update.operation';
import * as updateMetadata from './updateMetadata.operation';
import * as verify from './verify.operation';

export {
	cancel,
	cancelStale,
	finish,
	get,
	getAll,
	signReceipt,
	start,
	update,
	updateMetadata,
	verify,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transaction'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'End an open transaction as cancelled',
				action: 'Cancel a transaction',
			},
			{
				name: 'Cancel Stale',
				value: 'cancelStale',
				description:
					'Cancel the open transactions of a TSS that are older than a number of minutes',
				action: 'Cancel stale transactions',
			},
			{
				name: 'Finish',
				value: 'finish',
				description: 'End an open transaction with its receipt data',
				action: 'Finish a transaction',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a transaction or one of its revisions',
				action: 'Get a transaction',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many transactions',
				action: 'Get many transactions',
			},
			{
				name: 'Sign Receipt',
				value: 'signReceipt',
				description:
					'Start and finish a transaction in one step and return the signed receipt data',
				action: 'Sign a receipt',
			},
			{
				name: 'Start',
				value: 'start',
				description: 'Start a transaction',
				action: 'Start a transaction',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Sign new data for an open transaction',
				action: 'Update a transaction',
			},
			{
				name: 'Update Metadata',
				value: 'updateMetadata',
				description: 'Add or change the metadata of a transaction',
				action: 'Update the metadata of a transaction',
			},
			{
				name: 'Verify Signature',
				value: 'verify',
				description:
					'Check a transaction signature offline, from the transaction or a receipt QR code',
				action: 'Verify the signature of a transaction',
			},
		],
		default: 'signReceipt',
	},
	...cancel.description,
	...cancelStale.description,
	...finish.description,
	...get.description,
	...getAll.description,
	...signReceipt.description,
	...start.description,
	...update.description,
	...updateMetadata.description,
	...verify.description,
];
