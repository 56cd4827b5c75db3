import { uuidFromText } from '../../shared/derivedId';
import { FieldError } from '../../shared/errors';

/**
 * Order-keyed transactions: a shop's order or receipt number (the Reference) names the fiskaly
 * transaction, so the same order always lands on the same transaction however often it is sent.
 *
 * Transaction ID of attempt n for TSS `tssId` and reference `reference` (other systems can compute it):
 *   bytes = SHA-256(UTF-8(lowercase(tssId) + "\n" + reference))            for n = 1
 *   bytes = SHA-256(UTF-8(lowercase(tssId) + "\n" + reference + "\n" + n)) for n ≥ 2
 *   take bytes[0..15]; bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80
 *   write as lowercase 8-4-4-4-12 hex.
 * The version and variant bits make it a well-formed UUIDv4, which fiskaly announces it will
 * enforce. Attempt n + 1 is used only when attempt n was cancelled (an aborted sale), so one
 * reference has at most one FINISHED transaction.
 */
export function referenceTransactionId(tssId: string, reference: string, attempt = 1): string {
	const input =
		attempt === 1
			? `${tssId.toLowerCase()}\n${reference}`
			: `${tssId.toLowerCase()}\n${reference}\n${attempt}`;
	return uuidFromText(input);
}

/** fiskaly keeps metadata values up to 500 characters; the reference is stored there. */
export const MAX_REFERENCE_LENGTH = 500;
/** The metadata key under which the reference is stored on its transaction. */
export const REFERENCE_METADATA_KEY = 'reference';

const REFERENCE_HINT =
	'Use the order or receipt number from your shop, e.g. A-1001 (one line, up to 500 characters).';

function isControlCharacter(character: string): boolean {
	const code = character.charCodeAt(0);
	return code < 0x20 || code === 0x7f;
}

/** The reference as typed or mapped, trimmed; undefined when none was given. */
export function readReference(value: unknown, field = 'Reference'): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new FieldError(field, `must be text or a number (got ${typeof value})`, REFERENCE_HINT);
	}
	const reference = String(value).trim();
	if (reference === '') return undefined;
	if ([...reference].some(isControlCharacter)) {
		throw new FieldError(
			field,
			'contains a line break or another control character',
			REFERENCE_HINT,
		);
	}
	if (reference.length > MAX_REFERENCE_LENGTH) {
		throw new FieldError(
			field,
			`is ${reference.length} characters long, more than ${MAX_REFERENCE_LENGTH}`,
			REFERENCE_HINT,
		);
	}
	return reference;
}
