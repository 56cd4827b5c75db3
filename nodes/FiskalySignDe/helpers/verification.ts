import type { IDataObject } from 'n8n-workflow';

import { FieldError } from '../../shared/errors';
import { decodeProcessData, schemaDifferences } from './processData';
import type { DecodedReceipt } from './processData';
import {
	OPERATION_TYPES,
	publicKeyFromPoint,
	serialOfPoint,
	signatureCoverage,
	SIGNATURE_ALGORITHM,
	TIMESTAMP_FORMAT,
	transactionDtbs,
	verifyPlainSignature,
} from './tr03151';
import type { TransactionLogFields } from './tr03151';

/**
 * Offline check of a SIGN DE transaction signature, from a transaction as the API returns it or
 * from a receipt's DSFinV-K QR code: rebuild the TR-03151 log message, verify ECDSA P-256 with the
 * TSS public key, and check that the readable fields agree with what was signed. Pure.
 */

/** Everything one transaction log signs, plus the unsigned fields printed beside it. */
export interface SignedTransactionLog extends TransactionLogFields {
	/** Unix seconds; not signed (except as the logTime of the Start log). */
	timeStart?: number;
	signature: string;
	publicKey: string;
	signatureAlgorithm: string;
	timestampFormat: string;
}

export interface VerificationResult extends IDataObject {
	valid: boolean;
}

/** A trusted TSS identity to compare the signing key with: its serial number or public key. */
export type TrustedKey = { serialNumber: string } | { publicKey: Buffer };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function base64Bytes(text: string): Buffer | undefined {
	const trimmed = text.trim();
	return BASE64.test(trimmed) && trimmed.length % 4 === 0
		? Buffer.from(trimmed, 'base64')
		: undefined;
}

/** The "TSS Public Key or Serial Number" option: 64 hex digits, or a base64 65-byte point. */
export function parseTrustedKey(value: unknown, field: string): TrustedKey | undefined {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return undefined;
	if (/^[0-9a-fA-F]{64}$/.test(text)) return { serialNumber: text.toLowerCase() };
	const point = base64Bytes(text);
	if (point?.length === 65 && point[0] === 4) return { publicKey: point };
	throw new FieldError(
		field,
		'is neither a TSS serial number nor a public key',
		'Enter the serial_number (64 hex digits) or the public_key (base64, starts with "B") of the TSS, e.g. from TSS › Get.',
	);
}

// ---------------------------------------------------------------------------------------------
// Sources

function isoSeconds(text: string): number | undefined {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text)) return undefined;
	const ms = Date.parse(text);
	return Number.isNaN(ms) || ms % 1000 !== 0 ? undefined : ms / 1000;
}

function wholeNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
	return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0
		? number
		: undefined;
}

export const QR_CODE_FIELDS = 12;

/**
 * The fields of a DSFinV-K "V0" QR code (Anhang I): V0; client serial; process type; process data;
 * transaction number; signature counter; start; log time; algorithm; time format; signature; public key.
 * A QR code always shows the Finish log. Process data may itself contain ";" (orders do).
 */
export function parseQrCode(text: string): { log?: SignedTransactionLog; problem?: string } {
	const parts = text.trim().split(';');
	if (parts[0] !== 'V0')
		return { problem: 'The QR code does not start with "V0" (DSFinV-K receipt QR code)' };
	if (parts.length < QR_CODE_FIELDS) {
		return {
			problem: `The QR code has ${parts.length} fields separated by ";", a receipt QR code has 12`,
		};
	}
	const tail = parts.slice(parts.length - 8);
	const [number, counter, start, logTime, algorithm, format, signature, publicKey] = tail;
	const transactionNumber = wholeNumber(number);
	const signatureCounter = wholeNumber(counter);
	const timeStart = isoSeconds(start);
	const logSeconds = isoSeconds(logTime);
	if (transactionNumber === undefined)
		return { problem: `The transaction number "${number}" is not a number` };
	if (signatureCounter === undefined)
		return { problem: `The signature counter "${counter}" is not a number` };
	if (timeStart === undefined)
		return { problem: `The start time "${start}" is not an ISO 8601 UTC time` };
	if (logSeconds === undefined)
		return { problem: `The log time "${logTime}" is not an ISO 8601 UTC time` };
	const point = base64Bytes(publicKey);
	return {
		log: {
			operationType: OPERATION_TYPES.Finish,
			clientSerialNumber: parts[1],
			processType: parts[2],
			processData: Buffer.from(parts.slice(3, parts.length - 8).join(';'), 'utf8'),
			transactionNumber,
			tssSerialNumber: point ? serialOfPoint(point) : '',
			signatureCounter,
			logTime: logSeconds,
			timeStart,
			signature,
			publicKey,
			signatureAlgorithm: algorithm,
			timestampFormat: format,
		},
	};
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

/** Whether an object looks like a SIGN DE transaction (a revision with its signature and log). */
export function isTransaction(value: unknown): value is IDataObject {
	const object = value as IDataObject | undefined;
	return (
		typeof object === 'object' &&
		object !== null &&
		typeof object.signature === 'object' &&
		object.signature !== null &&
		typeof object.log === 'object' &&
		object.log !== null
	);
}

/** The signed log of one transaction revision as the API returns it (e.g. Transaction › Get). */
export function logOfTransaction(transaction: IDataObject): {
	log?: SignedTransactionLog;
	problem?: string;
} {
	const signature = transaction.signature as IDataObject;
	const log = transaction.log as IDataObject;
	const operationType = OPERATION_TYPES[String(log.operation)];
	if (!operationType)
		return { problem: `log.operation "${String(log.operation)}" is not Start, Update or Finish` };
	const raw = ((transaction.schema as IDataObject | undefined)?.raw ?? undefined) as
		| IDataObject
		| undefined;
	if (!raw && operationType !== OPERATION_TYPES.Start) {
		return { problem: 'schema.raw is missing, so the signed process data is unknown' };
	}
	const encoded = raw ? String(raw.process_data ?? '') : '';
	const processData = encoded === '' ? Buffer.alloc(0) : base64Bytes(encoded);
	if (!processData) return { problem: 'schema.raw.process_data is not base64' };
	const missing = [
		['signature.value', text(signature.value)],
		['signature.public_key', text(signature.public_key)],
		['client_serial_number', text(transaction.client_serial_number)],
	].find(([, value]) => value === undefined);
	if (missing) return { problem: `${missing[0]} is missing` };
	const signatureCounter = wholeNumber(signature.counter);
	const transactionNumber = wholeNumber(transaction.number);
	const logTime = wholeNumber(log.timestamp);
	if (signatureCounter === undefined)
		return { problem: 'signature.counter is missing or not a number' };
	if (transactionNumber === undefined) return { problem: 'number is missing or not a number' };
	if (logTime === undefined) return { problem: 'log.timestamp is missing or not a number' };
	const publicKey = String(signature.public_key);
	const point = base64Bytes(publicKey);
	return {
		log: {
			operationType,
			clientSerialNumber: String(transaction.client_serial_number),
			processType: raw ? String(raw.process_type ?? '') : '',
			processData,
			transactionNumber,
			tssSerialNumber:
				text(transaction.tss_serial_number)?.toLowerCase() ?? (point ? serialOfPoint(point) : ''),
			signatureCounter,
			logTime,
			timeStart: wholeNumber(transaction.time_start),
			signature: String(signature.value),
			publicKey,
			signatureAlgorithm: text(signature.algorithm) ?? SIGNATURE_ALGORITHM,
			timestampFormat: text(log.timestamp_format) ?? TIMESTAMP_FORMAT,
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Checks

/** The first reason the signature of `log` cannot be trusted, or undefined when it verifies. */
export function signatureProblem(
	log: SignedTransactionLog,
	trusted?: TrustedKey,
): string | undefined {
	if (log.signatureAlgorithm !== SIGNATURE_ALGORITHM) {
		return `The signature algorithm is "${log.signatureAlgorithm}", SIGN DE signs with ${SIGNATURE_ALGORITHM}`;
	}
	if (log.timestampFormat !== TIMESTAMP_FORMAT) {
		return `The time format is "${log.timestampFormat}", SIGN DE logs ${TIMESTAMP_FORMAT}`;
	}
	const point = base64Bytes(log.publicKey);
	if (point?.length !== 65 || point[0] !== 4)
		return 'The public key is not a base64 P-256 point (65 bytes, starting with "B")';
	const serial = serialOfPoint(point);
	if (log.tssSerialNumber !== serial)
		return 'The TSS serial number does not belong to the public key';
	if (trusted && 'serialNumber' in trusted && trusted.serialNumber !== serial) {
		return 'The public key is not the one of the trusted TSS (its serial number differs)';
	}
	if (trusted && 'publicKey' in trusted && !trusted.publicKey.equals(point)) {
		return 'The public key is not the trusted TSS public key';
	}
	const signature = base64Bytes(log.signature);
	if (signature?.length !== 64)
		return 'The signature is not a base64 ecdsa-plain signature (64 bytes)';
	let dtbs: Buffer;
	try {
		dtbs = transactionDtbs(log);
	} catch (error) {
		return `The signed data cannot be rebuilt: ${(error as Error).message}`;
	}
	if (!verifyPlainSignature(publicKeyFromPoint(point), dtbs, signature)) {
		return 'The signature does not match the data: a signed field was changed, or another key signed it';
	}
	return undefined;
}

function isoTime(seconds: number | undefined): string | null {
	return seconds === undefined ? null : new Date(seconds * 1000).toISOString();
}

/** Where two descriptions of the same Finish log disagree (field names as in the QR code). */
function qrDifferences(qr: SignedTransactionLog, log: SignedTransactionLog): string[] {
	const pairs: Array<[string, unknown, unknown]> = [
		['client serial number', qr.clientSerialNumber, log.clientSerialNumber],
		['process type', qr.processType, log.processType],
		['process data', qr.processData.toString('hex'), log.processData.toString('hex')],
		['transaction number', qr.transactionNumber, log.transactionNumber],
		['signature counter', qr.signatureCounter, log.signatureCounter],
		['start time', qr.timeStart, log.timeStart],
		['log time', qr.logTime, log.logTime],
		['signature', qr.signature, log.signature],
		['public key', qr.publicKey, log.publicKey],
	];
	return pairs
		.filter(([, a, b]) => a !== b)
		.map(([name]) => `qr_code_data has another ${name} than the transaction`);
}

/** Unsigned fields of a transaction that must agree with its signed log. */
function transactionDifferences(transaction: IDataObject, log: SignedTransactionLog): string[] {
	const differences: string[] = [];
	const finished = log.operationType === OPERATION_TYPES.Finish;
	const state = transaction.state;
	if (
		state !== undefined &&
		(finished ? state !== 'FINISHED' && state !== 'CANCELLED' : state !== 'ACTIVE')
	) {
		differences.push(`state ${String(state)} does not fit a ${log.operationType} log`);
	}
	if (
		log.operationType === OPERATION_TYPES.Start &&
		log.timeStart !== undefined &&
		log.timeStart !== log.logTime
	) {
		differences.push('time_start differs from the time of the signed Start log');
	}
	if (log.timeStart !== undefined && log.timeStart > log.logTime)
		differences.push('time_start is after the log time');
	const timeEnd = wholeNumber(transaction.time_end);
	if (finished && transaction.time_end !== undefined && timeEnd !== log.logTime) {
		differences.push('time_end differs from the time of the signed Finish log');
	}
	if (typeof transaction.qr_code_data === 'string') {
		const qr = parseQrCode(transaction.qr_code_data);
		if (qr.problem) differences.push(`qr_code_data: ${qr.problem}`);
		else if (!finished)
			differences.push('qr_code_data belongs to a Finish log, but this revision is not one');
		else differences.push(...qrDifferences(qr.log as SignedTransactionLog, log));
	}
	const printed = transaction.receipt as IDataObject | undefined;
	if (printed && typeof printed === 'object') {
		const expected: IDataObject = {
			tss_serial_number: log.tssSerialNumber,
			client_serial_number: log.clientSerialNumber,
			transaction_number: log.transactionNumber,
			signature_counter: String(log.signatureCounter),
			signature: log.signature,
			public_key: log.publicKey,
			time_start: isoTime(log.timeStart),
			qr_code_data: transaction.qr_code_data ?? null,
		};
		if (finished) expected.time_end = isoTime(log.logTime);
		for (const [field, value] of Object.entries(expected)) {
			if (
				field in printed &&
				printed[field] !== value &&
				!(printed[field] === null && value === undefined)
			) {
				differences.push(`receipt.${field} differs from the signed transaction`);
			}
		}
	}
	return differences;
}

function outputOf(
	log: SignedTransactionLog,
	source: string,
	trusted: TrustedKey | undefined,
): IDataObject {
	return {
		...signatureCoverage(log.operationType),
		source,
		trusted_key_checked: trusted !== undefined,
		operation: log.operationType,
		tss_serial_number: log.tssSerialNumber,
		client_serial_number: log.clientSerialNumber,
		transaction_number: log.transactionNumber,
		// A string like fiskaly's own signature_counter (OpenAPI: bigint as string) and the receipt block's.
		signature_counter: String(log.signatureCounter),
		time_start: isoTime(log.timeStart),
		log_time: isoTime(log.logTime),
		signature_algorithm: log.signatureAlgorithm,
		timestamp_format: log.timestampFormat,
		signature: log.signature,
		public_key: log.publicKey,
	};
}

function result(
	problems: string[],
	details: IDataObject,
	receipt?: DecodedReceipt,
): VerificationResult {
	const verdict: VerificationResult = { valid: problems.length === 0 };
	if (problems.length > 0) {
		verdict.reason = problems[0];
		verdict.problems = problems;
	}
	return { ...verdict, ...details, ...(receipt ? { receipt } : {}) };
}

export function verifyQrCode(qrCode: string, trusted?: TrustedKey): VerificationResult {
	const parsed = parseQrCode(qrCode);
	if (!parsed.log) return result([parsed.problem as string], { source: 'qr_code' });
	const log = parsed.log;
	const problems: string[] = [];
	const signed = signatureProblem(log, trusted);
	if (signed) problems.push(signed);
	if (log.timeStart !== undefined && log.timeStart > log.logTime)
		problems.push('The start time is after the log time');
	return result(
		problems,
		outputOf(log, 'qr_code', trusted),
		decodeProcessData(log.processType, log.processData),
	);
}

export function verifyTransaction(
	transaction: IDataObject,
	trusted?: TrustedKey,
): VerificationResult {
	const parsed = logOfTransaction(transaction);
	if (!parsed.log) return result([parsed.problem as string], { source: 'transaction' });
	const log = parsed.log;
	const receipt = decodeProcessData(log.processType, log.processData);
	const problems: string[] = [];
	const signed = signatureProblem(log, trusted);
	if (signed) problems.push(signed);
	problems.push(...transactionDifferences(transaction, log));
	problems.push(
		...schemaDifferences(transaction.schema, receipt).map(
			(difference) => `schema.standard_v1: ${difference}`,
		),
	);
	return result(problems, outputOf(log, 'transaction', trusted), receipt);
}
