import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fiskalyApiRequest } from '../../../shared/transport';
import { isStale } from '../../helpers/housekeeping';
import type { AgeBasis } from '../../helpers/housekeeping';

export const olderThanField: INodeProperties = {
	displayName: 'Older Than (Minutes)',
	name: 'olderThanMinutes',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 60,
	description: 'An open (ACTIVE) transaction counts as stale once it is this old',
};

export const ageBasisField: INodeProperties = {
	displayName: 'Measure Age From',
	name: 'ageBasis',
	type: 'options',
	options: [
		{ name: 'Start', value: 'start', description: 'When the transaction was started' },
		{
			name: 'Last Change',
			value: 'lastChange',
			description:
				'When the transaction was last updated, so long-running ones that are still in use stay open',
		},
	],
	default: 'start',
};

const PAGE_SIZE = 100;
/** A TSS holds at most 2000 ACTIVE transactions: 20 pages. */
const MAX_PAGES = 20;

/**
 * The ACTIVE transactions of a TSS (or of one of its clients) that started, or last changed,
 * before `cutoff` (unix seconds), oldest first. Reads by start time and stops at the first
 * transaction started after the cutoff, so a TSS with few stale transactions costs one list call
 * (fiskaly allows 20 a minute per TSS).
 */
export async function staleTransactions(
	this: IExecuteFunctions,
	tssId: string,
	clientId: string | undefined,
	cutoff: number,
	basis: AgeBasis,
	itemIndex: number,
): Promise<IDataObject[]> {
	const path = clientId ? `/tss/${tssId}/client/${clientId}/tx` : `/tss/${tssId}/tx`;
	const stale: IDataObject[] = [];
	for (let page = 0; page < MAX_PAGES; page++) {
		const answer = await fiskalyApiRequest.call(this, {
			method: 'GET',
			path,
			qs: {
				states: ['ACTIVE'],
				order_by: 'time_start',
				order: 'asc',
				limit: PAGE_SIZE,
				offset: page * PAGE_SIZE,
			},
			itemIndex,
		});
		const data = Array.isArray(answer.data) ? (answer.data as IDataObject[]) : [];
		stale.push(...data.filter((transaction) => isStale(transaction, cutoff, basis)));
		const startedLater = data.some(
			(transaction) =>
				typeof transaction.time_start === 'number' && transaction.time_start >= cutoff,
		);
		if (data.length < PAGE_SIZE || startedLater) break;
	}
	return stale;
}
