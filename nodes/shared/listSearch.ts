import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { FiskalyApi } from './apis';
import { fiskalyApiRequest } from './transport';

/**
 * "From list" searches of the resource locators, for every fiskaly node: one page of 100 at a
 * time. With a search text, pages without a match are skipped (up to MAX_PAGES_PER_SEARCH) so a
 * typed ID is found even when it is not among the first 100.
 */

const PAGE_SIZE = 100;
const MAX_PAGES_PER_SEARCH = 10;

export function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const wanted = filter.toLowerCase();
	return texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(wanted));
}

export interface ListedCollection {
	/** The API the list belongs to; default SIGN DE. */
	api?: FiskalyApi;
	path: string;
}

async function page(
	ctx: ILoadOptionsFunctions,
	list: ListedCollection,
	paginationToken: string | undefined,
): Promise<{ data: IDataObject[]; next: string | undefined }> {
	const offset = Number(paginationToken ?? 0) || 0;
	const response = await fiskalyApiRequest.call(ctx, {
		api: list.api,
		method: 'GET',
		path: list.path,
		qs: { limit: PAGE_SIZE, offset },
	});
	const data = Array.isArray(response.data) ? (response.data as IDataObject[]) : [];
	return { data, next: data.length === PAGE_SIZE ? String(offset + PAGE_SIZE) : undefined };
}

/** The next page that has matches (or the end of the list), reading at most MAX_PAGES_PER_SEARCH pages. */
async function matchingPage(
	ctx: ILoadOptionsFunctions,
	list: ListedCollection,
	paginationToken: string | undefined,
	isMatch: (item: IDataObject) => boolean,
): Promise<{ matches: IDataObject[]; next: string | undefined }> {
	let token = paginationToken;
	for (let pagesRead = 1; ; pagesRead++) {
		const { data, next } = await page(ctx, list, token);
		const found = data.filter(isMatch);
		if (found.length > 0 || next === undefined || pagesRead >= MAX_PAGES_PER_SEARCH) {
			return { matches: found, next };
		}
		token = next;
	}
}

/** One "From list" answer: the matching entries of a fiskaly list, named for the user. */
export async function searchList(
	ctx: ILoadOptionsFunctions,
	list: ListedCollection,
	paginationToken: string | undefined,
	entry: {
		isMatch: (item: IDataObject) => boolean;
		toResult: (item: IDataObject) => INodeListSearchItems;
	},
): Promise<INodeListSearchResult> {
	const { matches: found, next } = await matchingPage(ctx, list, paginationToken, entry.isMatch);
	return { results: found.map(entry.toResult), paginationToken: next };
}

/** SIGN DE's TSS, offered by every node that links to a TSS. */
export async function searchTss(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchList(this, { path: '/tss' }, paginationToken, {
		isMatch: (tss) => matches(filter, tss._id, tss.description, tss.state, tss.serial_number),
		toResult: (tss) => ({
			name: `${String(tss.description ?? tss._id)} (${String(tss.state)})`,
			value: String(tss._id),
		}),
	});
}

/** The TSS chosen in the node's `tss` locator, or undefined while none is chosen. */
export function chosenTssId(ctx: ILoadOptionsFunctions): string | undefined {
	return ctx.getNodeParameter('tss', undefined, { extractValue: true }) as string | undefined;
}

/** SIGN DE's clients of the TSS chosen in the node's `tss` locator. */
export async function searchClients(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const tssId = chosenTssId(this);
	if (!tssId) return { results: [] };
	const path = `/tss/${encodeURIComponent(tssId)}/client`;
	return await searchList(this, { path }, paginationToken, {
		isMatch: (client) => matches(filter, client._id, client.serial_number, client.state),
		toResult: (client) => ({
			name: `${String(client.serial_number ?? client._id)} (${String(client.state)})`,
			value: String(client._id),
		}),
	});
}
