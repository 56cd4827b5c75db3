import { randomInt } from 'crypto';

import { FieldError } from './errors';

/** fiskaly IDs are client-chosen UUIDs; fiskaly lower-cases them, so the node does too. */
export const UUID_PATTERN =
	'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const UUID = new RegExp(UUID_PATTERN);

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value.trim() : String(value).trim();
}

export function validateUuid(value: unknown, field: string): string {
	const id = text(value);
	if (id === '')
		throw new FieldError(
			field,
			'is empty',
			'Enter the ID (a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6).',
		);
	if (!UUID.test(id)) {
		throw new FieldError(
			field,
			`"${id}" is not a UUID`,
			'fiskaly IDs look like 3fa85f64-5717-4562-b3fc-2c963f66afa6.',
		);
	}
	return id.toLowerCase();
}

/** An optional ID: the given UUID, or `generate()` when the field is empty. */
export function uuidOrGenerated(value: unknown, field: string, generate: () => string): string {
	return text(value) === '' ? generate() : validateUuid(value, field);
}

/**
 * A number typed into (or mapped onto) a number field: n8n passes expressions through unchecked,
 * so a word, a fraction or an out-of-range value would otherwise reach fiskaly or the node's logic.
 */
export function validateNumber(
	value: unknown,
	field: string,
	rule: { min: number; max?: number; whole?: boolean },
	hint: string,
): number {
	const number = typeof value === 'number' ? value : Number(text(value));
	const shown = typeof value === 'string' ? `"${value}"` : String(value);
	if (text(value) === '' || !Number.isFinite(number))
		throw new FieldError(field, `${shown} is not a number`, hint);
	if (rule.whole && !Number.isInteger(number))
		throw new FieldError(field, `${shown} is not a whole number`, hint);
	if (number < rule.min) throw new FieldError(field, `${shown} is less than ${rule.min}`, hint);
	if (rule.max !== undefined && number > rule.max) {
		throw new FieldError(field, `${shown} is more than ${rule.max}`, hint);
	}
	return number;
}

/** Transactions are addressed by their UUID or by the number fiskaly assigned at start. */
export function validateTransactionRef(value: unknown, field: string): string {
	const ref = text(value);
	if (/^\d+$/.test(ref) && Number(ref) > 0) return String(Number(ref));
	if (ref === '') {
		throw new FieldError(
			field,
			'is empty',
			'Enter the transaction ID (UUID) or number, e.g. from the _id of Transaction › Start.',
		);
	}
	return validateUuid(ref, field);
}

/**
 * The serial number of a cash register (client) as DSFinV-K 2.3 and SIGN DE 2.2.1 want it:
 * 1 to 70 characters from letters, digits, space and ' ( ) + , - . : = ?, no "/" or "_",
 * no leading or trailing space.
 */
export function validateClientSerial(value: unknown, field: string): string {
	const serial = value === undefined || value === null ? '' : String(value);
	const hint =
		'Use 1 to 70 letters, digits, spaces or \' ( ) + , - . : = ?, e.g. "Kasse 1" or "ERS 4711".';
	if (serial.trim() === '') throw new FieldError(field, 'is empty', hint);
	if (serial !== serial.trim()) throw new FieldError(field, 'starts or ends with a space', hint);
	if (serial.length > 70)
		throw new FieldError(field, `is ${serial.length} characters long (at most 70)`, hint);
	const forbidden = /[^A-Za-z0-9 '()+,\-.:=?]/.exec(serial);
	if (forbidden) throw new FieldError(field, `must not contain "${forbidden[0]}"`, hint);
	return serial;
}

/** A TSS description may only hold the characters fiskaly allows, up to 100 of them. */
export function validateTssDescription(value: unknown, field: string): string | undefined {
	const description = text(value);
	if (description === '') return undefined;
	const hint = "Use up to 100 letters, digits, spaces or ' ( ) + , - . / : = ?.";
	if (description.length > 100)
		throw new FieldError(field, `is ${description.length} characters long (at most 100)`, hint);
	const forbidden = /[^A-Za-z0-9 '()+,\-./:=?]/.exec(description);
	if (forbidden) throw new FieldError(field, `must not contain "${forbidden[0]}"`, hint);
	return description;
}

/** Never echoes the value: PINs and PUKs must not appear in messages. */
export function validateSecret(value: unknown, field: string, minLength: number): string {
	const secret = value === undefined || value === null ? '' : String(value);
	if (secret === '') throw new FieldError(field, 'is empty', `Enter the ${field}.`);
	if (secret.length < minLength) {
		throw new FieldError(
			field,
			`is shorter than ${minLength} characters`,
			`fiskaly requires at least ${minLength} characters.`,
		);
	}
	return secret;
}

export const ADMIN_PIN_MIN_LENGTH = 6;
export const ADMIN_PUK_MIN_LENGTH = 10;

/** Letters and digits without look-alikes (0/O, 1/I/l), so a printed PIN can be typed back. */
const PIN_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random admin PIN: 10 characters from 57 symbols, about 58 bits. */
export function generateAdminPin(): string {
	let pin = '';
	for (let i = 0; i < 10; i++) pin += PIN_ALPHABET[randomInt(PIN_ALPHABET.length)];
	return pin;
}

/** fiskaly metadata: at most 40 string pairs, keys up to 40 and values up to 500 characters. */
export function buildMetadata(
	entries: Array<{ key?: unknown; value?: unknown }>,
	field: string,
): Record<string, string> {
	const metadata: Record<string, string> = {};
	entries.forEach((entry, index) => {
		const key = text(entry.key);
		const value = entry.value === undefined || entry.value === null ? '' : String(entry.value);
		const where = `${field} (entry ${index + 1})`;
		if (key === '')
			throw new FieldError(where, 'has an empty key', 'Give every metadata entry a key.');
		if (key.length > 40)
			throw new FieldError(where, `key "${key}" is longer than 40 characters`, 'Shorten the key.');
		if (value.length > 500)
			throw new FieldError(
				where,
				`value of "${key}" is longer than 500 characters`,
				'Shorten the value.',
			);
		if (key in metadata)
			throw new FieldError(where, `key "${key}" appears twice`, 'Use each key once.');
		metadata[key] = value;
	});
	if (Object.keys(metadata).length > 40) {
		throw new FieldError(
			field,
			`has ${Object.keys(metadata).length} entries (at most 40)`,
			'Remove entries.',
		);
	}
	return metadata;
}
