// Offline signature verification: the real fiskaly vector, every tampered field, QR codes signed by an
// independent implementation (test/support/tr03151.ts), and the DER pieces underneath.
import * as crypto from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import {
	decodeOid,
	encodeInteger,
	encodeOid,
	readTlvs,
} from '../../../nodes/FiskalySignDe/helpers/der';
import { FieldError } from '../../../nodes/shared/errors';
import {
	decodeProcessData,
	schemaDifferences,
} from '../../../nodes/FiskalySignDe/helpers/processData';
import { parseLogMessage, transactionDtbs } from '../../../nodes/FiskalySignDe/helpers/tr03151';
import {
	parseQrCode,
	parseTrustedKey,
	verifyQrCode,
	verifyTransaction,
} from '../../../nodes/FiskalySignDe/helpers/verification';
import vectors from '../../fixtures/test-vectors.json';
import * as independent from '../../support/tr03151';

const update = vectors.update_transaction;
const tss = vectors.tss;

/** The Update revision of the captured fiskaly transaction, shaped as SIGN DE returns it. */
function realTransaction(): IDataObject {
	return {
		_type: 'TRANSACTION',
		_id: '9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
		state: 'ACTIVE',
		tss_id: 'cdb96888-86f5-4b5e-b213-ef265ecc4676',
		tss_serial_number: tss.serial_number,
		client_id: 'd884dfc1-b8d6-4c59-a41f-2c33c916f30e',
		client_serial_number: update.client_serial_number,
		revision: 2,
		latest_revision: 2,
		number: update.transaction_number,
		time_start: 1674239242,
		schema: {
			standard_v1: {
				receipt: {
					receipt_type: 'RECEIPT',
					amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '21.42' }],
					amounts_per_payment_type: [
						{ payment_type: 'NON_CASH', amount: '21.42', currency_code: 'EUR' },
					],
				},
			},
			raw: {
				process_type: update.process_type,
				process_data: Buffer.from(update.process_data).toString('base64'),
			},
		},
		log: { operation: 'Update', timestamp: update.log_time_unix, timestamp_format: 'unixTime' },
		signature: {
			value: update.signature_value,
			algorithm: tss.signature_algorithm,
			counter: update.signature_counter,
			public_key: tss.public_key,
		},
	};
}

function tampered(change: (transaction: any) => void): IDataObject {
	const transaction = realTransaction();
	change(transaction);
	return transaction;
}

describe('the real fiskaly UpdateTransaction vector', () => {
	test('the node rebuilds exactly the signed bytes fiskaly signed', () => {
		const dtbs = transactionDtbs({
			operationType: update.operation_type,
			clientSerialNumber: update.client_serial_number,
			processType: update.process_type,
			processData: Buffer.from(update.process_data, 'utf8'),
			transactionNumber: update.transaction_number,
			tssSerialNumber: tss.serial_number,
			signatureCounter: update.signature_counter,
			logTime: update.log_time_unix,
		});
		expect(dtbs.toString('hex')).toBe(update.dtbs_hex);
	});

	test('verifies, and decodes the receipt', () => {
		const result = verifyTransaction(realTransaction());
		expect(result).toMatchObject({
			valid: true,
			source: 'transaction',
			operation: 'UpdateTransaction',
			tss_serial_number: tss.serial_number,
			client_serial_number: update.client_serial_number,
			transaction_number: 1,
			signature_counter: '33',
			log_time: '2023-01-20T18:31:45.000Z',
			receipt: {
				process_type: 'Kassenbeleg-V1',
				process_data: update.process_data,
				transaction_type: 'Beleg',
				receipt_type: 'RECEIPT',
				amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '21.42' }],
				amounts_per_payment_type: [
					{ payment_type: 'NON_CASH', amount: '21.42', currency_code: 'EUR' },
				],
				total_amount: '21.42',
			},
		});
		expect(result.reason).toBeUndefined();
	});

	test('verifies against the trusted serial number or public key, and refuses another TSS', () => {
		expect(
			verifyTransaction(realTransaction(), parseTrustedKey(tss.serial_number, 'Key')),
		).toMatchObject({
			valid: true,
			trusted_key_checked: true,
		});
		expect(verifyTransaction(realTransaction(), parseTrustedKey(tss.public_key, 'Key')).valid).toBe(
			true,
		);
		const other = parseTrustedKey('ab'.repeat(32), 'Key');
		expect(verifyTransaction(realTransaction(), other)).toMatchObject({
			valid: false,
			reason: expect.stringMatching(/trusted TSS/),
		});
	});

	const otherKey = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	const otherPoint = (() => {
		const jwk = otherKey.publicKey.export({ format: 'jwk' });
		return Buffer.concat([
			Buffer.from([4]),
			Buffer.from(jwk.x!, 'base64url'),
			Buffer.from(jwk.y!, 'base64url'),
		]);
	})();

	test.each<[string, (transaction: any) => void, RegExp]>([
		[
			'client serial number',
			(t) => (t.client_serial_number = 'ERS f3ab7b96-6d82-433e-a87a-cccc8e001e21'),
			/signature does not match/,
		],
		['transaction number', (t) => (t.number = 2), /signature does not match/],
		['signature counter', (t) => (t.signature.counter = 34), /signature does not match/],
		[
			'signature counter as a string',
			(t) => (t.signature.counter = '32'),
			/signature does not match/,
		],
		['log time', (t) => (t.log.timestamp += 1), /signature does not match/],
		['operation', (t) => (t.log.operation = 'Start'), /signature does not match/],
		[
			'process data',
			(t) =>
				(t.schema.raw.process_data = Buffer.from(
					'Beleg^21.43_0.00_0.00_0.00_0.00^21.43:Unbar',
				).toString('base64')),
			/signature does not match/,
		],
		[
			'process type',
			(t) => (t.schema.raw.process_type = 'Bestellung-V1'),
			/signature does not match/,
		],
		[
			'signature value',
			(t) =>
				(t.signature.value = Buffer.from(
					Buffer.from(update.signature_value, 'base64').map((b, i) => (i === 10 ? b ^ 1 : b)),
				).toString('base64')),
			/signature does not match/,
		],
		[
			'TSS serial number',
			(t) => (t.tss_serial_number = 'b' + tss.serial_number.slice(1)),
			/serial number does not belong/,
		],
		[
			'public key (another key with its serial)',
			(t) => {
				t.signature.public_key = otherPoint.toString('base64');
				t.tss_serial_number = crypto.createHash('sha256').update(otherPoint).digest('hex');
			},
			/signature does not match/,
		],
		[
			'public key (not a point)',
			(t) => (t.signature.public_key = 'AAAA'),
			/not a base64 P-256 point/,
		],
		['signature algorithm', (t) => (t.signature.algorithm = 'ecdsa-plain-SHA384'), /algorithm/],
		['time format', (t) => (t.log.timestamp_format = 'utcTime'), /time format/],
		[
			'readable VAT amount',
			(t) => (t.schema.standard_v1.receipt.amounts_per_vat_rate[0].amount = '12.42'),
			/NORMAL amount 12.42 but 21.42/,
		],
		[
			'readable VAT rate',
			(t) => (t.schema.standard_v1.receipt.amounts_per_vat_rate[0].vat_rate = 'REDUCED_1'),
			/NORMAL amount 0.00 but 21.42/,
		],
		[
			'readable receipt type',
			(t) => (t.schema.standard_v1.receipt.receipt_type = 'TRAINING'),
			/receipt_type TRAINING/,
		],
		[
			'readable payment',
			(t) => (t.schema.standard_v1.receipt.amounts_per_payment_type[0].payment_type = 'CASH'),
			/payment CASH EUR 21.42 but 0.00/,
		],
		[
			'readable currency',
			(t) => (t.schema.standard_v1.receipt.amounts_per_payment_type[0].currency_code = 'USD'),
			/payment/,
		],
		['state', (t) => (t.state = 'FINISHED'), /state FINISHED does not fit/],
		[
			'start time after the log time',
			(t) => (t.time_start = update.log_time_unix + 10),
			/time_start is after/,
		],
		[
			'printed receipt counter',
			(t) => (t.receipt = { signature_counter: '34' }),
			/receipt.signature_counter/,
		],
		['missing process data', (t) => delete t.schema.raw, /schema.raw is missing/],
	])('a changed %s is rejected', (_field, change, reason) => {
		const result = verifyTransaction(tampered(change));
		expect(result.valid).toBe(false);
		expect((result.problems as string[]).join(' | ')).toMatch(reason);
		expect(result.reason).toEqual(expect.any(String));
	});

	test.each([
		['19', 'NORMAL'],
		['7', 'REDUCED_1'],
	])('the legacy VAT rate name "%s" is read as %s', (legacy) => {
		expect(
			verifyTransaction(
				tampered((t) => (t.schema.standard_v1.receipt.amounts_per_vat_rate[0].vat_rate = legacy)),
			).valid,
		).toBe(legacy === '19');
	});

	test('legacy names for every rate verify against their process data slots', () => {
		// Beleg^19 %_7 %_10.7 %_5.5 %_0 %^payments: each legacy name must land in its own slot.
		const amounts = [
			['19', '1.00'],
			['7', '2.00'],
			['10.7', '3.00'],
			['5.5', '4.00'],
			['0', '5.00'],
		];
		const decoded = { process_type: 'Kassenbeleg-V1', transaction_type: 'Beleg' } as const;
		const signed = {
			...decoded,
			amounts_per_vat_rate: ['NORMAL', 'REDUCED_1', 'SPECIAL_RATE_1', 'SPECIAL_RATE_2', 'NULL'].map(
				(vat_rate, i) => ({
					vat_rate,
					amount: `${i + 1}.00`,
				}),
			),
			amounts_per_payment_type: [],
		};
		const given = {
			standard_v1: {
				receipt: {
					receipt_type: 'RECEIPT',
					amounts_per_vat_rate: amounts.map(([vat_rate, amount]) => ({ vat_rate, amount })),
				},
			},
		};
		expect(schemaDifferences(given, signed)).toEqual([]);
		const swapped = {
			standard_v1: {
				receipt: {
					receipt_type: 'RECEIPT',
					amounts_per_vat_rate: [
						{ vat_rate: '7', amount: '1.00' },
						{ vat_rate: '19', amount: '2.00' },
					],
				},
			},
		};
		expect(schemaDifferences(swapped, signed)).toContain('NORMAL amount 2.00 but 1.00 was signed');
	});

	test('the output says which shown fields the signature covers: the start time only in a Start log', () => {
		const result = verifyTransaction(realTransaction());
		expect(result.operation).toBe('UpdateTransaction');
		expect(result.not_covered_by_signature).toEqual(['time_start']);
		expect(result.covered_by_signature).toEqual(
			expect.arrayContaining([
				'tss_serial_number',
				'transaction_number',
				'signature_counter',
				'log_time',
				'receipt',
			]),
		);
		expect(result.covered_by_signature).not.toContain('time_start');
	});

	test('a VAT amount with more decimals still agrees with its 2-decimal process data', () => {
		const result = verifyTransaction(
			tampered((t) => (t.schema.standard_v1.receipt.amounts_per_vat_rate[0].amount = '21.42000')),
		);
		expect(result.valid).toBe(true);
	});
});

// --- QR codes signed by the independent test implementation ---------------------------------------

function signedQrCode(overrides: Partial<Record<'processData' | 'clientSerial', string>> = {}) {
	const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	const jwk = publicKey.export({ format: 'jwk' });
	const point = Buffer.concat([
		Buffer.from([4]),
		Buffer.from(jwk.x!, 'base64url'),
		Buffer.from(jwk.y!, 'base64url'),
	]);
	const serial = crypto.createHash('sha256').update(point).digest('hex');
	const processData = overrides.processData ?? 'Beleg^10.00_2.50_0.00_0.00_0.00^12.50:Bar';
	const clientSerial = overrides.clientSerial ?? 'Kasse 1';
	const dtbs = independent.transactionDtbs({
		operationType: 'FinishTransaction',
		clientSerialNumber: clientSerial,
		processData: Buffer.from(processData, 'utf8'),
		processType: processData.startsWith('1;') ? 'Bestellung-V1' : 'Kassenbeleg-V1',
		transactionNumber: 300,
		tssSerialNumberHex: serial,
		signatureCounter: 70000,
		logTimeUnix: 1700000060,
	});
	const signature = crypto
		.sign('sha256', dtbs, { key: privateKey, dsaEncoding: 'ieee-p1363' })
		.toString('base64');
	const fields = [
		'V0',
		clientSerial,
		processData.startsWith('1;') ? 'Bestellung-V1' : 'Kassenbeleg-V1',
		processData,
		'300',
		'70000',
		'2023-11-14T22:13:00.000Z',
		'2023-11-14T22:14:20.000Z',
		'ecdsa-plain-SHA256',
		'unixTime',
		signature,
		point.toString('base64'),
	];
	return { fields, serial, qr: fields.join(';') };
}

describe('receipt QR codes', () => {
	test('a QR code signed as a FinishTransaction verifies and is decoded', () => {
		const { qr, serial } = signedQrCode();
		expect(verifyQrCode(qr)).toMatchObject({
			valid: true,
			source: 'qr_code',
			operation: 'FinishTransaction',
			tss_serial_number: serial,
			client_serial_number: 'Kasse 1',
			transaction_number: 300,
			signature_counter: '70000',
			time_start: '2023-11-14T22:13:00.000Z',
			log_time: '2023-11-14T22:14:20.000Z',
			receipt: {
				transaction_type: 'Beleg',
				amounts_per_vat_rate: [
					{ vat_rate: 'NORMAL', amount: '10.00' },
					{ vat_rate: 'REDUCED_1', amount: '2.50' },
				],
				amounts_per_payment_type: [{ payment_type: 'CASH', amount: '12.50', currency_code: 'EUR' }],
				total_amount: '12.50',
			},
		});
	});

	test('an order whose process data holds ";" and CR still splits into the right fields', () => {
		const { qr } = signedQrCode({ processData: '1;"Döner; scharf";7.00\r-1;"Say ""hi""";2.50' });
		const result = verifyQrCode(qr);
		expect(result.valid).toBe(true);
		expect(result.receipt).toMatchObject({
			line_items: [
				{ quantity: '1', text: 'Döner; scharf', price_per_unit: '7.00' },
				{ quantity: '-1', text: 'Say "hi"', price_per_unit: '2.50' },
			],
		});
	});

	test.each([
		[1, 'Kasse 2', /signature does not match/],
		[3, 'Beleg^10.00_2.50_0.00_0.00_0.00^12.50:Unbar', /signature does not match/],
		[4, '301', /signature does not match/],
		[5, '70001', /signature does not match/],
		[7, '2023-11-14T22:14:21.000Z', /signature does not match/],
		[6, '2023-11-14T22:15:00.000Z', /start time is after/],
		[8, 'ecdsa-plain-SHA384', /algorithm/],
		[9, 'utcTime', /time format/],
		[0, 'V1', /does not start with "V0"/],
		[4, 'three', /not a number/],
		[7, 'yesterday', /not an ISO 8601/],
	])('field %i changed to %s is rejected', (index, value, reason) => {
		const { fields } = signedQrCode();
		fields[index] = value;
		const result = verifyQrCode(fields.join(';'));
		expect(result.valid).toBe(false);
		expect(result.reason).toMatch(reason);
	});

	test('a QR code signed by another TSS than the trusted one is rejected', () => {
		const { qr, serial } = signedQrCode();
		expect(verifyQrCode(qr, { serialNumber: serial }).valid).toBe(true);
		expect(verifyQrCode(qr, { serialNumber: 'cd'.repeat(32) }).reason).toMatch(/trusted TSS/);
	});

	test('too few fields are named', () => {
		expect(parseQrCode('V0;a;b').problem).toMatch(/3 fields/);
	});
});

describe('parseTrustedKey', () => {
	test('empty means no trusted key; junk is a field error with a fix', () => {
		expect(parseTrustedKey('  ', 'TSS Public Key or Serial Number')).toBeUndefined();
		expect(() => parseTrustedKey('not-a-key', 'TSS Public Key or Serial Number')).toThrow(
			FieldError,
		);
		expect(parseTrustedKey(tss.serial_number.toUpperCase(), 'K')).toEqual({
			serialNumber: tss.serial_number,
		});
	});
});

describe('process data decoding', () => {
	test('payments with foreign currencies and an empty payment part', () => {
		expect(
			decodeProcessData(
				'Kassenbeleg-V1',
				Buffer.from('Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar_5.00:Bar:CHF_64.30:Unbar'),
			),
		).toMatchObject({
			amounts_per_payment_type: [
				{ payment_type: 'CASH', amount: '10.00', currency_code: 'EUR' },
				{ payment_type: 'CASH', amount: '5.00', currency_code: 'CHF' },
				{ payment_type: 'NON_CASH', amount: '64.30', currency_code: 'EUR' },
			],
			total_amount: '83.32',
		});
		expect(
			decodeProcessData('Kassenbeleg-V1', Buffer.from('AVBelegabbruch^0.00_0.00_0.00_0.00_-1.50^')),
		).toMatchObject({
			transaction_type: 'AVBelegabbruch',
			receipt_type: null,
			amounts_per_vat_rate: [{ vat_rate: 'NULL', amount: '-1.50' }],
			amounts_per_payment_type: [],
			total_amount: '-1.50',
		});
	});

	test('malformed receipt data is passed through with a note', () => {
		expect(decodeProcessData('Kassenbeleg-V1', Buffer.from('Beleg^1.00'))).toEqual({
			process_type: 'Kassenbeleg-V1',
			process_data: 'Beleg^1.00',
			note: 'The process data does not follow the Kassenbeleg-V1 format',
		});
	});
});

describe('DER', () => {
	test('integers are minimal two’s complement and OIDs round-trip', () => {
		expect(encodeInteger(0).toString('hex')).toBe('020100');
		expect(encodeInteger(128).toString('hex')).toBe('02020080');
		expect(encodeInteger(1674239505).toString('hex')).toBe('020463cade11');
		expect(decodeOid(encodeOid('0.4.0.127.0.7.1.1.4.1.3').subarray(2))).toBe(
			'0.4.0.127.0.7.1.1.4.1.3',
		);
		expect(readTlvs(Buffer.from('0201010400', 'hex')).map((item) => item.tag)).toEqual([
			0x02, 0x04,
		]);
	});

	test('a log message built by the independent writer parses back field by field', () => {
		const dtbs = Buffer.from(update.dtbs_hex, 'hex');
		const signature = Buffer.from(update.signature_value, 'base64');
		const body = Buffer.concat([dtbs, Buffer.from([0x04, 64]), signature]);
		const message = Buffer.concat([
			Buffer.from([0x30, 0x82, body.length >> 8, body.length & 0xff]),
			body,
		]);
		expect(parseLogMessage(message)).toMatchObject({
			kind: 'transaction',
			operationType: 'UpdateTransaction',
			clientSerialNumber: update.client_serial_number,
			processType: 'Kassenbeleg-V1',
			transactionNumber: 1,
			serialNumber: tss.serial_number,
			signatureAlgorithmOid: '0.4.0.127.0.7.1.1.4.1.3',
			signatureCounter: 33,
			logTime: update.log_time_unix,
			logTimeFormat: 'unixTime',
		});
		expect(parseLogMessage(message).dtbs.equals(dtbs)).toBe(true);
		expect(() => parseLogMessage(message.subarray(0, message.length - 1))).toThrow(
			/runs past the end/,
		);
	});
});
