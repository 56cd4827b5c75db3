import type { INodeProperties } from 'n8n-workflow';

import { FieldError } from './errors';

/** What the offline checks compare the signing key with: the TSS the user trusts. */

export const TRUSTED_KEY_FIELD = 'TSS Public Key or Serial Number';

/** For the offline checks: the TSS whose key must have signed. */
export const trustedKeyOption: INodeProperties = {
	displayName: TRUSTED_KEY_FIELD,
	name: 'trustedKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. a408459289ea51b6f492df7a24272c395fa0a4820245389dea15eba89f6e12f7',
	description:
		'The public_key or serial_number of your TSS (from TSS › Get). Without it the check proves that the data is unchanged since it was signed, but not which key signed it.',
};

/** A trusted TSS identity to compare the signing key with: its serial number or public key. */
export type TrustedKey = { serialNumber: string } | { publicKey: Buffer };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The bytes of a base64 text; undefined when it is not base64. */
export function base64Bytes(text: string): Buffer | undefined {
	const trimmed = text.trim();
	return BASE64.test(trimmed) && trimmed.length % 4 === 0
		? Buffer.from(trimmed, 'base64')
		: undefined;
}

/** The trusted-key option: 64 hex digits, or a base64 uncompressed P-256 (65-byte) or P-384 (97-byte) point. */
export function parseTrustedKey(value: unknown, field: string): TrustedKey | undefined {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return undefined;
	if (/^[0-9a-fA-F]{64}$/.test(text)) return { serialNumber: text.toLowerCase() };
	const point = base64Bytes(text);
	if ((point?.length === 65 || point?.length === 97) && point[0] === 4) return { publicKey: point };
	throw new FieldError(
		field,
		'is neither a TSS serial number nor a public key',
		'Enter the serial_number (64 hex digits) or the public_key (base64, starts with "B") of the TSS, e.g. from TSS › Get.',
	);
}
