// Request validation shared by the routes and the state module. Every failure is a 400
// E_FAILED_SCHEMA_VALIDATION whose message names the offending field and what would be accepted.

import { schemaError } from './errors';

export type Metadata = Record<string, string>;
export type JsonObject = Record<string, unknown>;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const METADATA_MAX_KEYS = 40;
export const METADATA_MAX_KEY_LENGTH = 40;
export const METADATA_MAX_VALUE_LENGTH = 500;

export function isUuid(value: string): boolean {
	return UUID.test(value);
}

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

/** Validates a metadata object (string values, ≤ 40 keys, key ≤ 40 chars, value ≤ 500 chars). */
export function parseMetadata(value: unknown, field = 'metadata'): Metadata {
	const metadata = expectObject(value, field);
	const keys = Object.keys(metadata);
	if (keys.length > METADATA_MAX_KEYS) {
		throw schemaError(`${field} may hold at most ${METADATA_MAX_KEYS} keys, got ${keys.length}`);
	}
	for (const key of keys) {
		if (key.length > METADATA_MAX_KEY_LENGTH) {
			throw schemaError(
				`${field} key "${key.slice(0, 50)}..." is longer than ${METADATA_MAX_KEY_LENGTH} characters`,
			);
		}
		const entry = metadata[key];
		if (typeof entry !== 'string')
			throw schemaError(`${field}.${key} must be a string, got ${describe(entry)}`);
		if (entry.length > METADATA_MAX_VALUE_LENGTH) {
			throw schemaError(
				`${field}.${key} is longer than ${METADATA_MAX_VALUE_LENGTH} characters (${entry.length})`,
			);
		}
	}
	return metadata as Metadata;
}

export function optionalMetadata(body: JsonObject, field = 'metadata'): Metadata | undefined {
	return body.metadata === undefined ? undefined : parseMetadata(body.metadata, field);
}

/** Metadata updates merge into the existing keys; the merged result must still respect the key limit. */
export function mergedMetadata(current: Metadata, patch: Metadata | undefined): Metadata {
	if (!patch) return current;
	const merged = { ...current, ...patch };
	const count = Object.keys(merged).length;
	if (count > METADATA_MAX_KEYS) {
		throw schemaError(
			`metadata would hold ${count} keys after merging; at most ${METADATA_MAX_KEYS} are allowed`,
		);
	}
	return merged;
}
