// Submissions over real HTTP: create (and its retry), retrieve, list, the deterministic progression
// on the test clock, starting and cancelling the transmission, and the files: XML that parses and holds
// the stored data (taxpayer, establishment, SUBMIT DE client data, SIGN DE serial numbers), PDFs whose
// frame and cross-reference table are sound.

import * as crypto from 'node:crypto';

import {
	checkPdf,
	clientData,
	createSubmission,
	expectError,
	legalTaxpayer,
	parseXml,
	startSubmitDe,
	STEP_MS,
	validEstablishment,
	type Establishment,
	type SubmitDeKit,
} from './submitDeTestKit';

let kit: SubmitDeKit;
let site: Establishment;
const call = (method: string, path: string, body?: unknown) => kit.submit.call(method, path, body);

beforeAll(async () => {
	kit = await startSubmitDe();
	site = await validEstablishment(kit, 2);
});
afterAll(() => kit.simulator.close());

describe('create, retrieve, list', () => {
	it('creates a submission CREATED with time_created and metadata, and retrieves it', async () => {
		const id = crypto.randomUUID();
		const created = await call('PUT', `/submission/${id}`, {
			establishment_id: site.establishmentId,
			metadata: { run: '1' },
		});
		expect(created.status).toBe(200);
		expect(created.body).toEqual({
			id,
			establishment_id: site.establishmentId,
			state: 'CREATED',
			time_created: '2026-03-02T09:00:00.000Z',
			metadata: { run: '1' },
		});
		expect((await call('GET', `/submission/${id}`)).body).toEqual(created.body);
	});

	it('answers a repeated create with the stored submission, and refuses another establishment', async () => {
		const id = await createSubmission(kit, site.establishmentId);
		kit.advance(STEP_MS);
		const again = await call('PUT', `/submission/${id}`, {
			establishment_id: site.establishmentId,
		});
		expect(again.status).toBe(200);
		expect(again.body.state).toBe('VALIDATION_TRIGGERED');
		expect(again.body.time_created).toBe(
			new Date(Date.parse('2026-03-02T09:00:00Z')).toISOString(),
		);
		const other = crypto.randomUUID();
		await call('PUT', `/establishment/${other}`, { address: {} });
		expectError(
			await call('PUT', `/submission/${id}`, { establishment_id: other }),
			409,
			'E_CONFLICT',
		);
	});

	it('refuses a submission without or with an unknown establishment', async () => {
		expectError(
			await call('PUT', `/submission/${crypto.randomUUID()}`, {}),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/establishment_id is required/,
		);
		expectError(
			await call('PUT', `/submission/${crypto.randomUUID()}`, {
				establishment_id: crypto.randomUUID(),
			}),
			404,
			'E_ESTABLISHMENT_NOT_FOUND',
		);
		expectError(
			await call('PUT', '/submission/nope', { establishment_id: site.establishmentId }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/submission_id must be a UUID/,
		);
	});

	it('lists every submission in creation order with its current state', async () => {
		const first = await createSubmission(kit, site.establishmentId);
		const second = await createSubmission(kit, site.establishmentId);
		const list = await call('GET', '/submission');
		expect(list.status).toBe(200);
		const ids = list.body.results.map((item: { id: string }) => item.id);
		expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
		expect(list.body.results.find((item: { id: string }) => item.id === second)).toEqual(
			(await call('GET', `/submission/${second}`)).body,
		);
	});
});

describe('progression and transmission', () => {
	it('walks CREATED → … → TRANSMISSION_SUCCEEDED one step at a time, with its times', async () => {
		const id = await createSubmission(kit, site.establishmentId);
		const createdAt = Date.parse((await call('GET', `/submission/${id}`)).body.time_created);
		const seen: string[] = [];
		for (let step = 0; step < 5; step++) {
			seen.push(await kit.submit.state(id));
			kit.advance(STEP_MS);
		}
		expect(seen).toEqual([
			'CREATED',
			'VALIDATION_TRIGGERED',
			'VALIDATION_SUCCEEDED',
			'XML_GENERATION_SUCCEEDED',
			'READY_FOR_TRANSMISSION',
		]);
		const ready = (await call('GET', `/submission/${id}`)).body;
		expect(ready.time_generated).toBe(new Date(createdAt + 3 * STEP_MS).toISOString());
		expect(ready.time_transmitted).toBeUndefined();

		const started = await call('PUT', `/submission/${id}/transmission`, { legal_consent: true });
		expect(started.status).toBe(200);
		expect(started.body.state).toBe('TRANSMISSION_PENDING');
		const startedAt = createdAt + 5 * STEP_MS;
		kit.advance(STEP_MS);
		expect(await kit.submit.state(id)).toBe('TRANSMISSION_IN_PROGRESS');
		kit.advance(STEP_MS);
		const done = (await call('GET', `/submission/${id}`)).body;
		expect(done).toMatchObject({
			state: 'TRANSMISSION_SUCCEEDED',
			time_generated: ready.time_generated,
			time_transmitted: new Date(startedAt + 2 * STEP_MS).toISOString(),
		});
		expect(done.time_error).toBeUndefined();
		kit.advance(60 * STEP_MS);
		expect(await kit.submit.state(id)).toBe('TRANSMISSION_SUCCEEDED');
	});

	it('cancels a pending transmission for good', async () => {
		const id = await createSubmission(kit, site.establishmentId);
		kit.advance(4 * STEP_MS);
		await call('PUT', `/submission/${id}/transmission`, { legal_consent: true });
		const cancelled = await call('DELETE', `/submission/${id}/transmission`);
		expect(cancelled.status).toBe(200);
		expect(cancelled.body.state).toBe('TRANSMISSION_CANCELLED');
		kit.advance(10 * STEP_MS);
		expect(await kit.submit.state(id)).toBe('TRANSMISSION_CANCELLED');
		expect((await call('GET', `/submission/${id}`)).body.time_transmitted).toBeUndefined();
	});
});

describe('files', () => {
	let id: string;
	let serials: string[];
	let tss: any;

	beforeAll(async () => {
		serials = [];
		for (const clientId of site.clientIds)
			serials.push(
				(await kit.signDe.call('GET', `/tss/${site.tssId}/client/${clientId}`)).body.serial_number,
			);
		tss = (await kit.signDe.call('GET', `/tss/${site.tssId}`)).body;
		id = await createSubmission(kit, site.establishmentId);
		// Changes after the submission was created are not part of it.
		await call(
			'PUT',
			`/sign-de-v2/tss/${site.tssId}/client/${site.clientIds[0]}/additional_data`,
			clientData(site.establishmentId, { model: 'LATER' }),
		);
		kit.advance(4 * STEP_MS);
	});

	it('serves the notification XML built from the data stored when the submission was created', async () => {
		const reply = await call('GET', `/submission/${id}/file`);
		expect(reply.headers['content-type']).toBe('application/xml');
		const { notification } = parseXml(reply.raw);
		expect(notification['@submission_id']).toBe(id);
		const taxpayer = legalTaxpayer();
		expect(notification.taxpayer).toMatchObject({
			name: taxpayer.general_information.information.company_name,
			tax_number: taxpayer.tax_number,
			tax_office_number: taxpayer.tax_office_number,
			address: { street: 'Hauptstraße', house_number: '12', zip_code: '34117', town: 'Kassel' },
		});
		expect(notification.establishment['@id']).toBe(site.establishmentId);
		expect(notification.establishment.address).toEqual({
			street: 'Bahnhofstraße',
			house_number: '7',
			zip_code: '34119',
			town: 'Kassel',
		});
		const systems = notification.recording_systems;
		expect(systems['@count']).toBe('2');
		expect(systems.recording_system.map((system: any) => system.serial_number).sort()).toEqual(
			[...serials].sort(),
		);
		for (const system of systems.recording_system) {
			// Every field of the register but establishment_id (the parent element says that).
			const registerFields: Record<string, string> = clientData(site.establishmentId);
			delete registerFields.establishment_id;
			expect(system).toMatchObject(registerFields);
			expect(system.tse).toEqual({
				'@tss_id': site.tssId,
				serial_number: tss.serial_number,
				bsi_certification_id: tss.bsi_certification_id,
				date_commissioning: new Date(tss.time_init * 1000).toISOString().slice(0, 10),
			});
		}
	});

	it('serves the validation preview as a PDF naming the taxpayer and every register', async () => {
		const reply = await call('GET', `/submission/${id}/validation/pdf`);
		expect(reply.headers['content-type']).toBe('application/pdf');
		const text = checkPdf(reply.raw);
		expect(text).toContain(`Submission ${id}`);
		expect(text).toContain('tax number 2181081508150');
		for (const serial of serials) expect(text).toContain(serial);
	});

	it('serves the ELSTER receipt PDF and response XML with the same transfer ticket', async () => {
		await call('PUT', `/submission/${id}/transmission`, { legal_consent: true });
		kit.advance(2 * STEP_MS);
		const { elster_response } = parseXml(
			(await call('GET', `/submission/${id}/transmission/xml`)).raw,
		);
		expect(elster_response).toMatchObject({
			'@state': 'TRANSMISSION_SUCCEEDED',
			status: 'accepted',
		});
		expect(elster_response.transfer_ticket).toMatch(/^sim-[0-9a-f]{24}$/);
		expect(elster_response.time_transmitted).toBe(
			(await call('GET', `/submission/${id}`)).body.time_transmitted,
		);
		const text = checkPdf((await call('GET', `/submission/${id}/transmission/pdf`)).raw);
		expect(text).toContain(`Transfer ticket: ${elster_response.transfer_ticket}`);
		expect(text).toContain('Caf\xe9 M\xfcller & S\xf6hne GmbH');
		expect((await call('GET', `/submission/${id}/transmission/pdf`)).raw).toEqual(
			(await call('GET', `/submission/${id}/transmission/pdf`)).raw,
		);
	});
});
