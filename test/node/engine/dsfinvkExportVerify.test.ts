// Fiskaly DSFinV-K › Export › Verify through n8n's engine: Download → Verify against the simulator's
// export of the REFERENCE §10 day; no credential needed; a file that is no archive is refused.
import type { INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import {
	byId,
	FiskalyEngine,
	FISKALY_DSFINVK_NODE_TYPE,
	loadPackageFromDist,
} from '../../../scripts/n8n-engine';
import {
	EXAMPLE,
	exampleClosing,
	exampleRig,
	insertAndProcess,
	TIMING,
	type Rig,
} from '../../simulator/dsfinvk/support';
import { setCell, tarOf } from '../../support/dsfinvkArchive';
import { readTar } from '../../support/tar';
import { fieldError } from './session';

describe('Export › Verify', () => {
	let rig: Rig;
	let engine: FiskalyEngine;
	let archive: Buffer;

	beforeAll(async () => {
		({ rig } = await exampleRig());
		const closing = await insertAndProcess(
			rig,
			EXAMPLE.closingId,
			exampleClosing(),
			EXAMPLE.closingInserted,
		);
		expect(closing.state).toBe('COMPLETED');
		const triggered = await rig.dsf('PUT', `/exports/${EXAMPLE.exportId}`, {
			start_date: 1710457200,
			end_date: 1710629999,
			client_id: EXAMPLE.clientId,
		});
		expect(triggered.status).toBe(200);
		rig.advance(TIMING.exportPendingMs + TIMING.exportWorkingMs);
		archive = (await rig.dsf('GET', `/exports/${EXAMPLE.exportId}/download`)).raw;
		engine = new FiskalyEngine({ simulator: rig.simulator });
	}, 60_000);

	afterAll(() => rig?.simulator.close());

	const verify = (data: Buffer, fileName: string, parameters: Record<string, unknown> = {}) =>
		engine.runNode({
			nodeType: FISKALY_DSFINVK_NODE_TYPE,
			nodeName: 'Verify',
			resource: 'export',
			operation: 'verify',
			credentialId: null,
			parameters,
			items: [
				{
					json: {},
					binary: {
						data: { data: data.toString('base64'), mimeType: 'application/octet-stream', fileName },
					},
				},
			],
		});

	it('runs after Download in one workflow and reports the export clean', async () => {
		const start = {
			id: 'start',
			name: 'Start',
			type: 'test.start',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		};
		const download = engine.fiskalyNode({
			nodeType: FISKALY_DSFINVK_NODE_TYPE,
			nodeName: 'Download',
			resource: 'export',
			operation: 'download',
			parameters: { export: byId(EXAMPLE.exportId) },
		});
		const check = engine.fiskalyNode({
			nodeType: FISKALY_DSFINVK_NODE_TYPE,
			nodeName: 'Verify',
			resource: 'export',
			operation: 'verify',
			credentialId: null,
		});
		const link = (node: string) => ({ main: [[{ node, type: 'main' as const, index: 0 }]] });
		const result = await engine.runWorkflow({
			nodes: [start, download, check],
			connections: { Start: link('Download'), Download: link('Verify') },
			startNodeName: 'Start',
		});
		expect(result.errors).toEqual({});
		expect(result.outputs.Verify).toHaveLength(1);
		expect(result.outputs.Verify[0].json).toMatchObject({
			file_name: `dsfinvk-export_${EXAMPLE.exportId}.tar`,
			valid: true,
			errors: 0,
			container: 'tar',
			closings_count: 1,
			transactions: 2,
			signatures_verified: 2,
			findings: [],
		});
		expect(result.outputs.Verify[0].pairedItem).toEqual({ item: 0 });
	}, 30_000);

	it('lists findings, and with Output Findings as Items one item per finding after the report', async () => {
		const files = new Map(readTar(archive).map((entry) => [entry.name, entry.data]));
		const tampered = tarOf(setCell(files, 'payment.csv', 2, 'Z_ZAHLART_BETRAG', '11,09'), '');
		const { items, error } = await verify(tampered, 'tampered.tar', {
			options: { findingsAsItems: true, maxFindings: 5 },
		});
		expect(error).toBeUndefined();
		const finding = {
			severity: 'error',
			check: 'sum',
			table: 'payment.csv',
			row: 2,
			column: 'Z_ZAHLART_BETRAG',
			expected: '11,90',
			found: '11,09',
		};
		expect(items[0].json).toMatchObject({
			file_name: 'tampered.tar',
			valid: false,
			findings: expect.arrayContaining([expect.objectContaining(finding)]),
		});
		expect(items.slice(1).map((item) => item.json.finding)).toEqual(items[0].json.findings);
		expect(
			items.every((item) => JSON.stringify(item.pairedItem) === JSON.stringify({ item: 0 })),
		).toBe(true);
	});

	it('asks for no credential: the editor hides it for Verify only', () => {
		const description = (loadPackageFromDist().dsfinvkNodeType as INodeType).description;
		const [credential] = description.credentials ?? [];
		const shown = (operation: string) =>
			NodeHelpers.displayParameter(
				{ resource: 'export', operation },
				credential,
				null,
				description,
			);
		expect([shown('verify'), shown('download'), shown('trigger')]).toEqual([false, true, true]);
	});

	it('refuses a file that is no archive, naming the field and the file', async () => {
		const { error } = await verify(Buffer.from('%PDF-1.7\n'.repeat(80)), 'receipt.pdf');
		expect(error).toEqual(
			fieldError(
				'Input Binary Field: "data" holds no TAR or ZIP archive (receipt.pdf, application/octet-stream)',
			),
		);
	});
});
