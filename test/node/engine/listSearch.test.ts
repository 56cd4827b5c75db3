// The "From list" search of the TSS, Client and Export resource locators, run the way n8n's editor runs
// it (a LoadOptionsContext with the node's current parameters) against the simulator.
import { randomUUID } from 'node:crypto';

import { byId } from '../../../scripts/n8n-engine';
import { EngineSession, type PreparedTss } from './session';

let session: EngineSession;
let tssList: PreparedTss[];

beforeAll(async () => {
	session = await EngineSession.start();
	tssList = [];
	for (let i = 0; i < 102; i++) tssList.push(await session.prepareTss('CREATED'));
	const initialized = await session.prepareTss();
	tssList.push(initialized);
	await session.expectOk('PATCH', `/tss/${initialized.tssId}/metadata`, { body: { store: 'x' } });
});

afterAll(async () => {
	await session?.close();
});

describe('TSS list search', () => {
	it('lists TSS page by page with a pagination token', async () => {
		const first = await session.engine.listSearch('searchTss', {
			resource: 'tss',
			operation: 'get',
			path: 'parameters.tss',
		});
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBeDefined();
		const second = await session.engine.listSearch('searchTss', {
			resource: 'tss',
			operation: 'get',
			path: 'parameters.tss',
			paginationToken: String(first.paginationToken),
		});
		const values = [...first.results, ...second.results].map((result) => result.value);
		expect(values).toEqual(expect.arrayContaining(tssList.map((tss) => tss.tssId)));
		expect(second.paginationToken).toBeUndefined();
	});

	it('finds a TSS by the text typed into the search box, also when it is not on the first page', async () => {
		// Created last, so fiskaly lists it after the first 100.
		const wanted = tssList[tssList.length - 1];
		const { results } = await session.engine.listSearch('searchTss', {
			resource: 'tss',
			operation: 'get',
			path: 'parameters.tss',
			filter: wanted.tssId.slice(0, 13),
		});
		expect(results.map((result) => result.value)).toEqual([wanted.tssId]);
	});

	it('matches the state shown in the list', async () => {
		const { results } = await session.engine.listSearch('searchTss', {
			resource: 'tss',
			operation: 'get',
			path: 'parameters.tss',
			filter: 'created',
		});
		expect(results.length).toBeGreaterThan(0);
		expect(results.every((result) => String(result.name).includes('(CREATED)'))).toBe(true);
	});
});

describe('Client list search', () => {
	it('lists the clients of the TSS chosen in the same node', async () => {
		const tss = tssList[tssList.length - 1];
		const a = await session.prepareClient(tss, 'Kasse Vorne');
		const b = await session.prepareClient(tss, 'Kasse Hinten');
		const all = await session.engine.listSearch('searchClients', {
			resource: 'client',
			operation: 'get',
			path: 'parameters.client',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(all.results.map((result) => result.value).sort()).toEqual(
			[a.clientId, b.clientId].sort(),
		);
		expect(all.results.map((result) => result.name)).toEqual(
			expect.arrayContaining([expect.stringContaining('Kasse Vorne')]),
		);

		const filtered = await session.engine.listSearch('searchClients', {
			resource: 'client',
			operation: 'get',
			path: 'parameters.client',
			parameters: { tss: byId(tss.tssId) },
			filter: 'hinten',
		});
		expect(filtered.results.map((result) => result.value)).toEqual([b.clientId]);
	});

	it('is empty until a TSS is chosen', async () => {
		const { results } = await session.engine.listSearch('searchClients', {
			resource: 'client',
			operation: 'get',
			path: 'parameters.client',
		});
		expect(results).toEqual([]);
	});
});

describe('Export list search', () => {
	it('lists the exports of the TSS chosen in the same node with their state, and finds one by its ID', async () => {
		const tss = tssList[tssList.length - 1];
		const exportIds = [randomUUID(), randomUUID()];
		for (const exportId of exportIds) {
			await session.expectOk('PUT', `/tss/${tss.tssId}/export/${exportId}`, { body: {} });
			// fiskaly runs one export with the same filters at a time.
			for (let attempt = 0; attempt < 50; attempt++) {
				const { state } = await session.expectOk('GET', `/tss/${tss.tssId}/export/${exportId}`);
				if (state !== 'PENDING' && state !== 'WORKING') break;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
		}
		const search = (filter?: string) =>
			session.engine.listSearch('searchExports', {
				resource: 'export',
				operation: 'get',
				path: 'parameters.exportId',
				parameters: { tss: byId(tss.tssId) },
				filter,
			});
		const all = await search();
		expect(all.results.map((result) => result.value).sort()).toEqual([...exportIds].sort());
		expect(all.results.map((result) => result.name)).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC \(COMPLETED\) /),
			]),
		);
		const one = await search(exportIds[1].slice(0, 13));
		expect(one.results.map((result) => result.value)).toEqual([exportIds[1]]);
	});

	it('is empty until a TSS is chosen', async () => {
		const { results } = await session.engine.listSearch('searchExports', {
			resource: 'export',
			operation: 'get',
			path: 'parameters.exportId',
		});
		expect(results).toEqual([]);
	});
});
