// Minimal DER (X.690) encoder and TLV reader: just enough ASN.1 for TR-03151 log messages and
// X.509 certificates. Only single-byte tags (tag numbers 0..30) are supported; that covers every
// structure the simulator builds or reads.

export const TAG = {
	BOOLEAN: 0x01,
	INTEGER: 0x02,
	BIT_STRING: 0x03,
	OCTET_STRING: 0x04,
	OID: 0x06,
	UTF8_STRING: 0x0c,
	PRINTABLE_STRING: 0x13,
	UTC_TIME: 0x17,
	GENERALIZED_TIME: 0x18,
	SEQUENCE: 0x30,
	SET: 0x31,
} as const;

const CONTEXT_PRIMITIVE = 0x80;
const CONTEXT_CONSTRUCTED = 0xa0;

export function encodeLength(length: number): Buffer {
	if (!Number.isSafeInteger(length) || length < 0) {
		throw new RangeError(`invalid DER length ${length}`);
	}
	if (length < 0x80) return Buffer.from([length]);
	const bytes: number[] = [];
	for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
	if (!Number.isInteger(tag) || tag < 0 || tag > 0xff || (tag & 0x1f) === 0x1f) {
		throw new RangeError(`unsupported DER tag ${tag}`);
	}
	return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** Size of the length octets for `length` content bytes. */
function lengthSize(length: number): number {
	if (!Number.isSafeInteger(length) || length < 0) {
		throw new RangeError(`invalid DER length ${length}`);
	}
	if (length < 0x80) return 1;
	let size = 1; // the 0x80|n byte, then n bytes of length
	for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) size++;
	return size;
}

/** Encoded size of a TLV with `contentLength` content bytes (single-byte tag). */
export function tlvSize(contentLength: number): number {
	return 1 + lengthSize(contentLength) + contentLength;
}

/** Content size of a non-negative safe integer: big-endian, with a leading 0 byte when the top bit is set. */
function unsignedIntegerSize(value: number): number {
	let size = 1;
	for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 256)) size++;
	return size;
}

const isSmallNonNegative = (value: number | bigint): value is number =>
	typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** INTEGER content octets of a non-negative safe integer (`size` from unsignedIntegerSize) at `offset`. */
function writeUnsignedInteger(target: Buffer, offset: number, value: number, size: number): void {
	let rest = value;
	for (let i = offset + size - 1; i >= offset; i--) {
		target[i] = rest % 256;
		rest = Math.floor(rest / 256);
	}
}

/**
 * Writes TLVs one after another into one buffer of a size the caller computed with `tlvSize`: no
 * intermediate Buffer per field and no concatenation on paths that run for every signed log.
 */
export class DerWriter {
	private readonly bytes: Buffer;
	private offset = 0;

	constructor(size: number) {
		this.bytes = Buffer.allocUnsafe(size);
	}

	/** Tag and length octets only (the content follows with further calls). */
	header(tag: number, contentLength: number): this {
		this.bytes[this.offset++] = tag;
		if (contentLength < 0x80) {
			this.bytes[this.offset++] = contentLength;
			return this;
		}
		const size = lengthSize(contentLength) - 1;
		this.bytes[this.offset++] = 0x80 | size;
		writeUnsignedInteger(this.bytes, this.offset, contentLength, size);
		this.offset += size;
		return this;
	}

	/** Bytes that are already encoded (complete TLVs). */
	raw(encoded: Buffer): this {
		this.offset += encoded.copy(this.bytes, this.offset);
		return this;
	}

	tlv(tag: number, content: Buffer): this {
		return this.header(tag, content.length).raw(content);
	}

	/** A TLV whose content is `text` in latin1 (PrintableString and the like; checked by the caller). */
	latin1(tag: number, text: string): this {
		this.header(tag, text.length);
		// latin1 is one byte per character, the low byte (what Uint8Array stores); short texts
		// copy faster this way than through Buffer#write.
		for (let i = 0; i < text.length; i++) this.bytes[this.offset++] = text.charCodeAt(i);
		return this;
	}

	/** An INTEGER-valued TLV under `tag` (INTEGER itself or an implicit context tag). */
	integer(tag: number, value: number): this {
		if (!isSmallNonNegative(value)) return this.tlv(tag, integerContent(value));
		const size = unsignedIntegerSize(value);
		this.header(tag, size);
		writeUnsignedInteger(this.bytes, this.offset, value, size);
		this.offset += size;
		return this;
	}

	/** The encoding; throws when the computed size and what was written differ. */
	finish(): Buffer {
		if (this.offset !== this.bytes.length) {
			throw new Error(`DER size mismatch: wrote ${this.offset} of ${this.bytes.length} bytes`);
		}
		return this.bytes;
	}
}

/** Encoded size of an INTEGER-valued TLV (see DerWriter.integer). */
export function integerTlvSize(value: number): number {
	return tlvSize(
		isSmallNonNegative(value) ? unsignedIntegerSize(value) : integerContent(value).length,
	);
}

/** Content octets of an INTEGER: minimal big-endian two's complement. */
export function integerContent(value: number | bigint): Buffer {
	if (typeof value === 'number' && !Number.isSafeInteger(value)) {
		throw new RangeError(`INTEGER value ${value} is not a safe integer`);
	}
	if (isSmallNonNegative(value)) {
		const size = unsignedIntegerSize(value);
		const content = Buffer.allocUnsafe(size);
		writeUnsignedInteger(content, 0, value, size);
		return content;
	}
	const n = BigInt(value);
	// Smallest byte count whose signed range holds n, then n modulo 2^(8·bytes).
	let byteCount = 1;
	while (n >= 1n << BigInt(8 * byteCount - 1) || n < -(1n << BigInt(8 * byteCount - 1))) {
		byteCount++;
	}
	const hex = BigInt.asUintN(8 * byteCount, n)
		.toString(16)
		.padStart(2 * byteCount, '0');
	return Buffer.from(hex, 'hex');
}

export function derInteger(value: number | bigint): Buffer {
	return tlv(TAG.INTEGER, integerContent(value));
}

/** A non-negative INTEGER given by its big-endian magnitude (e.g. a 32-byte certificate serial). */
export function derUnsignedInteger(magnitude: Buffer): Buffer {
	return derInteger(BigInt('0x' + (magnitude.length ? magnitude.toString('hex') : '00')));
}

export function oidContent(oid: string): Buffer {
	const arcs = oid.split('.').map((arc) => {
		if (!/^\d+$/.test(arc)) throw new RangeError(`invalid OID ${oid}`);
		return BigInt(arc);
	});
	if (arcs.length < 2 || arcs[0] > 2n || (arcs[0] < 2n && arcs[1] > 39n)) {
		throw new RangeError(`invalid OID ${oid}`);
	}
	const bytes: number[] = [];
	const pushBase128 = (value: bigint) => {
		const groups = [Number(value & 0x7fn)];
		for (let rest = value >> 7n; rest > 0n; rest >>= 7n) {
			groups.unshift(Number(rest & 0x7fn) | 0x80);
		}
		bytes.push(...groups);
	};
	pushBase128(arcs[0] * 40n + arcs[1]);
	for (const arc of arcs.slice(2)) pushBase128(arc);
	return Buffer.from(bytes);
}

export function derOid(oid: string): Buffer {
	return tlv(TAG.OID, oidContent(oid));
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

export function isPrintableString(text: string): boolean {
	return PRINTABLE.test(text);
}

export function derPrintableString(text: string): Buffer {
	if (!isPrintableString(text)) throw new RangeError(`"${text}" is not a PrintableString`);
	return tlv(TAG.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
}

export function derOctetString(content: Buffer): Buffer {
	return tlv(TAG.OCTET_STRING, content);
}

export function derBitString(content: Buffer, unusedBits = 0): Buffer {
	if (unusedBits < 0 || unusedBits > 7 || (content.length === 0 && unusedBits !== 0)) {
		throw new RangeError(`invalid BIT STRING padding ${unusedBits}`);
	}
	return tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), content]));
}

export function derBoolean(value: boolean): Buffer {
	return Buffer.from([TAG.BOOLEAN, 1, value ? 0xff : 0x00]);
}

export function derSequence(...elements: Buffer[]): Buffer {
	return tlv(TAG.SEQUENCE, Buffer.concat(elements));
}

/** SET OF: DER orders the encoded elements as octet strings. */
export function derSet(...elements: Buffer[]): Buffer {
	return tlv(TAG.SET, Buffer.concat([...elements].sort(Buffer.compare)));
}

/** IMPLICIT context-specific primitive [n]: the content octets of the underlying type under tag 0x80|n. */
export function derContextPrimitive(tagNumber: number, content: Buffer): Buffer {
	return tlv(CONTEXT_PRIMITIVE | checkTagNumber(tagNumber), content);
}

/** EXPLICIT context-specific [n]: a constructed wrapper around one complete TLV. */
export function derExplicit(tagNumber: number, inner: Buffer): Buffer {
	return tlv(CONTEXT_CONSTRUCTED | checkTagNumber(tagNumber), inner);
}

function checkTagNumber(tagNumber: number): number {
	if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > 30) {
		throw new RangeError(`unsupported tag [${tagNumber}]`);
	}
	return tagNumber;
}

function timeDigits(unixSeconds: number): string {
	if (!Number.isSafeInteger(unixSeconds)) throw new RangeError(`invalid time ${unixSeconds}`);
	// 2023-01-20T18:27:22.000Z → 20230120182722
	return new Date(unixSeconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function derUtcTime(unixSeconds: number): Buffer {
	const digits = timeDigits(unixSeconds);
	const year = Number(digits.slice(0, 4));
	if (year < 1950 || year > 2049) throw new RangeError(`UTCTime cannot hold year ${year}`);
	return tlv(TAG.UTC_TIME, Buffer.from(digits.slice(2) + 'Z', 'latin1'));
}

export function derGeneralizedTime(unixSeconds: number): Buffer {
	return tlv(TAG.GENERALIZED_TIME, Buffer.from(timeDigits(unixSeconds) + 'Z', 'latin1'));
}

/** X.509 validity time (RFC 5280 §4.1.2.5): UTCTime through 2049, GeneralizedTime from 2050. */
export function derX509Time(unixSeconds: number): Buffer {
	const year = new Date(unixSeconds * 1000).getUTCFullYear();
	return year >= 1950 && year <= 2049 ? derUtcTime(unixSeconds) : derGeneralizedTime(unixSeconds);
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface Tlv {
	tag: number;
	/** Offset of the tag byte in the parsed buffer. */
	start: number;
	/** Offset of the first content byte. */
	contentStart: number;
	/** Offset just past the content. */
	end: number;
	content: Buffer;
	/** The complete encoding (tag, length and content). */
	raw: Buffer;
}

export class DerParseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DerParseError';
	}
}

/** Reads one TLV at `offset`. Definite lengths only (DER). */
export function readTlv(buf: Buffer, offset = 0): Tlv {
	if (offset >= buf.length) throw new DerParseError(`no TLV at offset ${offset}`);
	const tag = buf[offset];
	if ((tag & 0x1f) === 0x1f) throw new DerParseError(`multi-byte tag at offset ${offset}`);
	let cursor = offset + 1;
	if (cursor >= buf.length) throw new DerParseError(`truncated length at offset ${cursor}`);
	let length = buf[cursor++];
	if (length & 0x80) {
		const lengthBytes = length & 0x7f;
		if (lengthBytes === 0 || lengthBytes > 6) {
			throw new DerParseError(`unsupported length form at offset ${offset + 1}`);
		}
		if (cursor + lengthBytes > buf.length) {
			throw new DerParseError(`truncated length at offset ${cursor}`);
		}
		length = 0;
		for (let i = 0; i < lengthBytes; i++) length = length * 256 + buf[cursor++];
	}
	const end = cursor + length;
	if (end > buf.length) {
		throw new DerParseError(`TLV at offset ${offset} runs past the end of the data`);
	}
	return {
		tag,
		start: offset,
		contentStart: cursor,
		end,
		content: buf.subarray(cursor, end),
		raw: buf.subarray(offset, end),
	};
}

/** Reads consecutive TLVs filling `buf` completely (e.g. the content of a SEQUENCE). */
export function readTlvs(buf: Buffer): Tlv[] {
	const items: Tlv[] = [];
	for (let offset = 0; offset < buf.length; ) {
		const item = readTlv(buf, offset);
		items.push(item);
		offset = item.end;
	}
	return items;
}
