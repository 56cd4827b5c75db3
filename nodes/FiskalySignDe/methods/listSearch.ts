import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { fiskalyApiRequest } from '../transport';

/** "From list" search for the TSS and Client locators, one page of 100 at a time. */

const PAGE_SIZE = 100;

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
	const response = await fiskalyApiRequest.call(ctx, { method: 'GET', path, qs: { limit: PAGE_SIZE, offset } });
	const data = Array.isArray(response.data) ? (response.data as IDataObject[]) : [];
	return { data, next: data.length === PAGE_SIZE ? String(offset + PAGE_SIZE) : undefined };
}

export async function searchTss(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { data, next } = await page(this, '/tss', paginationToken);
	const results: INodeListSearchItems[] = data
		.filter((tss) => matches(filter, tss._id, tss.description, tss.state, tss.serial_number))
		.map((tss) => ({
			name: `${String(tss.description ?? tss._id)} (${String(tss.state)})`,
			value: String(tss._id),
		}));
	return { results, paginationToken: next };
}

export async function searchClients(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const tssId = this.getNodeParameter('tss', undefined, { extractValue: true }) as string | undefined;
	if (!tssId) return { results: [] };
	const { data, next } = await page(this, `/tss/${encodeURIComponent(tssId)}/client`, paginationToken);
	const results: INodeListSearchItems[] = data
		.filter((client) => matches(filter, client._id, client.serial_number, client.state))
		.map((client) => ({
			name: `${String(client.serial_number ?? client._id)} (${String(client.state)})`,
			value: String(client._id),
		}));
	return { results, paginationToken: next };
}
