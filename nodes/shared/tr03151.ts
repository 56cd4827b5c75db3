import { createHash, createPublicKey, verify } from 'crypto';
import type { KeyObject } from 'crypto';

import type { Tlv } from './der';
import {
	decodeOid,
	decodeUnsigned,
	DerError,
	encodeInteger,
	encodeOid,
	encodeTlv,
	integerContent,
	readTlv,
	readTlvs,
	TAG,
} from './der';

/**
 * TR-03151 log messages as fiskaly signs them (REFERENCE §8.2, §8.3): the signed bytes are the DER
 * fields from `version` to `logTime` concatenated, signed with ecdsa-plain-SHA256 (P-256, r‖s).
 */

export const SIGNATURE_ALGORITHM = 'ecdsa-plain-SHA256';
export const SIGNATURE_ALGORITHM_OID = '0.4.0.127.0.7.1.1.4.1.3';
export const TIMESTAMP_FORMAT = 'unixTime';
export const TRANSACTION_LOG_OID = '0.4.0.127.0.7.3.7.1.1';
export const SYSTEM_LOG_OID = '0.4.0.127.0.7.3.7.1.2';
export const AUDIT_LOG_OID = '0.4.0.127.0.7.3.7.1.3';

const LOG_MESSAGE_VERSION = 2;

/** A plain ECDSA algorithm of BSI TR-03111 a TSE signs with: r‖s, key as an uncompressed point. */
export interface PlainEcdsa {
	oid: string;
	hash: 'sha256' | 'sha384';
	curve: 'P-256' | 'P-384';
	/** 04‖X‖Y */
	pointBytes: number;
	/** r‖s */
	signatureBytes: number;
}

/** By the names DSFinV-K's TSE_SIG_ALGO and fiskaly's `signature.algorithm` use. */
export const PLAIN_ECDSA: Record<string, PlainEcdsa> = {
	'ecdsa-plain-SHA256': {
		oid: SIGNATURE_ALGORITHM_OID,
		hash: 'sha256',
		curve: 'P-256',
		pointBytes: 65,
		signatureBytes: 64,
	},
	'ecdsa-plain-SHA384': {
		oid: '0.4.0.127.0.7.1.1.4.1.4',
		hash: 'sha384',
		curve: 'P-384',
		pointBytes: 97,
		signatureBytes: 96,
	},
};
const P256 = PLAIN_ECDSA[SIGNATURE_ALGORITHM];

/** SIGN DE's `log.operation` and the TR-03151 operationType it signs. */
export const OPERATION_TYPES: Record<string, string> = {
	Start: 'StartTransaction',
	Update: 'UpdateTransaction',
	Finish: 'FinishTransaction',
};

/**
 * Which shown fields the signature covers. TR-03151 signs the operation, serial numbers, numbers,
 * the log time and the process data; the start time is signed only in the Start log, so on an
 * Update or Finish log (and in the QR code) it is the TSS's word, not the signature's.
 */
export function signatureCoverage(operationType: string): {
	covered_by_signature: string[];
	not_covered_by_signature: string[];
} {
	const startSigned = operationType === OPERATION_TYPES.Start;
	return {
		covered_by_signature: [
			'operation',
			'tss_serial_number',
			'client_serial_number',
			'transaction_number',
			'signature_counter',
			'log_time',
			...(startSigned ? ['time_start'] : []),
			'receipt',
		],
		not_covered_by_signature: startSigned ? [] : ['time_start'],
	};
}

export interface TransactionLogFields {
	operationType: string;
	/** The client's serial number (TR-03151 clientId). */
	clientSerialNumber: string;
	processType: string;
	processData: Buffer;
	transactionNumber: number;
	/** TSS serial number: 64 hex digits, the SHA-256 of the public key. */
	tssSerialNumber: string;
	signatureCounter: number;
	/** Unix seconds. */
	logTime: number;
}

const contextField = (tagNumber: number, content: Buffer) => encodeTlv(0x80 | tagNumber, content);

/**
 * The bytes a transaction log's signature covers. processData and processType are always present,
 * empty on a Start without data; additional data fields are absent (fiskaly sends none).
 */
export function transactionDtbs(
	fields: TransactionLogFields,
	algorithmOid = SIGNATURE_ALGORITHM_OID,
): Buffer {
	return Buffer.concat([
		encodeInteger(LOG_MESSAGE_VERSION),
		encodeOid(TRANSACTION_LOG_OID),
		contextField(0, Buffer.from(fields.operationType, 'latin1')),
		contextField(1, Buffer.from(fields.clientSerialNumber, 'latin1')),
		contextField(2, fields.processData),
		contextField(3, Buffer.from(fields.processType, 'latin1')),
		contextField(5, integerContent(fields.transactionNumber)),
		encodeTlv(TAG.OCTET_STRING, Buffer.from(fields.tssSerialNumber, 'hex')),
		encodeTlv(TAG.SEQUENCE, encodeOid(algorithmOid)),
		encodeInteger(fields.signatureCounter),
		encodeInteger(fields.logTime),
	]);
}

// ---------------------------------------------------------------------------------------------
// Keys and signatures

/** A public key from its uncompressed point 04‖X‖Y, as fiskaly's `public_key` holds it (P-256). */
export function publicKeyFromPoint(point: Buffer, algorithm: PlainEcdsa = P256): KeyObject {
	if (point.length !== algorithm.pointBytes || point[0] !== 4) {
		throw new RangeError(
			`a public key must be a ${algorithm.pointBytes}-byte uncompressed ${algorithm.curve} point (base64 starting with "B")`,
		);
	}
	const half = (algorithm.pointBytes - 1) / 2;
	return createPublicKey({
		key: {
			kty: 'EC',
			crv: algorithm.curve,
			x: point.subarray(1, 1 + half).toString('base64url'),
			y: point.subarray(1 + half).toString('base64url'),
		},
		format: 'jwk',
	});
}

/** 04‖X‖Y of a P-256 key, e.g. the key of an X.509 certificate. */
export function pointOfKey(key: KeyObject): Buffer {
	const jwk = key.export({ format: 'jwk' });
	if (jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
		throw new RangeError('the key is not a P-256 key');
	}
	return Buffer.concat([
		Buffer.from([4]),
		Buffer.from(jwk.x, 'base64url'),
		Buffer.from(jwk.y, 'base64url'),
	]);
}

/** The TSS serial number belonging to a public key: hex SHA-256 of the point. */
export function serialOfPoint(point: Buffer): string {
	return createHash('sha256').update(point).digest('hex');
}

/** Whether `signature` (r‖s) is a plain ECDSA signature of `dtbs` by `key` (default: ecdsa-plain-SHA256). */
export function verifyPlainSignature(
	key: KeyObject,
	dtbs: Buffer,
	signature: Buffer,
	algorithm: PlainEcdsa = P256,
): boolean {
	if (signature.length !== algorithm.signatureBytes) return false;
	try {
		return verify(algorithm.hash, dtbs, { key, dsaEncoding: 'ieee-p1363' }, signature);
	} catch {
		return false;
	}
}

// ---------------------------------------------------------------------------------------------
// Reading log messages (export files)

export type LogKind = 'transaction' | 'system' | 'audit' | 'unknown';

export interface LogMessage {
	kind: LogKind;
	version: number;
	certifiedDataType: string;
	/** [0] operationType: "FinishTransaction", or a system operation such as "authenticateUser". */
	operationType: string;
	/** Transaction logs: [1] clientId, the client serial number. */
	clientSerialNumber?: string;
	/** Transaction logs: [3] processType. */
	processType?: string;
	/** Transaction logs: [2] processData. */
	processData?: Buffer;
	/** Transaction logs: [5] transactionNumber. */
	transactionNumber?: number;
	/** TSS serial, lowercase hex. */
	serialNumber: string;
	signatureAlgorithmOid: string;
	signatureCounter: number;
	/** Unix seconds. */
	logTime: number;
	logTimeFormat: 'unixTime' | 'utcTime' | 'generalizedTime';
	/** logTime as written: digits for unixTime, the ASN.1 time text otherwise. */
	logTimeText: string;
	signature: Buffer;
	/** The signed bytes: every field from version to logTime. */
	dtbs: Buffer;
}

function kindOf(certifiedDataType: string): LogKind {
	if (certifiedDataType === TRANSACTION_LOG_OID) return 'transaction';
	if (certifiedDataType === SYSTEM_LOG_OID) return 'system';
	if (certifiedDataType === AUDIT_LOG_OID) return 'audit';
	return 'unknown';
}

function readTime(item: Tlv): Pick<LogMessage, 'logTime' | 'logTimeFormat' | 'logTimeText'> {
	if (item.tag === TAG.INTEGER) {
		const logTime = decodeUnsigned(item.content);
		return { logTime, logTimeFormat: 'unixTime', logTimeText: String(logTime) };
	}
	const text = item.content.toString('latin1');
	const match = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
	const utc = item.tag === TAG.UTC_TIME;
	if (!match || utc !== (match[1].length === 2))
		throw new DerError(`logTime "${text}" is not a valid time`);
	const year = utc ? Number(match[1]) + (Number(match[1]) < 50 ? 2000 : 1900) : Number(match[1]);
	const [month, day, hour, minute, second] = match.slice(2).map(Number);
	return {
		logTime: Date.UTC(year, month - 1, day, hour, minute, second) / 1000,
		logTimeFormat: utc ? 'utcTime' : 'generalizedTime',
		logTimeText: text,
	};
}

/** Walks the fields of the outer SEQUENCE in order. */
class Fields {
	private index = 0;

	constructor(private readonly items: Tlv[]) {}

	peek(): Tlv | undefined {
		return this.items[this.index];
	}

	take(tag: number, name: string): Tlv {
		const item = this.items[this.index];
		if (item?.tag !== tag) {
			const found = item ? `tag 0x${item.tag.toString(16)}` : 'the end';
			throw new DerError(`expected ${name} (tag 0x${tag.toString(16)}), found ${found}`);
		}
		this.index++;
		return item;
	}

	get remaining(): number {
		return this.items.length - this.index;
	}
}

/** Decodes one DER log message (transaction, system or audit log). Throws DerError when malformed. */
export function parseLogMessage(message: Buffer): LogMessage {
	const outer = readTlv(message);
	if (outer.tag !== TAG.SEQUENCE || outer.end !== message.length)
		throw new DerError('not a single DER SEQUENCE');
	const fields = new Fields(readTlvs(outer.content));
	const version = decodeUnsigned(fields.take(TAG.INTEGER, 'version').content);
	const certifiedDataType = decodeOid(fields.take(TAG.OID, 'certifiedDataType').content);
	const kind = kindOf(certifiedDataType);

	const certified = new Map<number, Buffer>();
	for (let item = fields.peek(); item && (item.tag & 0xe0) === 0x80; item = fields.peek()) {
		certified.set(item.tag & 0x1f, fields.take(item.tag, 'certifiedData').content);
	}
	const serial = fields.take(TAG.OCTET_STRING, 'serialNumber').content;
	if (serial.length !== 32)
		throw new DerError(`serialNumber has ${serial.length} bytes, expected 32`);
	const algorithm = readTlvs(fields.take(TAG.SEQUENCE, 'signatureAlgorithm').content);
	if (algorithm[0]?.tag !== TAG.OID) throw new DerError('signatureAlgorithm has no OID');
	if (fields.peek()?.tag === TAG.OCTET_STRING) fields.take(TAG.OCTET_STRING, 'seAuditData');
	const signatureCounter = decodeUnsigned(fields.take(TAG.INTEGER, 'signatureCounter').content);
	const timeItem = fields.peek();
	if (
		!timeItem ||
		![TAG.INTEGER, TAG.UTC_TIME, TAG.GENERALIZED_TIME].includes(timeItem.tag as 0x02)
	) {
		throw new DerError('expected logTime');
	}
	fields.take(timeItem.tag, 'logTime');
	const signatureItem = fields.take(TAG.OCTET_STRING, 'signatureValue');
	if (fields.remaining > 0) throw new DerError('unexpected data after signatureValue');

	const text = (tagNumber: number) => certified.get(tagNumber)?.toString('latin1');
	const transaction = kind === 'transaction';
	const number = transaction ? certified.get(5) : undefined;
	return {
		kind,
		version,
		certifiedDataType,
		operationType: text(0) ?? '',
		clientSerialNumber: transaction ? text(1) : undefined,
		processData: transaction ? certified.get(2) : undefined,
		processType: transaction ? text(3) : undefined,
		transactionNumber: number ? decodeUnsigned(number) : undefined,
		serialNumber: serial.toString('hex'),
		signatureAlgorithmOid: decodeOid(algorithm[0].content),
		signatureCounter,
		...readTime(timeItem),
		signature: signatureItem.content,
		dtbs: outer.content.subarray(0, signatureItem.start),
	};
}
