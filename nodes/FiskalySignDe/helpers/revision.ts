import type { IDataObject } from 'n8n-workflow';

/**
 * The latest revision of transaction `transactionRef` on TSS `tssId` as carried by the incoming
 * item, or undefined when the item is not that transaction (then the node reads it from fiskaly).
 * `transactionRef` is the UUID or the number of the transaction.
 */
export function latestRevisionFromItem(
	item: IDataObject | undefined,
	tssId: string,
	transactionRef: string,
): number | undefined {
	if (!item || item._type !== 'TRANSACTION') return undefined;
	if (typeof item.tss_id !== 'string' || item.tss_id.toLowerCase() !== tssId) return undefined;
	const sameId = typeof item._id === 'string' && item._id.toLowerCase() === transactionRef;
	const sameNumber = typeof item.number === 'number' && String(item.number) === transactionRef;
	if (!sameId && !sameNumber) return undefined;
	const latest = item.latest_revision;
	return typeof latest === 'number' && Number.isInteger(latest) && latest > 0 ? latest : undefined;
}
