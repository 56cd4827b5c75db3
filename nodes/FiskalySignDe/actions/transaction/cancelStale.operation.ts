import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fiskalyCodeOf, restate } from '../../../shared/errors';
import { getNumber, getParameter, itemsFor } from '../../../shared/parameters';
import { transactionSummary } from '../../helpers/housekeeping';
import type { AgeBasis } from '../../helpers/housekeeping';
import { cancellationSchema } from '../../helpers/receipt';
import { optionalClientLocator, tssLocator } from '../common.descriptions';
import { getOptionalClientId, getTssId } from '../ids';
import { ageBasisField, olderThanField, staleTransactions } from './stale';
import { latestRevisionOf, upsertNextRevision } from './upsert';

const properties: INodeProperties[] = [
	tssLocator,
	olderThanField,
	ageBasisField,
	{
		...optionalClientLocator,
		description:
			'Only cancel the transactions of this client (cash register). Leave empty for all clients of the TSS.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: 'Whether to only report the stale transactions without cancelling them',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['cancelStale'] } },
	properties,
);

/**
 * Cancels the ACTIVE transactions that were left open (e.g. by a till that crashed) so they do not
 * use up the TSS's 2000 open transactions. A second run finds nothing left to cancel; a transaction
 * finished in the meantime is reported as skipped.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const clientId = getOptionalClientId(this, itemIndex);
	const minutes = getNumber(
		this,
		itemIndex,
		{ name: 'olderThanMinutes', field: 'Older Than (Minutes)', fallback: 60 },
		{ min: 1 },
		'Enter how long (in minutes, 1 or more) a transaction must have been ACTIVE to count as stale.',
	);
	const basis = getParameter(this, 'ageBasis', itemIndex, 'start') as AgeBasis;
	const dryRun = getParameter(this, 'options.dryRun', itemIndex, false) as boolean;
	const cutoff = Math.floor(Date.now() / 1000) - Math.round(minutes * 60);

	const stale = await staleTransactions.call(this, tssId, clientId, cutoff, basis, itemIndex);
	const cancelled: IDataObject[] = [];
	const skipped: IDataObject[] = [];
	for (const transaction of dryRun ? [] : stale) {
		const body: IDataObject = {
			state: 'CANCELLED',
			client_id: transaction.client_id,
			schema: cancellationSchema(transaction),
		};
		try {
			const result = await upsertNextRevision.call(
				this,
				tssId,
				String(transaction._id),
				latestRevisionOf(transaction),
				body,
				itemIndex,
			);
			cancelled.push({
				...transactionSummary(transaction),
				latest_revision: result.latest_revision ?? null,
			});
		} catch (error) {
			// Finished or cancelled by someone else since the list was read: nothing left to do.
			if (fiskalyCodeOf(error) !== 'E_TX_UPSERT') {
				throw restate(
					this.getNode(),
					error,
					{
						advice: `${cancelled.length} stale transaction(s) were cancelled before this. Run Cancel Stale again to continue; it skips what is already cancelled.`,
					},
					itemIndex,
				);
			}
			skipped.push({ ...transactionSummary(transaction), reason: (error as Error).message });
		}
	}
	return itemsFor(
		{
			tss_id: tssId,
			client_id: clientId ?? null,
			older_than_minutes: minutes,
			age_measured_from: basis === 'start' ? 'start' : 'last change',
			cutoff: new Date(cutoff * 1000).toISOString(),
			dry_run: dryRun,
			stale_count: stale.length,
			cancelled_count: cancelled.length,
			cancelled,
			skipped,
			...(dryRun ? { stale: stale.map(transactionSummary) } : {}),
		},
		itemIndex,
	);
}
