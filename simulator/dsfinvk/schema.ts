// A small JSON-schema checker for the DSFinV-K request bodies (REFERENCE §6): types, lengths, patterns,
// enums, integer and decimal limits, required properties, arrays and `type`-tagged variants. It returns
// the body normalised: numeric strings coerced to numbers, UUIDs lower-cased, unknown properties kept
// (the service's interfaces allow them, §6 [INFERRED]). Every failure is a 400
// E_FAILED_SCHEMA_VALIDATION with an AJV-style message such as
// `body.head should have required property 'export_creation_date'` [INFERRED wording, §12].

import { schemaError } from '../core/errors';
import { describe, isObject, type JsonObject } from '../core/validate';
import { decimalNumber, parseDecimal } from './decimal';

export type Schema =
	| { t: 'string'; min?: number; max?: number; pattern?: RegExp }
	| { t: 'uuid' }
	| { t: 'integer'; min: number; max: number }
	| { t: 'decimal'; decimals: number; max: string; min?: string; exclusiveMin?: boolean }
	| { t: 'boolean' }
	| { t: 'enum'; values: readonly string[] }
	| {
			t: 'object';
			props: Record<string, Schema>;
			required?: readonly string[];
			atLeastOne?: readonly string[];
	  }
	| { t: 'array'; items: Schema; minItems?: number }
	| { t: 'nullable'; inner: Schema }
	/** One of several object shapes chosen by `pick` (e.g. by its `type`); undefined: none fits. */
	| { t: 'variant'; pick: (value: JsonObject) => Schema | undefined; expected: string };

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

// Constructors keep the schema tables short.
export const str = (min = 1, max?: number, pattern?: RegExp): Schema => ({
	t: 'string',
	min,
	max,
	pattern,
});
export const uuid: Schema = { t: 'uuid' };
export const int = (min: number, max = Number.MAX_SAFE_INTEGER): Schema => ({
	t: 'integer',
	min,
	max,
});
export const dec = (decimals: number, max: string): Schema => ({ t: 'decimal', decimals, max });
export const bool: Schema = { t: 'boolean' };
export const oneOfValues = (values: readonly string[]): Schema => ({ t: 'enum', values });
export const obj = (props: Record<string, Schema>, required: readonly string[] = []): Schema => ({
	t: 'object',
	props,
	required,
});
export const arr = (items: Schema, minItems = 0): Schema => ({ t: 'array', items, minItems });
export const nullable = (inner: Schema): Schema => ({ t: 'nullable', inner });

function fail(path: string, problem: string): never {
	throw schemaError(`${path} ${problem}`);
}

/** Checks `value` against `schema` and returns it normalised; `path` names it in messages (e.g. `body`). */
export function check(schema: Schema, value: unknown, path: string): unknown {
	switch (schema.t) {
		case 'string': {
			if (typeof value !== 'string') return fail(path, `should be string, got ${describe(value)}`);
			const length = [...value].length;
			if (schema.min !== undefined && length < schema.min)
				fail(path, `should NOT be shorter than ${schema.min} characters`);
			if (schema.max !== undefined && length > schema.max)
				fail(path, `should NOT be longer than ${schema.max} characters`);
			if (schema.pattern && !schema.pattern.test(value))
				fail(path, `should match pattern "${schema.pattern.source}", got ${describe(value)}`);
			return value;
		}
		case 'uuid':
			if (typeof value !== 'string' || !UUID.test(value))
				fail(path, `should match format "uuid", got ${describe(value)}`);
			return (value as string).toLowerCase();
		case 'integer': {
			const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isInteger(number))
				return fail(path, `should be integer, got ${describe(value)}`);
			if (number < schema.min) fail(path, `should be >= ${schema.min}`);
			if (number > schema.max) fail(path, `should be <= ${schema.max}`);
			return number;
		}
		case 'decimal': {
			const units = parseDecimal(value, path, schema.decimals, schema.max);
			if (schema.min !== undefined) {
				const floor = parseDecimal(schema.min, 'min', 5, schema.max);
				if (schema.exclusiveMin ? units <= floor : units < floor)
					fail(path, `should be ${schema.exclusiveMin ? '>' : '>='} ${schema.min}`);
			}
			return decimalNumber(units);
		}
		case 'boolean':
			if (typeof value !== 'boolean') fail(path, `should be boolean, got ${describe(value)}`);
			return value;
		case 'enum':
			if (typeof value !== 'string' || !schema.values.includes(value))
				fail(
					path,
					`should be equal to one of the allowed values: ${schema.values.join(', ')}; got ${describe(value)}`,
				);
			return value;
		case 'object':
			return checkObject(schema, value, path);
		case 'array': {
			if (!Array.isArray(value)) return fail(path, `should be array, got ${describe(value)}`);
			if (schema.minItems && value.length < schema.minItems)
				fail(path, `should NOT have fewer than ${schema.minItems} items`);
			return value.map((item, index) => check(schema.items, item, `${path}[${index}]`));
		}
		case 'nullable':
			return value === null ? null : check(schema.inner, value, path);
		case 'variant': {
			if (!isObject(value)) return fail(path, `should be object, got ${describe(value)}`);
			const chosen = schema.pick(value);
			if (!chosen)
				return fail(path, `should match exactly one schema in oneOf (${schema.expected})`);
			return check(chosen, value, path);
		}
	}
}

function checkObject(
	schema: Extract<Schema, { t: 'object' }>,
	value: unknown,
	path: string,
): JsonObject {
	if (!isObject(value)) return fail(path, `should be object, got ${describe(value)}`);
	for (const key of schema.required ?? []) {
		if (value[key] === undefined) fail(path, `should have required property '${key}'`);
	}
	if (schema.atLeastOne && !schema.atLeastOne.some((key) => value[key] !== undefined))
		fail(path, `should have at least one of the properties ${schema.atLeastOne.join(', ')}`);
	const normalised: JsonObject = { ...value };
	for (const [key, propertySchema] of Object.entries(schema.props)) {
		if (value[key] === undefined) continue;
		normalised[key] = check(propertySchema, value[key], `${path}.${key}`);
	}
	return normalised;
}
