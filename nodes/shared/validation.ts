import { FieldError } from './errors';

/** Checks of values that every fiskaly API shares: IDs, numbers, serial numbers, metadata. */

/** fiskaly IDs are client-chosen UUIDs; fiskaly lower-cases them, so the node does too. */
export const UUID_PATTERN =
	'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const UUID = new RegExp(UUID_PATTERN);

export function trimmedText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value.trim() : String(value).trim();
}

export function validateUuid(value: unknown, field: string): string {
	const id = trimmedText(value);
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
	return trimmedText(value) === '' ? generate() : validateUuid(value, field);
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
	const number = typeof value === 'number' ? value : Number(trimmedText(value));
	const shown = typeof value === 'string' ? `"${value}"` : String(value);
	if (trimmedText(value) === '' || !Number.isFinite(number))
		throw new FieldError(field, `${shown} is not a number`, hint);
	if (rule.whole && !Number.isInteger(number))
		throw new FieldError(field, `${shown} is not a whole number`, hint);
	if (number < rule.min) throw new FieldError(field, `${shown} is less than ${rule.min}`, hint);
	if (rule.max !== undefined && number > rule.max) {
		throw new FieldError(field, `${shown} is more than ${rule.max}`, hint);
	}
	return number;
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

/**
 * fiskaly metadata: at most 40 string pairs (SIGN DE; DSFinV-K allows 20), keys up to 40 and
 * values up to 500 characters.
 */
export function buildMetadata(
	entries: Array<{ key?: unknown; value?: unknown }>,
	field: string,
	maxEntries = 40,
): Record<string, string> {
	const metadata: Record<string, string> = {};
	entries.forEach((entry, index) => {
		const key = trimmedText(entry.key);
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
	if (Object.keys(metadata).length > maxEntries) {
		throw new FieldError(
			field,
			`has ${Object.keys(metadata).length} entries (at most ${maxEntries})`,
			'Remove entries.',
		);
	}
	return metadata;
}

/** A text field: trimmed, at most `max` characters. */
export function textOf(value: unknown, field: string, max: number): string {
	if (
		value !== undefined &&
		value !== null &&
		typeof value !== 'string' &&
		typeof value !== 'number'
	) {
		throw new FieldError(field, `must be text (got ${typeof value})`, 'Give it as text.');
	}
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') throw new FieldError(field, 'is empty', 'Fill it in.');
	if (text.length > max)
		throw new FieldError(
			field,
			`is ${text.length} characters long (at most ${max})`,
			'Shorten it.',
		);
	return text;
}

/** An optional text field: undefined when empty, else `textOf`. */
export function optionalText(value: unknown, field: string, max: number): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = textOf(value, field, max);
	return text === '' ? undefined : text;
}
