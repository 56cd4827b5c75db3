import type { INodeProperties } from 'n8n-workflow';

import { locator } from '../../shared/descriptions';

/** SIGN DE parameters shared by several operations. Operation files pick and display them. */

export const tssLocator: INodeProperties = {
	...locator('tss', 'TSS', 'searchTss', 'e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6', true),
	description: 'The TSS (technical security system) to use',
};

export const clientLocator: INodeProperties = {
	...locator(
		'client',
		'Client',
		'searchClients',
		'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
		true,
	),
	description: 'The client (cash register) of the TSS',
};

/** For Update, Finish and Cancel: the transaction already knows its client. */
export const optionalClientLocator: INodeProperties = {
	...locator(
		'client',
		'Client',
		'searchClients',
		'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
		false,
	),
	description:
		'The client (cash register) sending the change. Leave empty to use the client that started the transaction.',
};

export const adminPinField: INodeProperties = {
	displayName: 'Admin PIN',
	name: 'adminPin',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	required: true,
	description:
		'Admin PIN of the TSS. The node logs in as admin right before the change and out right after it.',
};

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description:
		'Whether to return only the data a printed receipt needs (serial numbers, transaction number, signature counter, times, signature, public key, algorithm, time format, QR code data) instead of the whole transaction',
};
