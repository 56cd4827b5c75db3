// Request validation shared by every API's routes and state. Every failure is a 400
// E_FAILED_SCHEMA_VALIDATION whose message names the offending field and what would be accepted.

import { schemaError } from './errors';

export type JsonObject = Record<string, unknown>;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A UUID in canonical lower case ("All received UUIDs are automatically converted to lower case"). */
export function parseUuid(value: unknown, field: string): string {
	if (typeof value !== 'string' || !UUID.test(value)) {
		throw schemaError(
			`${field} must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, got ${describe(value)}`,
		);
	}
	return value.toLowerCase();
}

export function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	const text = JSON.stringify(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, field: string): JsonObject {
	if (!isObject(value)) throw schemaError(`${field} must be a JSON object, got ${describe(value)}`);
	return value;
}

export function requireString(body: JsonObject, key: string, field = key): string {
	const value = body[key];
	if (typeof value !== 'string') {
		throw schemaError(
			value === undefined
				? `${field} is required`
				: `${field} must be a string, got ${describe(value)}`,
		);
	}
	return value;
}

export function optionalString(body: JsonObject, key: string, field = key): string | undefined {
	return body[key] === undefined ? undefined : requireString(body, key, field);
}

export function requireEnum<T extends string>(
	body: JsonObject,
	key: string,
	allowed: readonly T[],
	field = key,
): T {
	const value = body[key];
	if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
		throw schemaError(
			value === undefined
				? `${field} is required (one of ${allowed.join(', ')})`
				: `${field} must be one of ${allowed.join(', ')}, got ${describe(value)}`,
		);
	}
	return value as T;
}

export function rejectUnknownProperties(
	body: JsonObject,
	allowed: readonly string[],
	where: string,
): void {
	for (const key of Object.keys(body)) {
		if (!allowed.includes(key))
			throw schemaError(`${where} must not contain "${key}" (allowed: ${allowed.join(', ')})`);
	}
}

/**
 * JSON with object keys sorted (recursively) and no whitespace: the bytes SIGN DE signs for `standard_v1.other`, and how stored data is compared.
 * Sorting makes the signed data independent of the key order a client happens to send.
 */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (isObject(value)) {
		const entries = Object.keys(value)
			.filter((key) => value[key] !== undefined)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
		return `{${entries.join(',')}}`;
	}
	if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
	return JSON.stringify(value) ?? 'null';
}
