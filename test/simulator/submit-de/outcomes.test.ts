// How submissions fail: internal validation of the stored data (each problem naming the field and the
// fix), the one documented ELSTER rejection (taximeter/odometer without remarks), and every outcome the
// control API can force: for the next submission, for an id not yet created, or for one under way.

import * as crypto from 'node:crypto';

import {
	clientData,
	createSubmission,
	establishmentBody,
	expectError,
	legalTaxpayer,
	parseXml,
	startSubmitDe,
	STEP_MS,
	validEstablishment,
	type SubmitDeKit,
} from './submitDeTestKit';

let kit: SubmitDeKit;
const call = (method: string, path: string, body?: unknown) => kit.submit.call(method, path, body);
const control = (method: string, body?: unknown) => kit.submit.control(method, '/outcomes', body);

beforeEach(async () => {
	kit = await startSubmitDe();
});
afterEach(() => kit.simulator.close());

/** Creates a submission, lets validation finish, and returns its view. */
async function validated(establishmentId: string) {
	const id = await createSubmission(kit, establishmentId);
	kit.advance(2 * STEP_MS);
	return (await call('GET', `/submission/${id}`)).body;
}

describe('internal validation of the stored data', () => {
	it('fails without a taxpayer, and without any client linked to the establishment', async () => {
		const establishmentId = crypto.randomUUID();
		await call('PUT', `/establishment/${establishmentId}`, establishmentBody());
		const failed = await validated(establishmentId);
		expect(failed.state).toBe('INTERNAL_VALIDATION_FAILED');
		expect(failed.time_error).toBe(
			new Date(Date.parse(failed.time_created) + 2 * STEP_MS).toISOString(),
		);
		expect(failed.error_description).toMatch(/taxpayer is not set: PUT \/taxpayer first/);
		expect(failed.error_description).toMatch(/no client additional data names establishment/);
		const report = parseXml((await call('GET', `/submission/${failed.id}/validation/xml`)).raw);
		expect(report.validation_result['@state']).toBe('INTERNAL_VALIDATION_FAILED');
		expect(report.validation_result.error).toHaveLength(2);
	});

	const taxpayer = legalTaxpayer();
	const person = (information: Record<string, string>) => ({
		...taxpayer,
		general_information: { ...taxpayer.general_information, person: 'natural', information },
	});
	const natural = {
		first_name: 'Erika',
		last_name: 'Muster',
		birthdate: '01.02.1980',
		identification_number: '12345678901',
		salutation: '2',
	};
	it.each([
		[
			'a 12-digit tax number',
			{ ...taxpayer, tax_number: '218108150815' },
			{},
			/taxpayer.tax_number "218108150815" is invalid: use the 13-digit/,
		],
		[
			'a tax office of no state',
			{ ...taxpayer, tax_office_number: '9981', tax_number: '9981081508150' },
			{},
			/tax_office_number "9981" names no German state/,
		],
		[
			'a legal person without legal form',
			{
				...taxpayer,
				general_information: {
					...taxpayer.general_information,
					information: { company_name: 'X' },
				},
			},
			{},
			/information.legal_form is missing/,
		],
		[
			'a natural person with salutation "Herr"',
			person({ ...natural, salutation: 'Herr' }),
			{},
			/salutation "Herr" is invalid: use "1" \(Herr\)/,
		],
		[
			'a natural person born on 31.02.1980',
			person({ ...natural, birthdate: '31.02.1980' }),
			{},
			/birthdate "31.02.1980" is not a date: use DD.MM.YYYY/,
		],
		[
			'a house number with a letter',
			{
				...taxpayer,
				general_information: {
					...taxpayer.general_information,
					address: { post_address: { street: 'A', house_number: '12a', town: 'B', zip_code: '1' } },
				},
			},
			{},
			/house_number "12a" is invalid.*house_number_suffix/,
		],
		['a client type 9', taxpayer, { type: '9' }, /type must be "1" to "5"/],
		[
			'commissioning before acquisition',
			taxpayer,
			{ date_acquisition: '10.03.2026', date_commissioning: '01.03.2026' },
			/date_commissioning is before date_acquisition/,
		],
		[
			'decommissioning without a reason',
			taxpayer,
			{ date_decommissioning: '20.03.2026' },
			/decommissioning_reason is missing/,
		],
		[
			'decommissioning before commissioning',
			taxpayer,
			{ date_decommissioning: '01.01.2026', decommissioning_reason: 'sale' },
			/date_decommissioning is before date_commissioning/,
		],
	])('fails for %s', async (_case, taxpayerBody, clientOverrides, message) => {
		const { establishmentId } = await validEstablishment(
			kit,
			1,
			clientOverrides as Record<string, string>,
		);
		await call('PUT', '/taxpayer', taxpayerBody);
		const failed = await validated(establishmentId);
		expect(failed.state).toBe('INTERNAL_VALIDATION_FAILED');
		expect(failed.error_description).toMatch(message);
	});

	it('passes a natural person with all fields', async () => {
		const { establishmentId } = await validEstablishment(kit);
		await call('PUT', '/taxpayer', person(natural));
		expect((await validated(establishmentId)).state).toBe('VALIDATION_SUCCEEDED');
	});

	it('fails a closing establishment while one of its registers is not decommissioned', async () => {
		const { establishmentId } = await validEstablishment(kit);
		await call('PUT', `/establishment/${establishmentId}`, {
			...establishmentBody(),
			decommissioning_date: '31.03.2026',
		});
		const failed = await validated(establishmentId);
		expect(failed.error_description).toMatch(
			/date_decommissioning is missing although the establishment closes on 31.03.2026/,
		);
	});
});

describe('external validation (ELSTER)', () => {
	it.each(['4', '5'])('rejects type %s without remarks, accepts it with remarks', async (type) => {
		const site = await validEstablishment(kit, 1, { type });
		const rejected = await validated(site.establishmentId);
		expect(rejected.state).toBe('EXTERNAL_VALIDATION_FAILED');
		expect(rejected.error_description).toMatch(
			/ELSTER requires remarks for a taximeter or odometer/,
		);
		const answer = parseXml((await call('GET', `/submission/${rejected.id}/transmission/xml`)).raw);
		expect(answer.elster_response).toMatchObject({
			status: 'rejected',
			error: rejected.error_description,
		});

		const path = `/sign-de-v2/tss/${site.tssId}/client/${site.clientIds[0]}/additional_data`;
		await call('PUT', path, clientData(site.establishmentId, { type, remarks: 'Taxi K-AB 123' }));
		expect((await validated(site.establishmentId)).state).toBe('VALIDATION_SUCCEEDED');
	});
});

describe('forced outcomes (control API)', () => {
	let establishmentId: string;
	beforeEach(async () => {
		({ establishmentId } = await validEstablishment(kit));
	});

	it.each([
		['INTERNAL_VALIDATION_FAILED', 2],
		['EXTERNAL_VALIDATION_FAILED', 2],
		['ERROR', 2],
		['XML_GENERATION_FAILED', 3],
	])('forces %s on the next submission', async (outcome, steps) => {
		const rule = await control('POST', { outcome });
		expect(rule.status).toBe(201);
		expect(rule.body).toEqual({ outcome, applies_to: 'next submission' });
		expect((await control('GET')).body).toEqual({ next: [outcome], by_submission: {} });
		const id = await createSubmission(kit, establishmentId);
		expect((await control('GET')).body.next).toEqual([]);
		kit.advance(steps * STEP_MS);
		const failed = (await call('GET', `/submission/${id}`)).body;
		expect(failed.state).toBe(outcome);
		expect(failed.error_description).toMatch(/forced by the simulator control API/);
		// The one after it is not affected.
		const next = await createSubmission(kit, establishmentId);
		kit.advance(4 * STEP_MS);
		expect(await kit.submit.state(next)).toBe('READY_FOR_TRANSMISSION');
	});

	it('forces a transmission failure on a submission id before it exists', async () => {
		const id = crypto.randomUUID();
		expect(
			(await control('POST', { outcome: 'TRANSMISSION_FAILED', submission_id: id })).body
				.applies_to,
		).toBe('submission when created');
		await createSubmission(kit, establishmentId, id);
		kit.advance(4 * STEP_MS);
		expect(
			(await call('PUT', `/submission/${id}/transmission`, { legal_consent: true })).status,
		).toBe(200);
		kit.advance(STEP_MS);
		expect(await kit.submit.state(id)).toBe('TRANSMISSION_IN_PROGRESS');
		kit.advance(STEP_MS);
		const failed = (await call('GET', `/submission/${id}`)).body;
		expect(failed).toMatchObject({
			state: 'TRANSMISSION_FAILED',
			error_description: expect.stringMatching(/ELSTER failed/),
		});
		expect(failed.time_transmitted).toBeUndefined();
		const answer = parseXml((await call('GET', `/submission/${id}/transmission/xml`)).raw);
		expect(answer.elster_response).toMatchObject({
			status: 'rejected',
			error: failed.error_description,
		});
	});

	it('forces a cancellation on a pending transmission', async () => {
		const id = await createSubmission(kit, establishmentId);
		kit.advance(4 * STEP_MS);
		await call('PUT', `/submission/${id}/transmission`, { legal_consent: true });
		const forced = await control('POST', { outcome: 'TRANSMISSION_CANCELLED', submission_id: id });
		expect(forced.status).toBe(201);
		expect(forced.body.submission.state).toBe('TRANSMISSION_PENDING');
		kit.advance(STEP_MS);
		expect(await kit.submit.state(id)).toBe('TRANSMISSION_CANCELLED');
	});

	it('refuses to force an outcome whose moment has passed, or on invalid data', async () => {
		const id = await createSubmission(kit, establishmentId);
		kit.advance(2 * STEP_MS);
		const late = await control('POST', {
			outcome: 'INTERNAL_VALIDATION_FAILED',
			submission_id: id,
		});
		expectError(late, 409, 'E_CONFLICT', /it is already VALIDATION_SUCCEEDED/);
		expect(
			(await control('POST', { outcome: 'XML_GENERATION_FAILED', submission_id: id })).status,
		).toBe(201);
		kit.advance(STEP_MS);
		expectError(
			await control('POST', { outcome: 'TRANSMISSION_FAILED', submission_id: id }),
			409,
			'E_CONFLICT',
			/already XML_GENERATION_FAILED/,
		);

		await call('PUT', '/taxpayer', { ...legalTaxpayer(), tax_number: '1' });
		const invalid = await createSubmission(kit, establishmentId);
		expectError(
			await control('POST', { outcome: 'ERROR', submission_id: invalid }),
			409,
			'E_CONFLICT',
			/fails validation/,
		);
	});

	it('checks its body, and clears pending rules', async () => {
		expectError(
			await control('POST', { outcome: 'SUCCEEDED' }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/outcome must be one of/,
		);
		expectError(
			await control('POST', { outcome: 'ERROR', count: 2 }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/unknown field count/,
		);
		expectError(
			await control('POST', { outcome: 'ERROR', submission_id: 'x' }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
		);
		await control('POST', { outcome: 'ERROR' });
		await control('POST', { outcome: 'ERROR', submission_id: crypto.randomUUID() });
		expect((await control('DELETE')).body).toEqual({ cleared: 2 });
		const id = await createSubmission(kit, establishmentId);
		kit.advance(2 * STEP_MS);
		expect(await kit.submit.state(id)).toBe('VALIDATION_SUCCEEDED');
	});
});
