// The signing machinery (simulator/der.ts, simulator/signing.ts): DER, certificates, TR-03151 log
// messages and signatures, checked against fiskaly's real test vector and node:crypto.

import * as crypto from 'node:crypto';

import {
	derBitString,
	derContextPrimitive,
	derExplicit,
	derGeneralizedTime,
	derInteger,
	derOctetString,
	derOid,
	derPrintableString,
	derSequence,
	derSet,
	derUtcTime,
	derX509Time,
	encodeLength,
	readTlv,
	readTlvs,
} from '../../../simulator/sign-de/der';
import {
	ALGORITHM,
	buildSystemDtbs,
	buildTransactionDtbs,
	createCertificateAuthority,
	createTssKeys,
	loadSigningKey,
	signLog,
	SigningKey,
	TransactionLogFields,
} from '../../../simulator/sign-de/signing';
import type { TssKeyMaterial } from '../../../simulator/sign-de/types';
import {
	decodeInteger,
	decodeOid,
	parseLogMessage,
	verifyPlainSignature as verifyLogSignature,
} from '../../support/tr03151';
import { derUtf8String } from '../support/der';
import * as oracle from '../../support/tr03151';

import vectors from '../../fixtures/test-vectors.json';

const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z

/** Independent check: the tests' own plain r||s verification with node:crypto (test/support/tr03151.ts). */
const independentVerify = oracle.verifyPlainSignature;

describe('der', () => {
	it.each([
		[0, '020100'],
		[1, '020101'],
		[127, '02017f'],
		[128, '02020080'],
		[255, '020200ff'],
		[256, '02020100'],
		[-1, '0201ff'],
		[-128, '020180'],
		[-129, '0202ff7f'],
		[33, '020121'],
		[1674239505, '020463cade11'],
		[0x80000000, '02050080000000'],
		[Number.MAX_SAFE_INTEGER, '02071fffffffffffff'],
		[2n ** 64n, '0209010000000000000000'],
		[-(2n ** 63n), '02088000000000000000'],
	])('INTEGER %s encodes minimally as %s', (value, hex) => {
		const encoded = derInteger(value);
		expect(encoded.toString('hex')).toBe(hex);
		expect(decodeInteger(readTlv(encoded).content)).toBe(BigInt(value));
	});

	it('refuses numbers that are not safe integers', () => {
		expect(() => derInteger(2 ** 53)).toThrow(/safe integer/);
		expect(() => derInteger(1.5)).toThrow(/safe integer/);
	});

	it.each([
		['1.2.840.10045.2.1', '06072a8648ce3d0201'],
		['2.5.4.3', '0603550403'],
		['0.4.0.127.0.7.3.7.1.1', '060904007f0007030701' + '01'],
		['0.4.0.127.0.7.1.1.4.1.3', '060a04007f00070101040103'],
		['2.999.3', '0603883703'],
	])('OID %s encodes as %s and decodes back', (oid, hex) => {
		expect(derOid(oid).toString('hex')).toBe(hex);
		expect(decodeOid(readTlv(Buffer.from(hex, 'hex')).content)).toBe(oid);
	});

	it.each([
		[0, '00'],
		[127, '7f'],
		[128, '8180'],
		[255, '81ff'],
		[256, '820100'],
		[65536, '83010000'],
	])('length %i is encoded as %s and read back', (length, hex) => {
		expect(encodeLength(length).toString('hex')).toBe(hex);
		const tlvBytes = Buffer.concat([
			Buffer.from([0x04]),
			encodeLength(length),
			Buffer.alloc(length, 7),
		]);
		const item = readTlv(tlvBytes);
		expect(item.content.length).toBe(length);
		expect(item.end).toBe(tlvBytes.length);
	});

	it('encodes times as UTCTime / GeneralizedTime and picks the X.509 form by year', () => {
		expect(derUtcTime(1674239242).toString('latin1').slice(2)).toBe('230120182722Z');
		expect(derGeneralizedTime(1674239242).toString('latin1').slice(2)).toBe('20230120182722Z');
		expect(derX509Time(Date.UTC(2049, 11, 31) / 1000)[0]).toBe(0x17);
		expect(derX509Time(Date.UTC(2050, 0, 1) / 1000)[0]).toBe(0x18);
		expect(() => derUtcTime(Date.UTC(2050, 0, 1) / 1000)).toThrow(/UTCTime/);
	});

	it('accepts only PrintableString characters', () => {
		expect(derPrintableString("ERS 1/2 (a)+b,c-d.e:f=g?'").length).toBeGreaterThan(2);
		expect(() => derPrintableString('under_score')).toThrow(/PrintableString/);
		expect(() => derPrintableString('Döner')).toThrow(/PrintableString/);
	});

	it('encodes UTF8String, OCTET STRING and explicit tags', () => {
		expect(derUtf8String('Döner').toString('hex')).toBe(
			'0c06' + Buffer.from('Döner', 'utf8').toString('hex'),
		);
		expect(derOctetString(Buffer.from([1, 2])).toString('hex')).toBe('04020102');
		expect(derExplicit(0, derInteger(2)).toString('hex')).toBe('a003020102');
		expect(derBitString(Buffer.from([0x80]), 7).toString('hex')).toBe('03020780');
	});

	it('sorts SET OF elements and reads nested structures back', () => {
		const set = derSet(derInteger(5), derInteger(1));
		expect(set.toString('hex')).toBe('3106020101020105');
		const nested = derSequence(derContextPrimitive(5, Buffer.from([1])), set);
		const [context, inner] = readTlvs(readTlv(nested).content);
		expect(context.tag).toBe(0x85);
		expect(readTlvs(inner.content).map((item) => item.content[0])).toEqual([1, 5]);
	});

	it.each([
		['truncated content', '040501'],
		['truncated length', '0482'],
		['indefinite length', '3080'],
	])('rejects %s', (_label, hex) => {
		expect(() => readTlv(Buffer.from(hex, 'hex'))).toThrow();
	});
});

describe('real fiskaly test vector (UpdateTransaction, counter 33)', () => {
	const update = vectors.update_transaction;
	const fields: TransactionLogFields = {
		operation: 'Update',
		clientSerial: update.client_serial_number,
		processType: update.process_type,
		processData: Buffer.from(update.process_data, 'utf8'),
		transactionNumber: update.transaction_number,
		serialNumber: vectors.tss.serial_number,
		signatureCounter: update.signature_counter,
		logTime: update.log_time_unix,
	};

	it('rebuilds the signed bytes byte for byte', () => {
		expect(buildTransactionDtbs(fields).toString('hex')).toBe(update.dtbs_hex);
	});

	it("verifies fiskaly's signature over the rebuilt bytes", () => {
		const dtbs = buildTransactionDtbs(fields);
		expect(
			independentVerify(
				vectors.tss.public_key,
				dtbs,
				Buffer.from(update.signature_value, 'base64'),
			),
		).toBe(true);
		expect(verifyLogSignature(vectors.tss.public_key, dtbs, update.signature_value)).toBe(true);
	});

	it('no longer verifies when a single field differs', () => {
		const otherCounter = buildTransactionDtbs({ ...fields, signatureCounter: 34 });
		expect(verifyLogSignature(vectors.tss.public_key, otherCounter, update.signature_value)).toBe(
			false,
		);
	});

	it('the serial is the SHA-256 of the public key, as for the real TSS', () => {
		const digest = crypto
			.createHash('sha256')
			.update(Buffer.from(vectors.tss.public_key, 'base64'))
			.digest('hex');
		expect(digest).toBe(vectors.tss.serial_number);
	});

	it('parses a log message assembled from the vector', () => {
		const message = derSequence(
			Buffer.from(update.dtbs_hex, 'hex'),
			Buffer.concat([Buffer.from([0x04, 64]), Buffer.from(update.signature_value, 'base64')]),
		);
		const parsed = parseLogMessage(message);
		expect(parsed).toMatchObject({
			version: 2,
			certifiedDataType: '0.4.0.127.0.7.3.7.1.1',
			kind: 'transaction',
			operationType: 'UpdateTransaction',
			clientId: update.client_serial_number,
			processType: 'Kassenbeleg-V1',
			transactionNumber: 1,
			serialNumber: vectors.tss.serial_number,
			signatureAlgorithm: vectors.tss.algorithm_oid,
			signatureCounter: 33,
			logTime: 1674239505,
			logTimeFormat: 'unixTime',
		});
		expect(parsed.processData?.toString('utf8')).toBe(update.process_data);
		expect(parsed.dtbs.toString('hex')).toBe(update.dtbs_hex);
		expect(parsed.signature.toString('base64')).toBe(update.signature_value);
	});
});

describe('certificates', () => {
	const ca = createCertificateAuthority(NOW);
	const caCert = new crypto.X509Certificate(Buffer.from(ca.certificate, 'base64'));
	const keys = createTssKeys(ca, NOW);
	const tssCert = new crypto.X509Certificate(Buffer.from(keys.certificate, 'base64'));

	it('the CA certificate is self-signed with the simulator subject', () => {
		expect(caCert.subject).toBe('O=n8n-nodes-fiskaly-sign-de\nCN=Simulator Test CA');
		expect(caCert.issuer).toBe(caCert.subject);
		expect(caCert.ca).toBe(true);
		expect(caCert.verify(caCert.publicKey)).toBe(true);
		expect(crypto.createPrivateKey(ca.privateKeyPem).asymmetricKeyDetails?.namedCurve).toBe(
			'prime256v1',
		);
	});

	it('the TSS certificate is issued and signed by the CA', () => {
		expect(tssCert.subject).toBe('O=n8n-nodes-fiskaly-sign-de\nCN=Simulator Test TSE');
		expect(tssCert.issuer).toBe(caCert.subject);
		expect(tssCert.checkIssued(caCert)).toBe(true);
		expect(tssCert.verify(caCert.publicKey)).toBe(true);
		expect(
			tssCert.verify(crypto.createPublicKey(crypto.createPrivateKey(keys.privateKeyPem))),
		).toBe(false);
		expect(tssCert.ca).toBe(false);
	});

	it('carries the TSS serial as certificate serial and the TSS public key', () => {
		expect(keys.serialNumber).toMatch(/^[0-9a-f]{64}$/);
		expect(tssCert.serialNumber).toBe(keys.serialNumber.toUpperCase());
		const rawPoint = Buffer.from(keys.publicKey, 'base64');
		expect(rawPoint).toHaveLength(65);
		expect(rawPoint[0]).toBe(4);
		expect(crypto.createHash('sha256').update(rawPoint).digest('hex')).toBe(keys.serialNumber);
		const certKeyJwk = tssCert.publicKey.export({ format: 'jwk' });
		expect(
			Buffer.concat([
				Buffer.from([4]),
				Buffer.from(certKeyJwk.x!, 'base64url'),
				Buffer.from(certKeyJwk.y!, 'base64url'),
			]),
		).toEqual(rawPoint);
		expect(
			tssCert.publicKey.equals(crypto.createPublicKey(crypto.createPrivateKey(keys.privateKeyPem))),
		).toBe(true);
	});

	it('is valid from now for one year', () => {
		expect(new Date(tssCert.validFrom).getTime() / 1000).toBe(NOW);
		expect(new Date(tssCert.validTo).getTime() / 1000).toBe(NOW + 365 * 86400);
	});

	it('has KeyUsage digitalSignature (critical), BasicConstraints CA:FALSE and the CA key id', () => {
		const der = Buffer.from(keys.certificate, 'base64');
		const tbs = readTlvs(readTlv(der).content)[0];
		const explicitExtensions = readTlvs(tbs.content).find((item) => item.tag === 0xa3)!;
		const extensions = readTlvs(readTlv(explicitExtensions.content).content).map((ext) =>
			readTlvs(ext.content),
		);
		const byOid = new Map(extensions.map((parts) => [decodeOid(parts[0].content), parts]));
		const keyUsage = byOid.get('2.5.29.15')!;
		expect(keyUsage[1].raw.toString('hex')).toBe('0101ff'); // critical
		expect(keyUsage[2].content.toString('hex')).toBe('03020780'); // digitalSignature only
		expect(byOid.get('2.5.29.19')![1].content.toString('hex')).toBe('3000');
		const caSpkiPoint = caCert.publicKey.export({ format: 'jwk' });
		const caRaw = Buffer.concat([
			Buffer.from([4]),
			Buffer.from(caSpkiPoint.x!, 'base64url'),
			Buffer.from(caSpkiPoint.y!, 'base64url'),
		]);
		const expectedKeyId = crypto.createHash('sha1').update(caRaw).digest('hex');
		expect(byOid.get('2.5.29.35')![1].content.toString('hex')).toBe(
			`3016` + `8014${expectedKeyId}`,
		);
	});

	it('every TSS gets its own key and serial', () => {
		const second = createTssKeys(ca, NOW);
		expect(second.serialNumber).not.toBe(keys.serialNumber);
		expect(second.publicKey).not.toBe(keys.publicKey);
	});
});

describe('signing logs', () => {
	let keys: TssKeyMaterial;
	let key: SigningKey;

	beforeAll(() => {
		keys = createTssKeys(createCertificateAuthority(NOW), NOW);
		key = loadSigningKey(keys);
	});

	const finish = (overrides: Partial<TransactionLogFields> = {}): TransactionLogFields => ({
		operation: 'Finish',
		clientSerial: 'ERS kasse/1 (Theke)',
		processType: 'Kassenbeleg-V1',
		processData: Buffer.from('Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar', 'utf8'),
		transactionNumber: 7,
		serialNumber: keys.serialNumber,
		signatureCounter: 300,
		logTime: NOW + 60,
		...overrides,
	});

	it('loadSigningKey keeps the public key and serial', () => {
		expect(key.publicKey).toBe(keys.publicKey);
		expect(key.serialNumber).toBe(keys.serialNumber);
		expect(key.privateKey.asymmetricKeyType).toBe('ec');
	});

	it('produces a 64-byte plain signature that verifies independently over the rebuilt DTBS', () => {
		const dtbs = buildTransactionDtbs(finish());
		const { signature, message } = signLog(key, dtbs);
		const signatureBytes = Buffer.from(signature, 'base64');
		expect(signatureBytes).toHaveLength(64);
		expect(independentVerify(keys.publicKey, buildTransactionDtbs(finish()), signatureBytes)).toBe(
			true,
		);
		const certKey = new crypto.X509Certificate(Buffer.from(keys.certificate, 'base64')).publicKey;
		expect(
			crypto.verify('sha256', dtbs, { key: certKey, dsaEncoding: 'ieee-p1363' }, signatureBytes),
		).toBe(true);

		const parsed = parseLogMessage(Buffer.from(message, 'base64'));
		expect(parsed.dtbs).toEqual(dtbs);
		expect(parsed.signature).toEqual(signatureBytes);
	});

	it('the log message is SEQUENCE { dtbs fields, OCTET STRING signature }', () => {
		const dtbs = buildTransactionDtbs(finish());
		const { signature, message } = signLog(key, dtbs);
		const outer = readTlv(Buffer.from(message, 'base64'));
		expect(outer.tag).toBe(0x30);
		expect(outer.content.subarray(0, dtbs.length)).toEqual(dtbs);
		expect(outer.content.subarray(dtbs.length).toString('hex')).toBe(
			'0440' + Buffer.from(signature, 'base64').toString('hex'),
		);
	});

	it('parses back every field of a transaction log', () => {
		const { message } = signLog(key, buildTransactionDtbs(finish()));
		const parsed = parseLogMessage(Buffer.from(message, 'base64'));
		expect(parsed).toMatchObject({
			version: 2,
			certifiedDataType: '0.4.0.127.0.7.3.7.1.1',
			kind: 'transaction',
			operationType: 'FinishTransaction',
			clientId: 'ERS kasse/1 (Theke)',
			processType: 'Kassenbeleg-V1',
			transactionNumber: 7,
			serialNumber: keys.serialNumber,
			signatureAlgorithm: '0.4.0.127.0.7.1.1.4.1.3',
			signatureCounter: 300,
			logTime: NOW + 60,
		});
		expect(parsed.processData?.toString('utf8')).toBe(
			'Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar',
		);
		expect(verifyLogSignature(keys.publicKey, parsed.dtbs, parsed.signature)).toBe(true);
		expect(ALGORITHM).toBe('ecdsa-plain-SHA256');
	});

	it.each([
		['Start', 'StartTransaction'],
		['Update', 'UpdateTransaction'],
		['Finish', 'FinishTransaction'],
	] as const)('operation %s is logged as %s', (operation, operationType) => {
		const { message } = signLog(key, buildTransactionDtbs(finish({ operation })));
		expect(parseLogMessage(Buffer.from(message, 'base64')).operationType).toBe(operationType);
	});

	it('encodes a schema-less Start with present but empty processData [2] and processType [3]', () => {
		const dtbs = buildTransactionDtbs(
			finish({ operation: 'Start', processType: '', processData: Buffer.alloc(0) }),
		);
		const items = readTlvs(dtbs);
		expect(items.map((item) => item.tag.toString(16))).toEqual([
			'2',
			'6',
			'80',
			'81',
			'82',
			'83',
			'85',
			'4',
			'30',
			'2',
			'2',
		]);
		expect(items[4].raw.toString('hex')).toBe('8200');
		expect(items[5].raw.toString('hex')).toBe('8300');
		const { signature, message } = signLog(key, dtbs);
		const parsed = parseLogMessage(Buffer.from(message, 'base64'));
		expect(parsed.processData).toEqual(Buffer.alloc(0));
		expect(parsed.processType).toBe('');
		expect(independentVerify(keys.publicKey, dtbs, Buffer.from(signature, 'base64'))).toBe(true);
	});

	it.each([
		['processData byte', (m: Buffer) => flipByteOf(m, Buffer.from('Beleg'))],
		['signature counter', (m: Buffer) => flipByteOf(m, Buffer.from([0x02, 0x02, 0x01, 0x2c]))],
		['signature', (m: Buffer) => flipLastByte(m)],
	])('tampering with the %s breaks verification', (_label, tamper) => {
		const { message } = signLog(key, buildTransactionDtbs(finish()));
		const tampered = tamper(Buffer.from(message, 'base64'));
		const parsed = parseLogMessage(tampered);
		expect(verifyLogSignature(keys.publicKey, parsed.dtbs, parsed.signature)).toBe(false);
		expect(independentVerify(keys.publicKey, parsed.dtbs, parsed.signature)).toBe(false);
	});

	it('a tampered processData rebuilt into the DTBS fails verification', () => {
		const { signature } = signLog(key, buildTransactionDtbs(finish()));
		const processData = Buffer.from('Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar', 'utf8');
		processData[6] ^= 0x01; // 21.42 → 31.42
		expect(
			verifyLogSignature(keys.publicKey, buildTransactionDtbs(finish({ processData })), signature),
		).toBe(false);
	});

	it('a signature by another TSS does not verify with this key', () => {
		const other = loadSigningKey(createTssKeys(createCertificateAuthority(NOW), NOW));
		const dtbs = buildTransactionDtbs(finish());
		expect(verifyLogSignature(keys.publicKey, dtbs, signLog(other, dtbs).signature)).toBe(false);
	});

	it('handles counters and times whose high bit needs a leading zero byte', () => {
		const dtbs = buildTransactionDtbs(
			finish({ signatureCounter: 128, transactionNumber: 255, logTime: 0x80000000 }),
		);
		const parsed = parseLogMessage(Buffer.from(signLog(key, dtbs).message, 'base64'));
		expect(parsed).toMatchObject({
			signatureCounter: 128,
			transactionNumber: 255,
			logTime: 0x80000000,
		});
	});

	it('signs and parses system logs', () => {
		const dtbs = buildSystemDtbs({
			operationType: 'registerClient',
			systemOperationData: Buffer.from('ERS kasse/1 (Theke)', 'utf8'),
			serialNumber: keys.serialNumber,
			signatureCounter: 28,
			logTime: NOW,
		});
		const items = readTlvs(dtbs);
		expect(items.map((item) => item.tag.toString(16))).toEqual([
			'2',
			'6',
			'80',
			'81',
			'4',
			'30',
			'2',
			'2',
		]);
		const { signature, message } = signLog(key, dtbs);
		const parsed = parseLogMessage(Buffer.from(message, 'base64'));
		expect(parsed).toMatchObject({
			kind: 'system',
			certifiedDataType: '0.4.0.127.0.7.3.7.1.2',
			operationType: 'registerClient',
			signatureCounter: 28,
			logTime: NOW,
			serialNumber: keys.serialNumber,
		});
		expect(parsed.systemOperationData?.toString('utf8')).toBe('ERS kasse/1 (Theke)');
		expect(parsed.clientId).toBeUndefined();
		expect(independentVerify(keys.publicKey, dtbs, Buffer.from(signature, 'base64'))).toBe(true);
	});

	it.each([
		['clientSerial', { clientSerial: 'kasse_1' }],
		['processType', { processType: 'Kassenbeleg_V1' }],
		['serialNumber', { serialNumber: 'abc' }],
	])('refuses a %s that cannot be encoded', (field, override) => {
		expect(() => buildTransactionDtbs(finish(override))).toThrow(new RegExp(field));
	});

	it('verifyLogSignature answers false for malformed keys and signatures', () => {
		const dtbs = buildTransactionDtbs(finish());
		const { signature } = signLog(key, dtbs);
		expect(verifyLogSignature(keys.publicKey, dtbs, Buffer.alloc(63))).toBe(false);
		expect(verifyLogSignature('AAAA', dtbs, signature)).toBe(false);
	});

	it.each([
		['not a SEQUENCE', '020102'],
		['trailing bytes', '3003020102' + '00'],
		['missing fields', '3003020102'],
	])('parseLogMessage rejects %s', (_label, hex) => {
		expect(() => parseLogMessage(Buffer.from(hex, 'hex'))).toThrow();
	});
});

function flipByteOf(message: Buffer, marker: Buffer): Buffer {
	const copy = Buffer.from(message);
	const at = copy.indexOf(marker);
	if (at < 0) throw new Error('marker not found');
	copy[at + marker.length - 1] ^= 0x01;
	return copy;
}

function flipLastByte(message: Buffer): Buffer {
	const copy = Buffer.from(message);
	copy[copy.length - 1] ^= 0x01;
	return copy;
}

// The simulator tests check signatures with test/support/tr03151.ts, not with the code above; this
// shows that reader rebuilds fiskaly's own bytes and is not a rubber stamp.
describe('the tests’ own TR-03151 check with the real fiskaly test vector', () => {
	it('rebuilds the signed bytes exactly and the signature verifies', () => {
		const vector = vectors.update_transaction;
		const dtbs = oracle.transactionDtbs({
			operationType: 'UpdateTransaction',
			clientSerialNumber: vector.client_serial_number,
			processData: Buffer.from(vector.process_data, 'utf8'),
			processType: vector.process_type,
			transactionNumber: vector.transaction_number,
			tssSerialNumberHex: vectors.tss.serial_number,
			signatureCounter: vector.signature_counter,
			logTimeUnix: vector.log_time_unix,
		});
		expect(dtbs.toString('hex')).toBe(vector.dtbs_hex);
		expect(oracle.verifyPlainSignature(vectors.tss.public_key, dtbs, vector.signature_value)).toBe(
			true,
		);
		// …and the check is not a rubber stamp: one byte off and it fails.
		const tampered = Buffer.from(dtbs);
		tampered[tampered.length - 1] ^= 1;
		expect(
			oracle.verifyPlainSignature(vectors.tss.public_key, tampered, vector.signature_value),
		).toBe(false);
	});
});
