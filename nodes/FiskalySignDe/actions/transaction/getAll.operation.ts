import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listItems, listProperties } from '../../../shared/listOperation';
import { getParameter } from '../../../shared/parameters';
import { transactionOutput } from '../../helpers/receipt';
import { clientLocator, simplifyField, tssLocator } from '../common.descriptions';
import { getClientId, getTssId } from '../ids';
import { TRANSACTION_STATES } from './shared';

// Literal pieces: n8n-node lint checks option order and wording only in object literals.
const properties = listProperties({
	scope: [
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
	],
	orderBy: {
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
	filters: [
		{
			displayName: 'States',
			name: 'states',
			type: 'multiOptions',
			options: TRANSACTION_STATES,
			default: [],
			description: 'Only return transactions in these states',
		},
	],
	output: [simplifyField],
});

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
	const simplify = getParameter(this, 'simplify', itemIndex, false) as boolean;
	return await listItems.call(this, itemIndex, {
		path,
		output: (transaction) => transactionOutput(transaction, simplify),
	});
}
