// The simulator's stand-in for the fiskaly SMAERS/CSP-L: P-256 keys, X.509 certificates from a local
// test CA, and TR-03151 log messages signed with ecdsa-plain-SHA256 (REFERENCE §2.6, §8.1–§8.3).

import * as crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import {
	DerWriter,
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
	tlvSize,
} from './der';
import type { TssKeyMaterial, TxOperation, UnixSeconds } from './types';

export const ALGORITHM = 'ecdsa-plain-SHA256';
export const ALGORITHM_OID = '0.4.0.127.0.7.1.1.4.1.3';
export const TRANSACTION_LOG_OID = '0.4.0.127.0.7.3.7.1.1';
export const SYSTEM_LOG_OID = '0.4.0.127.0.7.3.7.1.2';

const LOG_MESSAGE_VERSION = 2;

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
function rawPublicKey(publicKey: KeyObject): Buffer {
	const jwk = publicKey.export({ format: 'jwk' });
	if (jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('expected a P-256 public key');
	return Buffer.concat([
		Buffer.from([4]),
		Buffer.from(jwk.x, 'base64url'),
		Buffer.from(jwk.y, 'base64url'),
	]);
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
