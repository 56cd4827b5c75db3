// Fiskaly DSFinV-K › Export through n8n's engine against the simulator: trigger over the insert
// times of COMPLETED closings and wait until the archive is built, a re-run that finds the first
// export, download as TAR or ZIP binary data, the download URL, the list, and fiskaly's errors.
import type { IDataObject } from 'n8n-workflow';

import { byId } from '../../../scripts/n8n-engine';
import { readTar } from '../../support/tar';
import {
	dsfinvkApi,
	dsfinvkNode,
	dsfinvkRequestLines,
	prepareRegister,
	signedClosing,
	startDsfinvkSession,
	type PreparedRegister,
} from './dsfinvkSession';
import { EngineSession } from './session';

let session: EngineSession;
let register: PreparedRegister;
let start: string;
let end: string;

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

beforeAll(async () => {
	session = await startDsfinvkSession();
	const api = await dsfinvkApi(session);
	register = await prepareRegister(session, api);
	start = iso(Math.floor(Date.now() / 1000) - 1);
	for (const zNr of [1, 2]) {
		const { error } = await run('cashPointClosing', 'insert', {
			cashRegister: byId(register.client.clientId),
			closing: JSON.stringify(await signedClosing(session, register, zNr, 1)),
		});
		if (error) throw new Error(error.message);
	}
	end = iso(Math.floor(Date.now() / 1000) + 1);
});

afterAll(async () => {
	await session?.close();
});

function run(
	resource: string,
	operation: string,
	parameters: Record<string, unknown>,
	continueOnFail = false,
) {
	return session.engine.runNode(dsfinvkNode({ resource, operation, parameters, continueOnFail }));
}

async function ok(operation: string, parameters: Record<string, unknown>) {
	const { items, error } = await run('export', operation, parameters);
	if (error) throw new Error(`${operation}: ${error.message} | ${error.description ?? ''}`);
	return items;
}

describe('Trigger and Download', () => {
	let exportId: string;

	it('triggers the export of a register over an insert-time range and waits until it is built', async () => {
		await session.resetTraffic();
		const [triggered] = await ok('trigger', {
			start,
			end,
			cashRegister: byId(register.client.clientId),
		});
		expect(triggered.json).toMatchObject({ state: 'COMPLETED', already_triggered: false });
		expect(triggered.json.cash_point_closings).toHaveLength(2);
		exportId = String(triggered.json.export_id);
		const [put] = await dsfinvkRequestLines(session);
		expect(put).toBe(`PUT /exports/${exportId}`);
	});

	it('finds the first export when the same range is triggered again', async () => {
		const [again] = await ok('trigger', {
			start,
			end,
			cashRegister: byId(register.client.clientId),
		});
		expect(again.json).toMatchObject({ export_id: exportId, already_triggered: true });
	});

	it('downloads the archive as TAR binary data with the DSFinV-K tables and index.xml', async () => {
		const [downloaded] = await ok('download', {
			export: byId(exportId),
			binaryPropertyName: 'archive',
		});
		expect(downloaded.json).toMatchObject({
			export_id: exportId,
			state: 'COMPLETED',
			file_name: `dsfinvk-export_${exportId}.tar`,
		});
		const binary = downloaded.binary!.archive;
		expect(binary.mimeType).toBe('application/x-tar');
		const names = readTar(Buffer.from(binary.data, 'base64')).map((file) =>
			file.name.replace(/^\.\//, ''),
		);
		expect(names).toEqual(
			expect.arrayContaining(['index.xml', 'cashpointclosing.csv', 'transactions_tse.csv']),
		);
		expect(downloaded.json.file_size).toBe(Buffer.from(binary.data, 'base64').length);
	});

	it('gives the download URL and the export itself', async () => {
		const [link] = await ok('getDownloadUrl', { export: byId(exportId) });
		expect(String(link.json.href)).toMatch(new RegExp(`/exports/${exportId}/download$`));
		const [got] = await ok('get', { export: byId(exportId) });
		expect(got.json).toMatchObject({ _id: exportId, state: 'COMPLETED' });
	});

	it('builds a ZIP when asked, and names the file after it', async () => {
		const [triggered] = await ok('trigger', { start, end, format: 'zip' });
		expect(triggered.json.export_id).not.toBe(exportId);
		const [downloaded] = await ok('download', { export: byId(String(triggered.json.export_id)) });
		expect(downloaded.json.file_name).toMatch(/\.zip$/);
		expect(downloaded.binary!.data.mimeType).toBe('application/zip');
		expect(Buffer.from(downloaded.binary!.data.data, 'base64').subarray(0, 2).toString()).toBe(
			'PK',
		);
	});

	it('lists exports with states, Limit and Return All, and offers them in the From list search', async () => {
		await session.resetTraffic();
		const all = await ok('getAll', { returnAll: true, filters: { states: ['COMPLETED'] } });
		expect(all.map((item) => item.json._id)).toContain(exportId);
		expect((await dsfinvkRequestLines(session))[0]).toContain('states=COMPLETED');
		expect(await ok('getAll', { limit: 1 })).toHaveLength(1);
		const byRegister = await ok('getAll', {
			returnAll: true,
			filters: { clientId: register.client.clientId },
		});
		expect(byRegister.map((item) => item.json._id)).toContain(exportId);
		const { results } = await session.engine.listSearch('searchExports', {
			...dsfinvkNode({ resource: 'export', operation: 'get' }),
			path: 'parameters.export',
			filter: exportId,
		});
		expect(results.map((result) => result.value)).toEqual([exportId]);
	});
});

describe('errors', () => {
	it('an empty range is refused with fiskaly’s code and the fix', async () => {
		const { error } = await run('export', 'trigger', {
			start: '2001-01-01T00:00:00Z',
			end: '2001-01-02T00:00:00Z',
		});
		expect(error?.message).toContain('E_CASH_POINT_CLOSING_NOT_FOUND');
		expect(error?.description).toMatch(/inserted.*not their business date/);
	});

	it('a running export without waiting: the download says to wait, under Continue as an error item', async () => {
		const { items, error } = await run(
			'export',
			'trigger',
			{ start, end, exportId: '6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5', waitForCompletion: false },
			true,
		);
		expect(error).toBeUndefined();
		expect((items[0].json as IDataObject).state).toBe('PENDING');
		const download = await run(
			'export',
			'download',
			{ export: byId('6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5'), waitForCompletion: false },
			true,
		);
		expect(download.items[0].json.error).toMatchObject({
			code: 'E_DOWNLOAD_NOT_FOUND',
			description: expect.stringMatching(/Wait for Completion/),
		});
	});
});
