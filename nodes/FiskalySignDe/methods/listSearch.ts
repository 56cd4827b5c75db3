import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { chosenTssId, matches, searchList } from '../../shared/listSearch';

/** "From list" search for the TSS and Client locators (shared with the other fiskaly nodes). */
export { searchClients, searchTss } from '../../shared/listSearch';

function requestedAt(exported: IDataObject): string {
	const seconds = exported.time_request;
	if (typeof seconds !== 'number') return String(exported._id);
	return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Exports of the TSS chosen in the node's `tss` locator: when requested, state and the start of the ID. */
export async function searchExports(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const tssId = chosenTssId(this);
	if (!tssId) return { results: [] };
	const path = `/tss/${encodeURIComponent(tssId)}/export`;
	return await searchList(this, { path }, paginationToken, {
		isMatch: (exported) => matches(filter, exported._id, exported.state, requestedAt(exported)),
		toResult: (exported) => ({
			name: `${requestedAt(exported)} (${String(exported.state)}) ${String(exported._id).slice(0, 8)}`,
			value: String(exported._id),
		}),
	});
}
