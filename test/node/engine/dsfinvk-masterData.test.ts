// Fiskaly DSFinV-K › Cash Register, VAT Definition and Purchaser Agency, through n8n's engine
// against the simulator: what the node sends, what it returns, lists with Return All and Limit,
// the "From list" searches, and fiskaly's errors with their fix.
import { byId } from '../../../scripts/n8n-engine';
import type { SimulatorClient } from '../../support/simulatorClient';
import {
	dsfinvkApi,
	dsfinvkNode,
	dsfinvkRequestLines,
	newId,
	prepareRegister,
	startDsfinvkSession,
} from './dsfinvkSession';
import { EngineSession, fiskalyApiError, type PreparedTss } from './session';

let session: EngineSession;
let api: SimulatorClient;
let tss: PreparedTss;

beforeAll(async () => {
	session = await startDsfinvkSession();
	api = await dsfinvkApi(session);
	tss = await session.prepareTss();
});

afterAll(async () => {
	await session?.close();
});

const run = (resource: string, operation: string, parameters: Record<string, unknown>) =>
	session.engine.runNodeOk(dsfinvkNode({ resource, operation, parameters }));

describe('Cash Register', () => {
	const upsert = (clientId: string, extra: Record<string, unknown> = {}) =>
		run('cashRegister', 'upsert', {
			tss: byId(tss.tssId),
			client: byId(clientId),
			brand: 'ACME',
			model: 'Till 1',
			softwareVersion: '2.0',
			...extra,
		});

	it('creates the register of a SIGN DE client linked to its TSS, and a change makes a new revision', async () => {
		const client = await session.prepareClient(tss);
		const [created] = await upsert(client.clientId);
		expect(created.json).toMatchObject({
			client_id: client.clientId,
			cash_register_type: 'MASTER',
			tss_id: tss.tssId,
			brand: 'ACME',
			model: 'Till 1',
			software: { brand: 'n8n', version: '2.0' },
			base_currency_code: 'EUR',
			revision: 0,
			_type: 'CASH_REGISTER',
		});
		const [changed] = await upsert(client.clientId, { model: 'Till 2' });
		expect(changed.json).toMatchObject({ model: 'Till 2', revision: 1 });

		const [latest] = await run('cashRegister', 'get', { cashRegister: byId(client.clientId) });
		expect(latest.json).toMatchObject({ model: 'Till 2', revision: 1 });
		const [first] = await run('cashRegister', 'get', {
			cashRegister: byId(client.clientId),
			options: { revision: 0 },
		});
		expect(first.json).toMatchObject({ model: 'Till 1', revision: 0 });
	});

	it('links a slave terminal to its master register', async () => {
		const master = await prepareRegister(session, api);
		const terminal = newId();
		const [slave] = await run('cashRegister', 'upsert', {
			cashRegisterType: 'SLAVE_WITHOUT_TSS',
			client: byId(terminal),
			masterCashRegister: byId(master.client.clientId),
			brand: 'ACME',
			model: 'Handheld',
		});
		expect(slave.json).toMatchObject({
			client_id: terminal,
			cash_register_type: 'SLAVE_WITHOUT_TSS',
			master_client_id: master.client.clientId,
		});
		expect(slave.json.tss_id).toBeUndefined();
	});

	it('lists registers with Limit and Return All, paging by offset', async () => {
		for (let i = 0; i < 3; i++) await prepareRegister(session, api);
		const limited = await run('cashRegister', 'getAll', { limit: 2 });
		expect(limited).toHaveLength(2);
		const all = await run('cashRegister', 'getAll', { returnAll: true });
		const listed = await api.raw('GET', '/cash_registers', { query: { limit: 1 } });
		expect(all).toHaveLength(listed.body.count);
		expect(new Set(all.map((item) => item.json.client_id)).size).toBe(all.length);
	});

	it('offers the registers in the From list search, filtered by what is typed', async () => {
		const register = await prepareRegister(session, api);
		const { results } = await session.engine.listSearch('searchCashRegisters', {
			...dsfinvkNode({ resource: 'cashRegister', operation: 'get' }),
			path: 'parameters.cashRegister',
			filter: register.client.clientId.slice(0, 13),
		});
		expect(results.map((result) => result.value)).toEqual([register.client.clientId]);
		expect(results[0].name).toContain('ACME Till 1');
	});

	it('maps an unknown register to fiskaly’s code and the fix', async () => {
		const { error } = await session.engine.runNode(
			dsfinvkNode({
				resource: 'cashRegister',
				operation: 'get',
				parameters: { cashRegister: byId(newId()) },
			}),
		);
		expect(error).toEqual(
			fiskalyApiError('E_CASH_REGISTER_NOT_FOUND', /Cash Register › Create or Update/),
		);
	});
});

describe('VAT Definition', () => {
	it('creates a custom definition from 1000 and reads it back, also in the list', async () => {
		const [created] = await run('vatDefinition', 'upsert', {
			vatDefinitionId: 1016,
			percentage: '16',
			vatDescription: 'Regelsteuersatz 2020',
		});
		expect(created.json).toMatchObject({
			vat_definition_export_id: 1016,
			percentage: 16,
			description: 'Regelsteuersatz 2020',
		});
		const [got] = await run('vatDefinition', 'get', { vatDefinitionId: 1016 });
		expect(got.json).toMatchObject({ vat_definition_export_id: 1016, percentage: 16 });
		const [system] = await run('vatDefinition', 'get', { vatDefinitionId: 1 });
		expect(system.json).toMatchObject({ vat_definition_export_id: 1, percentage: 19 });
		const listed = await run('vatDefinition', 'getAll', { returnAll: true });
		expect(listed.map((item) => item.json.vat_definition_export_id)).toContain(1016);
	});

	it('sends a percentage with five decimals exactly', async () => {
		const [created] = await run('vatDefinition', 'upsert', {
			vatDefinitionId: 1017,
			percentage: '10,70001',
		});
		expect(created.json.percentage).toBe(10.70001);
	});
});

describe('Purchaser Agency', () => {
	it('creates an agency of a register, reads it, and lists it by register', async () => {
		const register = await prepareRegister(session, api);
		await session.resetTraffic();
		const agencyId = newId();
		const [created] = await run('purchaserAgency', 'upsert', {
			purchaserAgency: byId(agencyId),
			cashRegister: byId(register.client.clientId),
			purchaserAgencyExportId: 1,
			name: 'Bäckerei Schmidt',
			street: 'Hauptstr. 1',
			postalCode: '10115',
			city: 'Berlin',
			countryCode: 'deu',
			taxNumber: '12/345/67890',
			additionalFields: { vatIdNumber: 'de 123456789' },
		});
		expect(created.json).toMatchObject({
			purchaser_agency_id: agencyId,
			client_id: register.client.clientId,
			purchaser_agency_export_id: 1,
			address: { country_code: 'DEU' },
			vat_id_number: 'DE123456789',
		});
		const [got] = await run('purchaserAgency', 'get', { purchaserAgency: byId(agencyId) });
		expect(got.json.name).toBe('Bäckerei Schmidt');
		const listed = await run('purchaserAgency', 'getAll', {
			returnAll: true,
			filters: { clientId: register.client.clientId },
		});
		expect(listed.map((item) => item.json.purchaser_agency_id)).toEqual([agencyId]);
		expect(await dsfinvkRequestLines(session)).toContain(
			`GET /purchaser_agencies?client_id=${register.client.clientId}&limit=100&offset=0`,
		);
	});
});
