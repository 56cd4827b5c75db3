// Shape checks of the request bodies: field names and JSON types only (400 E_FAILED_SCHEMA_VALIDATION
// naming the field). What the values must be (required fields, formats, dates in order, enum values)
// is the submission's internal validation (validation.ts), as fiskaly describes it: invalid data ends
// in INTERNAL_VALIDATION_FAILED. [INFERRED: which checks fiskaly runs at the PUT is not documented.]

import { schemaError } from '../core/errors';
import { describe, isObject, parseUuid, type JsonObject } from '../core/validate';

/** `string`, `uuid` (a lower-cased UUID), `metadata` (string values), or a nested object's fields. */
type FieldSpec = 'string' | 'uuid' | 'metadata' | { [field: string]: FieldSpec };

const ADDRESS_FIELDS = {
	street: 'string',
	house_number: 'string',
	house_number_suffix: 'string',
	address_additional: 'string',
	town: 'string',
	zip_code: 'string',
} as const;

export const TAXPAYER_SPEC: FieldSpec = {
	tax_number: 'string',
	tax_office_number: 'string',
	vat_number: 'string',
	general_information: {
		person: 'string',
		information: {
			company_name: 'string',
			legal_form: 'string',
			first_name: 'string',
			last_name: 'string',
			birthdate: 'string',
			identification_number: 'string',
			salutation: 'string',
			prefix: 'string',
			suffix: 'string',
			title: 'string',
			web_address: 'string',
		},
		address: { post_address: { ...ADDRESS_FIELDS, country: 'string' } },
	},
	metadata: 'metadata',
};

export const ESTABLISHMENT_SPEC: FieldSpec = {
	address: ADDRESS_FIELDS,
	designation: 'string',
	remarks: 'string',
	decommissioning_date: 'string',
	metadata: 'metadata',
};

export const CLIENT_DATA_SPEC: FieldSpec = {
	establishment_id: 'uuid',
	type: 'string',
	manufacturer: 'string',
	model: 'string',
	software: 'string',
	software_version: 'string',
	date_acquisition: 'string',
	date_commissioning: 'string',
	date_decommissioning: 'string',
	decommissioning_reason: 'string',
	remarks: 'string',
};

export const SUBMISSION_SPEC: FieldSpec = { establishment_id: 'uuid', metadata: 'metadata' };

/** The body checked against `spec`; UUIDs come back lower-cased. */
export function checkShape(value: unknown, spec: FieldSpec, where = 'body'): JsonObject {
	if (typeof spec === 'string') throw new Error('checkShape needs an object spec');
	if (!isObject(value)) throw schemaError(`${where} must be a JSON object, got ${describe(value)}`);
	const checked: JsonObject = {};
	for (const [key, field] of Object.entries(value)) {
		const name = where === 'body' ? key : `${where}.${key}`;
		const fieldSpec = spec[key];
		if (fieldSpec === undefined)
			throw schemaError(`${name} is not a known field (allowed: ${Object.keys(spec).join(', ')})`);
		checked[key] = checkField(field, fieldSpec, name);
	}
	return checked;
}

function checkField(value: unknown, spec: FieldSpec, name: string): unknown {
	if (spec === 'uuid') return parseUuid(value, name);
	if (spec === 'string') {
		if (typeof value !== 'string')
			throw schemaError(`${name} must be a string, got ${describe(value)}`);
		return value;
	}
	if (spec === 'metadata') {
		if (!isObject(value) || Object.values(value).some((item) => typeof item !== 'string'))
			throw schemaError(`${name} must be an object of string values, got ${describe(value)}`);
		return value;
	}
	return checkShape(value, spec, name);
}

/** Body of PUT /submission/{id}/transmission: the taxpayer's consent, which must be `true`. */
export function checkLegalConsent(value: unknown): void {
	if (!isObject(value) || value.legal_consent !== true)
		throw schemaError(
			`legal_consent must be true (the taxpayer's consent to transmit the notification to the tax office), got ${describe(isObject(value) ? value.legal_consent : value)}`,
		);
}
