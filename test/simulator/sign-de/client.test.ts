// Clients over real HTTP: creation rules, idempotency, registration state, limits, lists, metadata.

import * as crypto from 'node:crypto';

import type { RunningSimulator } from '../../../simulator';
import {
	expectError,
	SimulatorClient,
	startTestSimulator,
	type CallOptions,
} from '../../support/simulatorClient';

describe('simulator clients', () => {
	let simulator: RunningSimulator;
	let api: SimulatorClient;
	let tssId: string;

	beforeAll(async () => {
		({ simulator, api } = await startTestSimulator({ limits: { registeredClients: 3 } }));
		({ tssId } = await api.initializedTss(0));
	});
	afterAll(() => simulator.close());

	beforeEach(() => api.adminLogin(tssId));

	const createClient = (
		serial: string,
		clientId: string = crypto.randomUUID(),
		onTss = tssId,
		options: CallOptions = {},
	) =>
		api.call('PUT', `/tss/${onTss}/client/${clientId}`, {
			...options,
			body: { serial_number: serial },
		});

	it('creates a REGISTERED client with one signed system log', async () => {
		const before = await api.signatureCounter(tssId);
		const clientId = crypto.randomUUID();
		const reply = await api.call('PUT', `/tss/${tssId}/client/${clientId}`, {
			body: { serial_number: "Kasse 1 (Theke) A-1.2:3=4?+5,'6'", metadata: { till: '1' } },
		});
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			_id: clientId,
			_type: 'CLIENT',
			_env: 'TEST',
			_version: '2.2.2',
			serial_number: "Kasse 1 (Theke) A-1.2:3=4?+5,'6'",
			state: 'REGISTERED',
			tss_id: tssId,
			time_creation: expect.any(Number),
			time_update: reply.body.time_creation,
			metadata: { till: '1' },
		});
		expect(await api.signatureCounter(tssId)).toBe(before + 1);
		expect((await api.call('GET', `/tss/${tssId}/client/${clientId}`)).body).toEqual(reply.body);
		expect(
			(await api.call('GET', `/tss/${tssId}`)).body.number_registered_clients,
		).toBeGreaterThanOrEqual(1);
		// Deregister it again so the limit tests below start from a known count.
		await api.call('PATCH', `/tss/${tssId}/client/${clientId}`, {
			body: { state: 'DEREGISTERED' },
		});
	});

	// The last column: the OpenAPI document's own pattern refuses the serial too.
	it.each([
		['a slash', 'Kasse/1', false],
		['an underscore', 'Kasse_1', true],
		['a leading space', ' Kasse 1', true],
		['a trailing space', 'Kasse 1 ', true],
		['71 characters', 'K'.repeat(71), true],
		['nothing', '', true],
		['an umlaut', 'Kässe 1', true],
	])(
		'refuses a serial number with %s (400 E_ILLEGAL_CLIENT_SERIAL)',
		async (_what, serial, invalidRequest) => {
			expectError(
				await createClient(serial, undefined, undefined, { invalidRequest }),
				400,
				'E_ILLEGAL_CLIENT_SERIAL',
				/serial_number/,
			);
		},
	);

	it('accepts 70 characters', async () => {
		const clientId = crypto.randomUUID();
		expect((await createClient('K'.repeat(70), clientId)).status).toBe(200);
		await api.call('PATCH', `/tss/${tssId}/client/${clientId}`, {
			body: { state: 'DEREGISTERED' },
		});
	});

	it('refuses a serial number already used on the TSS', async () => {
		const serial = `ERS ${crypto.randomUUID()}`;
		const first = crypto.randomUUID();
		expect((await createClient(serial, first)).status).toBe(200);
		expectError(await createClient(serial), 400, 'E_ILLEGAL_CLIENT_SERIAL', /already used/);
		await api.call('PATCH', `/tss/${tssId}/client/${first}`, {
			body: { state: 'DEREGISTERED' },
		});
	});

	it('repeats an identical create without signing again, and refuses a reused client_id (409 E_CLIENT_CONFLICT)', async () => {
		const clientId = crypto.randomUUID();
		const serial = `ERS ${clientId}`;
		const first = await createClient(serial, clientId);
		const counter = await api.signatureCounter(tssId);
		const again = await createClient(serial, clientId.toUpperCase());
		expect(again.status).toBe(200);
		expect(again.body).toEqual(first.body);
		expect(await api.signatureCounter(tssId)).toBe(counter);

		expectError(await createClient('Another serial', clientId), 409, 'E_CLIENT_CONFLICT');
		const other = await api.initializedTss(0);
		await api.adminLogin(other.tssId);
		expectError(
			await createClient(serial, clientId, other.tssId),
			409,
			'E_CLIENT_CONFLICT',
			/system-wide/,
		);
		await api.call('PATCH', `/tss/${tssId}/client/${clientId}`, {
			body: { state: 'DEREGISTERED' },
		});
	});

	it('requires an admin login to create or update a client', async () => {
		const clientId = crypto.randomUUID();
		expect((await createClient(`ERS ${clientId}`, clientId)).status).toBe(200);
		await api.call('POST', `/tss/${tssId}/admin/logout`, { body: {} });
		expectError(await createClient('Needs admin'), 401, 'E_UNAUTHORIZED', /admin login/);
		expectError(
			await api.call('PATCH', `/tss/${tssId}/client/${clientId}`, {
				body: { state: 'DEREGISTERED' },
			}),
			401,
			'E_UNAUTHORIZED',
			/admin login/,
		);
		await api.adminLogin(tssId);
		await api.call('PATCH', `/tss/${tssId}/client/${clientId}`, {
			body: { state: 'DEREGISTERED' },
		});
	});

	it('deregisters and re-registers (one signed log each), merging metadata', async () => {
		const clientId = crypto.randomUUID();
		await api.call('PUT', `/tss/${tssId}/client/${clientId}`, {
			body: { serial_number: `ERS ${clientId}`, metadata: { a: '1' } },
		});
		const before = await api.signatureCounter(tssId);
		const off = await api.call('PATCH', `/tss/${tssId}/client/${clientId}`, {
			body: { state: 'DEREGISTERED', metadata: { b: '2' } },
		});
		expect(off.body).toMatchObject({ state: 'DEREGISTERED', metadata: { a: '1', b: '2' } });
		expect(off.body.time_update).toBeGreaterThanOrEqual(off.body.time_creation);
		const on = await api.call('PATCH', `/tss/${tssId}/client/${clientId}`, {
			body: { state: 'REGISTERED' },
		});
		expect(on.body.state).toBe('REGISTERED');
		expect(await api.signatureCounter(tssId)).toBe(before + 2);
		expectError(
			await api.call('PATCH', `/tss/${tssId}/client/${clientId}`, {
				body: { state: 'GONE' },
				invalidRequest: true,
			}),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/state/,
		);
		await api.call('PATCH', `/tss/${tssId}/client/${clientId}`, {
			body: { state: 'DEREGISTERED' },
		});
	});

	it('limits registered clients (403 E_CLIENT_LIMIT_REACHED), also when re-registering', async () => {
		const { tssId: fresh } = await api.initializedTss(0);
		await api.adminLogin(fresh);
		const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
		for (const id of ids) expect((await createClient(`ERS ${id}`, id, fresh)).status).toBe(200);
		expect((await api.call('GET', `/tss/${fresh}`)).body).toMatchObject({
			number_registered_clients: 3,
			max_number_registered_clients: 3,
		});
		expectError(
			await createClient('One too many', crypto.randomUUID(), fresh),
			403,
			'E_CLIENT_LIMIT_REACHED',
		);
		await api.call('PATCH', `/tss/${fresh}/client/${ids[0]}`, {
			body: { state: 'DEREGISTERED' },
		});
		const spare = crypto.randomUUID();
		expect((await createClient(`ERS ${spare}`, spare, fresh)).status).toBe(200);
		expectError(
			await api.call('PATCH', `/tss/${fresh}/client/${ids[0]}`, {
				body: { state: 'REGISTERED' },
			}),
			403,
			'E_CLIENT_LIMIT_REACHED',
		);
	});

	it('needs an INITIALIZED TSS: E_TSS_NOT_INITIALIZED before, E_TSS_DISABLED after', async () => {
		const { tssId: deployed } = await api.deployTss();
		await api.adminLogin(deployed);
		expectError(
			await createClient('Too early', crypto.randomUUID(), deployed),
			400,
			'E_TSS_NOT_INITIALIZED',
		);

		const { tssId: disabled, clientIds } = await api.initializedTss(1);
		await api.adminLogin(disabled);
		await api.call('PATCH', `/tss/${disabled}`, { body: { state: 'DISABLED' } });
		expectError(
			await createClient('Too late', crypto.randomUUID(), disabled),
			400,
			'E_TSS_DISABLED',
		);
		expectError(
			await api.call('PATCH', `/tss/${disabled}/client/${clientIds[0]}`, {
				body: { state: 'DEREGISTERED' },
			}),
			400,
			'E_TSS_DISABLED',
		);
	});

	it('answers unknown clients with 404 E_CLIENT_NOT_FOUND, also for a client of another TSS', async () => {
		expectError(
			await api.call('GET', `/tss/${tssId}/client/${crypto.randomUUID()}`),
			404,
			'E_CLIENT_NOT_FOUND',
		);
		expectError(
			await api.call('PATCH', `/tss/${tssId}/client/${crypto.randomUUID()}`, {
				body: { state: 'REGISTERED' },
			}),
			404,
			'E_CLIENT_NOT_FOUND',
		);
		expectError(
			await api.call('GET', `/tss/${crypto.randomUUID()}/client`),
			404,
			'E_TSS_NOT_FOUND',
		);
		const other = await api.initializedTss(1);
		expectError(
			await api.call('GET', `/tss/${tssId}/client/${other.clientIds[0]}`),
			404,
			'E_CLIENT_NOT_FOUND',
		);
		expectError(
			await api.call('GET', `/tss/${tssId}/client/${other.clientIds[0]}/metadata`),
			404,
			'E_CLIENT_NOT_FOUND',
		);
	});

	it('lists clients per TSS and across all TSS, filtered by state and serial_number, ordered', async () => {
		const { tssId: listed, clientIds } = await api.initializedTss(2);
		await api.adminLogin(listed);
		await api.call('PATCH', `/tss/${listed}/client/${clientIds[1]}`, {
			body: { state: 'DEREGISTERED' },
		});

		const perTss = await api.call('GET', `/tss/${listed}/client`);
		expect(perTss.body).toMatchObject({ _type: 'CLIENT_LIST', count: 2 });
		expect(perTss.body.data.map((client: any) => client._id)).toEqual(clientIds);

		const registered = await api.call('GET', `/tss/${listed}/client?state=REGISTERED`);
		expect(registered.body.data.map((client: any) => client._id)).toEqual([clientIds[0]]);

		const bySerial = await api.call(
			'GET',
			`/client?serial_number=${encodeURIComponent(`ERS ${clientIds[1]}`)}`,
		);
		expect(bySerial.body.data.map((client: any) => client._id)).toEqual([clientIds[1]]);

		const all = await api.call('GET', '/client?order_by=serial_number&order=desc');
		const serials = all.body.data.map((client: any) => client.serial_number);
		expect(serials).toEqual([...serials].sort().reverse());
		expect(all.body.data.some((client: any) => client.tss_id === tssId)).toBe(true);

		expectError(
			await api.call('GET', '/client?state=ACTIVE', { invalidRequest: true }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/state/,
		);
		expectError(
			await api.call('GET', `/tss/${listed}/client?order_by=number`, { invalidRequest: true }),
			400,
			'E_FAILED_SCHEMA_VALIDATION',
			/order_by/,
		);
	});

	it('reads and merges client metadata without an admin login', async () => {
		const { tssId: owner, clientIds } = await api.initializedTss(1);
		const path = `/tss/${owner}/client/${clientIds[0]}/metadata`;
		expect((await api.call('GET', path)).body).toEqual({});
		expect((await api.call('PATCH', path, { body: { a: '1' } })).body).toEqual({ a: '1' });
		expect((await api.call('PATCH', path, { body: { b: '2' } })).body).toEqual({
			a: '1',
			b: '2',
		});
		expect((await api.call('GET', `/tss/${owner}/client/${clientIds[0]}`)).body.metadata).toEqual({
			a: '1',
			b: '2',
		});
	});
});
