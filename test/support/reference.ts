import { createHash } from 'node:crypto';

/**
 * The transaction ID of an order's attempt as the README derives it, written out independently of
 * the node: SHA-256 of TSS ID (lower case), reference and, from the second attempt on, its number,
 * cut to 16 bytes with the UUIDv4 version and variant bits set.
 */
export function derivedTransactionId(tssId: string, reference: string, attempt = 1): string {
	const input = `${tssId.toLowerCase()}\n${reference}${attempt > 1 ? `\n${attempt}` : ''}`;
	const b = createHash('sha256').update(input, 'utf8').digest().subarray(0, 16);
	b[6] = 0x40 | (b[6] & 0x0f);
	b[8] = 0x80 | (b[8] & 0x3f);
	const h = b.toString('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
