import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fiskalyApiRequestAllItems } from '../../transport';
import {
	clientLocator,
	concurrencyOptions,
	limitField,
	orderField,
	returnAllField,
	simplifyField,
	tssLocator,
} from '../common.descriptions';
import { getClientId, getLimit, getParameter, getTssId, itemsFor, listQuery } from '../parameters';
import { TRANSACTION_STATES } from './shared';
import { transactionOutput } from './upsert';

const properties: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{
				name: 'All TSS',
				value: 'all',
				description: 'Transactions of every TSS of the organisation',
			},
			{ name: 'One Client', value: 'client', description: 'Transactions of one client of a TSS' },
			{
				name: 'One TSS',
				value: 'tss',
				description: 'Transactions of one TSS (fiskaly allows 20 such reads a minute)',
			},
		],
		default: 'tss',
		description: 'Whose transactions to return',
	},
	{ ...tssLocator, displayOptions: { show: { scope: ['tss', 'client'] } } },
	{ ...clientLocator, displayOptions: { show: { scope: ['client'] } } },
	returnAllField,
	limitField,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			orderField,
			{
				displayName: 'Order By',
				name: 'orderBy',
				type: 'options',
				options: [
					{ name: 'End Time', value: 'time_end' },
					{ name: 'Number', value: 'number' },
					{ name: 'Start Time', value: 'time_start' },
					{ name: 'State', value: 'state' },
				],
				default: 'number',
				description: 'Field to sort by',
			},
			{
				displayName: 'States',
				name: 'states',
				type: 'multiOptions',
				options: TRANSACTION_STATES,
				default: [],
				description: 'Only return transactions in these states',
			},
		],
	},
	simplifyField,
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['getAll'] } },
	properties,
);

function listPath(ctx: IExecuteFunctions, scope: string, itemIndex: number): string {
	if (scope === 'all') return '/tx';
	const tssPath = `/tss/${getTssId(ctx, itemIndex)}`;
	return scope === 'client'
		? `${tssPath}/client/${getClientId(ctx, itemIndex)}/tx`
		: `${tssPath}/tx`;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const scope = getParameter(this, 'scope', itemIndex, 'tss') as string;
	const path = listPath(this, scope, itemIndex);
	const limit = getLimit(this, itemIndex);
	const filters = getParameter(this, 'filters', itemIndex, {}) as IDataObject;
	const simplify = getParameter(this, 'simplify', itemIndex, false) as boolean;
	const qs = listQuery(filters);
	const transactions = await fiskalyApiRequestAllItems.call(this, path, qs, limit, itemIndex);
	return itemsFor(
		transactions.map((transaction) => transactionOutput(transaction, simplify)),
		itemIndex,
	);
}
