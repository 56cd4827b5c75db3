import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getLimit, itemsFor } from '../../shared/parameters';
import { fiskalyApiRequest } from '../../shared/transport';

/**
 * SUBMIT DE lists answer `{results: [...]}` with no paging parameters (REFERENCE SUBMIT DE §4,
 * [UNKNOWN] whether any exist), so Return All and Limit are applied to the one answer.
 */
export async function listResults(
	ctx: IExecuteFunctions,
	path: string,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const answer = await fiskalyApiRequest.call(ctx, {
		api: 'submitDe',
		method: 'GET',
		path,
		itemIndex,
	});
	return Array.isArray(answer.results) ? (answer.results as IDataObject[]) : [];
}

/** The execute body of a SUBMIT DE Get Many: the list, narrowed by `keep`, up to the Limit. */
export async function listItems(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	keep: (entry: IDataObject) => boolean = () => true,
): Promise<INodeExecutionData[]> {
	const limit = getLimit(ctx, itemIndex);
	const entries = (await listResults(ctx, path, itemIndex)).filter(keep);
	return itemsFor(limit === undefined ? entries : entries.slice(0, limit), itemIndex);
}
