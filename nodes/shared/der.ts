/**
 * The little ASN.1 DER the node needs to rebuild and read TR-03151 log messages: single-byte tags,
 * definite lengths, non-negative integers. Pure functions over Buffers.
 */

export const TAG = {
	INTEGER: 0x02,
	OCTET_STRING: 0x04,
	OID: 0x06,
	PRINTABLE_STRING: 0x13,
	UTC_TIME: 0x17,
	GENERALIZED_TIME: 0x18,
	SEQUENCE: 0x30,
} as const;

/** Malformed DER. The message says where. */
export class DerError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DerError';
	}
}

export interface Tlv {
	tag: number;
	/** Offset of the tag byte in the buffer that was read. */
	start: number;
	/** Offset just after the content. */
	end: number;
	content: Buffer;
	/** Tag, length and content: the complete encoding. */
	raw: Buffer;
}

function lengthOctets(length: number): Buffer {
	if (length < 0x80) return Buffer.from([length]);
	const bytes: number[] = [];
	for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function encodeTlv(tag: number, content: Buffer): Buffer {
	return Buffer.concat([Buffer.from([tag]), lengthOctets(content.length), content]);
}

/** INTEGER content of a non-negative safe integer: big-endian, shortest, with a leading 0 when the top bit is set. */
export function integerContent(value: number): Buffer {
	if (!Number.isSafeInteger(value) || value < 0)
		throw new RangeError(`${value} is not a non-negative integer`);
	let hex = value.toString(16);
	if (hex.length % 2 === 1) hex = `0${hex}`;
	const bytes = Buffer.from(hex, 'hex');
	return bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

export function encodeInteger(value: number): Buffer {
	return encodeTlv(TAG.INTEGER, integerContent(value));
}

export function encodeOid(dotted: string): Buffer {
	const arcs = dotted.split('.').map(Number);
	if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0)) {
		throw new RangeError(`"${dotted}" is not an object identifier`);
	}
	const bytes = [40 * arcs[0] + arcs[1]];
	for (const arc of arcs.slice(2)) {
		const base128 = [arc % 128];
		for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128))
			base128.unshift(0x80 | (rest % 128));
		bytes.push(...base128);
	}
	return encodeTlv(TAG.OID, Buffer.from(bytes));
}

export function decodeOid(content: Buffer): string {
	if (content.length === 0) throw new DerError('empty object identifier');
	const arcs: number[] = [];
	let value = 0;
	for (const byte of content) {
		value = value * 128 + (byte & 0x7f);
		if (!Number.isSafeInteger(value)) throw new DerError('object identifier arc too large');
		if ((byte & 0x80) === 0) {
			arcs.push(value);
			value = 0;
		}
	}
	if ((content[content.length - 1] & 0x80) !== 0)
		throw new DerError('object identifier ends mid-arc');
	const first = arcs.shift() as number;
	const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
	return [...head, ...arcs].join('.');
}

/** A non-negative INTEGER's content as a number; larger than 2^53 or negative is refused. */
export function decodeUnsigned(content: Buffer): number {
	if (content.length === 0) throw new DerError('empty INTEGER');
	if (content[0] & 0x80) throw new DerError('negative INTEGER');
	let value = 0;
	for (const byte of content) value = value * 256 + byte;
	if (!Number.isSafeInteger(value)) throw new DerError('INTEGER too large');
	return value;
}

/** One TLV at `offset`. Only low tag numbers and definite lengths exist in log messages. */
export function readTlv(buffer: Buffer, offset = 0): Tlv {
	if (offset + 2 > buffer.length) throw new DerError(`truncated element at byte ${offset}`);
	const tag = buffer[offset];
	if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte tag at byte ${offset}`);
	let length = buffer[offset + 1];
	let headerLength = 2;
	if (length === 0x80) throw new DerError(`indefinite length at byte ${offset}`);
	if (length > 0x80) {
		const octets = length & 0x7f;
		if (octets > 4 || offset + 2 + octets > buffer.length)
			throw new DerError(`bad length at byte ${offset}`);
		length = 0;
		for (let i = 0; i < octets; i++) length = length * 256 + buffer[offset + 2 + i];
		headerLength += octets;
	}
	const contentStart = offset + headerLength;
	const end = contentStart + length;
	if (end > buffer.length) throw new DerError(`element at byte ${offset} runs past the end`);
	return {
		tag,
		start: offset,
		end,
		content: buffer.subarray(contentStart, end),
		raw: buffer.subarray(offset, end),
	};
}

/** Every TLV in `buffer`, back to back. */
export function readTlvs(buffer: Buffer): Tlv[] {
	const items: Tlv[] = [];
	for (let offset = 0; offset < buffer.length; ) {
		const item = readTlv(buffer, offset);
		items.push(item);
		offset = item.end;
	}
	return items;
}
