// The tests' one TR-03151 reader and an independent check of SIGN DE signatures: its own small DER
// writer and reader for TR-03151 log messages (REFERENCE §8.2–8.3), written without the simulator's
// code so a shared mistake cannot make both sides agree. The node (nodes/…/helpers/tr03151.ts), the
// simulator (simulator/sign-de/signing.ts) and this oracle keep separate DER code on purpose.

import * as crypto from 'node:crypto';

export const ECDSA_PLAIN_SHA256_OID = '0.4.0.127.0.7.1.1.4.1.3';
export const TRANSACTION_LOG_OID = '0.4.0.127.0.7.3.7.1.1';
export const SYSTEM_LOG_OID = '0.4.0.127.0.7.3.7.1.2';

function lengthOctets(length: number): Buffer {
	if (length < 0x80) return Buffer.from([length]);
	const bytes: number[] = [];
	for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer) =>
	Buffer.concat([Buffer.from([tag]), lengthOctets(content.length), content]);

/** INTEGER content: shortest big-endian two's complement (non-negative values only here). */
function integer(value: number): Buffer {
	let hex = BigInt(value).toString(16);
	if (hex.length % 2) hex = '0' + hex;
	let bytes = Buffer.from(hex, 'hex');
	if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
	return tlv(0x02, bytes);
}

function objectIdentifier(dotted: string): Buffer {
	const [first, second, ...rest] = dotted.split('.').map(Number);
	const bytes = [40 * first + second];
	for (const arc of rest) {
		const base128: number[] = [arc & 0x7f];
		for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128))
			base128.unshift(0x80 | (value & 0x7f));
		bytes.push(...base128);
	}
	return tlv(0x06, Buffer.from(bytes));
}

export interface TransactionLogFields {
	operationType: 'StartTransaction' | 'UpdateTransaction' | 'FinishTransaction';
	clientSerialNumber: string;
	processData: Buffer;
	processType: string;
	transactionNumber: number;
	tssSerialNumberHex: string;
	signatureCounter: number;
	logTimeUnix: number;
}

/** The signed bytes: DER of version … logTime, without the outer SEQUENCE (REFERENCE §8.3). */
export function transactionDtbs(fields: TransactionLogFields): Buffer {
	return Buffer.concat([
		integer(2),
		objectIdentifier(TRANSACTION_LOG_OID),
		tlv(0x80, Buffer.from(fields.operationType, 'latin1')),
		tlv(0x81, Buffer.from(fields.clientSerialNumber, 'latin1')),
		tlv(0x82, fields.processData),
		tlv(0x83, Buffer.from(fields.processType, 'latin1')),
		tlv(0x85, integer(fields.transactionNumber).subarray(2)),
		tlv(0x04, Buffer.from(fields.tssSerialNumberHex, 'hex')),
		tlv(0x30, objectIdentifier(ECDSA_PLAIN_SHA256_OID)),
		integer(fields.signatureCounter),
		integer(fields.logTimeUnix),
	]);
}

/** A P-256 public key from SIGN DE's `public_key`: base64 of the raw point 04‖X‖Y. */
export function publicKeyFromRaw(base64: string): crypto.KeyObject {
	const raw = Buffer.from(base64, 'base64');
	if (raw.length !== 65 || raw[0] !== 0x04)
		throw new Error(`public_key is not an uncompressed P-256 point (${raw.length} bytes)`);
	return crypto.createPublicKey({
		key: {
			kty: 'EC',
			crv: 'P-256',
			x: raw.subarray(1, 33).toString('base64url'),
			y: raw.subarray(33).toString('base64url'),
		},
		format: 'jwk',
	});
}

/** False for a wrong signature, and for a signature or key that is not even well-formed. */
export function verifyPlainSignature(
	publicKeyBase64: string,
	dtbs: Buffer,
	signature: Buffer | string,
): boolean {
	const signatureBytes =
		typeof signature === 'string' ? Buffer.from(signature, 'base64') : signature;
	if (signatureBytes.length !== 64) return false;
	let key: crypto.KeyObject;
	try {
		key = publicKeyFromRaw(publicKeyBase64);
	} catch {
		return false;
	}
	return crypto.verify('sha256', dtbs, { key, dsaEncoding: 'ieee-p1363' }, signatureBytes);
}

// --- reading ---------------------------------------------------------------------------------

export interface Element {
	tag: number;
	content: Buffer;
	/** Offsets of the whole element inside the buffer it was read from. */
	start: number;
	end: number;
}

export function readElements(buffer: Buffer): Element[] {
	const elements: Element[] = [];
	let offset = 0;
	while (offset < buffer.length) {
		const start = offset;
		const tag = buffer[offset++];
		if ((tag & 0x1f) === 0x1f) throw new Error(`multi-byte tag at ${start}`);
		let length = buffer[offset++];
		if (length & 0x80) {
			const count = length & 0x7f;
			if (count === 0 || count > 4) throw new Error(`unsupported length form at ${start}`);
			length = 0;
			for (let i = 0; i < count; i++) length = length * 256 + buffer[offset++];
		}
		if (offset + length > buffer.length) throw new Error(`element at ${start} runs past the end`);
		elements.push({
			tag,
			content: buffer.subarray(offset, offset + length),
			start,
			end: offset + length,
		});
		offset += length;
	}
	return elements;
}

/** Value of INTEGER content octets (two's complement). */
export function decodeInteger(content: Buffer): bigint {
	if (content.length === 0) throw new Error('empty INTEGER');
	const magnitude = BigInt('0x' + content.toString('hex'));
	return content[0] & 0x80 ? magnitude - (1n << BigInt(content.length * 8)) : magnitude;
}

const readInteger = (element: Element) => {
	if (element.tag !== 0x02 && element.tag !== 0x85)
		throw new Error(`expected INTEGER, got tag 0x${element.tag.toString(16)}`);
	return Number(decodeInteger(element.content));
};

/** Dotted OID of OBJECT IDENTIFIER content octets. */
export function decodeOid(content: Buffer): string {
	const values: bigint[] = [];
	let value = 0n;
	for (const byte of content) {
		value = (value << 7n) | BigInt(byte & 0x7f);
		if (!(byte & 0x80)) {
			values.push(value);
			value = 0n;
		}
	}
	if (values.length === 0 || content[content.length - 1] & 0x80) throw new Error('truncated OID');
	const first = values[0] < 80n ? values[0] / 40n : 2n;
	return [first, values[0] - 40n * first, ...values.slice(1)].join('.');
}

function readOid(element: Element): string {
	if (element.tag !== 0x06) throw new Error(`expected OID, got tag 0x${element.tag.toString(16)}`);
	return decodeOid(element.content);
}

export interface LogMessage {
	version: number;
	certifiedDataType: string;
	kind: 'transaction' | 'system' | 'other';
	/** certifiedData elements by their context tag number ([0] → 0, …). */
	certified: Map<number, Buffer>;
	/** [0] operationType, e.g. "FinishTransaction" or "authenticateUser". */
	operationType: string;
	/** Transaction logs: [1] clientId (the client serial), [2] processData, [3] processType, [5] number. */
	clientId?: string;
	processData?: Buffer;
	processType?: string;
	transactionNumber?: number;
	/** System logs: [1] systemOperationData. */
	systemOperationData?: Buffer;
	serialNumberHex: string;
	/** The same serial, under the name the simulator's tests use. */
	serialNumber: string;
	signatureAlgorithm: string;
	signatureCounter: number;
	logTime: number;
	/** Only unixTime (an INTEGER) is read: what SIGN DE writes. */
	logTimeFormat: 'unixTime';
	signature: Buffer;
	/** The bytes the signature covers: everything inside the SEQUENCE before signatureValue. */
	dtbs: Buffer;
}

/** Parses a complete TR-03151 log message (SEQUENCE … signatureValue) with a unixTime logTime. */
export function parseLogMessage(message: Buffer): LogMessage {
	const [outer, ...trailing] = readElements(message);
	if (!outer || outer.tag !== 0x30 || trailing.length)
		throw new Error('a log message is one DER SEQUENCE');
	const items = readElements(outer.content);
	const [version, type] = items;
	if (!type) throw new Error('a log message starts with version and certifiedDataType');
	const certified = new Map<number, Buffer>();
	let index = 2;
	for (; index < items.length && (items[index].tag & 0xc0) === 0x80; index++)
		certified.set(items[index].tag & 0x1f, items[index].content);
	const [serial, algorithm, counter, time, signature] = items.slice(index);
	if (
		!signature ||
		serial.tag !== 0x04 ||
		algorithm.tag !== 0x30 ||
		signature.tag !== 0x04 ||
		items.length !== index + 5
	) {
		throw new Error(
			'log message fields after certifiedData are not serialNumber, signatureAlgorithm, signatureCounter, logTime, signatureValue',
		);
	}
	const certifiedDataType = readOid(type);
	const kind =
		certifiedDataType === TRANSACTION_LOG_OID
			? 'transaction'
			: certifiedDataType === SYSTEM_LOG_OID
				? 'system'
				: 'other';
	const text = (tagNumber: number) => certified.get(tagNumber)?.toString('latin1');
	const transactionNumber = certified.get(5);
	const transaction = kind === 'transaction';
	return {
		version: readInteger(version),
		certifiedDataType,
		kind,
		certified,
		operationType: text(0) ?? '',
		clientId: transaction ? text(1) : undefined,
		processData: transaction ? certified.get(2) : undefined,
		processType: transaction ? text(3) : undefined,
		transactionNumber:
			transaction && transactionNumber ? Number(decodeInteger(transactionNumber)) : undefined,
		systemOperationData: kind === 'system' ? certified.get(1) : undefined,
		serialNumberHex: serial.content.toString('hex'),
		serialNumber: serial.content.toString('hex'),
		signatureAlgorithm: readOid(readElements(algorithm.content)[0]),
		signatureCounter: readInteger(counter),
		logTime: readInteger(time),
		logTimeFormat: 'unixTime',
		signature: Buffer.from(signature.content),
		dtbs: Buffer.from(outer.content.subarray(0, signature.start)),
	};
}
