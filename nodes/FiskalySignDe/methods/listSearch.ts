import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { fiskalyApiRequest } from '../../shared/transport';

/**
 * "From list" search for the TSS, Client and Export locators, one page of 100 at a time. With a search
 * text, pages without a match are skipped (up to MAX_PAGES_PER_SEARCH) so a typed ID is found
 * even when it is not among the first 100.
 */

const PAGE_SIZE = 100;
const MAX_PAGES_PER_SEARCH = 10;

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const wanted = filter.toLowerCase();
	return texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(wanted));
}

async function page(
	ctx: ILoadOptionsFunctions,
	path: string,
	paginationToken: string | undefined,
): Promise<{ data: IDataObject[]; next: string | undefined }> {
	const offset = Number(paginationToken ?? 0) || 0;
	const response = await fiskalyApiRequest.call(ctx, {
		method: 'GET',
		path,
		qs: { limit: PAGE_SIZE, offset },
	});
	const data = Array.isArray(response.data) ? (response.data as IDataObject[]) : [];
	return { data, next: data.length === PAGE_SIZE ? String(offset + PAGE_SIZE) : undefined };
}

/** The next page that has matches for `filter` (or the end of the list), reading at most MAX_PAGES_PER_SEARCH pages. */
async function matchingPage(
	ctx: ILoadOptionsFunctions,
	path: string,
	paginationToken: string | undefined,
	isMatch: (item: IDataObject) => boolean,
): Promise<{ matches: IDataObject[]; next: string | undefined }> {
	let token = paginationToken;
	for (let pagesRead = 1; ; pagesRead++) {
		const { data, next } = await page(ctx, path, token);
		const found = data.filter(isMatch);
		if (found.length > 0 || next === undefined || pagesRead >= MAX_PAGES_PER_SEARCH) {
			return { matches: found, next };
		}
		token = next;
	}
}

export async function searchTss(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { matches: found, next } = await matchingPage(this, '/tss', paginationToken, (tss) =>
		matches(filter, tss._id, tss.description, tss.state, tss.serial_number),
	);
	const results: INodeListSearchItems[] = found.map((tss) => ({
		name: `${String(tss.description ?? tss._id)} (${String(tss.state)})`,
		value: String(tss._id),
	}));
	return { results, paginationToken: next };
}

/**
 * One page of the clients or exports of the TSS picked in the same node, as list entries; empty
 * while no TSS is picked.
 */
async function searchInChosenTss(
	ctx: ILoadOptionsFunctions,
	collection: 'client' | 'export',
	paginationToken: string | undefined,
	isMatch: (item: IDataObject) => boolean,
	nameOf: (item: IDataObject) => string,
): Promise<INodeListSearchResult> {
	const tssId = ctx.getNodeParameter('tss', undefined, { extractValue: true }) as
		| string
		| undefined;
	if (!tssId) return { results: [] };
	const { matches: found, next } = await matchingPage(
		ctx,
		`/tss/${encodeURIComponent(tssId)}/${collection}`,
		paginationToken,
		isMatch,
	);
	const results: INodeListSearchItems[] = found.map((item) => ({
		name: nameOf(item),
		value: String(item._id),
	}));
	return { results, paginationToken: next };
}

export async function searchClients(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchInChosenTss(
		this,
		'client',
		paginationToken,
		(client) => matches(filter, client._id, client.serial_number, client.state),
		(client) => `${String(client.serial_number ?? client._id)} (${String(client.state)})`,
	);
}

function requestedAt(exported: IDataObject): string {
	const seconds = exported.time_request;
	if (typeof seconds !== 'number') return String(exported._id);
	return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Exports of the TSS chosen in the same node: when requested, state and the start of the ID. */
export async function searchExports(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchInChosenTss(
		this,
		'export',
		paginationToken,
		(exported) => matches(filter, exported._id, exported.state, requestedAt(exported)),
		(exported) =>
			`${requestedAt(exported)} (${String(exported.state)}) ${String(exported._id).slice(0, 8)}`,
	);
}
