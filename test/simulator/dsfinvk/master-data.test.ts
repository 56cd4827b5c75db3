// Cash registers, VAT definitions and purchaser agencies against REFERENCE §3, §4.2–§4.4 and §7:
// upsert answers, revisions (metadata-only changes are none), ?revision=N, lists, the links a register
// makes to SIGN DE, and the errors.

import * as crypto from 'node:crypto';

import { expectError } from '../../support/simulatorClient';
import { EXAMPLE, EXAMPLE_REGISTER, startRig, tssWithClient, type Rig } from './support';

let rig: Rig;
let tssId: string;
let clientId: string;

beforeAll(async () => {
	rig = await startRig();
	tssId = crypto.randomUUID();
	clientId = crypto.randomUUID();
	await tssWithClient(rig.signDe, tssId, clientId);
}, 60_000);
afterAll(() => rig?.simulator.close());

const register = (overrides: Record<string, unknown> = {}) => ({
	...EXAMPLE_REGISTER,
	cash_register_type: { type: 'MASTER', tss_id: tssId },
	...overrides,
});

describe('cash registers', () => {
	it('upsert answers the register (revision 0, defaults filled in), like the recorded exchange', async () => {
		const reply = await rig.dsf('PUT', `/cash_registers/${clientId}`, register());
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			client_id: clientId,
			cash_register_type: 'MASTER',
			tss_id: tssId,
			brand: 'ACME',
			model: 'Till 1',
			software: { brand: 'ACME POS', version: '3.2.0' },
			base_currency_code: 'EUR',
			processing_flags: { UmsatzsteuerNichtErmittelbar: false },
			revision: 0,
			metadata: {},
			time_creation: expect.any(Number),
			time_update: expect.any(Number),
			sign_api_version: 2,
			_type: 'CASH_REGISTER',
			_env: 'TEST',
			_version: expect.any(String),
		});
	});

	it('a changed body is revision 1, the same body or new metadata is not; ?revision=0 shows the old one', async () => {
		expect((await rig.dsf('PUT', `/cash_registers/${clientId}`, register())).body.revision).toBe(0);
		const withMetadata = await rig.dsf(
			'PUT',
			`/cash_registers/${clientId}`,
			register({ metadata: { shop: 'A' } }),
		);
		expect(withMetadata.body).toMatchObject({ revision: 0, metadata: { shop: 'A' } });
		const changed = await rig.dsf(
			'PUT',
			`/cash_registers/${clientId}`,
			register({ model: 'Till 2' }),
		);
		expect(changed.body).toMatchObject({ revision: 1, model: 'Till 2', metadata: { shop: 'A' } });
		expect(
			(await rig.dsf('GET', `/cash_registers/${clientId}`, undefined, { revision: 0 })).body,
		).toMatchObject({ revision: 0, model: 'Till 1' });
		expect((await rig.dsf('GET', `/cash_registers/${clientId}`)).body).toMatchObject({
			revision: 1,
			model: 'Till 2',
		});
		expectError(
			await rig.dsf('GET', `/cash_registers/${clientId}`, undefined, { revision: 7 }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'revision',
		);
	});

	it('a slave without TSS needs its master as a cash register', async () => {
		const slaveId = crypto.randomUUID();
		const orphan = await rig.dsf(
			'PUT',
			`/cash_registers/${slaveId}`,
			register({
				cash_register_type: { type: 'SLAVE_WITHOUT_TSS', master_client_id: crypto.randomUUID() },
			}),
		);
		expectError(orphan, 404, 'E_CASH_REGISTER_NOT_FOUND');
		const slave = await rig.dsf(
			'PUT',
			`/cash_registers/${slaveId}`,
			register({ cash_register_type: { type: 'SLAVE_WITHOUT_TSS', master_client_id: clientId } }),
		);
		expect(slave.body).toMatchObject({
			cash_register_type: 'SLAVE_WITHOUT_TSS',
			master_client_id: clientId,
		});
	});

	it('[INFERRED] a fiskaly TSS must exist and hold the client', async () => {
		expectError(
			await rig.dsf('PUT', `/cash_registers/${crypto.randomUUID()}`, register()),
			404,
			'E_CLIENT_NOT_FOUND',
		);
		const unknownTss = register({
			cash_register_type: { type: 'MASTER', tss_id: crypto.randomUUID() },
		});
		expectError(
			await rig.dsf('PUT', `/cash_registers/${clientId}`, unknownTss),
			404,
			'E_TSS_NOT_FOUND',
		);
	});

	it('an external TSS master needs its key facts', async () => {
		const external = {
			type: 'MASTER',
			serial_number: 'fd00000aa8660b5b010006acdc',
			signature_algorithm: 'SHA-256',
			signature_timestamp_format: 'unixTime',
			transaction_data_encoding: 'UTF-8',
			public_key: 'BASE64KEY=',
			certificate: 'BASE64CERT=',
		};
		const id = crypto.randomUUID();
		expect(
			(await rig.dsf('PUT', `/cash_registers/${id}`, register({ cash_register_type: external })))
				.body,
		).toMatchObject({ cash_register_type: 'MASTER', serial_number: external.serial_number });
		const incomplete: Record<string, unknown> = { ...external };
		delete incomplete.certificate;
		expectError(
			await rig.dsf('PUT', `/cash_registers/${id}`, register({ cash_register_type: incomplete })),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			"should have required property 'certificate'",
		);
	});

	it.each([
		[
			'brand too long',
			{ brand: 'x'.repeat(51) },
			'body.brand should NOT be longer than 50 characters',
		],
		[
			'currency lower case',
			{ base_currency_code: 'eur' },
			'body.base_currency_code should match pattern',
		],
		[
			'software empty',
			{ software: {} },
			'body.software should have at least one of the properties brand, version',
		],
		[
			'unknown type',
			{ cash_register_type: { type: 'SLAVE' } },
			'should match exactly one schema in oneOf',
		],
	])('%s → 400', async (_name, overrides, message) => {
		expectError(
			await rig.dsf('PUT', `/cash_registers/${clientId}`, register(overrides)),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			message,
		);
	});

	it('GET of an unknown register → 404 E_CASH_REGISTER_NOT_FOUND; list', async () => {
		const unknown = crypto.randomUUID();
		expectError(
			await rig.dsf('GET', `/cash_registers/${unknown}`),
			404,
			'E_CASH_REGISTER_NOT_FOUND',
			`Cash Register does not exist! Check for a matching sign_api_version. (${unknown})`,
		);
		const listed = (
			await rig.dsf('GET', '/cash_registers', undefined, { order_by: 'cash_register_type' })
		).body;
		expect(listed._type).toBe('CASH_REGISTERS');
		expect(listed.data.map((item: any) => item.cash_register_type)).toEqual([
			'MASTER',
			'MASTER',
			'SLAVE_WITHOUT_TSS',
		]);
	});
});

describe('VAT definitions', () => {
	it('lists the system ids 1–7 and the historic ids, with the rates valid now', async () => {
		const listed = (
			await rig.dsf('GET', '/vat_definitions', undefined, { order_by: 'vat_definition_export_id' })
		).body;
		expect(listed._type).toBe('VAT_DEFINITIONS');
		const rates = Object.fromEntries(
			listed.data.map((item: any) => [item.vat_definition_export_id, item.percentage]),
		);
		expect(rates).toMatchObject({
			1: 19,
			2: 7,
			3: 9.5,
			4: 5.5,
			5: 0,
			6: 0,
			7: 0,
			11: 19,
			12: 7,
			13: 10.7,
			21: 16,
			22: 5,
			23: 9.5,
		});
		expect((await rig.dsf('GET', '/vat_definitions/1')).body).toMatchObject({
			vat_definition_export_id: 1,
			percentage: 19,
			description: 'Regelsteuersatz',
			_type: 'VAT_DEFINITION',
		});
	});

	it('custom ids from 1000 are upserted with revisions; ids below are refused', async () => {
		const first = await rig.dsf('PUT', '/vat_definitions/1000', { percentage: 10.7 });
		expect(first.body).toMatchObject({
			vat_definition_export_id: 1000,
			percentage: 10.7,
			revision: 0,
		});
		const second = await rig.dsf('PUT', '/vat_definitions/1000', {
			percentage: 10.7,
			description: 'Altsatz',
		});
		expect(second.body).toMatchObject({ revision: 1, description: 'Altsatz' });
		expect(
			(await rig.dsf('GET', '/vat_definitions/1000', undefined, { revision: 0 })).body.description,
		).toBeUndefined();
		expectError(
			await rig.dsf('PUT', '/vat_definitions/5', { percentage: 5 }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'should be >= 1000',
		);
		expectError(
			await rig.dsf('PUT', '/vat_definitions/1001', { percentage: 100.5 }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'body.percentage should be <= 100',
		);
		expectError(
			await rig.dsf('PUT', '/vat_definitions/1001', {}),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			"should have required property 'percentage'",
		);
		expectError(
			await rig.dsf('GET', '/vat_definitions/999'),
			404,
			'E_VAT_DEFINITION_NOT_FOUND',
			'VAT Definition does not exist. (999)',
		);
	});
});

describe('purchaser agencies', () => {
	const agency = () => ({
		name: 'Lotto-Annahme',
		address: { street: 'Hauptstr. 2', postal_code: '10115', city: 'Berlin', country_code: 'DEU' },
		tax_number: '2222222222222',
		purchaser_agency_export_id: 1,
		client_id: clientId,
	});

	it('upsert, get, list by client; unknown ones and registers are 404', async () => {
		const id = crypto.randomUUID();
		const created = await rig.dsf('PUT', `/purchaser_agencies/${id}`, agency());
		expect(created.body).toMatchObject({
			purchaser_agency_id: id,
			revision: 0,
			_type: 'PURCHASER_AGENCY',
			name: 'Lotto-Annahme',
		});
		expect(
			(await rig.dsf('GET', `/purchaser_agencies/${id}`)).body.purchaser_agency_export_id,
		).toBe(1);
		expect(
			(await rig.dsf('GET', '/purchaser_agencies', undefined, { client_id: clientId })).body,
		).toMatchObject({ count: 1, _type: 'PURCHASER_AGENCIES' });
		expect(
			(await rig.dsf('GET', '/purchaser_agencies', undefined, { client_id: EXAMPLE.clientId })).body
				.count,
		).toBe(0);
		expectError(
			await rig.dsf('GET', `/purchaser_agencies/${crypto.randomUUID()}`),
			404,
			'E_PURCHASER_AGENCY_NOT_FOUND',
			'Purchaser Agency does not exist.',
		);
		expectError(
			await rig.dsf('PUT', `/purchaser_agencies/${id}`, {
				...agency(),
				client_id: crypto.randomUUID(),
			}),
			404,
			'E_CASH_REGISTER_NOT_FOUND',
		);
		expectError(
			await rig.dsf('PUT', `/purchaser_agencies/${id}`, { ...agency(), vat_id_number: 'de1' }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			'body.vat_id_number should match pattern',
		);
	});
});
