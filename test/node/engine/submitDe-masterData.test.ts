// Fiskaly SUBMIT DE › Taxpayer, Establishment and Client Additional Data through n8n's engine
// against the simulator: what the node sends (dates as DD.MM.YYYY, cleaned legal fields), what it
// returns, Get Many with Return All and Limit, decommissioning, and fiskaly's errors with their fix.
import { byId } from '../../../scripts/n8n-engine';
import type { SimulatorClient } from '../../support/simulatorClient';
import { EngineSession, fiskalyApiError } from './session';
import {
	establishmentParameters,
	legalTaxpayerParameters,
	registerParameters,
	startSubmitDeSession,
	submitDeApi,
	submitDeNode,
} from './submitDeSession';

let session: EngineSession;
let api: SimulatorClient;

beforeAll(async () => {
	session = await startSubmitDeSession();
	api = await submitDeApi(session);
});

afterAll(async () => {
	await session?.close();
});

const run = (resource: string, operation: string, parameters: Record<string, unknown>) =>
	session.engine.runNodeOk(submitDeNode({ resource, operation, parameters }));
const runRaw = (resource: string, operation: string, parameters: Record<string, unknown>) =>
	session.engine.runNode(submitDeNode({ resource, operation, parameters }));

describe('Taxpayer', () => {
	it('Get before any Set fails with E_TAXPAYER_NOT_FOUND and says to set it', async () => {
		const result = await runRaw('taxpayer', 'get', {});
		expect(result.error).toEqual(fiskalyApiError('E_TAXPAYER_NOT_FOUND', /Taxpayer › Set/));
	});

	it('sets a legal person with the tax number in ELSTER form and the house number split', async () => {
		await run('taxpayer', 'set', legalTaxpayerParameters);
		const stored = await api.raw('GET', '/taxpayer');
		expect(stored.body).toMatchObject({
			tax_office_number: '2181',
			tax_number: '2181081508150',
			vat_number: 'DE123456789',
			general_information: {
				person: 'legal',
				information: { company_name: 'Café Müller GmbH', legal_form: '20' },
				address: {
					post_address: {
						street: 'Hauptstraße',
						house_number: '12',
						house_number_suffix: 'a',
						zip_code: '34117',
						town: 'Kassel',
					},
				},
			},
		});
		const [got] = await run('taxpayer', 'get', {});
		expect(got.json).toMatchObject({ tax_number: '2181081508150' });
	});

	it('sets a natural person with the birthdate as DD.MM.YYYY from an ISO date', async () => {
		await run('taxpayer', 'set', {
			...legalTaxpayerParameters,
			personType: 'natural',
			salutation: '2',
			firstName: 'Erika',
			lastName: 'Mustermann',
			birthdate: '1964-08-12T00:00:00+02:00',
			identificationNumber: '86095742719',
		});
		const stored = await api.raw('GET', '/taxpayer');
		expect(stored.body.general_information).toMatchObject({
			person: 'natural',
			information: {
				salutation: '2',
				first_name: 'Erika',
				last_name: 'Mustermann',
				birthdate: '12.08.1964',
				identification_number: '86095742719',
			},
		});
		await run('taxpayer', 'set', legalTaxpayerParameters);
	});
});

describe('Establishment', () => {
	it('derives the ID from the address, so a second run updates the same establishment', async () => {
		const [first] = await run('establishment', 'upsert', establishmentParameters('Am Ring'));
		const [again] = await run('establishment', 'upsert', {
			...establishmentParameters('Am Ring'),
			additionalFields: { designation: 'Filiale Ring', remarks: 'Eingang hinten' },
		});
		expect(again.json.id).toBe(first.json.id);
		const stored = await api.raw('GET', `/establishment/${String(first.json.id)}`);
		expect(stored.body).toMatchObject({
			designation: 'Filiale Ring',
			remarks: 'Eingang hinten',
			address: { street: 'Am Ring', house_number: '7', zip_code: '34119', town: 'Kassel' },
		});
		const [got] = await run('establishment', 'get', { establishment: byId(String(first.json.id)) });
		expect(got.json).toMatchObject({ id: first.json.id, designation: 'Filiale Ring' });
	});

	it('takes a given ID, and Get Many honours Limit and Return All', async () => {
		const id = '0b7e4d2c-6f1a-4c3e-9a55-2f8d1e6b7c90';
		await run('establishment', 'upsert', {
			...establishmentParameters('Lindenweg'),
			establishmentId: id.toUpperCase(),
		});
		expect((await api.raw('GET', `/establishment/${id}`)).status).toBe(200);
		const all = await run('establishment', 'getAll', { returnAll: true });
		const listed = (await api.raw('GET', '/establishment')).body.results;
		expect(all.map((item) => item.json.id)).toEqual(
			listed.map((entry: { id: string }) => entry.id),
		);
		expect(all.length).toBeGreaterThanOrEqual(2);
		const limited = await run('establishment', 'getAll', { returnAll: false, limit: 1 });
		expect(limited).toHaveLength(1);
	});

	it('decommissions with the date as DD.MM.YYYY and keeps the rest of the establishment', async () => {
		const [created] = await run('establishment', 'upsert', establishmentParameters('Altmarkt'));
		const [closed] = await run('establishment', 'decommission', {
			establishment: byId(String(created.json.id)),
			decommissioningDate: '2026-06-30T00:00:00',
		});
		expect(closed.json).toMatchObject({ decommissioning_date: '30.06.2026' });
		const stored = await api.raw('GET', `/establishment/${String(created.json.id)}`);
		expect(stored.body).toMatchObject({
			decommissioning_date: '30.06.2026',
			designation: 'Filiale Nord',
			address: { street: 'Altmarkt' },
		});
	});

	it('Get of an unknown establishment fails with E_ESTABLISHMENT_NOT_FOUND and its fix', async () => {
		const result = await runRaw('establishment', 'get', {
			establishment: byId('7d1f7a52-9a43-4f0e-8d4b-1c2e3f4a5b6c'),
		});
		expect(result.error).toEqual(
			fiskalyApiError('E_ESTABLISHMENT_NOT_FOUND', /Establishment › Create or Update/),
		);
	});
});

describe('Client Additional Data', () => {
	it('sets a register with its dates as DD.MM.YYYY and gets it back', async () => {
		const [establishment] = await run(
			'establishment',
			'upsert',
			establishmentParameters('Kirchgasse'),
		);
		const establishmentId = String(establishment.json.id);
		const tss = await session.prepareTss();
		const client = await session.prepareClient(tss);
		await run(
			'clientAdditionalData',
			'set',
			registerParameters(tss, client, establishmentId, {
				registerType: '4',
				additionalFields: {
					softwareVersion: '4.2',
					remarks: 'Taxi KS-AB 123',
					decommissioningDate: '2026-05-31',
					decommissioningReason: 'Verkauf',
				},
			}),
		);
		const path = `/sign-de-v2/tss/${tss.tssId}/client/${client.clientId}/additional_data`;
		expect((await api.raw('GET', path)).body).toMatchObject({
			establishment_id: establishmentId,
			type: '4',
			manufacturer: 'Acme Kassen',
			model: 'K-100',
			software: 'AcmePOS',
			software_version: '4.2',
			date_acquisition: '01.02.2026',
			date_commissioning: '15.02.2026',
			date_decommissioning: '31.05.2026',
			decommissioning_reason: 'Verkauf',
			remarks: 'Taxi KS-AB 123',
		});
		const [got] = await run('clientAdditionalData', 'get', {
			tss: byId(tss.tssId),
			client: byId(client.clientId),
		});
		expect(got.json).toMatchObject({ type: '4', date_decommissioning: '31.05.2026' });
	});

	it('Get of a register without data fails with E_CLIENT_ADDITIONAL_DATA_NOT_FOUND and its fix', async () => {
		const tss = await session.prepareTss();
		const client = await session.prepareClient(tss);
		const result = await runRaw('clientAdditionalData', 'get', {
			tss: byId(tss.tssId),
			client: byId(client.clientId),
		});
		expect(result.error).toEqual(
			fiskalyApiError('E_CLIENT_ADDITIONAL_DATA_NOT_FOUND', /Client Additional Data › Set/),
		);
	});
});
