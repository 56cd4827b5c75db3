// Every checked call (test/support/simulatorClient.ts) trusts test/support/openapi.ts to reject wrong
// answers; these tests show it does, using the real captured fiskaly responses of REFERENCE.md.
import Ajv from 'ajv';
import {
	DOCUMENTED_DEVIATIONS,
	matchOperation,
	openApiDocument,
	operations,
	toJsonSchema,
	validateErrorBody,
	validateRequest,
	validateResponse,
} from '../../support/openapi';

const TSS = 'cdb96888-86f5-4b5e-b213-ef265ecc4676';
const CLIENT = 'd884dfc1-b8d6-4c59-a41f-2c33c916f30e';
const TX = '9e6f21ab-2eb5-42e3-98f0-3879881dd51d';
const EXPORT = '81f2f226-4bbf-421b-8583-76d39ca3be31';
const PUBLIC_KEY =
	'BO8SGEEyy6KZQeZ+gbaJK9A9s8UkNZ8NhUut3t2BB9D9heCk/rJRwEKIJUCDcjLHl7c3M6jZ8rq98zYeuLuirHc=';
const SERIAL = 'a408459289ea51b6f492df7a24272c395fa0a4820245389dea15eba89f6e12f7';

// Captured from a real fiskaly TEST session (REFERENCE.md §2.3, §3.1, §4.3).
const capturedTss = {
	_id: TSS,
	state: 'UNINITIALIZED',
	time_creation: 1674237654,
	time_uninit: 1674237725,
	certificate: 'MIIB0zCCAVmg',
	serial_number: SERIAL,
	public_key: PUBLIC_KEY,
	signature_counter: '24',
	signature_algorithm: 'ecdsa-plain-SHA256',
	signature_timestamp_format: 'unixTime',
	transaction_data_encoding: 'UTF-8',
	number_registered_clients: 0,
	max_number_registered_clients: 199,
	number_active_transactions: 0,
	max_number_active_transactions: 2000,
	supported_update_variants: 'SIGNED',
	metadata: { custom_field: 'custom_value' },
	_type: 'TSS',
	_env: 'TEST',
	_version: '2.0.34',
};
const capturedClient = {
	_id: CLIENT,
	state: 'REGISTERED',
	serial_number: 'ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20',
	time_creation: 1674238550,
	time_update: 1674238550,
	tss_id: TSS,
	metadata: { custom_field: 'custom_value' },
	_type: 'CLIENT',
	_env: 'TEST',
	_version: '2.0.34',
};
const capturedFinish = {
	schema: {
		standard_v1: {
			receipt: {
				amounts_per_payment_type: [
					{ amount: '21.42', currency_code: 'EUR', payment_type: 'NON_CASH' },
				],
				amounts_per_vat_rate: [{ amount: '21.42', vat_rate: 'NORMAL' }],
				receipt_type: 'RECEIPT',
			},
		},
		raw: {
			process_type: 'Kassenbeleg-V1',
			process_data: 'QmVsZWdeMjEuNDJfMC4wMF8wLjAwXzAuMDBfMC4wMF4yMS40MjpVbmJhcg==',
		},
	},
	state: 'FINISHED',
	tss_id: TSS,
	tss_serial_number: SERIAL,
	client_id: CLIENT,
	client_serial_number: 'ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20',
	revision: 3,
	latest_revision: 3,
	number: 1,
	time_start: 1674239242,
	time_end: 1674239587,
	_id: TX,
	_type: 'TRANSACTION',
	_env: 'TEST',
	_version: '2.0.34',
	signature: {
		value:
			'FcQi1nbTeKr3cXqNkwDhYAJpjvcZau+MSKkrx8fp2DNXUqCh3xn9IPS0bc164J61gp4ZyQTvQ6YuHq3wECblxA==',
		algorithm: 'ecdsa-plain-SHA256',
		counter: 34,
		public_key: PUBLIC_KEY,
	},
	log: { operation: 'Finish', timestamp: 1674239587, timestamp_format: 'unixTime' },
	qr_code_data: 'V0;ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20;Kassenbeleg-V1;…',
};
const without = <T extends object>(value: T, key: keyof T) => {
	const copy = { ...value };
	delete copy[key];
	return copy;
};

describe('path matching', () => {
	it('knows all 33 operations of the document', () => {
		expect(operations).toHaveLength(33);
		expect(new Set(operations.map((op) => op.operationId)).size).toBe(33);
	});

	it.each([
		[
			'PUT',
			`/api/v2/tss/${TSS}/tx/${TX}?tx_revision=1`,
			'upsertTransaction',
			{ tss_id: TSS, tx_id_or_number: TX },
		],
		['GET', `/tss/${TSS}/tx/12`, 'retrieveTransaction', { tss_id: TSS, tx_id_or_number: '12' }],
		[
			'GET',
			`http://127.0.0.1:8000/api/v2/tss/${TSS}/tx/12/log`,
			'retrieveTransactionLog',
			{ tss_id: TSS, tx_id_or_number: '12' },
		],
		['PATCH', `/tss/${TSS}/admin`, 'changeAdminPin', { tss_id: TSS }],
		['GET', `/tss/${TSS}/metadata`, 'retrieveTssMetadata', { tss_id: TSS }],
		[
			'GET',
			`/tss/${TSS}/client/${CLIENT}/tx`,
			'listClientTransactions',
			{ tss_id: TSS, client_id: CLIENT },
		],
		[
			'GET',
			'/tss/{tss_id}/export/{export_id}/file',
			'retrieveExportFile',
			{ tss_id: '{tss_id}', export_id: '{export_id}' },
		],
		['DELETE', `/tss/${TSS}/export/${EXPORT}`, 'cancelExport', { tss_id: TSS, export_id: EXPORT }],
	])('%s %s → %s', (method, path, operationId, params) => {
		const match = matchOperation(method, path);
		expect(match.operationId).toBe(operationId);
		expect(match.pathParams).toEqual(params);
	});

	it('refuses paths and methods the document does not have', () => {
		expect(() => matchOperation('GET', '/tss/x/selftest')).toThrow(
			'no operation GET /tss/x/selftest',
		);
		expect(() => matchOperation('DELETE', `/tss/${TSS}`)).toThrow('no operation DELETE');
	});
});

describe('responses', () => {
	it('accepts the captured real responses', () => {
		expect(validateResponse('GET', `/tss/${TSS}`, 200, capturedTss).errors).toEqual([]);
		expect(
			validateResponse(
				'PUT',
				`/tss/${TSS}/client/${CLIENT}`,
				200,
				without(capturedClient, 'time_update'),
			).errors,
		).toEqual([]);
		expect(
			validateResponse('PUT', `/tss/${TSS}/tx/${TX}?tx_revision=3`, 200, capturedFinish).errors,
		).toEqual([]);
		expect(
			validateResponse('GET', `/tss/${TSS}/client`, 200, {
				data: [capturedClient],
				count: 1,
				_type: 'CLIENT_LIST',
				_env: 'TEST',
				_version: '2.2.2',
			}).errors,
		).toEqual([]);
	});

	it('names the field and the rule a wrong answer breaks', () => {
		const { errors } = validateResponse(
			'PUT',
			`/tss/${TSS}/tx/${TX}`,
			200,
			without(capturedFinish, 'signature'),
		);
		expect(errors).toEqual([
			"upsertTransaction 200: body must have required property 'signature' (rule required at #/required)",
		]);
		expect(
			validateResponse('GET', `/tss/${TSS}`, 200, { ...capturedTss, signature_counter: 24 }).errors,
		).toEqual([
			'retrieveTss 200: body/signature_counter must be string (rule type at sign-de-components-response#/definitions/SignatureCounter/type)',
		]);
		expect(
			validateResponse('GET', `/tss/${TSS}`, 200, { ...capturedTss, signature_counter: '2x4' })
				.errors[0],
		).toMatch(/body\/signature_counter must match format "bigint"/);
	});

	it.each([
		['a wrong state', { state: 'DONE' }, /body\/state must be equal to one of the allowed values/],
		[
			'a wrong _type',
			{ _type: 'TX' },
			/body\/_type must be equal to one of the allowed values \["TRANSACTION"\]/,
		],
		['a string number', { number: '1' }, /body\/number must be integer/],
		['revision 0', { revision: 0 }, /body\/revision must be >= 1/],
		['a non-uuid client_id', { client_id: 'client-1' }, /body\/client_id must match format "uuid"/],
		[
			'a log without timestamp',
			{ log: { operation: 'Finish', timestamp_format: 'unixTime' } },
			/body\/log must have required property 'timestamp'/,
		],
		[
			'an unknown log operation',
			{ log: { operation: 'Cancel', timestamp: 1, timestamp_format: 'unixTime' } },
			/body\/log\/operation/,
		],
		['a numeric metadata value', { metadata: { n: 1 } }, /body\/metadata\/n must be string/],
		[
			'a bad amount',
			{
				schema: {
					standard_v1: {
						receipt: {
							receipt_type: 'RECEIPT',
							amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '21.4' }],
						},
					},
				},
			},
			/amounts_per_vat_rate\/0\/amount must match pattern/,
		],
	])('rejects a transaction with %s', (_label, change, message) => {
		const { errors } = validateResponse('GET', `/tss/${TSS}/tx/${TX}`, 200, {
			...capturedFinish,
			...change,
		});
		expect(errors.join('\n')).toMatch(message);
	});

	it('accepts signature.counter as number or string (Known issues) and nothing else', () => {
		const withCounter = (counter: unknown) => ({
			...capturedFinish,
			signature: { ...capturedFinish.signature, counter },
		});
		for (const [method, path] of [
			['PUT', `/tss/${TSS}/tx/${TX}`],
			['GET', `/tss/${TSS}/tx/1`],
		]) {
			expect(validateResponse(method, path, 200, withCounter(34)).errors).toEqual([]);
			expect(validateResponse(method, path, 200, withCounter('34')).errors).toEqual([]);
			expect(validateResponse(method, path, 200, withCounter(true)).errors.join()).toMatch(
				/signature\/counter must match a schema in anyOf/,
			);
			expect(validateResponse(method, path, 200, withCounter(-1)).errors.join()).toMatch(
				/signature\/counter must be >= 0/,
			);
		}
		const list = (counter: unknown) => ({
			data: [withCounter(counter)],
			count: 1,
			_type: 'TRANSACTION_LIST',
			_env: 'TEST',
			_version: '2.2.2',
		});
		expect(validateResponse('GET', '/tx', 200, list(34)).errors).toEqual([]);
		expect(validateResponse('GET', '/tx', 200, list('34')).errors).toEqual([]);
		expect(validateResponse('GET', '/tx', 200, list(null)).errors.join()).toMatch(
			/data\/0\/signature\/counter/,
		);
	});

	it('checks list envelopes', () => {
		const { errors } = validateResponse('GET', '/tss', 200, {
			data: [capturedTss],
			_type: 'TSS_LIST',
			_env: 'TEST',
			_version: '2.2.2',
		});
		expect(errors).toEqual([
			"listTss 200: body must have required property 'count' (rule required at #/required)",
		]);
		expect(
			validateResponse('GET', '/export', 200, {
				data: [],
				count: 0,
				_type: 'TSS_LIST',
				_env: 'TEST',
				_version: '2.2.2',
			}).errors.join(),
		).toMatch(/body\/_type must be equal to one of the allowed values \["EXPORT_LIST"\]/);
	});

	it('checks binary answers as bytes of the documented media type', () => {
		const path = `/tss/${TSS}/tx/1/log`;
		expect(
			validateResponse('GET', path, 200, Buffer.from([0x30, 0x00]), 'application/octet-stream')
				.errors,
		).toEqual([]);
		expect(validateResponse('GET', path, 200, Buffer.alloc(0)).errors.join()).toMatch(
			/must be non-empty bytes/,
		);
		expect(validateResponse('GET', path, 200, { log: 'x' }).errors.join()).toMatch(
			/must be non-empty bytes/,
		);
		expect(
			validateResponse(
				'GET',
				`/tss/${TSS}/export/${EXPORT}/file`,
				200,
				Buffer.from('tar'),
				'application/json',
			).errors.join(),
		).toMatch(/content-type application\/json must be application\/x-tar/);
		expect(
			validateResponse('GET', `/tss/${TSS}`, 200, capturedTss, 'text/plain').errors.join(),
		).toMatch(/must be application\/json/);
	});
});

describe('error answers', () => {
	const error = (status: number, code: string | undefined, error = 'Some Error') => ({
		status_code: status,
		error,
		...(code ? { code } : {}),
		message: 'what happened',
	});

	it('accepts documented status/code pairs', () => {
		expect(
			validateResponse('PUT', `/tss/${TSS}/tx/${TX}`, 400, error(400, 'E_TX_UPSERT')).errors,
		).toEqual([]);
		expect(
			validateResponse(
				'GET',
				`/tss/${TSS}/export/${EXPORT}/file`,
				404,
				error(404, 'E_EXPORT_NOT_COMPLETED'),
				'application/json',
			).errors,
		).toEqual([]);
	});

	it('rejects an undocumented status, an unlisted code, a wrong status_code and a missing code', () => {
		expect(
			validateResponse('GET', `/tss/${TSS}`, 409, error(409, 'E_TSS_CONFLICT')).errors,
		).toEqual(['retrieveTss 409: status 409 is not documented for retrieveTss (rule responses)']);
		expect(
			validateResponse(
				'PUT',
				`/tss/${TSS}/tx/${TX}`,
				400,
				error(400, 'E_TX_REVISION_NOT_FOUND'),
			).errors.join(),
		).toMatch(/body\/code must be equal to one of the allowed values \["E_TX_UPSERT",/);
		expect(
			validateResponse(
				'PUT',
				`/tss/${TSS}/tx/${TX}`,
				409,
				error(400, 'E_TX_NO_TYPE_DEFINED'),
			).errors.join(),
		).toMatch(/body\/status_code must be equal to constant/);
		expect(
			validateResponse('GET', `/tss/${TSS}`, 404, error(404, undefined)).errors.join(),
		).toMatch(/must have required property 'code'/);
		expect(validateResponse('GET', `/tss/${TSS}`, 404, 'Not Found').errors.join()).toMatch(
			/error body must be a JSON object/,
		);
	});

	it('applies each documented deviation only where it belongs', () => {
		// 401 on every bearer-token operation, never on /auth with another code.
		expect(
			validateResponse('GET', `/tss/${TSS}/tx`, 401, error(401, 'E_UNAUTHORIZED')).errors,
		).toEqual([]);
		expect(
			validateResponse('GET', `/tss/${TSS}/tx`, 401, error(401, 'E_ACCESS_DENIED')).errors.join(),
		).toMatch(/body\/code must be equal/);
		// A blocked admin PIN: the document allows the code with 401 on admin login, not with 423.
		expect(
			validateResponse('POST', `/tss/${TSS}/admin/auth`, 401, error(401, 'E_ADMIN_PIN_BLOCKED'))
				.errors,
		).toEqual([]);
		expect(
			validateResponse('POST', `/tss/${TSS}/admin/auth`, 423, error(423, 'E_ADMIN_PIN_BLOCKED'))
				.errors.join(),
		).toMatch(/body\/code/);
		// E_TSS_NOT_FOUND wherever a tss_id is in the path, but not on /tx.
		expect(
			validateResponse('PATCH', `/tss/${TSS}`, 404, error(404, 'E_TSS_NOT_FOUND')).errors,
		).toEqual([]);
		expect(
			validateResponse('PATCH', `/tss/${TSS}`, 404, error(404, 'E_CLIENT_NOT_FOUND')).errors.join(),
		).toMatch(/body\/code/);
		// Schema validation errors anywhere (every operation takes path, query or body input), no other 400 codes.
		expect(
			validateResponse('GET', '/tss?limit=0', 400, error(400, 'E_FAILED_SCHEMA_VALIDATION')).errors,
		).toEqual([]);
		expect(
			validateResponse('GET', '/tss/x', 400, error(400, 'E_FAILED_SCHEMA_VALIDATION')).errors,
		).toEqual([]);
		expect(validateResponse('GET', '/tss/x', 400, error(400, 'E_TX_UPSERT')).errors.join()).toMatch(
			/body\/code must be equal/,
		);
		// 413 only where there is a body.
		expect(
			validateResponse('PATCH', `/tss/${TSS}/metadata`, 413, error(413, 'E_PAYLOAD_TOO_LARGE'))
				.errors,
		).toEqual([]);
		expect(
			validateResponse(
				'GET',
				`/tss/${TSS}/metadata`,
				413,
				error(413, 'E_PAYLOAD_TOO_LARGE'),
			).errors.join(),
		).toMatch(/not documented/);
		// Retryable statuses on every operation.
		for (const status of [429, 500, 502, 503]) {
			expect(validateResponse('GET', '/client', status, error(status, 'E_ANY')).errors).toEqual([]);
		}
	});

	it('validates bodies outside any operation', () => {
		expect(validateErrorBody(404, error(404, 'E_NOT_FOUND'))).toEqual([]);
		expect(validateErrorBody(404, { status_code: 404, error: 'Not Found', message: 'x' })).toEqual([
			"404: body must have required property 'code' (rule required at #/required)",
		]);
	});

	it('lists only deviations the document describes', () => {
		const text = JSON.stringify(openApiDocument);
		for (const deviation of DOCUMENTED_DEVIATIONS) {
			expect(deviation.source.length).toBeGreaterThan(20);
			if (deviation.kind === 'extraErrorStatus' && deviation.codes !== 'any') {
				for (const code of deviation.codes) expect(text).toContain(code);
			}
		}
		expect(text).toContain('our Middleware returns it as a `number`');
		expect(text).toContain('Only when initializing a TSS, a `description` may be provided');
	});
});

describe('requests', () => {
	it('accepts the quickstart requests', () => {
		expect(
			validateRequest('POST', '/auth', { api_key: 'test_key', api_secret: 'secret' }).errors,
		).toEqual([]);
		expect(validateRequest('POST', '/auth', { refresh_token: 'token' }).errors).toEqual([]);
		expect(
			validateRequest('PUT', `/tss/${TSS}`, { metadata: { custom_field: 'custom_value' } }).errors,
		).toEqual([]);
		expect(
			validateRequest('PATCH', `/tss/${TSS}/admin`, {
				admin_puk: '3208775922',
				new_admin_pin: '1234567890',
			}).errors,
		).toEqual([]);
		expect(
			validateRequest('PATCH', `/tss/${TSS}`, {
				state: 'INITIALIZED',
				description: 'Till 1 (Berlin)',
			}).errors,
		).toEqual([]);
		expect(
			validateRequest('PUT', `/tss/${TSS}/tx/${TX}?tx_revision=2`, {
				state: 'FINISHED',
				client_id: CLIENT,
				schema: capturedFinish.schema.standard_v1
					? { standard_v1: capturedFinish.schema.standard_v1 }
					: {},
			}).errors,
		).toEqual([]);
		expect(
			validateRequest(
				'PUT',
				`/tss/${TSS}/tx/1`,
				{ state: 'CANCELLED', client_id: CLIENT },
				{ tx_revision: 4 },
			).errors,
		).toEqual([]);
		expect(
			validateRequest(
				'PUT',
				`/tss/${TSS}/export/${EXPORT}?start_transaction_number=1&end_transaction_number=5`,
				{},
			).errors,
		).toEqual([]);
		expect(
			validateRequest(
				'GET',
				`/tss/${TSS}/tx?states[]=ACTIVE&states[1]=FINISHED&order_by=number&order=desc&limit=5&offset=0`,
			).errors,
		).toEqual([]);
		expect(
			validateRequest('GET', '/tx', undefined, { states: ['CANCELLED'], limit: 100 }).errors,
		).toEqual([]);
	});

	it.each([
		['POST', '/auth', { api_key: 'k' }, /body must have required property 'api_secret'/],
		[
			'PATCH',
			`/tss/${TSS}`,
			{ state: 'CREATED' },
			/body\/state must be equal to one of the allowed values/,
		],
		[
			'PATCH',
			`/tss/${TSS}`,
			{ state: 'INITIALIZED', name: 'x' },
			/body must NOT have additional properties 'name'/,
		],
		[
			'PATCH',
			`/tss/${TSS}`,
			{ state: 'INITIALIZED', description: 'with_underscore' },
			/body\/description must match pattern/,
		],
		[
			'PATCH',
			`/tss/${TSS}/admin`,
			{ admin_puk: '123', new_admin_pin: '1234567890' },
			/body\/admin_puk must NOT have fewer than 10 characters/,
		],
		[
			'PUT',
			`/tss/${TSS}/client/${CLIENT}`,
			{ serial_number: 'ERS_1' },
			/body\/serial_number must match pattern/,
		],
		[
			'PUT',
			`/tss/${TSS}/client/${CLIENT}`,
			{ serial_number: 'x'.repeat(71) },
			/body\/serial_number must match pattern/,
		],
		[
			'PUT',
			`/tss/${TSS}/tx/${TX}?tx_revision=0`,
			{ state: 'ACTIVE', client_id: CLIENT },
			/query.tx_revision must be >= 1/,
		],
		[
			'PUT',
			`/tss/${TSS}/tx/${TX}`,
			{ state: 'ACTIVE' },
			/body must have required property 'client_id'/,
		],
		[
			'PUT',
			`/tss/${TSS}/tx/${TX}`,
			{
				state: 'ACTIVE',
				client_id: CLIENT,
				schema: { raw: { process_type: 'X', process_data: '' }, standard_v1: { other: {} } },
			},
			/body\/schema must NOT have more than 1 properties/,
		],
		[
			'PUT',
			`/tss/not-a-uuid/tx/${TX}`,
			{ state: 'ACTIVE', client_id: CLIENT },
			/path.tss_id must match format "uuid"/,
		],
		[
			'PUT',
			`/tss/${TSS}/tx/abc`,
			{ state: 'ACTIVE', client_id: CLIENT },
			/path.tx_id_or_number must match a schema in anyOf/,
		],
		[
			'PATCH',
			`/tss/${TSS}/metadata`,
			{ k: 'v'.repeat(501) },
			/body\/k must NOT have more than 500 characters/,
		],
		['GET', `/tss/${TSS}/tx?limit=101`, undefined, /query.limit must be <= 100/],
		[
			'GET',
			`/tss/${TSS}/tx?states[]=OPEN`,
			undefined,
			/query.states\[0\] must be equal to one of the allowed values/,
		],
		[
			'GET',
			`/tss/${TSS}/tx?page=2`,
			undefined,
			/query.page is not a query parameter of listTransactions/,
		],
		['GET', '/tss?show_deleted=maybe', undefined, /query.show_deleted must be boolean/],
		[
			'PUT',
			`/tss/${TSS}/export/${EXPORT}?transaction_number=x`,
			{},
			/query.transaction_number must match pattern/,
		],
		['PUT', `/tss/${TSS}/export/${EXPORT}`, { client_id: CLIENT }, /body must be absent or \{\}/],
		['PATCH', `/tss/${TSS}/client/${CLIENT}`, undefined, /body is required by updateClient/],
	])('%s %s rejects %j', (method, path, body, message) => {
		expect(validateRequest(method, path, body).errors.join('\n')).toMatch(message);
	});
});

describe('OpenAPI 3.0 → JSON Schema translation', () => {
	const compile = (schema: unknown, direction: 'request' | 'response') =>
		new Ajv({ strict: true }).compile(toJsonSchema(schema, direction) as object);

	it('turns nullable into a null type and keeps enums consistent', () => {
		const validate = compile(
			{ type: 'string', enum: ['A'], nullable: true, example: 'A' },
			'response',
		);
		expect([validate(null), validate('A'), validate('B'), validate(1)]).toEqual([
			true,
			true,
			false,
			false,
		]);
		const untyped = compile({ nullable: true, allOf: [{ type: 'integer' }] }, 'response');
		expect([untyped(null), untyped(3), untyped('3')]).toEqual([true, true, false]);
	});

	it('honours readOnly in requests and writeOnly in responses', () => {
		const schema = {
			type: 'object',
			properties: {
				id: { type: 'string', readOnly: true },
				secret: { type: 'string', writeOnly: true },
			},
			required: ['id', 'secret'],
			additionalProperties: false,
		};
		const request = compile(schema, 'request');
		expect([request({ secret: 's' }), request({ id: 'i', secret: 's' })]).toEqual([true, false]);
		const response = compile(schema, 'response');
		expect([response({ id: 'i' }), response({ id: 'i', secret: 's' }), response({})]).toEqual([
			true,
			false,
			false,
		]);
	});

	it('drops discriminator and documentation keywords, converts boolean exclusive bounds', () => {
		expect(
			toJsonSchema(
				{
					description: 'd',
					title: 't',
					'x-internal': 1,
					example: 2,
					deprecated: true,
					oneOf: [
						{
							type: 'integer',
							minimum: 0,
							exclusiveMinimum: true,
							maximum: 9,
							exclusiveMaximum: true,
						},
					],
					discriminator: { propertyName: 'kind' },
				},
				'response',
			),
		).toEqual({ oneOf: [{ type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 9 }] });
	});

	it('resolves $refs into the document components', () => {
		expect(toJsonSchema({ $ref: '#/components/schemas/TxState' }, 'request')).toEqual({
			$ref: 'sign-de-components-request#/definitions/TxState',
		});
	});
});
