import type { INodeProperties } from 'n8n-workflow';

/** Pieces shared by the transaction operations. */

export const newTransactionIdField: INodeProperties = {
	displayName: 'Transaction ID',
	name: 'transactionId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 0d4b2f8e-93c4-4f7a-a7e1-5d8f1b6c2a90',
	description:
		'UUID for the new transaction. Leave empty to generate one. Using a stable ID (e.g. derived from your order) makes a re-run return the already signed transaction instead of signing again.',
};

export const transactionRefField: INodeProperties = {
	displayName: 'Transaction ID',
	name: 'transactionId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 0d4b2f8e-93c4-4f7a-a7e1-5d8f1b6c2a90',
	description: 'UUID of the transaction (its _id), or its number',
};

export const TRANSACTION_STATES = [
	{ name: 'Active', value: 'ACTIVE' },
	{ name: 'Cancelled', value: 'CANCELLED' },
	{ name: 'Finished', value: 'FINISHED' },
];
