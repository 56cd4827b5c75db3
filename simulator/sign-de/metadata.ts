// Metadata of TSS, clients, transactions and exports: validation, merging, and the one read/update
// every `…/metadata` route shares (REFERENCE §6.3).

import { schemaError } from '../core/errors';
import { describe, expectObject, type JsonObject } from '../core/validate';

export type Metadata = Record<string, string>;

const METADATA_MAX_KEYS = 40;
const METADATA_MAX_KEY_LENGTH = 40;
const METADATA_MAX_VALUE_LENGTH = 500;

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

/** A resource's metadata and how to commit a new version of it. */
export interface MetadataHolder {
	metadata: Metadata;
	commit(metadata: Metadata): void;
}

/** PATCH …/metadata: merges the body into the holder's metadata, commits a change, answers the result. */
export function updateMetadata(holder: MetadataHolder, bodyValue: unknown): Metadata {
	const metadata = mergedMetadata(holder.metadata, parseMetadata(bodyValue, 'request body'));
	if (metadata !== holder.metadata) holder.commit(metadata);
	return metadata;
}
