// Validates requests and responses against the official fiskaly SIGN DE OpenAPI 3.0.3 document
// (test/fixtures/openapi-sign-de-v2.2.2.json) with ajv. OpenAPI 3.0 schemas are not JSON Schema, so
// every schema is translated first (nullable, example, discriminator, readOnly/writeOnly, formats,
// boolean exclusiveMinimum/Maximum). Where the document itself says the real API differs from its
// operation schemas, DOCUMENTED_DEVIATIONS below states it; nothing else is tolerated.

import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type SchemaObject = { [key: string]: any };

interface OperationObject {
	operationId: string;
	parameters?: Array<{ name: string; in: string; required?: boolean; schema: SchemaObject }>;
	requestBody?: { required?: boolean; content: Record<string, { schema: SchemaObject }> };
	responses: Record<
		string,
		{ description?: string; content?: Record<string, { schema: SchemaObject }> }
	>;
	security?: Array<Record<string, string[]>>;
	description?: string;
}

const DOCUMENT_PATH = path.join(__dirname, '..', 'fixtures', 'openapi-sign-de-v2.2.2.json');
export const openApiDocument: {
	info: { description: string; version: string };
	paths: Record<string, Record<string, OperationObject>>;
	components: { schemas: Record<string, SchemaObject> };
} = JSON.parse(fs.readFileSync(DOCUMENT_PATH, 'utf8'));

/** The document's paths carry the server prefix; callers may pass paths with or without it. */
const API_PREFIX = '/api/v2';
const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const BINARY_MEDIA_TYPES = ['application/octet-stream', 'application/x-tar'];

export interface OperationInfo {
	operationId: string;
	method: string;
	/** Path template without the /api/v2 prefix, e.g. `/tss/{tss_id}/tx/{tx_id_or_number}`. */
	template: string;
	operation: OperationObject;
}

function buildOperations(document: typeof openApiDocument): OperationInfo[] {
	return Object.entries(document.paths).flatMap(([template, item]) =>
		HTTP_METHODS.filter((method) => item[method]).map((method) => ({
			operationId: item[method].operationId,
			method: method.toUpperCase(),
			template: template.startsWith(API_PREFIX) ? template.slice(API_PREFIX.length) : template,
			operation: item[method],
		})),
	);
}

/** The 33 operations, as the document declares them. */
export const operations = buildOperations(openApiDocument);

const hasPathParameter = (name: string) => (op: OperationInfo) => op.template.includes(`{${name}}`);
const usesBearerToken = (op: OperationInfo) =>
	(op.operation.security ?? []).some((s) => 'JWT' in s);

// ---------------------------------------------------------------------------------------------
// Documented deviations: the ONLY places where an answer may differ from an operation's schema.
// Each entry cites where the OpenAPI document (info.description, an operation description or the
// changelog) or REFERENCE.md describes the real behaviour. The validator's own tests check that every
// error code named here occurs in the document.
// ---------------------------------------------------------------------------------------------

export type Deviation =
	| {
			id: string;
			kind: 'extraErrorStatus';
			/** Error statuses (and codes) accepted although the operation's `responses` do not list them. */
			statuses: number[];
			/** 'any': the document names no code for this status. */
			codes: string[] | 'any';
			appliesTo: (op: OperationInfo) => boolean;
			source: string;
	  }
	| {
			id: string;
			kind: 'schemaPatch';
			/** JSON pointers (RFC 6901) into the document; each schema there is replaced. */
			pointers: string[];
			replacement: SchemaObject;
			source: string;
	  }
	| {
			id: string;
			kind: 'binaryBody' | 'jsonErrorUnderBinaryMediaType';
			operationIds: string[];
			source: string;
	  };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const pointerTo = (template: string, method: string, rest: string) =>
	`/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}${rest}`;
const TX_COUNTER =
	'/responses/200/content/application~1json/schema/properties/signature/properties/counter';

export const DOCUMENTED_DEVIATIONS: Deviation[] = [
	{
		id: 'signature-counter-number',
		kind: 'schemaPatch',
		pointers: [
			'/components/schemas/TxResponse/properties/signature/properties/counter',
			pointerTo('/api/v2/tss/{tss_id}/tx/{tx_id_or_number}', 'get', TX_COUNTER),
			pointerTo('/api/v2/tss/{tss_id}/tx/{tx_id_or_number}', 'put', TX_COUNTER),
		],
		replacement: { anyOf: [ref('BigintCounter'), ref('Counter')] },
		source:
			'info.description "Known issues": signature.counter is typed string but the Middleware returns a number; ' +
			'accept both (REFERENCE §4.3)',
	},
	{
		id: 'description-on-initialize',
		kind: 'schemaPatch',
		pointers: [
			pointerTo(
				'/api/v2/tss/{tss_id}',
				'patch',
				'/requestBody/content/application~1json/schema/properties/description',
			),
		],
		replacement: ref('TssDescription'),
		source:
			'updateTss description: "Only when initializing a TSS, a `description` may be provided" — the request schema ' +
			'has additionalProperties:false without it (REFERENCE §2.3)',
	},
	{
		id: 'bearer-token-401',
		kind: 'extraErrorStatus',
		statuses: [401],
		codes: ['E_UNAUTHORIZED'],
		appliesTo: usesBearerToken,
		source:
			'every JWT-secured operation; error catalogue "401 E_UNAUTHORIZED" (missing, expired or unknown token; ' +
			'missing admin session, REFERENCE §2.4)',
	},
	{
		id: 'schema-validation-400',
		kind: 'extraErrorStatus',
		statuses: [400],
		codes: ['E_FAILED_SCHEMA_VALIDATION'],
		// Every operation takes input (path parameters such as a uuid tss_id, a query or a body).
		appliesTo: () => true,
		source:
			'error catalogue "400 E_FAILED_SCHEMA_VALIDATION: The request failed to validate against the required ' +
			'OpenAPI schema"; changelog v2.1.17 "Validation added for query parameters limit … and offset"',
	},
	{
		id: 'tss-not-found-404',
		kind: 'extraErrorStatus',
		statuses: [404],
		codes: ['E_TSS_NOT_FOUND'],
		appliesTo: hasPathParameter('tss_id'),
		source:
			'error catalogue "404 E_TSS_NOT_FOUND: No TSS with the tss_id from your request has been found"',
	},
	{
		id: 'body-too-large-413',
		kind: 'extraErrorStatus',
		statuses: [413],
		codes: 'any',
		appliesTo: (op) => op.operation.requestBody !== undefined,
		source: 'info.description "Request body size limits": above 1 MB → 413',
	},
	{
		id: 'rate-limited-429',
		kind: 'extraErrorStatus',
		statuses: [429],
		codes: 'any',
		appliesTo: () => true,
		source:
			'error catalogue "429 Too Many Requests" with Retry-After; changelog v2.1.33 and v2.2.2 rate limits',
	},
	{
		id: 'server-errors-5xx',
		kind: 'extraErrorStatus',
		statuses: [500, 502, 503, 504],
		// The catalogue names SMAERS_GATEWAY_ERROR_PRECONDITION_UNEXPORTED_LOGS / ERROR_IDENTIFY_ERS (502) and
		// E_TSS_LOCKED (503) but says any 5xx is temporary, so no code list is enforced.
		codes: 'any',
		appliesTo: () => true,
		source: 'error catalogue "Status 5xx: … errors on the server side … may safely retry"',
	},
	{
		id: 'binary-payload',
		kind: 'binaryBody',
		operationIds: ['retrieveTransactionLog', 'retrieveExportFile'],
		source:
			'the 200 bodies are application/octet-stream / application/x-tar bytes, which the document describes as ' +
			'`type: object`; the bytes are checked by the contract tests (DER log message, TAR layout)',
	},
	{
		id: 'json-errors-of-binary-operations',
		kind: 'jsonErrorUnderBinaryMediaType',
		operationIds: ['retrieveTransactionLog', 'retrieveExportFile'],
		source:
			'their error responses are declared under the binary media type but carry the JSON error body of ' +
			'info.description "Errors"',
	},
];

function withPatches(document: typeof openApiDocument): typeof openApiDocument {
	const copy = JSON.parse(JSON.stringify(document));
	for (const deviation of DOCUMENTED_DEVIATIONS) {
		if (deviation.kind !== 'schemaPatch') continue;
		for (const pointer of deviation.pointers) {
			const keys = pointer
				.split('/')
				.slice(1)
				.map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
			const parent = keys.slice(0, -1).reduce((node, key) => node?.[key], copy);
			if (typeof parent !== 'object' || parent === null) {
				throw new Error(`deviation ${deviation.id}: ${pointer} does not exist in the document`);
			}
			parent[keys[keys.length - 1]] = deviation.replacement;
		}
	}
	return copy;
}

/** What requests and responses are validated against: the document plus the schema patches above. */
const validatedDocument = withPatches(openApiDocument);
const validatedOperations = buildOperations(validatedDocument);

// ---------------------------------------------------------------------------------------------
// OpenAPI 3.0 schema → JSON Schema (draft-07, what ajv 8 runs by default)
// ---------------------------------------------------------------------------------------------

type Direction = 'request' | 'response';
const componentsId = (direction: Direction) => `sign-de-components-${direction}`;
const OPENAPI_ONLY_KEYWORDS = [
	'description',
	'title',
	'example',
	'examples',
	'externalDocs',
	'xml',
	'deprecated',
];

function resolveComponent(schema: SchemaObject): SchemaObject {
	const match =
		typeof schema.$ref === 'string' && /^#\/components\/schemas\/(.+)$/.exec(schema.$ref);
	return match ? validatedDocument.components.schemas[match[1]] : schema;
}

/** readOnly properties are never sent by clients, writeOnly properties never returned (OpenAPI 3.0 §4.7.25). */
function isHiddenIn(direction: Direction, property: SchemaObject): boolean {
	const resolved = resolveComponent(property);
	return direction === 'request' ? resolved.readOnly === true : resolved.writeOnly === true;
}

export function toJsonSchema(schema: unknown, direction: Direction): AnySchema {
	if (typeof schema !== 'object' || schema === null) return schema as AnySchema;
	if (Array.isArray(schema))
		return schema.map((item) => toJsonSchema(item, direction)) as unknown as AnySchema;
	const source = schema as SchemaObject;
	const out: SchemaObject = {};
	for (const [key, value] of Object.entries(source)) {
		if (OPENAPI_ONLY_KEYWORDS.includes(key) || key.startsWith('x-')) continue;
		switch (key) {
			case '$ref':
				// Components live under `definitions` of one registered schema per direction.
				out.$ref = String(value).replace(
					/^#\/components\/schemas\//,
					`${componentsId(direction)}#/definitions/`,
				);
				break;
			case 'properties':
			case 'patternProperties':
				out[key] = Object.fromEntries(
					Object.entries(value as Record<string, SchemaObject>).map(([name, sub]) => [
						name,
						key === 'properties' && isHiddenIn(direction, sub)
							? false
							: toJsonSchema(sub, direction),
					]),
				);
				break;
			case 'required':
				out.required = (value as string[]).filter((name) => {
					const property = source.properties?.[name];
					return !(property && isHiddenIn(direction, property));
				});
				break;
			case 'items':
			case 'additionalProperties':
			case 'not':
			case 'allOf':
			case 'anyOf':
			case 'oneOf':
				out[key] = toJsonSchema(value, direction);
				break;
			case 'discriminator':
				// Only a hint for code generators in OpenAPI 3.0: oneOf/anyOf already decide validity.
				break;
			case 'nullable':
			case 'readOnly':
			case 'writeOnly':
			case 'exclusiveMinimum':
			case 'exclusiveMaximum':
				break; // handled below
			default:
				out[key] = value;
		}
	}
	// OpenAPI 3.0 uses boolean exclusive bounds next to minimum/maximum; draft-07 wants the number.
	if (source.exclusiveMinimum === true && typeof source.minimum === 'number') {
		out.exclusiveMinimum = source.minimum;
		delete out.minimum;
	} else if (typeof source.exclusiveMinimum === 'number')
		out.exclusiveMinimum = source.exclusiveMinimum;
	if (source.exclusiveMaximum === true && typeof source.maximum === 'number') {
		out.exclusiveMaximum = source.maximum;
		delete out.maximum;
	} else if (typeof source.exclusiveMaximum === 'number')
		out.exclusiveMaximum = source.exclusiveMaximum;
	if (source.nullable === true) {
		if (typeof out.type === 'string') {
			out.type = [out.type, 'null'];
			if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
		} else {
			return { anyOf: [out, { type: 'null' }] };
		}
	}
	return out;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);
// `bigint` is the document's own format for counters serialised as decimal strings.
ajv.addFormat('bigint', { type: 'string', validate: /^-?\d+$/ });
for (const direction of ['request', 'response'] as Direction[]) {
	ajv.addSchema(
		{
			$id: componentsId(direction),
			definitions: Object.fromEntries(
				Object.entries(validatedDocument.components.schemas).map(([name, schema]) => [
					name,
					toJsonSchema(schema, direction),
				]),
			),
		},
		componentsId(direction),
	);
}

// ---------------------------------------------------------------------------------------------
// Path matching and error formatting
// ---------------------------------------------------------------------------------------------

export interface MatchedOperation extends OperationInfo {
	pathParams: Record<string, string>;
	query: URLSearchParams;
}

/** Finds the operation for a concrete path (`/tss/<uuid>/tx/12?tx_revision=2`, a full URL, or a template). */
export function matchOperation(method: string, pathOrUrl: string): MatchedOperation {
	const url = new URL(pathOrUrl, 'http://placeholder');
	let pathname = url.pathname.replace(/\/+$/, '') || '/';
	if (pathname.startsWith(API_PREFIX + '/')) pathname = pathname.slice(API_PREFIX.length);
	const segments = pathname.split('/').slice(1).map(decodeURIComponent);
	let best: { op: OperationInfo; params: Record<string, string>; literals: number } | undefined;
	for (const op of validatedOperations) {
		if (op.method !== method.toUpperCase()) continue;
		const templateSegments = op.template.split('/').slice(1);
		if (templateSegments.length !== segments.length) continue;
		const params: Record<string, string> = {};
		let literals = 0;
		const fits = templateSegments.every((part, i) => {
			const param = /^\{(.+)\}$/.exec(part);
			if (param) {
				params[param[1]] = segments[i];
				return true;
			}
			literals++;
			return part === segments[i];
		});
		if (fits && (!best || literals > best.literals)) best = { op, params, literals };
	}
	if (!best)
		throw new Error(`the OpenAPI document has no operation ${method.toUpperCase()} ${pathname}`);
	return { ...best.op, pathParams: best.params, query: url.searchParams };
}

function describeErrors(where: string, errors: ErrorObject[] | null | undefined): string[] {
	return (errors ?? []).map((error) => {
		const field = `${where}${error.instancePath}`;
		const detail =
			error.keyword === 'additionalProperties'
				? ` '${(error.params as { additionalProperty: string }).additionalProperty}'`
				: error.keyword === 'enum'
					? ` ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}`
					: '';
		return `${field} ${error.message}${detail} (rule ${error.keyword} at ${error.schemaPath})`;
	});
}

const compiled = new Map<string, ValidateFunction>();
function compile(key: string, schema: AnySchema): ValidateFunction {
	let validate = compiled.get(key);
	if (!validate) {
		validate = ajv.compile(schema);
		compiled.set(key, validate);
	}
	return validate;
}

function patchAt(
	schema: SchemaObject,
	pointer: string,
	replacement: SchemaObject,
	deviationId: string,
): SchemaObject {
	const copy = JSON.parse(JSON.stringify(schema));
	const keys = pointer.split('/').slice(1);
	let node = copy;
	for (const key of keys.slice(0, -1)) {
		node = node[key];
		if (node === undefined)
			throw new Error(`deviation ${deviationId}: ${pointer} does not exist in the schema`);
	}
	node[keys[keys.length - 1]] = replacement;
	return copy;
}

const hasDeviation = (kind: Deviation['kind'], op: OperationInfo) =>
	DOCUMENTED_DEVIATIONS.some(
		(d) => d.kind === kind && 'operationIds' in d && d.operationIds.includes(op.operationId),
	);

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

export interface ValidationOutcome {
	operationId: string;
	/** One line per broken rule: which field, which rule. Empty when valid. */
	errors: string[];
}

/** Path and query values arrive as strings; a numeric string may stand for an integer parameter. */
function validateParameter(
	op: OperationInfo,
	where: string,
	schema: SchemaObject,
	raw: string | string[],
): string[] {
	const validate = compile(`${op.operationId}:param:${where}`, toJsonSchema(schema, 'request'));
	const candidates: unknown[] = [raw];
	if (typeof raw === 'string') {
		if (/^-?\d+$/.test(raw)) candidates.push(Number(raw));
		if (raw === 'true' || raw === 'false') candidates.push(raw === 'true');
	}
	for (const candidate of candidates) if (validate(candidate)) return [];
	validate(candidates[candidates.length - 1]);
	return describeErrors(where, validate.errors);
}

/** `states[]=A&states[1]=B&limit=5` → { states: [A, B], limit: '5' } (the qs style SIGN DE accepts). */
function collectQuery(query: URLSearchParams): Map<string, string | string[]> {
	const collected = new Map<string, string | string[]>();
	for (const [key, value] of query) {
		const arrayKey = /^(.+)\[\d*\]$/.exec(key);
		if (arrayKey) {
			const existing = collected.get(arrayKey[1]);
			collected.set(arrayKey[1], [...(Array.isArray(existing) ? existing : []), value]);
		} else {
			collected.set(key, value);
		}
	}
	return collected;
}

export function validateRequest(
	method: string,
	pathOrUrl: string,
	body?: unknown,
	query?: Record<string, string | number | boolean | Array<string | number>>,
): ValidationOutcome {
	const op = matchOperation(method, pathOrUrl);
	const errors: string[] = [];
	const parameters = op.operation.parameters ?? [];

	for (const parameter of parameters.filter((p) => p.in === 'path')) {
		errors.push(
			...validateParameter(
				op,
				`path.${parameter.name}`,
				parameter.schema,
				op.pathParams[parameter.name],
			),
		);
	}

	const searchParams = new URLSearchParams(op.query);
	for (const [key, value] of Object.entries(query ?? {})) {
		if (Array.isArray(value))
			value.forEach((item) => searchParams.append(`${key}[]`, String(item)));
		else searchParams.append(key, String(value));
	}
	const collected = collectQuery(searchParams);
	for (const [name, value] of collected) {
		const parameter = parameters.find((p) => p.in === 'query' && p.name === name);
		if (!parameter) {
			errors.push(`query.${name} is not a query parameter of ${op.operationId} (rule parameters)`);
			continue;
		}
		const wantsArray = resolveComponent(parameter.schema).type === 'array';
		const normalised = wantsArray && !Array.isArray(value) ? [value] : value;
		if (wantsArray && Array.isArray(normalised)) {
			// Array items are strings on the wire; validate each through the item schema.
			const items = resolveComponent(parameter.schema).items ?? {};
			normalised.forEach((item, i) =>
				errors.push(...validateParameter(op, `query.${name}[${i}]`, items, item)),
			);
		} else {
			errors.push(...validateParameter(op, `query.${name}`, parameter.schema, normalised));
		}
	}
	for (const parameter of parameters.filter((p) => p.in === 'query' && p.required)) {
		if (!collected.has(parameter.name))
			errors.push(`query.${parameter.name} is required (rule required)`);
	}

	const requestBody = op.operation.requestBody;
	if (!requestBody) {
		const empty =
			body === undefined ||
			(typeof body === 'object' && body !== null && Object.keys(body).length === 0);
		if (!empty)
			errors.push(
				`body must be absent or {} for ${op.operationId}, which takes no request body (rule requestBody)`,
			);
	} else if (body === undefined) {
		if (requestBody.required)
			errors.push(`body is required by ${op.operationId} (rule requestBody.required)`);
	} else {
		const schema = requestBody.content['application/json']?.schema;
		if (!schema)
			errors.push(`${op.operationId} does not take a JSON body (rule requestBody.content)`);
		else {
			const validate = compile(`${op.operationId}:request`, toJsonSchema(schema, 'request'));
			if (!validate(body)) errors.push(...describeErrors('body', validate.errors));
		}
	}
	return { operationId: op.operationId, errors };
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** The error body every SIGN DE error carries (info.description "Errors"; REFERENCE §6.1). The
 *  operations' error schemas list these properties without `required`; the simulator must send all four. */
function errorBodySchema(status: number, codes: string[] | undefined): SchemaObject {
	return {
		type: 'object',
		properties: {
			status_code: { const: status },
			error: { type: 'string', minLength: 1 },
			code:
				codes && codes.length > 0
					? { type: 'string', enum: codes }
					: { type: 'string', minLength: 1 },
			message: { type: 'string', minLength: 1 },
		},
		required: ['status_code', 'error', 'code', 'message'],
	};
}

/** Codes the deviations add for this status: undefined when none applies, 'any' when unrestricted. */
function extraErrorCodes(op: OperationInfo, status: number): string[] | 'any' | undefined {
	const entries = DOCUMENTED_DEVIATIONS.filter(
		(d): d is Extract<Deviation, { kind: 'extraErrorStatus' }> =>
			d.kind === 'extraErrorStatus' && d.statuses.includes(status) && d.appliesTo(op),
	);
	if (entries.length === 0) return undefined;
	return entries.some((d) => d.codes === 'any')
		? 'any'
		: entries.flatMap((d) => d.codes as string[]);
}

const isBinary = (body: unknown): body is Uint8Array => body instanceof Uint8Array;

/**
 * Validates one answer. `body` is the parsed JSON, or a Buffer for binary answers (and for a
 * response that was not valid JSON). `contentType`, when given, must match the documented media type.
 */
export function validateResponse(
	method: string,
	pathOrUrl: string,
	status: number,
	body: unknown,
	contentType?: string,
): ValidationOutcome {
	const op = matchOperation(method, pathOrUrl);
	const errors: string[] = [];
	const label = `${op.operationId} ${status}`;
	const documented = op.operation.responses[String(status)];
	const mediaTypes = Object.keys(documented?.content ?? {});
	const documentedMediaType = mediaTypes[0];
	const binaryOperation = hasDeviation('binaryBody', op);
	const mediaType = contentType?.split(';')[0].trim().toLowerCase();

	if (status < 400) {
		if (!documented)
			return {
				operationId: op.operationId,
				errors: [`${label}: status ${status} is not documented (rule responses)`],
			};
		const binaryAnswer = binaryOperation && BINARY_MEDIA_TYPES.includes(documentedMediaType);
		if (binaryAnswer) {
			if (mediaType !== undefined && mediaType !== documentedMediaType)
				errors.push(
					`${label}: content-type ${mediaType} must be ${documentedMediaType} (rule content)`,
				);
			if (!isBinary(body) || body.length === 0)
				errors.push(`${label}: body must be non-empty bytes (rule ${documentedMediaType})`);
			return { operationId: op.operationId, errors };
		}
		if (mediaType !== undefined && mediaType !== 'application/json')
			errors.push(`${label}: content-type ${mediaType} must be application/json (rule content)`);
		if (isBinary(body)) {
			errors.push(`${label}: body is not JSON (rule content application/json)`);
			return { operationId: op.operationId, errors };
		}
		const schema = documented.content?.['application/json']?.schema;
		if (schema) {
			const validate = compile(
				`${op.operationId}:response:${status}`,
				toJsonSchema(schema, 'response'),
			);
			if (!validate(body)) errors.push(...describeErrors(`${label}: body`, validate.errors));
		}
		return { operationId: op.operationId, errors };
	}

	// Errors: JSON body, the documented schema (code enum widened only by DOCUMENTED_DEVIATIONS).
	if (mediaType !== undefined && mediaType !== 'application/json')
		errors.push(
			`${label}: error content-type ${mediaType} must be application/json (rule content)`,
		);
	if (isBinary(body) || typeof body !== 'object' || body === null) {
		errors.push(`${label}: error body must be a JSON object (rule error body)`);
		return { operationId: op.operationId, errors };
	}
	const extra = extraErrorCodes(op, status);
	if (!documented && extra === undefined) {
		errors.push(
			`${label}: status ${status} is not documented for ${op.operationId} (rule responses)`,
		);
		return { operationId: op.operationId, errors };
	}
	if (
		documented &&
		BINARY_MEDIA_TYPES.includes(documentedMediaType) &&
		!hasDeviation('jsonErrorUnderBinaryMediaType', op)
	) {
		errors.push(`${label}: documented as ${documentedMediaType}, not JSON (rule content)`);
	}
	let codes: string[] | undefined;
	if (documented) {
		const schema = documented.content?.[documentedMediaType]?.schema ?? {};
		const documentedCodes: string[] | undefined = schema.properties?.code?.enum;
		// A listed status without a code enum accepts any code; extra codes widen an enum.
		codes =
			documentedCodes && extra !== 'any'
				? [...new Set([...documentedCodes, ...(extra ?? [])])]
				: undefined;
		const widened = codes
			? patchAt(schema, '/properties/code', { type: 'string', enum: codes }, 'error codes')
			: schema;
		const validate = compile(
			`${op.operationId}:response:${status}`,
			toJsonSchema(widened, 'response'),
		);
		if (!validate(body)) errors.push(...describeErrors(`${label}: body`, validate.errors));
	} else {
		codes = extra === 'any' ? undefined : extra;
	}
	const envelope = compile(
		`error-body:${status}:${op.operationId}`,
		errorBodySchema(status, codes),
	);
	if (!envelope(body)) errors.push(...describeErrors(`${label}: body`, envelope.errors));
	return { operationId: op.operationId, errors: [...new Set(errors)] };
}

/** For answers outside any operation (e.g. 404 on an unknown path): the bare error body. */
export function validateErrorBody(status: number, body: unknown, codes?: string[]): string[] {
	const validate = compile(
		`error-body:${status}:${(codes ?? []).join(',')}`,
		errorBodySchema(status, codes),
	);
	return validate(body) ? [] : describeErrors(`${status}: body`, validate.errors);
}

/** Throws with every broken rule listed; returns the operationId when valid. */
export function assertValid(outcome: ValidationOutcome, what: string): string {
	if (outcome.errors.length > 0) {
		throw new Error(`${what} breaks the OpenAPI document:\n  ${outcome.errors.join('\n  ')}`);
	}
	return outcome.operationId;
}
