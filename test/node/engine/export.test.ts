// Export operations through n8n's engine against the simulator: trigger with filters (and the
// combinations refused before any call), get, get many, cancel, metadata, download as n8n binary
// data with waiting, Retry-After and max wait, and the offline Verify File on real and tampered TARs.
import { randomUUID } from 'node:crypto';

import type { INodeExecutionData } from 'n8n-workflow';

import { buildTar } from '../../../simulator/sign-de/exportTar';
import { parseTar } from '../../support/tar';
import { byId } from '../../../scripts/n8n-engine';
import {
	EngineSession,
	fieldError,
	fiskalyApiError,
	type PreparedClient,
	type PreparedTss,
} from './session';

let session: EngineSession;
let tss: PreparedTss;
let client: PreparedClient;

beforeAll(async () => {
	// Exports complete within 150 ms here, so a test rarely has to wait for one.
	session = await EngineSession.start({ exportTiming: { pendingMs: 50, workingMs: 100 } });
	tss = await session.prepareTss();
	client = await session.prepareClient(tss);
	await session.signDirectly(tss, client, '10.00');
	await session.signDirectly(tss, client, '20.00');
});

afterAll(async () => {
	await session.close();
});

beforeEach(async () => {
	await session.clearFaults();
	await session.resetTraffic();
});

type Parameters = Record<string, unknown>;

const run = (
	operation: string,
	parameters: Parameters = {},
	items?: INodeExecutionData[],
	continueOnFail = false,
) =>
	session.engine.runNode({
		resource: 'export',
		operation,
		parameters: parameters as any,
		items,
		continueOnFail,
	});

const onTss = (parameters: Parameters = {}, tssId = tss.tssId): Parameters => ({
	tss: byId(tssId),
	...parameters,
});

/** Waits until no export of the TSS runs: fiskaly refuses a second running export with the same filters. */
async function settled(tssId = tss.tssId): Promise<void> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const running = await session.expectOk('GET', `/tss/${tssId}/export`, {
			query: { states: ['PENDING', 'WORKING'] },
		});
		if (running.data.length === 0) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error('exports still running');
}

async function triggerDirectly(
	query: Record<string, string> = {},
	tssId = tss.tssId,
): Promise<string> {
	await settled(tssId);
	const exportId = randomUUID();
	await session.expectOk('PUT', `/tss/${tssId}/export/${exportId}`, { body: {}, query });
	return exportId;
}

async function completed(exportId: string, tssId = tss.tssId): Promise<any> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const exported = await session.expectOk('GET', `/tss/${tssId}/export/${exportId}`);
		if (exported.state !== 'PENDING' && exported.state !== 'WORKING') return exported;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`export ${exportId} did not finish`);
}

async function downloadTar(exportId: string): Promise<{ item: INodeExecutionData; tar: Buffer }> {
	const { items, error } = await run('download', onTss({ exportId }));
	expect(error).toBeUndefined();
	return { item: items[0], tar: Buffer.from(items[0].binary!.data.data, 'base64') };
}

describe('Export › Trigger', () => {
	it('starts an export under a generated ID, stores the metadata, and the same ID and filters again return it', async () => {
		const { items, error, rawPairedItems } = await run(
			'trigger',
			onTss({ metadata: { entries: [{ key: 'period', value: '2025-01' }] } }),
		);
		expect(error).toBeUndefined();
		const exported = items[0].json;
		expect(exported).toMatchObject({
			_type: 'EXPORT',
			tss_id: tss.tssId,
			metadata: { period: '2025-01' },
		});
		expect(['PENDING', 'WORKING', 'COMPLETED']).toContain(exported.state);
		expect(rawPairedItems).toEqual([{ item: 0 }]);
		expect((await session.requestLines()).filter((line) => line !== 'POST /auth')).toEqual([
			`PUT /tss/${tss.tssId}/export/${exported._id}`,
			`PATCH /tss/${tss.tssId}/export/${exported._id}/metadata`,
		]);

		const again = await run('trigger', onTss({ exportId: String(exported._id).toUpperCase() }));
		expect(again.items[0].json._id).toBe(exported._id);
	});

	it('sends the filters as fiskaly names them', async () => {
		const { items } = await run(
			'trigger',
			onTss({
				filters: { startTransactionNumber: 1, endTransactionNumber: 2, maximumNumberRecords: 500 },
			}),
		);
		expect(items[0].json._id).toEqual(expect.any(String));
		const [line] = await session.requestLines();
		expect(line).toContain('start_transaction_number=1');
		expect(line).toContain('end_transaction_number=2');
		expect(line).toContain('maximum_number_records=500');

		const byDate = await run(
			'trigger',
			onTss({ filters: { startDate: '2020-01-01T00:00:00Z', endDate: '2100-01-01T00:00:00Z' } }),
		);
		expect(byDate.error).toBeUndefined();
		const lines = await session.requestLines();
		expect(lines[lines.length - 1]).toContain('start_date=1577836800');
		expect(lines[lines.length - 1]).toContain('end_date=4102444800');

		const byClient = await run('trigger', onTss({ filters: { clientId: client.clientId } }));
		expect(byClient.error).toBeUndefined();
		expect((await completed(String(byClient.items[0].json._id))).state).toBe('COMPLETED');
	});

	it.each<[string, Parameters, string | RegExp]>([
		[
			'client with a range',
			{ clientId: randomUUID(), startTransactionNumber: 1 },
			/Client ID: cannot be combined with Start Transaction Number/,
		],
		[
			'transaction number with a range',
			{ transactionNumber: 1, endTransactionNumber: 5 },
			/Transaction Number: cannot be combined/,
		],
		[
			'two kinds of ranges',
			{ startDate: '2025-01-01T00:00:00Z', endSignatureCounter: 10 },
			/combine ranges of dates and signature counters/,
		],
		[
			'a backwards range',
			{ startSignatureCounter: 10, endSignatureCounter: 9 },
			/Start Signature Counter: is after End Signature Counter/,
		],
		[
			'too many records',
			{ maximumNumberRecords: 1_000_001 },
			/Maximum Number of Records: 1000001 is more than 1000000/,
		],
		['a bad client ID', { clientId: 'till-1' }, /Client ID: "till-1" is not a UUID/],
		['a bad date', { startDate: 'last monday' }, /Start Date: "last monday" is not a date/],
	])('refuses %s before calling fiskaly', async (_case, filters, message) => {
		const { error } = await run('trigger', onTss({ filters }));
		expect(error).toEqual(fieldError(message));
		expect(await session.requestLines()).toEqual([]);
	});

	it("passes fiskaly's refusal on with a fix", async () => {
		const other = await session.prepareTss('UNINITIALIZED');
		const { error } = await run('trigger', onTss({}, other.tssId));
		expect(error).toEqual(
			fiskalyApiError('E_TSS_ILLEGAL_STATE_TO_PERFORM_EXPORT', /INITIALIZED or DISABLED/),
		);
	});
});

describe('Export › Get, Get Many, Cancel, Update Metadata', () => {
	it('gets an export, and lists exports per TSS with a state filter and across all TSS with a limit', async () => {
		const exportId = await triggerDirectly();
		await completed(exportId);
		const got = await run('get', onTss({ exportId }));
		expect(got.items[0].json).toMatchObject({ _id: exportId, state: 'COMPLETED' });

		const listed = await run(
			'getAll',
			onTss({ scope: 'tss', returnAll: true, filters: { states: ['COMPLETED'] } }),
		);
		expect(listed.items.length).toBeGreaterThan(0);
		expect(listed.items.every((item) => item.json.state === 'COMPLETED')).toBe(true);
		expect(listed.items.map((item) => item.json._id)).toContain(exportId);

		const noLimit = await run('getAll', { scope: 'all', returnAll: false, limit: '={{ 0 }}' });
		expect(noLimit.error).toEqual(fieldError('Limit: 0 is less than 1'));
		const limited = await run('getAll', { scope: 'all', returnAll: false, limit: 1 });
		expect(limited.items).toHaveLength(1);
		expect(limited.items[0].json._type).toBe('EXPORT');
	});

	it('cancels a running export and explains why a completed one cannot be cancelled', async () => {
		const slow = await EngineSession.start({ exportTiming: { pendingMs: 60_000, workingMs: 0 } });
		try {
			const slowTss = await slow.prepareTss();
			const exportId = randomUUID();
			await slow.expectOk('PUT', `/tss/${slowTss.tssId}/export/${exportId}`, { body: {} });
			const { items } = await slow.engine.runNode({
				resource: 'export',
				operation: 'cancel',
				parameters: { tss: byId(slowTss.tssId), exportId } as any,
			});
			expect(items[0].json).toMatchObject({ _id: exportId, state: 'CANCELLED' });
		} finally {
			await slow.close();
		}
		const done = await triggerDirectly();
		await completed(done);
		const { error } = await run('cancel', onTss({ exportId: done }));
		expect(error).toEqual(fiskalyApiError('E_CANCEL_EXPORT', /PENDING or WORKING/));
	});

	it('merges metadata into an export, and refuses an empty update before calling fiskaly', async () => {
		const exportId = await triggerDirectly();
		const { items } = await run(
			'updateMetadata',
			onTss({ exportId, metadata: { entries: [{ key: 'auditor', value: 'Finanzamt Mitte' }] } }),
		);
		expect(items[0].json).toEqual({
			tss_id: tss.tssId,
			export_id: exportId,
			metadata: { auditor: 'Finanzamt Mitte' },
		});
		await session.resetTraffic();
		const empty = await run('updateMetadata', onTss({ exportId }));
		expect(empty.error).toEqual(fieldError('Metadata: nothing to update'));
		const badId = await run('get', onTss({ exportId: 'last' }));
		expect(badId.error).toEqual(fieldError('Export ID: "last" is not a UUID'));
		expect(await session.requestLines()).toEqual([]);
	});
});

describe('Export › Download', () => {
	it('outputs the TAR as binary data named with the TSS serial and date, in one look when the export is done', async () => {
		const exportId = await triggerDirectly();
		const finished = await completed(exportId);
		await session.resetTraffic();
		const { item, tar } = await downloadTar(exportId);
		const binary = item.binary!.data;
		const day = new Date(finished.time_end * 1000).toISOString().slice(0, 10);
		expect(binary.mimeType).toBe('application/x-tar');
		expect(binary.fileName).toMatch(
			new RegExp(`^tss-export_${tss.serialNumber}_${day}T\\d\\d-\\d\\d-\\d\\dZ\\.tar$`),
		);
		expect(item.json).toMatchObject({
			_id: exportId,
			state: 'COMPLETED',
			file_name: binary.fileName,
			file_size: tar.length,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		const names = parseTar(tar).map((file) => file.name);
		expect(names).toContain(`${tss.serialNumber}_X509.cer`);
		expect(names.filter((name) => name.includes('_Log-Tra_'))).toHaveLength(4);
		expect(await session.requestLines()).toEqual([
			`GET /tss/${tss.tssId}`,
			`GET /tss/${tss.tssId}/export/${exportId}`,
			`GET /tss/${tss.tssId}/export/${exportId}/file`,
		]);
	});

	it('without waiting, stops with a clear message while the export still runs', async () => {
		const slow = await EngineSession.start({ exportTiming: { pendingMs: 60_000, workingMs: 0 } });
		try {
			const slowTss = await slow.prepareTss();
			const exportId = randomUUID();
			await slow.expectOk('PUT', `/tss/${slowTss.tssId}/export/${exportId}`, { body: {} });
			const download = (parameters: Parameters) =>
				slow.engine.runNode({
					resource: 'export',
					operation: 'download',
					parameters: { tss: byId(slowTss.tssId), exportId, ...parameters } as any,
				});
			const noWait = await download({ waitForCompletion: false });
			expect(noWait.error).toEqual(fieldError(/is not completed yet \(PENDING\)/));
			expect(noWait.error!.description).toMatch(/Wait for Completion/);

			// Max wait shorter than one poll interval: give up at once instead of overstaying.
			const started = Date.now();
			const timedOut = await download({ waitForCompletion: true, pollInterval: 5, maxWait: 5 });
			expect(timedOut.error).toEqual(
				fieldError(/did not complete within 5 seconds \(still PENDING\)/),
			);
			expect(Date.now() - started).toBeLessThan(4000);
		} finally {
			await slow.close();
		}
	});

	it('waits at the poll interval until the export completes', async () => {
		const slowish = await EngineSession.start({ exportTiming: { pendingMs: 1500, workingMs: 0 } });
		try {
			const slowTss = await slowish.prepareTss();
			const exportId = randomUUID();
			await slowish.expectOk('PUT', `/tss/${slowTss.tssId}/export/${exportId}`, { body: {} });
			await slowish.resetTraffic();
			const started = Date.now();
			const { items, error } = await slowish.engine.runNode({
				resource: 'export',
				operation: 'download',
				parameters: { tss: byId(slowTss.tssId), exportId, pollInterval: 5, maxWait: 30 } as any,
			});
			expect(error).toBeUndefined();
			expect(items[0].json.state).toBe('COMPLETED');
			expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
			const lines = await slowish.requestLines();
			expect(lines.filter((line) => line.endsWith(`/export/${exportId}`))).toHaveLength(2);
		} finally {
			await slowish.close();
		}
	});

	it('honours Retry-After when the file is not ready yet, and retries a rate-limited read', async () => {
		const exportId = await triggerDirectly();
		await completed(exportId);
		await session.inject(
			{ method: 'GET', path: '/tss/*/export/*/file' },
			{ type: 'status', status: 404, code: 'E_EXPORT_NOT_COMPLETED', retryAfter: 6 },
		);
		await session.inject(
			{ method: 'GET', path: '/tss/*/export/*' },
			{ type: 'status', status: 429, retryAfter: 1 },
		);
		await session.resetTraffic();
		const started = Date.now();
		const { items, error } = await run(
			'download',
			onTss({ exportId, pollInterval: 5, maxWait: 60 }),
		);
		expect(error).toBeUndefined();
		expect(items[0].binary!.data.mimeType).toBe('application/x-tar');
		expect(Date.now() - started).toBeGreaterThanOrEqual(6000 + 1000);
		const statuses = (await session.requests()).map(
			(request) => `${request.status} ${request.path.replace(/.*\/export\/[^/]+/, 'export')}`,
		);
		expect(statuses).toEqual([
			'200 /api/v2/tss/' + tss.tssId,
			'429 export',
			'200 export',
			'404 export/file',
			'200 export',
			'200 export/file',
		]);
	}, 30_000);

	it('explains an export that ended without data', async () => {
		const exportId = await triggerDirectly({ start_signature_counter: '900000' });
		await completed(exportId);
		const { error } = await run('download', onTss({ exportId }));
		expect(error).toEqual(
			fieldError(`Export ${exportId} ended with an error (E_NO_DATA_AVAILABLE)`),
		);
		expect(error!.description).toMatch(/Widen the filters/);
	});
});

describe('Export › Verify File', () => {
	let tar: Buffer;

	beforeAll(async () => {
		const exportId = await triggerDirectly();
		await completed(exportId);
		({ tar } = await downloadTar(exportId));
	});

	const verifyTar = (archive: Buffer, options: Parameters = {}) =>
		run('verifyFile', { options }, [
			{
				json: {},
				binary: {
					data: {
						data: archive.toString('base64'),
						mimeType: 'application/x-tar',
						fileName: 'export.tar',
					},
				},
			},
		]);

	function rebuilt(
		change: (files: Array<{ name: string; data: Buffer }>) => Array<{ name: string; data: Buffer }>,
	): Buffer {
		return buildTar(change(parseTar(tar)).map((file) => ({ ...file, mtime: 0 })));
	}

	it('checks a whole export offline: every log, every signature, no counter gaps', async () => {
		await session.resetTraffic();
		const { items, error, rawPairedItems } = await verifyTar(tar, { trustedKey: tss.serialNumber });
		expect(error).toBeUndefined();
		const summary = items[0].json as any;
		const logCount = parseTar(tar).filter((file) => file.name.endsWith('.log')).length;
		expect(summary).toMatchObject({
			file_name: 'export.tar',
			valid: true,
			log_files: logCount,
			signatures_verified: logCount,
			logs: { transaction: 4, audit: 0, unknown: 0 },
			signature_counter: { first: '1', last: String(logCount), missing: [] },
			transactions: { count: 2, first: 1, last: 2 },
			tss_serial_numbers: [tss.serialNumber],
			certificates: [expect.objectContaining({ serial_number: tss.serialNumber })],
			problems_count: 0,
		});
		expect(summary.logs.system).toBe(logCount - 4);
		expect(rawPairedItems).toEqual([{ item: 0 }]);
		expect(await session.requestLines()).toEqual([]);
	});

	it('finds a changed signature, a renamed file, a missing log and a foreign trusted key', async () => {
		const files = parseTar(tar);
		const finish = files.find((file) => file.name.includes('_Finish_'))!;
		const withBadSignature = rebuilt((all) =>
			all.map((file) =>
				file === all.find((f) => f.name === finish.name)
					? {
							...file,
							data: Buffer.from(file.data.map((b, i) => (i === file.data.length - 1 ? b ^ 1 : b))),
						}
					: file,
			),
		);
		const bad = (await verifyTar(withBadSignature)).items[0].json as any;
		expect(bad.valid).toBe(false);
		expect(bad.problems).toEqual([
			`${finish.name}: the signature does not verify with the certificate's key`,
		]);

		const renamed = rebuilt((all) =>
			all.map((file) =>
				file.name === finish.name
					? {
							...file,
							name: file.name.replace(/_Sig-(\d+)_/, (_m, n) => `_Sig-${Number(n) + 1000}_`),
						}
					: file,
			),
		);
		const renamedResult = (await verifyTar(renamed)).items[0].json as any;
		expect(renamedResult.problems[0]).toMatch(/the name says signature counter \d+, the log \d+/);

		const withoutOne = rebuilt((all) => all.filter((file) => file.name !== finish.name));
		const gap = (await verifyTar(withoutOne)).items[0].json as any;
		const counter = Number(/_Sig-(\d+)_/.exec(finish.name)![1]);
		expect(gap.problems).toEqual([`Signature counters are missing: ${counter}`]);
		expect((await verifyTar(withoutOne, { contiguousCounters: false })).items[0].json.valid).toBe(
			true,
		);

		const foreign = (await verifyTar(tar, { trustedKey: 'ab'.repeat(32) })).items[0].json as any;
		expect(foreign.problems).toEqual(['No certificate in the archive belongs to the trusted TSS']);
	});

	it('reports a damaged archive as invalid; a file that is no TAR, or no file, is a node error', async () => {
		const broken = (await verifyTar(tar.subarray(0, 700))).items[0].json as any;
		expect(broken).toMatchObject({
			valid: false,
			reason: expect.stringMatching(/not a readable TAR archive: the file at byte 0 is cut off/),
		});
		const pdf = await run('verifyFile', {}, [
			{
				json: {},
				binary: {
					data: {
						data: Buffer.from('%PDF-1.7\n'.repeat(80)).toString('base64'),
						mimeType: 'application/pdf',
						fileName: 'receipt.pdf',
					},
				},
			},
		]);
		expect(pdf.error).toEqual(
			fieldError('Input Binary Field: "data" holds no TAR archive (receipt.pdf, application/pdf)'),
		);
		const { error } = await run('verifyFile', { binaryPropertyName: 'tar' }, [{ json: {} }]);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(/tar/);
	});

	it('runs as a nightly chain: Trigger → Download (waiting) → Verify File', async () => {
		const engine = session.engine;
		const start = {
			id: 'start',
			name: 'Start',
			type: 'test.start',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		};
		const trigger = engine.fiskalyNode({
			resource: 'export',
			operation: 'trigger',
			nodeName: 'Trigger',
			parameters: { tss: byId(tss.tssId) } as any,
		});
		const download = engine.fiskalyNode({
			resource: 'export',
			operation: 'download',
			nodeName: 'Download',
			parameters: {
				tss: byId(tss.tssId),
				exportId: '={{ $json._id }}',
				pollInterval: 5,
				maxWait: 60,
			} as any,
		});
		const verify = engine.fiskalyNode({
			resource: 'export',
			operation: 'verifyFile',
			nodeName: 'Verify',
		});
		const link = (node: string) => ({ main: [[{ node, type: 'main' as const, index: 0 }]] });
		const result = await engine.runWorkflow({
			nodes: [start, trigger, download, verify],
			connections: { Start: link('Trigger'), Trigger: link('Download'), Download: link('Verify') },
			startNodeName: 'Start',
		});
		expect(result.errors).toEqual({});
		expect(result.outputs.Verify[0].json).toMatchObject({ valid: true, problems_count: 0 });
	}, 30_000);
});
