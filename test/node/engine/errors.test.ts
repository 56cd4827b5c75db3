// Errors through n8n's engine against the simulator: every fiskaly error a user can run into
// surfaces as a NodeApiError with fiskaly's code and message and a description that says how to
// fix it; credential problems are explained without the secret; bad input is refused before any
// request with a NodeOperationError naming the field and the item.
import { randomUUID } from 'node:crypto';
import * as net from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { byId, FiskalyEngine, type RunNodeOptions } from '../../helpers/n8nEngine';
import {
	EngineSession,
	fieldError,
	fiskalyApiError,
	type PreparedClient,
	type PreparedTss,
} from './session';

let session: EngineSession;
let tss: PreparedTss;
let client: PreparedClient;

beforeAll(async () => {
	// Small TEST limits so the limit errors are reachable with a handful of calls.
	session = await EngineSession.start({ limits: { activeTransactions: 3, registeredClients: 3 } });
	tss = await session.prepareTss();
	client = await session.prepareClient(tss);
});

afterAll(async () => {
	await session?.close();
});

beforeEach(async () => {
	await session.clearFaults();
	await session.resetTraffic();
});

const run = (options: RunNodeOptions) => session.engine.runNode(options);

const signOn = (on: PreparedTss, clientId: string, amount = '1.00') =>
	run({
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: {
			tss: byId(on.tssId),
			client: byId(clientId),
			amountsPerVatRate: { amounts: [{ vatRate: 'NORMAL', amount }] },
		},
	});

describe('fiskaly errors become NodeApiErrors with code, message and a fix', () => {
	it('E_TSS_NOT_INITIALIZED: signing on a TSS that is not initialized', async () => {
		const uninitialized = await session.prepareTss('UNINITIALIZED');
		const { error } = await signOn(uninitialized, randomUUID());
		expect(error).toEqual(fiskalyApiError('E_TSS_NOT_INITIALIZED', /Set Up|Initialize/));
		expect(error?.httpCode).toBe('400');
	});

	it('E_TSS_DISABLED: signing on a disabled TSS', async () => {
		const disabled = await session.prepareTss();
		const till = await session.prepareClient(disabled);
		await session.expectOk('POST', `/tss/${disabled.tssId}/admin/auth`, {
			body: { admin_pin: disabled.adminPin },
		});
		await session.expectOk('PATCH', `/tss/${disabled.tssId}`, { body: { state: 'DISABLED' } });
		const { error } = await signOn(disabled, till.clientId);
		expect(error).toEqual(fiskalyApiError('E_TSS_DISABLED', /new TSS/));
	});

	it('E_TSS_NOT_FOUND and E_CLIENT_NOT_FOUND: unknown IDs', async () => {
		const unknownTss = await signOn({ ...tss, tssId: randomUUID() }, client.clientId);
		expect(unknownTss.error).toEqual(fiskalyApiError('E_TSS_NOT_FOUND', /TSS ID/));
		const unknownClient = await signOn(tss, randomUUID());
		expect(unknownClient.error).toEqual(fiskalyApiError('E_CLIENT_NOT_FOUND', /Client/));
	});

	it('fiskaly’s own message is part of what the user sees', async () => {
		const missingTss = randomUUID();
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			parameters: { tss: byId(missingTss) },
		});
		expect(error?.message).toContain(missingTss); // the simulator's message names the TSS
	});

	it('E_TX_LIMIT_REACHED: too many open transactions', async () => {
		const busy = await session.prepareTss();
		const till = await session.prepareClient(busy);
		for (let i = 0; i < 3; i++) await session.signDirectly(busy, till, '1.00', false);
		const { error } = await run({
			resource: 'transaction',
			operation: 'start',
			parameters: { tss: byId(busy.tssId), client: byId(till.clientId) },
		});
		expect(error).toEqual(fiskalyApiError('E_TX_LIMIT_REACHED', /Cancel/));
	});

	it('E_CLIENT_LIMIT_REACHED: too many registered clients', async () => {
		const full = await session.prepareTss();
		for (let i = 0; i < 3; i++) await session.prepareClient(full);
		const { error } = await run({
			resource: 'client',
			operation: 'create',
			parameters: { tss: byId(full.tssId), serialNumber: 'One too many', adminPin: full.adminPin },
		});
		expect(error).toEqual(fiskalyApiError('E_CLIENT_LIMIT_REACHED', /Deregister/));
	});

	it('E_ADMIN_PIN_BLOCKED: after five wrong PINs, with the way out', async () => {
		const blocked = await session.prepareTss();
		const login = (adminPin: string) =>
			run({
				resource: 'tss',
				operation: 'adminLogin',
				parameters: { tss: byId(blocked.tssId), adminPin },
			});
		for (let i = 0; i < 5; i++) {
			const { error } = await login(`wrong-pin-${i}`);
			expect(error?.message).toMatch(/admin PIN was not accepted/i);
		}
		const { error } = await login(blocked.adminPin);
		expect(error).toEqual(fiskalyApiError('E_ADMIN_PIN_BLOCKED', /Change Admin PIN/));

		// The described fix works: a new PIN set with the PUK unblocks the TSS.
		await session.engine.runNodeOk({
			resource: 'tss',
			operation: 'changeAdminPin',
			parameters: {
				tss: byId(blocked.tssId),
				adminPuk: blocked.adminPuk,
				newAdminPin: 'Unblocked-1',
			},
		});
		expect((await login('Unblocked-1')).error).toBeUndefined();
	});

	it('E_ILLEGAL_CLIENT_SERIAL: a serial number already used on the TSS', async () => {
		const { error } = await run({
			resource: 'client',
			operation: 'create',
			parameters: {
				tss: byId(tss.tssId),
				serialNumber: client.serialNumber,
				adminPin: tss.adminPin,
			},
		});
		expect(error).toEqual(fiskalyApiError('E_ILLEGAL_CLIENT_SERIAL', /serial number/i));
	});

	it('E_TSS_CONFLICT: creating a TSS under the ID of one that left CREATED', async () => {
		const { error } = await run({
			resource: 'tss',
			operation: 'create',
			parameters: { tssId: tss.tssId },
		});
		expect(error).toEqual(fiskalyApiError('E_TSS_CONFLICT', /Set Up/));
	});

	it.each([
		[403, 'E_ACCESS_DENIED', /organisation/],
		[423, 'E_TSS_DEFECTIVE', /new TSS/],
		[423, 'E_CERTIFICATE_EXPIRED', /new TSS/],
		[432, 'E_USE_MIDDLEWARE', /kassensichv-middleware/],
		[400, 'E_ILLEGAL_TSS_STATE_CHANGE', /one step at a time/],
	])('HTTP %i %s (injected) surfaces with its fix', async (status, code, fix) => {
		await session.inject(
			{ method: 'GET', path: `/tss/${tss.tssId}` },
			{ type: 'status', status, code, message: `Simulated ${code}` },
		);
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error).toEqual(fiskalyApiError(code, fix));
		expect(error?.message).toContain(`Simulated ${code}`);
		expect(error?.httpCode).toBe(String(status));
	});
});

describe('credential problems', () => {
	const secret = 'secret-that-must-not-leak-4711';

	it('a wrong API secret is explained without repeating it, and not retried', async () => {
		session.engine.saveCredential('wrong-secret', { apiSecret: secret });
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			credentialId: 'wrong-secret',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/API key and secret/);
		expect(error?.description).toMatch(/API Key and API Secret/);
		expect(JSON.stringify(error)).not.toContain(secret);
		expect((await session.stats()).auth).toBe(1);
		expect((await session.requestLines()).some((line) => line.startsWith('GET'))).toBe(false);
	});

	it('a Base URL without the API path says where /auth was looked for', async () => {
		const origin = new URL(session.sim.url).origin;
		session.engine.saveCredential('wrong-path', { baseUrl: `${origin}/api/v1` });
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			credentialId: 'wrong-path',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error?.message).toMatch(/authentication endpoint/);
		expect(error?.description).toMatch(/\/api\/v2/);
	});

	it('a Base URL without the API path is reported the same when another fiskaly API gave a token', async () => {
		const origin = new URL(session.sim.url).origin;
		// The DSFinV-K base URL points at the simulator's SIGN DE API, so its /auth answers.
		session.engine.saveCredential('wrong-path-other-api-ok', {
			baseUrl: `${origin}/api/v1`,
			dsfinvkBaseUrl: session.sim.url,
		});
		const { error } = await run({
			resource: 'tss',
			operation: 'get',
			credentialId: 'wrong-path-other-api-ok',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error?.message).toMatch(/authentication endpoint/);
		expect(error?.description).toMatch(/\/api\/v2/);
		expect((await session.requestLines()).some((line) => line.startsWith('GET'))).toBe(false);
		// The failure was kept for SIGN DE beside the other API's token, not thrown by /auth.
		const stored = session.engine.credentials.read('wrong-path-other-api-ok').accessToken;
		expect(JSON.parse(String(stored))).toMatchObject({
			signDe: { failure: { retryable: false } },
			dsfinvk: { token: expect.any(String) },
		});
	});

	it('an unreachable Base URL says so after a few attempts', async () => {
		const closedPort = await new Promise<number>((resolve) => {
			const server = net.createServer().listen(0, '127.0.0.1', () => {
				const { port } = server.address() as net.AddressInfo;
				server.close(() => resolve(port));
			});
		});
		const engine = new FiskalyEngine({
			baseUrl: `http://127.0.0.1:${closedPort}/api/v2`,
			apiKey: 'k',
			apiSecret: secret,
		});
		const { error } = await engine.runNode({
			resource: 'tss',
			operation: 'get',
			parameters: { tss: byId(tss.tssId) },
		});
		expect(error?.message).toMatch(/Could not reach fiskaly/);
		expect(error?.description).toMatch(/Base URL/);
		expect(engine.credentials.stats.preAuthentications).toBe(4);
		expect(JSON.stringify(error)).not.toContain(secret);
	}, 20_000);
});

describe('bad input is refused before any request, naming the field and the item', () => {
	const tssRef = () => byId(tss.tssId);
	const clientRef = () => byId(client.clientId);
	const receipt = (amounts: IDataObject[], extra: IDataObject = {}) => ({
		tss: tssRef(),
		client: clientRef(),
		amountsPerVatRate: { amounts },
		...extra,
	});
	/** An ID that reaches the node through an expression (n8n itself checks typed-in IDs, see below). */
	const viaExpression = (value: string) => ({
		__rl: true,
		mode: 'id',
		value: `={{ ${JSON.stringify(value)} }}`,
	});
	/** An empty value from an expression: n8n itself refuses an empty required field typed in. */
	const emptyViaExpression = '={{ "" }}';
	const manyEntries = Array.from({ length: 41 }, (_, i) => ({ key: `k${i}`, value: 'v' }));

	const table: Array<[string, string, string, () => IDataObject, string | RegExp]> = [
		['TSS not a UUID', 'tss', 'get', () => ({ tss: viaExpression('1234') }), 'TSS'],
		[
			'TSS empty',
			'transaction',
			'start',
			() => ({ tss: viaExpression(''), client: clientRef() }),
			'TSS',
		],
		[
			'Client not a UUID',
			'client',
			'get',
			() => ({ tss: tssRef(), client: viaExpression('kasse-1') }),
			'Client',
		],
		['TSS ID to create not a UUID', 'tss', 'create', () => ({ tssId: 'my-tss' }), 'TSS ID'],
		['Set Up: Admin PIN too short', 'tss', 'setUp', () => ({ adminPin: '12345' }), 'Admin PIN'],
		['Set Up: Admin PUK too short', 'tss', 'setUp', () => ({ adminPuk: '123' }), 'Admin PUK'],
		[
			'Set Up: Description with forbidden characters',
			'tss',
			'setUp',
			() => ({ description: 'Café am Markt' }),
			'Description',
		],
		[
			'Initialize: Description too long',
			'tss',
			'initialize',
			() => ({ tss: tssRef(), adminPin: tss.adminPin, description: 'x'.repeat(101) }),
			'Description',
		],
		[
			'Disable: Admin PIN empty',
			'tss',
			'disable',
			() => ({ tss: tssRef(), adminPin: emptyViaExpression }),
			'Admin PIN',
		],
		[
			'Change Admin PIN: new PIN too short',
			'tss',
			'changeAdminPin',
			() => ({ tss: tssRef(), adminPuk: tss.adminPuk, newAdminPin: '12' }),
			'New Admin PIN',
		],
		['Update TSS: no metadata', 'tss', 'update', () => ({ tss: tssRef() }), 'Metadata'],
		[
			'Update TSS: more than 40 metadata entries',
			'tss',
			'update',
			() => ({ tss: tssRef(), metadata: { entries: manyEntries } }),
			'Metadata',
		],
		[
			'Update TSS: metadata key too long',
			'tss',
			'update',
			() => ({ tss: tssRef(), metadata: { entries: [{ key: 'k'.repeat(41), value: 'v' }] } }),
			'Metadata (entry 1)',
		],
		[
			'Create Client: serial with underscore',
			'client',
			'create',
			() => ({ tss: tssRef(), serialNumber: 'Kasse_1', adminPin: tss.adminPin }),
			'Serial Number',
		],
		[
			'Create Client: serial with leading space',
			'client',
			'create',
			() => ({ tss: tssRef(), serialNumber: ' Kasse 1', adminPin: tss.adminPin }),
			'Serial Number',
		],
		[
			'Create Client: serial longer than 70',
			'client',
			'create',
			() => ({ tss: tssRef(), serialNumber: 'K'.repeat(71), adminPin: tss.adminPin }),
			'Serial Number',
		],
		[
			'Create Client: Client ID not a UUID',
			'client',
			'create',
			() => ({
				tss: tssRef(),
				serialNumber: 'Kasse 9',
				clientId: 'till-9',
				adminPin: tss.adminPin,
			}),
			'Client ID',
		],
		[
			'Update Client: register without PIN',
			'client',
			'update',
			() => ({
				tss: tssRef(),
				client: clientRef(),
				state: 'REGISTERED',
				adminPin: emptyViaExpression,
			}),
			'Admin PIN',
		],
		[
			'Sign Receipt: no amounts',
			'transaction',
			'signReceipt',
			() => receipt([]),
			'Amounts per VAT Rate',
		],
		[
			'Sign Receipt: six decimals',
			'transaction',
			'signReceipt',
			() => receipt([{ vatRate: 'NORMAL', amount: '1.234567' }]),
			'Amounts per VAT Rate (entry 1) › Amount',
		],
		[
			'Sign Receipt: amount not a number',
			'transaction',
			'signReceipt',
			() => receipt([{ vatRate: 'NORMAL', amount: 'zehn' }]),
			'Amount',
		],
		[
			'Sign Receipt: amount empty',
			'transaction',
			'signReceipt',
			() => receipt([{ vatRate: 'NORMAL', amount: '' }]),
			'Amount',
		],
		[
			'Sign Receipt: number with six decimals',
			'transaction',
			'signReceipt',
			() => receipt([{ vatRate: 'NORMAL', amount: '={{ 1.000001 }}' }]),
			'Amount',
		],
		[
			'Sign Receipt: unknown VAT rate',
			'transaction',
			'signReceipt',
			() => receipt([{ vatRate: '={{ "SUPER" }}', amount: '1.00' }]),
			'VAT Rate',
		],
		[
			'Sign Receipt: VAT rate twice',
			'transaction',
			'signReceipt',
			() =>
				receipt([
					{ vatRate: 'NORMAL', amount: '1.00' },
					{ vatRate: 'NORMAL', amount: '2.00' },
				]),
			'VAT Rate',
		],
		[
			'Sign Receipt: unknown receipt type',
			'transaction',
			'signReceipt',
			() => receipt([{ vatRate: 'NORMAL', amount: '1.00' }], { receiptType: '={{ "GIFT" }}' }),
			'Receipt Type',
		],
		[
			'Sign Receipt: unknown payment type',
			'transaction',
			'signReceipt',
			() =>
				receipt([{ vatRate: 'NORMAL', amount: '1.00' }], {
					amountsPerPaymentType: { payments: [{ paymentType: '={{ "CARD" }}', amount: '1.00' }] },
				}),
			'Payment Type',
		],
		[
			'Sign Receipt: payment amount malformed',
			'transaction',
			'signReceipt',
			() =>
				receipt([{ vatRate: 'NORMAL', amount: '1.00' }], {
					amountsPerPaymentType: { payments: [{ paymentType: 'CASH', amount: '1.0.0' }] },
				}),
			'Amounts per Payment Type (entry 1) › Amount',
		],
		[
			'Sign Receipt: currency code',
			'transaction',
			'signReceipt',
			() =>
				receipt([{ vatRate: 'NORMAL', amount: '1.00' }], {
					amountsPerPaymentType: {
						payments: [{ paymentType: 'CASH', amount: '1.00', currencyCode: 'EURO' }],
					},
				}),
			'Currency Code',
		],
		[
			'Sign Receipt: order without line items',
			'transaction',
			'signReceipt',
			() => ({ tss: tssRef(), client: clientRef(), schemaType: 'order' }),
			'Line Items',
		],
		[
			'Sign Receipt: order quantity',
			'transaction',
			'signReceipt',
			() => ({
				tss: tssRef(),
				client: clientRef(),
				schemaType: 'order',
				lineItems: { items: [{ quantity: 'two', text: 'Tea', pricePerUnit: '2.00' }] },
			}),
			'Quantity',
		],
		[
			'Sign Receipt: order text empty',
			'transaction',
			'signReceipt',
			() => ({
				tss: tssRef(),
				client: clientRef(),
				schemaType: 'order',
				lineItems: { items: [{ quantity: '1', text: '', pricePerUnit: '2.00' }] },
			}),
			'Text',
		],
		[
			'Sign Receipt: order price',
			'transaction',
			'signReceipt',
			() => ({
				tss: tssRef(),
				client: clientRef(),
				schemaType: 'order',
				lineItems: { items: [{ quantity: '1', text: 'Tea', pricePerUnit: '2,00,0' }] },
			}),
			'Price per Unit',
		],
		[
			'Sign Receipt: other data not JSON',
			'transaction',
			'signReceipt',
			() => ({
				tss: tssRef(),
				client: clientRef(),
				schemaType: 'other',
				otherData: '{description: deposit}',
			}),
			'Other Data',
		],
		[
			'Sign Receipt: other data an array',
			'transaction',
			'signReceipt',
			() => ({ tss: tssRef(), client: clientRef(), schemaType: 'other', otherData: '[1, 2]' }),
			'Other Data',
		],
		[
			'Sign Receipt: raw process data not base64',
			'transaction',
			'signReceipt',
			() => ({
				tss: tssRef(),
				client: clientRef(),
				schemaType: 'raw',
				processType: 'Kassenbeleg-V1',
				processData: 'Beleg^1.00',
			}),
			'Process Data',
		],
		[
			'Sign Receipt: raw process type empty',
			'transaction',
			'signReceipt',
			() => ({
				tss: tssRef(),
				client: clientRef(),
				schemaType: 'raw',
				processType: '',
				processData: 'dGVzdA==',
			}),
			'Process Type',
		],
		[
			'Sign Receipt: schema JSON with two kinds',
			'transaction',
			'signReceipt',
			() => ({
				tss: tssRef(),
				client: clientRef(),
				schemaType: 'json',
				schemaJson: '{"standard_v1": {}, "raw": {}}',
			}),
			'Schema (JSON)',
		],
		[
			'Sign Receipt: Transaction ID not a UUID',
			'transaction',
			'signReceipt',
			() => receipt([{ vatRate: 'NORMAL', amount: '1.00' }], { transactionId: 'order-17' }),
			'Transaction ID',
		],
		[
			'Finish: bad amount',
			'transaction',
			'finish',
			() => receipt([{ vatRate: 'NORMAL', amount: '-' }], { transactionId: randomUUID() }),
			'Amount',
		],
		[
			'Update: Transaction ID empty',
			'transaction',
			'update',
			() => receipt([{ vatRate: 'NORMAL', amount: '1.00' }], { transactionId: emptyViaExpression }),
			'Transaction ID',
		],
		[
			'Cancel: Transaction ID malformed',
			'transaction',
			'cancel',
			() => ({ tss: tssRef(), transactionId: '12a' }),
			'Transaction ID',
		],
		[
			'Get: Transaction ID malformed',
			'transaction',
			'get',
			() => ({ tss: tssRef(), transactionId: 'last' }),
			'Transaction ID',
		],
		[
			'Update Metadata: no metadata',
			'transaction',
			'updateMetadata',
			() => ({ tss: tssRef(), transactionId: randomUUID() }),
			'Metadata',
		],
		[
			'Update Client: nothing to change',
			'client',
			'update',
			() => ({ tss: tssRef(), client: clientRef(), state: 'unchanged' }),
			/Nothing to update/,
		],
	];

	it.each(table)('%s', async (_label, resource, operation, parameters, field) => {
		const { error } = await run({ resource, operation, parameters: parameters() as any });
		expect(error).toEqual(fieldError(field));
		expect(error?.message).toContain('[item 0]');
		expect(error?.context.itemIndex).toBe(0);
		expect(await session.requestLines()).toEqual([]);
	});

	it('names the item that was bad', async () => {
		const { error } = await run({
			resource: 'transaction',
			operation: 'signReceipt',
			items: [
				{ json: { amount: '1.00' } },
				{ json: { amount: '2.00' } },
				{ json: { amount: '3,000,00' } },
			],
			parameters: receipt([{ vatRate: 'NORMAL', amount: '={{ $json.amount }}' }]),
		});
		expect(error).toEqual(fieldError('Amount'));
		expect(error?.message).toContain('[item 2]');
		expect(error?.context.itemIndex).toBe(2);
	});

	it('typed-in IDs that are not UUIDs and empty required fields are stopped by n8n itself', async () => {
		await expect(
			run({ resource: 'tss', operation: 'get', parameters: { tss: byId('not-a-uuid') } }),
		).rejects.toThrow(/Not a valid ID/);
		await expect(
			run({ resource: 'tss', operation: 'disable', parameters: { tss: tssRef(), adminPin: '' } }),
		).rejects.toThrow(/"Admin PIN" is required/);
		expect(await session.requestLines()).toEqual([]);
	});
});
