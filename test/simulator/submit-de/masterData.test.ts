// SUBMIT DE master data over real HTTP: taxpayer, establishments (upsert, get, list, decommission) and
// the additional data of SIGN DE clients, including the link to SIGN DE and fiskaly's error body.

import * as crypto from 'node:crypto';

import {
	clientData,
	establishmentBody,
	expectError,
	legalTaxpayer,
	startSubmitDe,
	type SubmitDeKit,
} from './submitDeTestKit';

let kit: SubmitDeKit;

beforeAll(async () => {
	kit = await startSubmitDe();
});
afterAll(() => kit.simulator.close());

const call = (method: string, path: string, body?: unknown) => kit.submit.call(method, path, body);

describe('SUBMIT DE authentication', () => {
	it('refuses a request without a token, and a SIGN DE token', async () => {
		expectError(await kit.submit.call('GET', '/taxpayer', undefined, null), 401, 'E_UNAUTHORIZED');
		expectError(
			await kit.submit.call('GET', '/taxpayer', undefined, kit.signDe.token),
			401,
			'E_UNAUTHORIZED',
		);
	});
});

describe('taxpayer', () => {
	it('is 404 E_TAXPAYER_NOT_FOUND before the first PUT', async () => {
		expectError(await call('GET', '/taxpayer'), 404, 'E_TAXPAYER_NOT_FOUND');
	});

	it('is created and then replaced by PUT /taxpayer, and read back by GET', async () => {
		const created = await call('PUT', '/taxpayer', legalTaxpayer());
		expect(created.status).toBe(200);
		expect(created.body).toEqual(legalTaxpayer());
		const withoutVat: Record<string, unknown> = legalTaxpayer();
		delete withoutVat.vat_number;
		delete withoutVat.metadata;
		const updated = await call('PUT', '/taxpayer', withoutVat);
		expect(updated.body).toEqual({ ...withoutVat, metadata: {} });
		expect((await call('GET', '/taxpayer')).body).toEqual({ ...withoutVat, metadata: {} });
	});

	it.each([
		[{ tax_number: 2181508150123 }, /tax_number must be a string/],
		[
			{ general_information: { person: 'legal', nickname: 'x' } },
			/general_information.nickname is not a known field/,
		],
		[{ metadata: { a: 1 } }, /metadata must be an object of string values/],
		[[], /body must be a JSON object/],
	])('refuses a body of the wrong shape: %j', async (body, message) => {
		expectError(await call('PUT', '/taxpayer', body), 400, 'E_FAILED_SCHEMA_VALIDATION', message);
	});

	it('needs a JSON body', async () => {
		expectError(await call('PUT', '/taxpayer'), 400, 'E_FAILED_SCHEMA_VALIDATION');
	});
});

describe('establishments', () => {
	it('are upserted by the id in the path, read, and listed in creation order', async () => {
		const first = crypto.randomUUID().toUpperCase();
		const second = crypto.randomUUID();
		const created = await call('PUT', `/establishment/${first}`, establishmentBody('Nord'));
		expect(created.status).toBe(200);
		expect(created.body).toEqual({
			id: first.toLowerCase(),
			...establishmentBody('Nord'),
			metadata: {},
		});
		await call('PUT', `/establishment/${second}`, establishmentBody('Süd'));
		const renamed = await call('PUT', `/establishment/${first}`, {
			...establishmentBody('Nord-West'),
			remarks: 'Umbau',
		});
		expect(renamed.body.designation).toBe('Nord-West');
		expect((await call('GET', `/establishment/${first}`)).body).toEqual(renamed.body);
		const list = await call('GET', '/establishment');
		expect(list.status).toBe(200);
		const ids = list.body.results.map((item: { id: string }) => item.id);
		expect(ids.indexOf(first.toLowerCase())).toBeLessThan(ids.indexOf(second));
		expect(list.body.results.find((item: { id: string }) => item.id === second)).toEqual({
			id: second,
			...establishmentBody('Süd'),
			metadata: {},
		});
	});

	it('is 404 E_ESTABLISHMENT_NOT_FOUND when unknown, 400 for an id that is no UUID', async () => {
		expectError(
			await call('GET', `/establishment/${crypto.randomUUID()}`),
			404,
			'E_ESTABLISHMENT_NOT_FOUND',
		);
		expectError(
			await call('GET', '/establishment/not-a-uuid'),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/establishment_id must be a UUID/,
		);
	});

	it('is decommissioned by the same PUT with decommissioning_date, which cannot be taken back', async () => {
		const id = crypto.randomUUID();
		await call('PUT', `/establishment/${id}`, establishmentBody());
		const closing = { ...establishmentBody(), decommissioning_date: '31.03.2026' };
		const closed = await call('PUT', `/establishment/${id}`, closing);
		expect(closed.body.decommissioning_date).toBe('31.03.2026');
		expect((await call('PUT', `/establishment/${id}`, closing)).status).toBe(200);
		expectError(
			await call('PUT', `/establishment/${id}`, establishmentBody()),
			409,
			'E_CONFLICT',
			/decommissioned on 31.03.2026/,
		);
		expectError(
			await call('PUT', `/establishment/${id}`, { ...closing, decommissioning_date: '01.04.2026' }),
			409,
			'E_CONFLICT',
		);
		expect((await call('GET', `/establishment/${id}`)).body.decommissioning_date).toBe(
			'31.03.2026',
		);
	});
});

describe('client additional data (the link to SIGN DE)', () => {
	let establishmentId: string;
	let tssId: string;
	let clientId: string;
	const path = (tss = tssId, client = clientId) =>
		`/sign-de-v2/tss/${tss}/client/${client}/additional_data`;

	beforeAll(async () => {
		establishmentId = crypto.randomUUID();
		await call('PUT', `/establishment/${establishmentId}`, establishmentBody());
		({
			tssId,
			clientIds: [clientId],
		} = await kit.signDe.initializedTss(1));
	});

	it('is 404 E_CLIENT_ADDITIONAL_DATA_NOT_FOUND for a SIGN DE client without it', async () => {
		expectError(await call('GET', path()), 404, 'E_CLIENT_ADDITIONAL_DATA_NOT_FOUND');
	});

	it('is created and replaced by PUT, read by GET, and deleted by DELETE', async () => {
		const created = await call('PUT', path(), clientData(establishmentId));
		expect(created.status).toBe(200);
		expect(created.body).toEqual({
			...clientData(establishmentId),
			tss_id: tssId,
			client_id: clientId,
		});
		const decommissioned = await call(
			'PUT',
			path(),
			clientData(establishmentId, {
				date_decommissioning: '20.03.2026',
				decommissioning_reason: 'defect',
			}),
		);
		expect(decommissioned.body.date_decommissioning).toBe('20.03.2026');
		expect((await call('GET', path())).body).toEqual(decommissioned.body);
		expect((await call('DELETE', path())).body).toEqual(decommissioned.body);
		expectError(await call('GET', path()), 404, 'E_CLIENT_ADDITIONAL_DATA_NOT_FOUND');
		expectError(await call('DELETE', path()), 404, 'E_CLIENT_ADDITIONAL_DATA_NOT_FOUND');
	});

	it.each(['PUT', 'GET', 'DELETE'])(
		'%s: an unknown SIGN DE TSS or client is 404 E_CLIENT_NOT_FOUND',
		async (method) => {
			const body = method === 'PUT' ? clientData(establishmentId) : undefined;
			expectError(
				await call(method, path(crypto.randomUUID()), body),
				404,
				'E_CLIENT_NOT_FOUND',
				/SIGN DE has no TSS/,
			);
			expectError(
				await call(method, path(tssId, crypto.randomUUID()), body),
				404,
				'E_CLIENT_NOT_FOUND',
				/not found on SIGN DE TSS/,
			);
			const other = await kit.signDe.initializedTss(1);
			expectError(
				await call(method, path(tssId, other.clientIds[0]), body),
				404,
				'E_CLIENT_NOT_FOUND',
			);
		},
	);

	it('needs an existing establishment', async () => {
		expectError(
			await call('PUT', path(), clientData(crypto.randomUUID())),
			404,
			'E_ESTABLISHMENT_NOT_FOUND',
		);
		expectError(
			await call('PUT', path(), { ...clientData(establishmentId), establishment_id: 'x' }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/establishment_id must be a UUID/,
		);
	});
});

describe('routing', () => {
	it('answers unknown paths and methods with the error body', async () => {
		expectError(await call('GET', '/nothing'), 404, 'E_NOT_FOUND');
		const wrong = await call('POST', '/taxpayer', legalTaxpayer());
		expectError(wrong, 405, 'E_METHOD_NOT_ALLOWED');
		expect(wrong.headers.allow).toBe('PUT, GET');
	});
});
