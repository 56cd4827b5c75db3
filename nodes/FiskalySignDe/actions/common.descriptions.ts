import type { INodeProperties } from 'n8n-workflow';

import { UUID_PATTERN } from '../helpers/validation';

/** Parameters shared by several operations. Operation files pick and display them. */

function locator(
	name: string,
	displayName: string,
	searchListMethod: string,
	placeholder: string,
	required: boolean,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: UUID_PATTERN, errorMessage: 'Not a valid ID (UUID)' },
					},
				],
			},
		],
	};
}

export const tssLocator: INodeProperties = {
	...locator('tss', 'TSS', 'searchTss', 'e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6', true),
	description: 'The TSS (technical security system) to use',
};

export const clientLocator: INodeProperties = {
	...locator('client', 'Client', 'searchClients', 'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d', true),
	description: 'The client (cash register) of the TSS',
};

/** For Update, Finish and Cancel: the transaction already knows its client. */
export const optionalClientLocator: INodeProperties = {
	...locator('client', 'Client', 'searchClients', 'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d', false),
	description: 'The client (cash register) sending the change. Leave empty to use the client that started the transaction.',
};

export const adminPinField: INodeProperties = {
	displayName: 'Admin PIN',
	name: 'adminPin',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	required: true,
	description: 'Admin PIN of the TSS. The node logs in as admin right before the change and out right after it.',
};

export const metadataField: INodeProperties = {
	displayName: 'Metadata',
	name: 'metadata',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Metadata',
	default: {},
	description: 'Your own key-value pairs stored with the resource (up to 40). fiskaly merges them into existing metadata.',
	options: [
		{
			displayName: 'Entry',
			name: 'entries',
			values: [
				{
					displayName: 'Key',
					name: 'key',
					type: 'string',
					default: '',
					placeholder: 'e.g. store',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'e.g. Berlin Mitte',
				},
			],
		},
	],
};

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description:
		'Whether to return only the data a printed receipt needs (serial numbers, transaction number, signature counter, times, signature, public key, algorithm, time format, QR code data) instead of the whole transaction',
};

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: 1,
	description:
		'How many items to send to fiskaly at the same time. Output order stays the same as the input order.',
};

export const orderField: INodeProperties = {
	displayName: 'Order',
	name: 'order',
	type: 'options',
	options: [
		{ name: 'Ascending', value: 'asc' },
		{ name: 'Descending', value: 'desc' },
	],
	default: 'asc',
	description: 'Sort direction',
};

/** The Options collection of operations whose only option is Concurrency. */
export const concurrencyOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [concurrencyOption],
};

export const TRUSTED_KEY_FIELD = 'TSS Public Key or Serial Number';

/** For the offline checks: the TSS whose key must have signed. */
export const trustedKeyOption: INodeProperties = {
	displayName: TRUSTED_KEY_FIELD,
	name: 'trustedKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. a408459289ea51b6f492df7a24272c395fa0a4820245389dea15eba89f6e12f7',
	description:
		'The public_key or serial_number of your TSS (from TSS › Get). Without it the check proves that the data is unchanged since it was signed, but not which key signed it.',
};
