// The API secret never leaks from Fiskaly DSFinV-K: every operation the node offers runs — successful,
// and failing with fiskaly error codes, an injected 500, a wrong API secret, an error item under
// continueOnFail — with a credential whose API secret is a sentinel. Neither it nor the wrong one may
// appear in an error, an output item or its file, anything n8n logs, or the simulator's request log.
// An operation added to the node without a run here fails "ran every operation".
import type { IDataObject } from 'n8n-workflow';

import { byId, type RunNodeOptions } from '../../scripts/n8n-engine';
import {
	dsfinvkApi,
	dsfinvkNode,
	newId,
	prepareRegister,
	signedClosing,
	signReceiptSale,
	type PreparedRegister,
} from '../node/engine/dsfinvkSession';
import { EngineSession } from '../node/engine/session';
import {
	describeWhatWasRecorded,
	SecretLeakProbe,
	WRONG_SECRET_CREDENTIAL,
	type Expectation,
} from './secretLeakProbe';

const SENTINELS = {
	apiSecret: 'SentinelApiSecret-3f8b21d7',
	wrongApiSecret: 'SentinelWrongSecret-c40e96',
};
const ZONE = 'Europe/Berlin';

let session: EngineSession;
let probe: SecretLeakProbe;

beforeAll(async () => {
	session = await EngineSession.start({
		apiSecret: SENTINELS.apiSecret,
		dsfinvkTiming: {
			closingPendingMs: 20,
			closingWorkingMs: 20,
			exportPendingMs: 20,
			exportWorkingMs: 20,
		},
	});
	probe = new SecretLeakProbe(session, dsfinvkNode, session.sim.urls.dsfinvk, SENTINELS);
});

afterAll(async () => {
	probe?.restoreLogging();
	await session?.close();
});

const run = (
	resource: string,
	operation: string,
	parameters: Record<string, unknown>,
	expectation?: Expectation,
	extra: Partial<RunNodeOptions> = {},
) => probe.run({ resource, operation, parameters, ...extra }, expectation);

let register: PreparedRegister;
let closingId: string;
let exportId: string;

describe('the sentinel API secret never leaks from Fiskaly DSFinV-K', () => {
	beforeAll(async () => {
		register = await prepareRegister(session, await dsfinvkApi(session));
	});

	it('Cash Register, VAT Definition and Purchaser Agency: every operation', async () => {
		const cashRegister = byId(register.client.clientId);
		await run('cashRegister', 'upsert', {
			tss: byId(register.tss.tssId),
			client: cashRegister,
			brand: 'ACME',
			model: 'Till 2',
			softwareVersion: '2.0',
		});
		await run('cashRegister', 'get', { cashRegister });
		await run('cashRegister', 'getAll', { returnAll: true });
		await run('vatDefinition', 'upsert', { vatDefinitionId: 1016, percentage: '16' });
		await run('vatDefinition', 'get', { vatDefinitionId: 1016 });
		await run('vatDefinition', 'getAll', { returnAll: true });
		const agencyId = newId();
		const agency = await run('purchaserAgency', 'upsert', {
			purchaserAgency: byId(agencyId),
			cashRegister,
			purchaserAgencyExportId: 1,
			name: 'Bäckerei Schmidt',
			street: 'Hauptstr. 1',
			postalCode: '10115',
			city: 'Berlin',
			countryCode: 'deu',
			taxNumber: '12/345/67890',
		});
		expect(agency.items[0].json.purchaser_agency_id).toBe(agencyId);
		await run('purchaserAgency', 'get', { purchaserAgency: byId(agencyId) });
		const agencies = await run('purchaserAgency', 'getAll', {
			returnAll: true,
			filters: { clientId: register.client.clientId },
		});
		expect(agencies.items.map((item) => item.json.purchaser_agency_id)).toEqual([agencyId]);
		expect(probe.leaks).toEqual([]);
	}, 60_000);

	it('Cash Point Closing: insert, read, delete, and Close Day over a day signed with SIGN DE', async () => {
		const cashRegister = byId(register.client.clientId);
		const inserted = await run('cashPointClosing', 'insert', {
			cashRegister,
			closing: JSON.stringify(await signedClosing(session, register, 1, 1)),
		});
		closingId = String(inserted.items[0].json.closing_id);
		await run('cashPointClosing', 'get', { closing: byId(closingId) });
		await run('cashPointClosing', 'getDetails', { closing: byId(closingId) });
		await run('cashPointClosing', 'getAll', { returnAll: true });

		const doomed = await run('cashPointClosing', 'insert', {
			cashRegister,
			closing: JSON.stringify(await signedClosing(session, register, 2, 1)),
		});
		const doomedId = String(doomed.items[0].json.closing_id);
		const deleted = await run('cashPointClosing', 'delete', { closing: byId(doomedId) });
		expect(deleted.items[0].json).toMatchObject({ closing_id: doomedId, deleted: true });
		await run(
			'cashPointClosing',
			'delete',
			{ closing: byId(doomedId) },
			{ fails: /E_INVALID_STATE_CHANGE/ },
		);

		// Close Day closes the day of another register from the items Sign Receipt output.
		const day = await prepareRegister(session, await dsfinvkApi(session));
		const sale = await signReceiptSale(session, day, {
			vat: [['NORMAL', '11.90']],
			payments: [['CASH', '11.90']],
			lines: [{ text: 'Weißwein 0,2l', quantity: 2, price_per_unit: '5.95', vat_rate: 19 }],
		});
		const businessDate = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(
			new Date(Number(sale.time_end) * 1000),
		);
		const closed = await run(
			'cashPointClosing',
			'closeDay',
			{
				cashRegister: byId(day.client.clientId),
				businessDate,
				options: { timeZone: ZONE },
				maxWait: 30,
			},
			{},
			{ items: [{ json: sale as IDataObject }] },
		);
		expect(closed.items[0].json).toMatchObject({ state: 'COMPLETED', transactions: 1 });
		expect(probe.leaks).toEqual([]);
	}, 60_000);

	it('Export: trigger, read, download, its URL, and the offline Verify of the archive', async () => {
		const start = new Date(Date.now() - 60_000).toISOString();
		const end = new Date(Date.now() + 60_000).toISOString();
		const cashRegister = byId(register.client.clientId);
		const triggered = await run('export', 'trigger', { start, end, cashRegister });
		expect(triggered.items[0].json.state).toBe('COMPLETED');
		exportId = String(triggered.items[0].json.export_id);
		await run('export', 'get', { export: byId(exportId) });
		await run('export', 'getAll', { returnAll: true });
		const link = await run('export', 'getDownloadUrl', { export: byId(exportId) });
		expect(String(link.items[0].json.href)).toContain(`/exports/${exportId}/download`);
		const downloaded = await run('export', 'download', { export: byId(exportId) });
		expect(downloaded.items[0].binary?.data.mimeType).toBe('application/x-tar');
		// Verify reads only the archive it is given: it sends nothing, but must still have checked it.
		const verified = await run(
			'export',
			'verify',
			{},
			{ callsApi: false },
			{ items: downloaded.items },
		);
		expect(verified.items[0].json).toMatchObject({ closings_count: 1, signatures_failed: 0 });
		expect(verified.items[0].json.signatures_verified).toBeGreaterThan(0);
		expect(probe.leaks).toEqual([]);
	}, 60_000);

	it('failing: fiskaly’s not-found code, an injected 500, a wrong API secret, an error item', async () => {
		await run(
			'cashRegister',
			'get',
			{ cashRegister: byId(newId()) },
			{ fails: /E_CASH_REGISTER_NOT_FOUND/ },
		);
		const dsfinvkPath = new URL(session.sim.urls.dsfinvk).pathname;
		await session.inject({ path: `${dsfinvkPath}/exports/*` }, { type: 'status', status: 500 }, 4);
		await run('export', 'get', { export: byId(exportId) }, { fails: /HTTP 500/ });
		await session.clearFaults();
		await run(
			'cashRegister',
			'get',
			{ cashRegister: byId(register.client.clientId) },
			{ fails: /API key and secret/ },
			{ credentialId: WRONG_SECRET_CREDENTIAL },
		);
		await run(
			'cashPointClosing',
			'get',
			{ closing: byId(newId()) },
			{ fails: /NOT_FOUND/ },
			{ continueOnFail: true },
		);
		expect(probe.leaks).toEqual([]);
	}, 60_000);
});

describeWhatWasRecorded(
	() => probe,
	() => session.engine.package.dsfinvkNodeType,
	['cashPointClosing.delete', 'cashPointClosing.get', 'cashRegister.get', 'export.get'],
);
