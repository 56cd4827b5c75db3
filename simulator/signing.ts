// The simulator's stand-in for the fiskaly SMAERS/CSP-L: P-256 keys, X.509 certificates from a local
// test CA, and TR-03151 log messages signed with ecdsa-plain-SHA256 (REFERENCE §2.6, §8.1–§8.3).

import * as crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import {
	DerParseError,
	DerWriter,
	decodeOid,
	decodeSafeInteger,
	derBitString,
	derBoolean,
	derContextPrimitive,
	derExplicit,
	derInteger,
	derOctetString,
	derOid,
	derPrintableString,
	derSequence,
	derSet,
	derUnsignedInteger,
	derX509Time,
	integerTlvSize,
	isPrintableString,
	readTlv,
	readTlvs,
	TAG,
	Tlv,
	tlvSize,
} from './der';
import type { TssKeyMaterial, TxOperation, UnixSeconds } from './types';

export const ALGORITHM = 'ecdsa-plain-SHA256';
export const ALGORITHM_OID = '0.4.0.127.0.7.1.1.4.1.3';
export const TRANSACTION_LOG_OID = '0.4.0.127.0.7.3.7.1.1';
export const SYSTEM_LOG_OID = '0.4.0.127.0.7.3.7.1.2';
export const AUDIT_LOG_OID = '0.4.0.127.0.7.3.7.1.3';

const LOG_MESSAGE_VERSION = 2;
const SIGNATURE_BYTES = 64;
const RAW_POINT_BYTES = 65;
const SERIAL_BYTES = 32;

export const CERTIFICATE_ORGANIZATION = 'n8n-nodes-fiskaly-sign-de';
export const CA_COMMON_NAME = 'Simulator Test CA';
export const TSE_COMMON_NAME = 'Simulator Test TSE';

const OID = {
	ecPublicKey: '1.2.840.10045.2.1',
	prime256v1: '1.2.840.10045.3.1.7',
	ecdsaWithSha256: '1.2.840.10045.4.3.2',
	organizationName: '2.5.4.10',
	commonName: '2.5.4.3',
	subjectKeyIdentifier: '2.5.29.14',
	keyUsage: '2.5.29.15',
	basicConstraints: '2.5.29.19',
	authorityKeyIdentifier: '2.5.29.35',
};

const SECONDS_PER_YEAR = 365 * 24 * 60 * 60;

export interface CertificateAuthority {
	privateKeyPem: string;
	/** base64 DER, self-signed, O=n8n-nodes-fiskaly-sign-de, CN=Simulator Test CA. */
	certificate: string;
}

export interface SigningKey {
	privateKey: KeyObject;
	/** base64 of the raw point 04||X||Y. */
	publicKey: string;
	/** lowercase hex TSS serial. */
	serialNumber: string;
}

// ---------------------------------------------------------------------------------------------
// Keys and certificates

function generateP256(): { privateKey: KeyObject; publicKey: KeyObject } {
	return crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

/** 04||X||Y of a P-256 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
	const jwk = publicKey.export({ format: 'jwk' });
	if (jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('expected a P-256 public key');
	return Buffer.concat([
		Buffer.from([4]),
		Buffer.from(jwk.x, 'base64url'),
		Buffer.from(jwk.y, 'base64url'),
	]);
}

function publicKeyFromRaw(raw: Buffer): KeyObject {
	if (raw.length !== RAW_POINT_BYTES || raw[0] !== 4) {
		throw new RangeError('public key must be a 65-byte uncompressed P-256 point');
	}
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

function distinguishedName(commonName: string): Buffer {
	const attribute = (oid: string, value: string) =>
		derSet(derSequence(derOid(oid), derPrintableString(value)));
	return derSequence(
		attribute(OID.organizationName, CERTIFICATE_ORGANIZATION),
		attribute(OID.commonName, commonName),
	);
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
	// critical is BOOLEAN DEFAULT FALSE, so DER leaves it out unless true.
	return derSequence(derOid(oid), ...(critical ? [derBoolean(true)] : []), derOctetString(value));
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(rawPoint: Buffer): Buffer {
	return crypto.createHash('sha1').update(rawPoint).digest();
}

const ECDSA_WITH_SHA256 = derSequence(derOid(OID.ecdsaWithSha256));

interface CertificateFields {
	serial: Buffer;
	issuer: Buffer;
	subject: Buffer;
	notBefore: UnixSeconds;
	notAfter: UnixSeconds;
	subjectPublicKey: KeyObject;
	extensions: Buffer[];
	signer: KeyObject;
}

function buildCertificate(fields: CertificateFields): Buffer {
	const spki = fields.subjectPublicKey.export({ type: 'spki', format: 'der' });
	const tbs = derSequence(
		derExplicit(0, derInteger(2)), // v3
		derUnsignedInteger(fields.serial),
		ECDSA_WITH_SHA256,
		fields.issuer,
		derSequence(derX509Time(fields.notBefore), derX509Time(fields.notAfter)),
		fields.subject,
		spki,
		derExplicit(3, derSequence(...fields.extensions)),
	);
	const signature = crypto.sign('sha256', tbs, { key: fields.signer, dsaEncoding: 'der' });
	return derSequence(tbs, ECDSA_WITH_SHA256, derBitString(signature));
}

// KeyUsage bits as BIT STRING content: first byte = unused bits, then the bits (bit 0 = MSB).
const KEY_USAGE_DIGITAL_SIGNATURE = derBitString(Buffer.from([0x80]), 7);
const KEY_USAGE_CERT_AND_CRL_SIGN = derBitString(Buffer.from([0x06]), 1);

export function createCertificateAuthority(now: UnixSeconds): CertificateAuthority {
	const { privateKey, publicKey } = generateP256();
	const name = distinguishedName(CA_COMMON_NAME);
	const der = buildCertificate({
		serial: positiveRandomSerial(),
		issuer: name,
		subject: name,
		notBefore: now,
		notAfter: now + 10 * SECONDS_PER_YEAR,
		subjectPublicKey: publicKey,
		extensions: [
			extension(OID.basicConstraints, true, derSequence(derBoolean(true))), // cA TRUE
			extension(OID.keyUsage, true, KEY_USAGE_CERT_AND_CRL_SIGN),
			extension(
				OID.subjectKeyIdentifier,
				false,
				derOctetString(keyIdentifier(rawPublicKey(publicKey))),
			),
		],
		signer: privateKey,
	});
	return {
		privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
		certificate: der.toString('base64'),
	};
}

function positiveRandomSerial(): Buffer {
	const serial = crypto.randomBytes(16);
	serial[0] = (serial[0] & 0x7f) | 0x01; // positive and exactly 16 significant bytes
	return serial;
}

/** The parts of the CA certificate a TSS certificate refers to. */
function caIdentity(ca: CertificateAuthority): { subject: Buffer; rawPoint: Buffer } {
	const der = Buffer.from(ca.certificate, 'base64');
	const tbs = readTlvs(readTlv(der).content)[0];
	const fields = readTlvs(tbs.content);
	// version [0], serial, signature, issuer, validity, subject, spki, ...
	const subject = fields[5].raw;
	const rawPoint = rawPublicKey(
		crypto.createPublicKey({ key: fields[6].raw, format: 'der', type: 'spki' }),
	);
	return { subject, rawPoint };
}

export function createTssKeys(ca: CertificateAuthority, now: UnixSeconds): TssKeyMaterial {
	let pair = generateP256();
	let rawPoint = rawPublicKey(pair.publicKey);
	let serial = crypto.createHash('sha256').update(rawPoint).digest();
	// A serial starting with 0x00 would lose that byte in the certificate's INTEGER (DER is minimal), so the
	// certificate serial would no longer read as the 64-digit TSS serial. Such keys (1 in 256) are discarded.
	while (serial[0] === 0) {
		pair = generateP256();
		rawPoint = rawPublicKey(pair.publicKey);
		serial = crypto.createHash('sha256').update(rawPoint).digest();
	}
	const issuer = caIdentity(ca);
	const caKey = crypto.createPrivateKey(ca.privateKeyPem);
	const certificate = buildCertificate({
		serial,
		issuer: issuer.subject,
		subject: distinguishedName(TSE_COMMON_NAME),
		notBefore: now,
		notAfter: now + SECONDS_PER_YEAR,
		subjectPublicKey: pair.publicKey,
		extensions: [
			extension(OID.keyUsage, true, KEY_USAGE_DIGITAL_SIGNATURE),
			extension(OID.basicConstraints, false, derSequence()), // cA FALSE (DEFAULT, so omitted)
			extension(
				OID.authorityKeyIdentifier,
				false,
				derSequence(derContextPrimitive(0, keyIdentifier(issuer.rawPoint))),
			),
		],
		signer: caKey,
	});
	return {
		privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
		publicKey: rawPoint.toString('base64'),
		serialNumber: serial.toString('hex'),
		certificate: certificate.toString('base64'),
	};
}

export function loadSigningKey(keys: TssKeyMaterial): SigningKey {
	return {
		privateKey: crypto.createPrivateKey(keys.privateKeyPem),
		publicKey: keys.publicKey,
		serialNumber: keys.serialNumber,
	};
}

// ---------------------------------------------------------------------------------------------
// TR-03151 log messages

export interface TransactionLogFields {
	operation: TxOperation;
	clientSerial: string;
	processType: string;
	processData: Buffer;
	transactionNumber: number;
	/** TSS serial, hex. */
	serialNumber: string;
	signatureCounter: number;
	logTime: UnixSeconds;
}

export interface SystemLogFields {
	/** TR-03151 system operation, e.g. 'authenticateUser', 'registerClient'. */
	operationType: string;
	systemOperationData: Buffer;
	serialNumber: string;
	signatureCounter: number;
	logTime: UnixSeconds;
}

const TRANSACTION_OPERATION_TYPES: Record<TxOperation, string> = {
	Start: 'StartTransaction',
	Update: 'UpdateTransaction',
	Finish: 'FinishTransaction',
};

// Constant leading and trailing pieces of every DTBS, encoded once.
const VERSION_TLV = derInteger(LOG_MESSAGE_VERSION);
const TRANSACTION_LOG_HEAD = Buffer.concat([VERSION_TLV, derOid(TRANSACTION_LOG_OID)]);
const SYSTEM_LOG_HEAD = Buffer.concat([VERSION_TLV, derOid(SYSTEM_LOG_OID)]);
const ALGORITHM_TLV = derSequence(derOid(ALGORITHM_OID));
/** IMPLICIT context-specific primitive tags [0]..[5] of the log fields. */
const CONTEXT_TAG = [0x80, 0x81, 0x82, 0x83, 0x84, 0x85] as const;

function serialTlv(serialHex: string): Buffer {
	if (!/^[0-9a-fA-F]{64}$/.test(serialHex)) {
		throw new RangeError('serialNumber must be 64 hex digits');
	}
	return derOctetString(Buffer.from(serialHex, 'hex'));
}

// serialNumber and signatureAlgorithm are the same in every log of a TSS: encoded once per serial.
const serialAndAlgorithmCache = new Map<string, Buffer>();
const SERIAL_CACHE_LIMIT = 1000;

function serialAndAlgorithmTlvs(serialHex: string): Buffer {
	let encoded = serialAndAlgorithmCache.get(serialHex);
	if (!encoded) {
		encoded = Buffer.concat([serialTlv(serialHex), ALGORITHM_TLV]);
		if (serialAndAlgorithmCache.size >= SERIAL_CACHE_LIMIT) serialAndAlgorithmCache.clear();
		serialAndAlgorithmCache.set(serialHex, encoded);
	}
	return encoded;
}

function requirePrintable(field: string, text: string): string {
	if (!isPrintableString(text)) {
		throw new RangeError(`${field} "${text}" contains characters a PrintableString cannot hold`);
	}
	return text;
}

function printableContent(field: string, text: string): Buffer {
	return Buffer.from(requirePrintable(field, text), 'latin1');
}

function dtbsTail(serialNumber: string, signatureCounter: number, logTime: UnixSeconds): Buffer[] {
	return [serialAndAlgorithmTlvs(serialNumber), derInteger(signatureCounter), derInteger(logTime)];
}

/**
 * The signed bytes of a transaction log: the DER fields version..logTime concatenated (REFERENCE §8.3).
 * A Start log (no schema yet) carries processData and processType as present but EMPTY fields
 * (`82 00`, `83 00`): TR-03151 declares both mandatory, so they are never omitted.
 */
export function buildTransactionDtbs(input: TransactionLogFields): Buffer {
	const operationType = TRANSACTION_OPERATION_TYPES[input.operation];
	if (!operationType) {
		throw new RangeError(`unknown transaction operation ${String(input.operation)}`);
	}
	const clientSerial = requirePrintable('clientSerial', input.clientSerial);
	const processType = requirePrintable('processType', input.processType);
	const serialAndAlgorithm = serialAndAlgorithmTlvs(input.serialNumber);
	// One buffer for the whole DTBS: this runs for every upsert.
	const size =
		TRANSACTION_LOG_HEAD.length +
		tlvSize(operationType.length) +
		tlvSize(clientSerial.length) +
		tlvSize(input.processData.length) +
		tlvSize(processType.length) +
		integerTlvSize(input.transactionNumber) +
		serialAndAlgorithm.length +
		integerTlvSize(input.signatureCounter) +
		integerTlvSize(input.logTime);
	return new DerWriter(size)
		.raw(TRANSACTION_LOG_HEAD)
		.latin1(CONTEXT_TAG[0], operationType)
		.latin1(CONTEXT_TAG[1], clientSerial)
		.tlv(CONTEXT_TAG[2], input.processData)
		.latin1(CONTEXT_TAG[3], processType)
		.integer(CONTEXT_TAG[5], input.transactionNumber)
		.raw(serialAndAlgorithm)
		.integer(TAG.INTEGER, input.signatureCounter)
		.integer(TAG.INTEGER, input.logTime)
		.finish();
}

export function buildSystemDtbs(input: SystemLogFields): Buffer {
	return Buffer.concat([
		SYSTEM_LOG_HEAD,
		derContextPrimitive(0, printableContent('operationType', input.operationType)),
		derContextPrimitive(1, input.systemOperationData),
		...dtbsTail(input.serialNumber, input.signatureCounter, input.logTime),
	]);
}

export function signLog(key: SigningKey, dtbs: Buffer): { signature: string; message: string } {
	const signature = crypto.sign('sha256', dtbs, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
	const contentLength = dtbs.length + tlvSize(signature.length);
	const message = new DerWriter(tlvSize(contentLength))
		.header(TAG.SEQUENCE, contentLength)
		.raw(dtbs)
		.tlv(TAG.OCTET_STRING, signature)
		.finish();
	return { signature: signature.toString('base64'), message: message.toString('base64') };
}

const publicKeyCache = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE_LIMIT = 1000;

function cachedPublicKey(publicKeyBase64: string): KeyObject {
	let key = publicKeyCache.get(publicKeyBase64);
	if (!key) {
		key = publicKeyFromRaw(Buffer.from(publicKeyBase64, 'base64'));
		if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear();
		publicKeyCache.set(publicKeyBase64, key);
	}
	return key;
}

/** True when `signature` (64-byte r||s, base64 or raw) is a valid ecdsa-plain-SHA256 signature of `dtbs`. */
export function verifyLogSignature(
	publicKeyBase64: string,
	dtbs: Buffer,
	signature: string | Buffer,
): boolean {
	const signatureBytes =
		typeof signature === 'string' ? Buffer.from(signature, 'base64') : signature;
	if (signatureBytes.length !== SIGNATURE_BYTES) return false;
	let key: KeyObject;
	try {
		key = cachedPublicKey(publicKeyBase64);
	} catch {
		return false;
	}
	return crypto.verify('sha256', dtbs, { key, dsaEncoding: 'ieee-p1363' }, signatureBytes);
}

export interface ParsedLogMessage {
	version: number;
	certifiedDataType: string;
	kind: 'transaction' | 'system' | 'audit' | 'unknown';
	/** [0] operationType, e.g. "FinishTransaction" or "authenticateUser". */
	operationType: string;
	/** Transaction logs: [1] clientId (the client serial). */
	clientId?: string;
	/** Transaction logs: [2] processData. */
	processData?: Buffer;
	/** Transaction logs: [3] processType. */
	processType?: string;
	/** Transaction logs: [4] additionalExternalData, when present. */
	additionalExternalData?: Buffer;
	/** Transaction logs: [5] transactionNumber. */
	transactionNumber?: number;
	/** [6] (transaction) or [2] (system) additionalInternalData, when present. */
	additionalInternalData?: Buffer;
	/** System logs: [1] systemOperationData. */
	systemOperationData?: Buffer;
	/** Audit logs only. */
	seAuditData?: Buffer;
	/** TSS serial, lowercase hex. */
	serialNumber: string;
	signatureAlgorithm: string;
	signatureCounter: number;
	/** unix seconds, whichever logTime CHOICE was used. */
	logTime: UnixSeconds;
	logTimeFormat: 'unixTime' | 'utcTime' | 'generalizedTime';
	signature: Buffer;
	/** The signed bytes: every field from version up to and including logTime. */
	dtbs: Buffer;
}

class FieldReader {
	private index = 0;
	constructor(private readonly items: Tlv[]) {}

	peek(): Tlv | undefined {
		return this.items[this.index];
	}

	take(tag: number, field: string): Tlv {
		const item = this.items[this.index];
		if (!item || item.tag !== tag) {
			throw new DerParseError(
				`log message: expected ${field} (tag 0x${tag.toString(16)}), found ${item ? '0x' + item.tag.toString(16) : 'end'}`,
			);
		}
		this.index++;
		return item;
	}

	takeIf(tag: number): Tlv | undefined {
		return this.peek()?.tag === tag ? this.items[this.index++] : undefined;
	}

	get done(): boolean {
		return this.index >= this.items.length;
	}
}

function parseTime(item: Tlv): {
	logTime: number;
	logTimeFormat: ParsedLogMessage['logTimeFormat'];
} {
	if (item.tag === TAG.INTEGER) {
		return { logTime: decodeSafeInteger(item.content), logTimeFormat: 'unixTime' };
	}
	const text = item.content.toString('latin1');
	const match = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
	if (!match || (item.tag === TAG.UTC_TIME) !== (match[1].length === 2)) {
		throw new DerParseError(`log message: bad logTime "${text}"`);
	}
	const year =
		match[1].length === 4
			? Number(match[1])
			: Number(match[1]) + (Number(match[1]) < 50 ? 2000 : 1900);
	const [month, day, hour, minute, second] = match.slice(2).map(Number);
	return {
		logTime: Date.UTC(year, month - 1, day, hour, minute, second) / 1000,
		logTimeFormat: item.tag === TAG.UTC_TIME ? 'utcTime' : 'generalizedTime',
	};
}

const LOG_TIME_TAGS = new Set<number>([TAG.INTEGER, TAG.UTC_TIME, TAG.GENERALIZED_TIME]);

function logKind(certifiedDataType: string): ParsedLogMessage['kind'] {
	if (certifiedDataType === TRANSACTION_LOG_OID) return 'transaction';
	if (certifiedDataType === SYSTEM_LOG_OID) return 'system';
	if (certifiedDataType === AUDIT_LOG_OID) return 'audit';
	return 'unknown';
}

/** Decodes a complete DER TR-03151 LogMessage (transaction, system or audit log). */
export function parseLogMessage(message: Buffer): ParsedLogMessage {
	const outer = readTlv(message);
	if (outer.tag !== TAG.SEQUENCE || outer.end !== message.length) {
		throw new DerParseError('log message: not a single DER SEQUENCE');
	}
	const reader = new FieldReader(readTlvs(outer.content));
	const version = decodeSafeInteger(reader.take(TAG.INTEGER, 'version').content);
	const certifiedDataType = decodeOid(reader.take(TAG.OID, 'certifiedDataType').content);
	const kind = logKind(certifiedDataType);

	// certifiedData: the implicitly tagged context-specific fields, keyed by tag number.
	const certified = new Map<number, Buffer>();
	for (let item = reader.peek(); item && (item.tag & 0xe0) === 0x80; item = reader.peek()) {
		certified.set(item.tag & 0x1f, Buffer.from(reader.take(item.tag, 'certifiedData').content));
	}
	const text = (tagNumber: number) => certified.get(tagNumber)?.toString('latin1');
	const transaction = kind === 'transaction';
	const transactionNumber = transaction ? certified.get(5) : undefined;

	const serial = reader.take(TAG.OCTET_STRING, 'serialNumber').content;
	if (serial.length !== SERIAL_BYTES) {
		throw new DerParseError(`log message: serialNumber has ${serial.length} bytes, expected 32`);
	}
	const algorithm = readTlvs(reader.take(TAG.SEQUENCE, 'signatureAlgorithm').content);
	if (algorithm[0]?.tag !== TAG.OID) {
		throw new DerParseError('log message: signatureAlgorithm without OID');
	}
	const seAuditData = reader.takeIf(TAG.OCTET_STRING)?.content;
	const signatureCounter = decodeSafeInteger(reader.take(TAG.INTEGER, 'signatureCounter').content);
	const timeItem = reader.peek();
	if (!timeItem || !LOG_TIME_TAGS.has(timeItem.tag)) {
		throw new DerParseError('log message: expected logTime');
	}
	reader.take(timeItem.tag, 'logTime');
	const signatureItem = reader.take(TAG.OCTET_STRING, 'signatureValue');
	if (!reader.done) throw new DerParseError('log message: unexpected data after signatureValue');

	return {
		version,
		certifiedDataType,
		kind,
		operationType: text(0) ?? '',
		clientId: transaction ? text(1) : undefined,
		processData: transaction ? certified.get(2) : undefined,
		processType: transaction ? text(3) : undefined,
		additionalExternalData: transaction ? certified.get(4) : undefined,
		transactionNumber: transactionNumber ? decodeSafeInteger(transactionNumber) : undefined,
		additionalInternalData: transaction
			? certified.get(6)
			: kind === 'system'
				? certified.get(2)
				: undefined,
		systemOperationData: kind === 'system' ? certified.get(1) : undefined,
		seAuditData: seAuditData ? Buffer.from(seAuditData) : undefined,
		serialNumber: serial.toString('hex'),
		signatureAlgorithm: decodeOid(algorithm[0].content),
		signatureCounter,
		...parseTime(timeItem),
		signature: Buffer.from(signatureItem.content),
		dtbs: Buffer.from(outer.content.subarray(0, signatureItem.start)),
	};
}

// ---------------------------------------------------------------------------------------------
// Benchmark helper

/** Raw ECDSA P-256 signatures per second over a fixed 200-byte DTBS, measured for `durationMs`. */
export function measureRawSignRate(durationMs: number): number {
	const { privateKey } = generateP256();
	const dtbs = Buffer.alloc(200, 0x5a);
	const started = process.hrtime.bigint();
	const budget = BigInt(Math.max(1, Math.round(durationMs))) * 1_000_000n;
	let signatures = 0;
	let elapsed = 0n;
	do {
		for (let i = 0; i < 100; i++) {
			crypto.sign('sha256', dtbs, { key: privateKey, dsaEncoding: 'ieee-p1363' });
		}
		signatures += 100;
		elapsed = process.hrtime.bigint() - started;
	} while (elapsed < budget);
	return Math.round((signatures * 1e9) / Number(elapsed));
}
