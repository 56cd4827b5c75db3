import { FieldError } from '../../shared/errors';
import { trimmedText } from '../../shared/validation';

/**
 * The taxpayer's legal identifiers and addresses as the §146a(4) AO notification needs them, checked
 * before any call so the user learns what to fix in n8n instead of from a failed submission. The
 * formats are what the ELSTER notification takes (REFERENCE §6.1, from NP Retail's production client):
 * SUBMIT DE itself reports such mistakes only later, as INTERNAL_VALIDATION_FAILED.
 */

/** First two digits of a Bundesfinanzamtsnummer: the German states' prefixes. */
const STATE_PREFIXES = new Set([
	'10',
	'11',
	'21',
	'22',
	'23',
	'24',
	'26',
	'27',
	'28',
	'30',
	'31',
	'32',
	'40',
	'41',
	'51',
	'52',
	'53',
	'54',
	'55',
	'56',
	'91',
	'92',
]);

const TAX_NUMBER_HINT =
	'Enter the 13-digit ELSTER tax number: the 4-digit tax office number, a 0, then 8 digits (e.g. 2181081508150). The number on a tax notice such as 21/815/08150 must be converted to this form.';

/** Text without spaces, slashes and dots people type for readability. */
function compact(value: unknown): string {
	return trimmedText(value).replace(/[\s/.]/g, '');
}

/** The tax office's 4-digit Bundesfinanzamtsnummer, e.g. 2181. */
export function taxOfficeNumber(value: unknown, field: string): string {
	const hint = 'Enter the 4-digit number of the tax office (Bundesfinanzamtsnummer), e.g. 2181.';
	const number = compact(value);
	if (number === '') throw new FieldError(field, 'is empty', hint);
	if (!/^\d{4}$/.test(number)) throw new FieldError(field, `"${number}" is not 4 digits`, hint);
	if (!STATE_PREFIXES.has(number.slice(0, 2)))
		throw new FieldError(
			field,
			`"${number}" names no German state (it starts with ${number.slice(0, 2)})`,
			hint,
		);
	return number;
}

/** The 13-digit ELSTER tax number, which must begin with the tax office number and a 0. */
export function taxNumber(value: unknown, field: string, officeNumber: string): string {
	const number = compact(value);
	if (number === '') throw new FieldError(field, 'is empty', TAX_NUMBER_HINT);
	if (!/^\d+$/.test(number))
		throw new FieldError(
			field,
			`"${trimmedText(value)}" has characters other than digits`,
			TAX_NUMBER_HINT,
		);
	if (number.length !== 13)
		throw new FieldError(field, `"${number}" has ${number.length} digits, not 13`, TAX_NUMBER_HINT);
	if (!number.startsWith(`${officeNumber}0`))
		throw new FieldError(
			field,
			`"${number}" does not begin with the tax office number ${officeNumber} and a 0`,
			`${TAX_NUMBER_HINT} Check that the tax office number belongs to this tax number.`,
		);
	return number;
}

/** The German VAT ID (USt-IdNr): DE and 9 digits; optional (undefined when empty). */
export function vatId(value: unknown, field: string): string | undefined {
	const id = compact(value).toUpperCase();
	if (id === '') return undefined;
	if (!/^DE\d{9}$/.test(id))
		throw new FieldError(
			field,
			`"${trimmedText(value)}" is not a German VAT ID`,
			'Enter DE and 9 digits (e.g. DE123456789), or leave it empty: the tax number is what the notification needs.',
		);
	return id;
}

/**
 * The 11-digit tax identification number (Steuer-IdNr) of a natural person, with its check digit
 * (ISO 7064 MOD 11,10, as the Federal Central Tax Office computes it); the first digit is never 0.
 */
export function taxIdentificationNumber(value: unknown, field: string): string {
	const hint =
		"Enter the 11-digit tax identification number (Steuer-IdNr) from the tax office's letter or the wage tax statement.";
	const number = compact(value);
	if (number === '') throw new FieldError(field, 'is empty', hint);
	if (!/^[1-9]\d{10}$/.test(number))
		throw new FieldError(field, `"${number}" is not 11 digits starting with 1 to 9`, hint);
	let product = 10;
	for (const digit of number.slice(0, 10)) {
		let sum = (Number(digit) + product) % 10;
		if (sum === 0) sum = 10;
		product = (sum * 2) % 11;
	}
	const check = (11 - product) % 10;
	if (check !== Number(number[10]))
		throw new FieldError(field, `"${number}" has a wrong check digit (a digit is mistyped)`, hint);
	return number;
}

export interface PostAddressInput {
	street?: unknown;
	houseNumber?: unknown;
	town?: unknown;
	zipCode?: unknown;
	/** Empty for an address in Germany. */
	country?: unknown;
	addressAdditional?: unknown;
}

export interface PostAddress {
	street: string;
	house_number: string;
	house_number_suffix?: string;
	address_additional?: string;
	town: string;
	zip_code: string;
	country?: string;
}

/**
 * An address as the notification takes it. The house number is 1 to 4 digits; what follows the digits
 * ("12a", "12 - 14") goes into house_number_suffix, so users can type the house number as they write it.
 */
export function postAddress(input: PostAddressInput, where: string): PostAddress {
	const required = (value: unknown, name: string, hint: string): string => {
		const text = trimmedText(value);
		if (text === '') throw new FieldError(`${where} › ${name}`, 'is empty', hint);
		return text;
	};
	const street = required(input.street, 'Street', 'Enter the street without the house number.');
	const town = required(input.town, 'Town', 'Enter the town.');
	const country = trimmedText(input.country);
	const zipCode = required(input.zipCode, 'ZIP Code', 'Enter the postal code.');
	if (country === '' && !/^\d{5}$/.test(zipCode))
		throw new FieldError(
			`${where} › ZIP Code`,
			`"${zipCode}" is not a German postal code`,
			'Enter the 5 digits, e.g. 34117, or set the country for an address abroad.',
		);
	const houseText = required(
		input.houseNumber,
		'House Number',
		'Enter the house number, e.g. 12 or 12a.',
	);
	const house = /^(\d{1,4})(?!\d)\s*(.*)$/.exec(houseText);
	if (!house)
		throw new FieldError(
			`${where} › House Number`,
			`"${houseText}" does not start with 1 to 4 digits`,
			'Enter the house number as digits, optionally followed by a suffix, e.g. 12 or 12a.',
		);
	const address: PostAddress = { street, house_number: house[1], town, zip_code: zipCode };
	if (house[2] !== '') address.house_number_suffix = house[2];
	const additional = trimmedText(input.addressAdditional);
	if (additional !== '') address.address_additional = additional;
	if (country !== '') address.country = country;
	return address;
}
