import { createHash } from 'crypto';

/**
 * A UUID derived from a text, so that the same business key (an order, a register and day) always
 * names the same fiskaly resource and a re-run finds it instead of creating a second one:
 *   bytes = SHA-256(UTF-8(text)); take bytes[0..15];
 *   bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
 *   write as lowercase 8-4-4-4-12 hex.
 * The version and variant bits make it a well-formed UUIDv4, which fiskaly checks.
 */
export function uuidFromText(text: string): string {
	const bytes = createHash('sha256').update(text, 'utf8').digest().subarray(0, 16);
	bytes[6] = (bytes[6] & 0x0f) | 0x40;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
