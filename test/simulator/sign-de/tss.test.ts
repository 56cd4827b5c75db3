// TSS life cycle, admin PIN/PUK, admin sessions and the shared signature counter, over real HTTP.

import * as crypto from 'node:crypto';

import type { RunningSimulator } from '../../../simulator';
import {
	expectError,
	PIN,
	SimulatorClient,
	startTestSimulator,
} from '../../support/simulatorClient';
import { publicKeyFromRaw } from '../../support/tr03151';

describe('simulator TSS', () => {
	let simulator: RunningSimulator;
	let api: SimulatorClient;

	beforeAll(async () => {
		({ simulator, api } = await startTestSimulator());
	});
	afterAll(() => simulator.close());

	describe('createTss', () => {
		it('creates a CREATED TSS with a 10-digit PUK, P-256 key, serial = SHA-256(key) and a certificate', async () => {
			const tssId = crypto.randomUUID();
			const reply = await api.call('PUT', `/tss/${tssId}`, {
				body: { metadata: { shop: 'Berlin 1' } },
			});
			expect(reply.status).toBe(200);
			expect(reply.body).toMatchObject({
				_id: tssId,
				_type: 'TSS',
				_env: 'TEST',
				_version: '2.2.2',
				state: 'CREATED',
				admin_puk: expect.stringMatching(/^\d{10}$/),
				signature_algorithm: 'ecdsa-plain-SHA256',
				signature_timestamp_format: 'unixTime',
				transaction_data_encoding: 'UTF-8',
				max_number_registered_clients: 199,
				max_number_active_transactions: 2000,
				supported_update_variants: 'SIGNED',
				metadata: { shop: 'Berlin 1' },
				time_creation: expect.any(Number),
			});
			const point = Buffer.from(reply.body.public_key, 'base64');
			expect(point).toHaveLength(65);
			expect(point[0]).toBe(0x04);
			expect(reply.body.serial_number).toBe(
				crypto.createHash('sha256').update(point).digest('hex'),
			);
			const certificate = new crypto.X509Certificate(Buffer.from(reply.body.certificate, 'base64'));
			expect(certificate.serialNumber.toLowerCase()).toBe(reply.body.serial_number);
			expect(certificate.publicKey.export({ format: 'jwk' })).toEqual(
				publicKeyFromRaw(reply.body.public_key).export({ format: 'jwk' }),
			);
			expect(certificate.issuer).toMatch(/CA/);
		});

		it('repeats while CREATED with the same PUK and merged metadata, lower-casing the id', async () => {
			const tssId = crypto.randomUUID();
			const first = await api.call('PUT', `/tss/${tssId}`, { body: { metadata: { a: '1' } } });
			const again = await api.call('PUT', `/tss/${tssId.toUpperCase()}`, {
				body: { metadata: { b: '2' } },
			});
			expect(again.status).toBe(200);
			expect(again.body._id).toBe(tssId);
			expect(again.body.admin_puk).toBe(first.body.admin_puk);
			expect(again.body.public_key).toBe(first.body.public_key);
			expect(again.body.metadata).toEqual({ a: '1', b: '2' });
		});

		it('refuses to re-create a TSS that left CREATED (409 E_TSS_CONFLICT) and never shows the PUK again', async () => {
			const { tssId } = await api.deployTss();
			expectError(
				await api.call('PUT', `/tss/${tssId}`, { body: {} }),
				409,
				'E_TSS_CONFLICT',
				/UNINITIALIZED/,
			);
			const read = await api.call('GET', `/tss/${tssId}`);
			expect(read.body.admin_puk).toBeUndefined();
		});

		it('answers an unknown TSS with 404 E_TSS_NOT_FOUND', async () => {
			expectError(await api.call('GET', `/tss/${crypto.randomUUID()}`), 404, 'E_TSS_NOT_FOUND');
			expectError(
				await api.call('PATCH', `/tss/${crypto.randomUUID()}/metadata`, { body: {} }),
				404,
				'E_TSS_NOT_FOUND',
			);
			expectError(
				await api.call('GET', `/tss/${crypto.randomUUID()}/metadata`),
				404,
				'E_TSS_NOT_FOUND',
			);
		});
	});

	describe('state machine and signature counter', () => {
		it('walks CREATED → UNINITIALIZED → INITIALIZED → DISABLED with the counter fiskaly shows', async () => {
			const tssId = crypto.randomUUID();
			const created = await api.call('PUT', `/tss/${tssId}`, { body: {} });
			expect(created.body.signature_counter).toBeUndefined();

			const deployed = await api.call('PATCH', `/tss/${tssId}`, {
				body: { state: 'UNINITIALIZED' },
			});
			expect(deployed.status).toBe(200);
			expect(deployed.body).toMatchObject({
				state: 'UNINITIALIZED',
				signature_counter: '24',
				time_uninit: expect.any(Number),
			});
			expect(deployed.body.time_uninit).toBeGreaterThanOrEqual(created.body.time_creation);
			expect(deployed.body.admin_puk).toBeUndefined();
			expect(deployed.body.description).toBeUndefined();

			await api.call('PATCH', `/tss/${tssId}/admin`, {
				body: { admin_puk: created.body.admin_puk, new_admin_pin: PIN },
			});
			await api.adminLogin(tssId);
			const initialized = await api.call('PATCH', `/tss/${tssId}`, {
				body: { state: 'INITIALIZED' },
			});
			expect(initialized.body).toMatchObject({
				state: 'INITIALIZED',
				signature_counter: '27', // PIN change, admin login, initialize: one system log each
				description: `fiskaly sign cloud-TSE (${tssId})`,
				time_init: expect.any(Number),
			});
			expect(initialized.body.time_init).toBeGreaterThanOrEqual(deployed.body.time_uninit);
			expect(initialized.body.transaction_counter).toBeUndefined();

			const disabled = await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'DISABLED' } });
			expect(disabled.body).toMatchObject({
				state: 'DISABLED',
				signature_counter: '28',
				time_disable: expect.any(Number),
			});
			expect(disabled.body.time_disable).toBeGreaterThanOrEqual(initialized.body.time_init);
			expect(typeof disabled.body.signature_counter).toBe('string');
		});

		it.each([
			['CREATED', 'INITIALIZED'],
			['CREATED', 'DISABLED'],
			['INITIALIZED', 'UNINITIALIZED'],
			['DISABLED', 'INITIALIZED'],
			['DISABLED', 'UNINITIALIZED'],
		])('refuses %s → %s with 400 E_ILLEGAL_TSS_STATE_CHANGE', async (from, to) => {
			let tssId: string;
			if (from === 'CREATED') {
				tssId = crypto.randomUUID();
				await api.call('PUT', `/tss/${tssId}`, { body: {} });
			} else {
				({ tssId } = await api.initializedTss(0));
				if (from === 'DISABLED') {
					await api.adminLogin(tssId);
					expect(
						(await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'DISABLED' } })).status,
					).toBe(200);
				}
			}
			expectError(
				await api.call('PATCH', `/tss/${tssId}`, { body: { state: to } }),
				400,
				'E_ILLEGAL_TSS_STATE_CHANGE',
				new RegExp(`${from}.*${to}`),
			);
		});

		it('allows UNINITIALIZED → DISABLED for an admin only', async () => {
			const { tssId } = await api.deployTss();
			expectError(
				await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'DISABLED' } }),
				401,
				'E_UNAUTHORIZED',
			);
			await api.adminLogin(tssId);
			const disabled = await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'DISABLED' } });
			expect(disabled.body.state).toBe('DISABLED');
			expect(disabled.body.time_init).toBeUndefined();
		});

		it('takes a description only when initializing, and checks its characters', async () => {
			const { tssId } = await api.deployTss();
			await api.adminLogin(tssId);
			expectError(
				await api.call('PATCH', `/tss/${tssId}`, {
					body: { state: 'UNINITIALIZED', description: 'x' },
				}),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/only be given when initializing/,
			);
			expectError(
				await api.call('PATCH', `/tss/${tssId}`, {
					body: { state: 'INITIALIZED', description: 'Kasse_1' },
					invalidRequest: true,
				}),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/description/,
			);
			const reply = await api.call('PATCH', `/tss/${tssId}`, {
				body: { state: 'INITIALIZED', description: 'Kasse 1 (Theke)' },
			});
			expect(reply.body.description).toBe('Kasse 1 (Theke)');
		});

		it('updates metadata with the same state without signing anything, merging it', async () => {
			const { tssId } = await api.initializedTss(0);
			await api.call('PATCH', `/tss/${tssId}/metadata`, { body: { region: 'north' } });
			const before = await api.signatureCounter(tssId);
			const reply = await api.call('PATCH', `/tss/${tssId}`, {
				body: { state: 'INITIALIZED', metadata: { till: '3' } },
			});
			expect(reply.status).toBe(200);
			expect(reply.body.metadata).toEqual({ region: 'north', till: '3' });
			expect((await api.call('GET', `/tss/${tssId}/metadata`)).body).toEqual(reply.body.metadata);
			expect(await api.signatureCounter(tssId)).toBe(before);
		});

		it('a CREATED TSS refuses transactions, exports and initialization', async () => {
			const tssId = crypto.randomUUID();
			expect((await api.call('PUT', `/tss/${tssId}`, { body: {} })).status).toBe(200);
			expectError(
				await api.upsert(tssId, crypto.randomUUID(), 1, {
					state: 'ACTIVE',
					client_id: crypto.randomUUID(),
				}),
				400,
				'E_TSS_NOT_INITIALIZED',
			);
			expectError(
				await api.call('PUT', `/tss/${tssId}/export/${crypto.randomUUID()}`, { body: {} }),
				409,
				'E_TSS_ILLEGAL_STATE_TO_PERFORM_EXPORT',
			);
			expectError(
				await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } }),
				400,
				'E_ILLEGAL_TSS_STATE_CHANGE',
			);
		});
	});

	describe('admin PIN, PUK and sessions', () => {
		it('blocks the PIN after creation: admin login before a PIN is set → 401 E_ADMIN_PIN_BLOCKED', async () => {
			const tssId = crypto.randomUUID();
			await api.call('PUT', `/tss/${tssId}`, { body: {} });
			await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'UNINITIALIZED' } });
			expectError(
				await api.call('POST', `/tss/${tssId}/admin/auth`, { body: { admin_pin: PIN } }),
				401,
				'E_ADMIN_PIN_BLOCKED',
				/PUK|admin_puk/,
			);
		});

		it('refuses a wrong PUK with 400 E_CHANGE_ADMIN_PIN_FAILED and a short PIN with 400', async () => {
			const { tssId, puk } = await api.deployTss();
			const wrongPuk = puk === '0000000000' ? '1111111111' : '0000000000';
			expectError(
				await api.call('PATCH', `/tss/${tssId}/admin`, {
					body: { admin_puk: wrongPuk, new_admin_pin: '654321' },
				}),
				400,
				'E_CHANGE_ADMIN_PIN_FAILED',
				/admin_puk is not correct/,
			);
			expectError(
				await api.call('PATCH', `/tss/${tssId}/admin`, {
					body: { admin_puk: puk, new_admin_pin: '12345' },
					invalidRequest: true,
				}),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/new_admin_pin/,
			);
		});

		it('cannot set the PIN while the TSS is still CREATED', async () => {
			const tssId = crypto.randomUUID();
			const created = await api.call('PUT', `/tss/${tssId}`, { body: {} });
			expectError(
				await api.call('PATCH', `/tss/${tssId}/admin`, {
					body: { admin_puk: created.body.admin_puk, new_admin_pin: PIN },
				}),
				400,
				'E_CHANGE_ADMIN_PIN_FAILED',
				/CREATED/,
			);
		});

		it('blocks the PIN after 5 wrong logins (each a signed system log) until it is reset with the PUK', async () => {
			const { tssId, puk } = await api.deployTss();
			const before = await api.signatureCounter(tssId);
			for (let attempt = 1; attempt <= 5; attempt++) {
				const reply = await api.call('POST', `/tss/${tssId}/admin/auth`, {
					body: { admin_pin: 'wrong-pin' },
				});
				expectError(
					reply,
					401,
					'E_UNAUTHORIZED',
					attempt < 5 ? new RegExp(`${5 - attempt} attempt`) : /now blocked/,
				);
			}
			expect(await api.signatureCounter(tssId)).toBe(before + 5);
			expectError(
				await api.call('POST', `/tss/${tssId}/admin/auth`, { body: { admin_pin: PIN } }),
				401,
				'E_ADMIN_PIN_BLOCKED',
				/5 failed/,
			);
			expect(await api.signatureCounter(tssId)).toBe(before + 5); // a blocked PIN is refused before signing

			expect(
				(
					await api.call('PATCH', `/tss/${tssId}/admin`, {
						body: { admin_puk: puk, new_admin_pin: 'new-pin-1' },
					})
				).status,
			).toBe(200);
			expect(
				(
					await api.call('POST', `/tss/${tssId}/admin/auth`, {
						body: { admin_pin: 'new-pin-1' },
					})
				).status,
			).toBe(200);
		});

		it('requires an admin login for initialize and disable, with a message saying so', async () => {
			const { tssId } = await api.deployTss();
			expectError(
				await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } }),
				401,
				'E_UNAUTHORIZED',
				/admin login/,
			);
			await api.adminLogin(tssId);
			expect(
				(await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } })).status,
			).toBe(200);
			await api.call('POST', `/tss/${tssId}/admin/logout`, { body: {} });
			expectError(
				await api.call('PATCH', `/tss/${tssId}`, { body: { state: 'DISABLED' } }),
				401,
				'E_UNAUTHORIZED',
				/admin login/,
			);
		});

		it('binds the admin login to the access token session: a refresh keeps it, a new login does not', async () => {
			const { tssId } = await api.deployTss();
			await api.adminLogin(tssId);
			const refreshed = await api.call('POST', '/auth', {
				body: { refresh_token: api.refreshToken },
				token: null,
			});
			const other = new SimulatorClient(api.url, api);
			await other.login();
			expectError(
				await other.call('PATCH', `/tss/${tssId}`, { body: { state: 'INITIALIZED' } }),
				401,
				'E_UNAUTHORIZED',
				/admin login/,
			);
			const viaRefresh = await api.call('PATCH', `/tss/${tssId}`, {
				body: { state: 'INITIALIZED' },
				token: refreshed.body.access_token,
			});
			expect(viaRefresh.status).toBe(200);
		});

		it('signs admin login and logout; logout without a login is harmless and signs nothing', async () => {
			const { tssId } = await api.deployTss();
			const before = await api.signatureCounter(tssId);
			expect((await api.call('POST', `/tss/${tssId}/admin/logout`, { body: {} })).body).toEqual({});
			expect(await api.signatureCounter(tssId)).toBe(before);
			await api.adminLogin(tssId);
			expect((await api.call('POST', `/tss/${tssId}/admin/logout`)).status).toBe(200);
			expect(await api.signatureCounter(tssId)).toBe(before + 2);
		});
	});

	describe('metadata and lists', () => {
		it('merges metadata, serves it on /metadata, and enforces the limits', async () => {
			const tssId = crypto.randomUUID();
			await api.call('PUT', `/tss/${tssId}`, { body: { metadata: { a: '1' } } });
			const merged = await api.call('PATCH', `/tss/${tssId}/metadata`, {
				body: { b: '2', a: 'one' },
			});
			expect(merged.body).toEqual({ a: 'one', b: '2' });
			expect((await api.call('GET', `/tss/${tssId}/metadata`)).body).toEqual({
				a: 'one',
				b: '2',
			});

			const fortyOne = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`k${i}`, 'v']));
			expectError(
				await api.call('PATCH', `/tss/${tssId}/metadata`, { body: fortyOne, invalidRequest: true }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
			);
			// 39 more keys are allowed in one body, but not on top of the 2 the TSS already has.
			const tooMany = Object.fromEntries(Array.from({ length: 39 }, (_, i) => [`key${i}`, 'v']));
			expectError(
				await api.call('PATCH', `/tss/${tssId}/metadata`, { body: tooMany }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/41 keys/,
			);
			expectError(
				await api.call('PATCH', `/tss/${tssId}/metadata`, { body: { ['k'.repeat(41)]: 'v' } }),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/longer than 40/,
			);
			expectError(
				await api.call('PATCH', `/tss/${tssId}/metadata`, {
					body: { long: 'v'.repeat(501) },
					invalidRequest: true,
				}),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/longer than 500/,
			);
			expect(
				(await api.call('PATCH', `/tss/${tssId}/metadata`, { body: { long: 'v'.repeat(500) } }))
					.status,
			).toBe(200);
		});

		it('lists TSS filtered by state', async () => {
			const { tssId } = await api.initializedTss(0);
			const reply = await api.call('GET', '/tss?states[]=INITIALIZED&limit=100');
			expect(reply.body._type).toBe('TSS_LIST');
			expect(reply.body.data.map((tss: any) => tss._id)).toContain(tssId);
			expect(reply.body.data.every((tss: any) => tss.state === 'INITIALIZED')).toBe(true);
			const newestFirst = await api.call('GET', '/tss', {
				query: { states: ['INITIALIZED'], order_by: 'time_creation', order: 'desc' },
			});
			const times = newestFirst.body.data.map((tss: any) => tss.time_creation);
			expect(times).toEqual([...times].sort((a, b) => b - a));
			expect((await api.call('GET', '/tss', { query: { limit: 1 } })).body.data).toHaveLength(1);
		});
	});
});
