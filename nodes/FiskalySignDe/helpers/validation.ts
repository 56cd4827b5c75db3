import { randomInt } from 'crypto';

import { FieldError } from '../../shared/errors';
import { trimmedText, validateUuid } from '../../shared/validation';

/** Checks of SIGN DE values: transaction references, TSS descriptions, admin PIN and PUK. */

/** Transactions are addressed by their UUID or by the number fiskaly assigned at start. */
export function validateTransactionRef(value: unknown, field: string): string {
	const ref = trimmedText(value);
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

/** A TSS description may only hold the characters fiskaly allows, up to 100 of them. */
export function validateTssDescription(value: unknown, field: string): string | undefined {
	const description = trimmedText(value);
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
