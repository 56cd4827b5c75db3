import type { IDataObject } from 'n8n-workflow';

import { FieldError } from '../../shared/errors';
import { trimmedText } from '../../shared/validation';

/**
 * DSFinV-K master data (cash registers, VAT definitions, purchaser agencies) checked against
 * fiskaly's JSON-schema limits (REFERENCE §4.2–§4.4) before any call, so a wrong value is
 * named with its field instead of coming back as a schema error. Pure.
 */

/** A text of `min`..`max` characters; empty gives undefined when the field is optional. */
export function boundedText(
	value: unknown,
	field: string,
	limits: { max: number; required: boolean },
): string | undefined {
	const text = trimmedText(value);
	if (text === '') {
		if (!limits.required) return undefined;
		throw new FieldError(field, 'is empty', `Enter up to ${limits.max} characters.`);
	}
	if (text.length > limits.max) {
		throw new FieldError(
			field,
			`is ${text.length} characters long (at most ${limits.max})`,
			`Shorten it to ${limits.max} characters.`,
		);
	}
	return text;
}

/** Three capital letters: ISO 4217 currencies and ISO 3166 alpha-3 countries alike. */
export function threeLetterCode(value: unknown, field: string, example: string): string {
	const code = trimmedText(value).toUpperCase();
	if (!/^[A-Z]{3}$/.test(code)) {
		throw new FieldError(
			field,
			`"${trimmedText(value)}" is not a three-letter code`,
			`Enter three letters, e.g. ${example}.`,
		);
	}
	return code;
}

export type CashRegisterType = 'MASTER' | 'SLAVE_WITH_TSS' | 'SLAVE_WITHOUT_TSS';

export interface CashRegisterInput {
	type: CashRegisterType;
	tssId?: string;
	masterClientId?: string;
	brand: unknown;
	model: unknown;
	softwareBrand: unknown;
	softwareVersion: unknown;
	baseCurrencyCode: unknown;
	vatNotDeterminable?: boolean;
	metadata?: Record<string, string>;
}

/** The body of PUT /cash_registers/{client_id} (REFERENCE §4.4). */
export function cashRegisterBody(input: CashRegisterInput): IDataObject {
	const cashRegisterType: IDataObject = { type: input.type };
	if (input.type !== 'SLAVE_WITHOUT_TSS') cashRegisterType.tss_id = input.tssId;
	if (input.type !== 'MASTER') cashRegisterType.master_client_id = input.masterClientId;
	const software: IDataObject = {};
	const softwareBrand = boundedText(input.softwareBrand, 'Software Brand', {
		max: 50,
		required: false,
	});
	const softwareVersion = boundedText(input.softwareVersion, 'Software Version', {
		max: 50,
		required: false,
	});
	if (softwareBrand !== undefined) software.brand = softwareBrand;
	if (softwareVersion !== undefined) software.version = softwareVersion;
	if (Object.keys(software).length === 0) {
		throw new FieldError(
			'Software Brand',
			'and Software Version are both empty',
			'Enter the name or the version of the cash register software (DSFinV-K needs at least one), e.g. n8n and 1.0.',
		);
	}
	const body: IDataObject = {
		cash_register_type: cashRegisterType,
		brand: boundedText(input.brand, 'Brand', { max: 50, required: true }),
		model: boundedText(input.model, 'Model', { max: 50, required: true }),
		software,
		base_currency_code: threeLetterCode(input.baseCurrencyCode, 'Base Currency', 'EUR'),
	};
	if (input.vatNotDeterminable !== undefined) {
		body.processing_flags = { UmsatzsteuerNichtErmittelbar: input.vatNotDeterminable };
	}
	if (input.metadata) body.metadata = input.metadata;
	return body;
}

/** fiskaly provides IDs 1–7 (and the historic ones); only IDs from 1000 can be set (REFERENCE §7). */
export const MIN_CUSTOM_VAT_ID = 1000;
const MAX_VAT_ID = 9_999_999_999;

export function customVatDefinitionId(value: unknown): number {
	const text = trimmedText(value);
	const hint = `Use a whole number from ${MIN_CUSTOM_VAT_ID}: fiskaly provides 1–7 (19 %, 7 %, 10.7/9.5 %, 5.5 %, 0 %) itself, and 8–999 are reserved. For the standard rates use 1–7 directly instead of a custom ID.`;
	if (!/^\d+$/.test(text)) {
		throw new FieldError('VAT Definition ID', `"${text}" is not a whole number`, hint);
	}
	const id = Number(text);
	if (id < MIN_CUSTOM_VAT_ID) {
		throw new FieldError('VAT Definition ID', `${id} is below ${MIN_CUSTOM_VAT_ID}`, hint);
	}
	if (id > MAX_VAT_ID) throw new FieldError('VAT Definition ID', `${id} is too large`, hint);
	return id;
}

/** Any VAT definition ID for Get: 1 or more (the fixed, historic and custom ones). */
export function vatDefinitionId(value: unknown): number {
	const text = trimmedText(value);
	if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_VAT_ID) {
		throw new FieldError(
			'VAT Definition ID',
			`"${text}" is not a VAT definition ID`,
			'Enter a whole number: 1–7 for the standard rates, 11–43 for historic rates, 1000 or more for your own.',
		);
	}
	return Number(text);
}

/**
 * A VAT percentage 0–100 with at most 5 decimals, as fiskaly's schema (multipleOf 0.00001) wants.
 * Read from its text so no float rounding decides; a comma is accepted as the decimal mark.
 */
export function vatPercentage(value: unknown): number {
	const text = trimmedText(value).replace(',', '.');
	const hint = 'Enter the rate in percent, e.g. 19 or 10.7 (0 to 100, at most 5 decimals).';
	if (!/^\d{1,3}(\.\d{1,5})?$/.test(text)) {
		throw new FieldError('Percentage', `"${trimmedText(value)}" is not a percentage`, hint);
	}
	const percentage = Number(text);
	if (percentage > 100) throw new FieldError('Percentage', `${text} is more than 100`, hint);
	return percentage;
}

export interface PurchaserAgencyInput {
	name: unknown;
	street: unknown;
	postalCode: unknown;
	city: unknown;
	countryCode: unknown;
	taxNumber: unknown;
	vatIdNumber?: unknown;
	exportId: unknown;
	clientId: string;
	metadata?: Record<string, string>;
}

/** The body of PUT /purchaser_agencies/{purchaser_agency_id} (REFERENCE §4.3). */
export function purchaserAgencyBody(input: PurchaserAgencyInput): IDataObject {
	const exportIdText = trimmedText(input.exportId);
	if (!/^\d{1,10}$/.test(exportIdText) || Number(exportIdText) < 1) {
		throw new FieldError(
			'Purchaser Agency Export ID',
			`"${exportIdText}" is not a whole number from 1 to 9999999999`,
			'Number your agencies 1, 2, 3, … (the number appears in the DSFinV-K export as AGENTUR_ID).',
		);
	}
	const body: IDataObject = {
		name: boundedText(input.name, 'Name', { max: 60, required: true }),
		address: {
			street: boundedText(input.street, 'Street', { max: 60, required: true }),
			postal_code: boundedText(input.postalCode, 'Postal Code', { max: 10, required: true }),
			city: boundedText(input.city, 'City', { max: 62, required: true }),
			country_code: threeLetterCode(input.countryCode, 'Country Code', 'DEU'),
		},
		tax_number: boundedText(input.taxNumber, 'Tax Number', { max: 20, required: true }),
		purchaser_agency_export_id: Number(exportIdText),
		client_id: input.clientId,
	};
	const vatId = trimmedText(input.vatIdNumber).toUpperCase().replace(/\s+/g, '');
	if (vatId !== '') {
		if (!/^[A-Z]{2}.{1,13}$/.test(vatId)) {
			throw new FieldError(
				'VAT ID Number',
				`"${trimmedText(input.vatIdNumber)}" is not a VAT ID number`,
				'Enter the country prefix and up to 13 characters, e.g. DE123456789.',
			);
		}
		body.vat_id_number = vatId;
	}
	if (input.metadata) body.metadata = input.metadata;
	return body;
}
