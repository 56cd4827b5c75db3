import { X509Certificate } from 'crypto';
import type { KeyObject } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { readTar } from '../../shared/tar';
import {
	OPERATION_TYPES,
	parseLogMessage,
	pointOfKey,
	serialOfPoint,
	SIGNATURE_ALGORITHM_OID,
	verifyPlainSignature,
} from './tr03151';
import type { LogMessage } from './tr03151';
import type { TrustedKey } from './verification';

/**
 * Offline check of a TSS export TAR (TR-03153 layout, REFERENCE §5.3 and §8.2): every log message
 * parses, its signature verifies with the key of the certificate in the archive, signature
 * counters have no gaps, and each file name says what its log holds. Pure.
 */

export interface ArchiveCheckOptions {
	/** Whether every counter between the first and the last must be present (an unfiltered export). */
	contiguousCounters: boolean;
	/** How many problems the output lists (all are counted). */
	maxProblems: number;
	trusted?: TrustedKey;
}

interface Certificate {
	file: string;
	serialNumber: string;
	key: KeyObject;
	info: IDataObject;
}

const CERTIFICATE_NAME = /(?:^|\/)([0-9A-Fa-f]+)_X509\.cer$/;
const LOG_NAME = /^(Unixt|Utc|Gent)_([^_]+)_Sig-(\d+)_Log-(Tra|Sys|Aud)(?:_(.*))?\.log$/;
const TRANSACTION_PART = /^No-(\d+)_(Start|Update|Finish)_Client-(.*?)(?:_Fc-\d+)?$/;
const TIME_PREFIX: Record<LogMessage['logTimeFormat'], string> = {
	unixTime: 'Unixt',
	utcTime: 'Utc',
	generalizedTime: 'Gent',
};
const LOG_TYPE: Record<string, LogMessage['kind']> = {
	Tra: 'transaction',
	Sys: 'system',
	Aud: 'audit',
};

function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Whether a name part stands for `value`. Exports replace characters that file systems do not
 * take (such as "/" or ":") with "_", so "_" in the name matches any character.
 */
function namesValue(namePart: string, value: string): boolean {
	return (
		namePart.length === value.length &&
		[...namePart].every((char, index) => char === '_' || char === value[index])
	);
}

/** What the file name of a log claims that its content does not say; empty when they agree. */
export function fileNameDifferences(fileName: string, log: LogMessage): string[] {
	const match = LOG_NAME.exec(baseName(fileName));
	if (!match)
		return [
			'the file name does not follow the TR-03151 pattern (e.g. Unixt_<time>_Sig-<counter>_Log-Tra_….log)',
		];
	const [, timePrefix, time, counter, type, rest] = match;
	const differences: string[] = [];
	if (timePrefix !== TIME_PREFIX[log.logTimeFormat] || time !== log.logTimeText) {
		differences.push(
			`the name says time ${timePrefix}_${time}, the log ${TIME_PREFIX[log.logTimeFormat]}_${log.logTimeText}`,
		);
	}
	if (Number(counter) !== log.signatureCounter) {
		differences.push(`the name says signature counter ${counter}, the log ${log.signatureCounter}`);
	}
	if (LOG_TYPE[type] !== log.kind)
		differences.push(`the name says Log-${type}, the log is a ${log.kind} log`);
	else if (log.kind === 'transaction') {
		const parts = TRANSACTION_PART.exec(rest ?? '');
		if (!parts) differences.push('the name lacks No-<number>_<operation>_Client-<client>');
		else {
			if (Number(parts[1]) !== log.transactionNumber) {
				differences.push(
					`the name says transaction ${parts[1]}, the log ${String(log.transactionNumber)}`,
				);
			}
			if (OPERATION_TYPES[parts[2]] !== log.operationType) {
				differences.push(`the name says ${parts[2]}, the log ${log.operationType}`);
			}
			if (!namesValue(parts[3], log.clientSerialNumber ?? '')) {
				differences.push(
					`the name says client "${parts[3]}", the log "${String(log.clientSerialNumber)}"`,
				);
			}
		}
	} else if (log.kind === 'system' && rest !== undefined && !namesValue(rest, log.operationType)) {
		differences.push(`the name says event "${rest}", the log "${log.operationType}"`);
	}
	return differences;
}

function readCertificate(file: string, data: Buffer): Certificate | string {
	let certificate: X509Certificate;
	try {
		certificate = new X509Certificate(data);
	} catch (error) {
		return `${file}: not an X.509 certificate (${(error as Error).message})`;
	}
	let serialNumber: string;
	try {
		serialNumber = serialOfPoint(pointOfKey(certificate.publicKey));
	} catch (error) {
		return `${file}: ${(error as Error).message}`;
	}
	return {
		file,
		serialNumber,
		key: certificate.publicKey,
		info: {
			file,
			serial_number: serialNumber,
			subject: certificate.subject,
			issuer: certificate.issuer,
			valid_from: new Date(certificate.validFrom).toISOString(),
			valid_to: new Date(certificate.validTo).toISOString(),
		},
	};
}

/** Missing counters between first and last, as "a" or "a-b" ranges. */
function gaps(sorted: number[]): string[] {
	const missing: string[] = [];
	for (let i = 1; i < sorted.length; i++) {
		const from = sorted[i - 1] + 1;
		const to = sorted[i] - 1;
		if (to >= from) missing.push(from === to ? String(from) : `${from}-${to}`);
	}
	return missing;
}

function minMax(values: number[]): { first: number | null; last: number | null } {
	return values.length === 0
		? { first: null, last: null }
		: { first: Math.min(...values), last: Math.max(...values) };
}

function counterRange(values: number[]): { first: string | null; last: string | null } {
	const { first, last } = minMax(values);
	return {
		first: first === null ? null : String(first),
		last: last === null ? null : String(last),
	};
}

export function checkExportArchive(archive: Buffer, options: ArchiveCheckOptions): IDataObject {
	const problems: string[] = [];
	let files: ReturnType<typeof readTar>;
	try {
		files = readTar(archive);
	} catch (error) {
		const problem = `The file is not a readable TAR archive: ${(error as Error).message}`;
		return { valid: false, reason: problem, problems_count: 1, problems: [problem] };
	}

	const certificates = new Map<string, Certificate>();
	const certificateInfo: IDataObject[] = [];
	const logFiles = files.filter((file) => file.name.endsWith('.log'));
	const otherFiles: string[] = [];
	for (const file of files) {
		const certificateName = CERTIFICATE_NAME.exec(file.name);
		if (certificateName) {
			const certificate = readCertificate(file.name, file.data);
			if (typeof certificate === 'string') {
				problems.push(certificate);
				continue;
			}
			if (certificateName[1].toLowerCase() !== certificate.serialNumber) {
				problems.push(
					`${file.name}: the name says serial ${certificateName[1]}, the certificate's key has ${certificate.serialNumber}`,
				);
			}
			certificates.set(certificate.serialNumber, certificate);
			certificateInfo.push(certificate.info);
		} else if (!file.name.endsWith('.log')) {
			otherFiles.push(file.name);
		}
	}
	const trusted = options.trusted;
	if (trusted) {
		const trustedSerial =
			'serialNumber' in trusted ? trusted.serialNumber : serialOfPoint(trusted.publicKey);
		if (!certificates.has(trustedSerial))
			problems.push('No certificate in the archive belongs to the trusted TSS');
	}

	const kinds: Record<string, number> = { transaction: 0, system: 0, audit: 0, unknown: 0 };
	const counters: number[] = [];
	const transactionNumbers = new Set<number>();
	const serials = new Set<string>();
	let verified = 0;
	for (const file of logFiles) {
		let log: LogMessage;
		try {
			log = parseLogMessage(file.data);
		} catch (error) {
			problems.push(`${file.name}: not a TR-03151 log message (${(error as Error).message})`);
			continue;
		}
		kinds[log.kind]++;
		counters.push(log.signatureCounter);
		serials.add(log.serialNumber);
		if (log.transactionNumber !== undefined) transactionNumbers.add(log.transactionNumber);
		problems.push(
			...fileNameDifferences(file.name, log).map((difference) => `${file.name}: ${difference}`),
		);
		const certificate = certificates.get(log.serialNumber);
		if (log.signatureAlgorithmOid !== SIGNATURE_ALGORITHM_OID) {
			problems.push(
				`${file.name}: signature algorithm ${log.signatureAlgorithmOid} is not ecdsa-plain-SHA256`,
			);
		} else if (!certificate) {
			problems.push(
				`${file.name}: no certificate in the archive for TSS serial ${log.serialNumber}`,
			);
		} else if (verifyPlainSignature(certificate.key, log.dtbs, log.signature)) {
			verified++;
		} else {
			problems.push(`${file.name}: the signature does not verify with the certificate's key`);
		}
	}

	const sorted = [...counters].sort((a, b) => a - b);
	const duplicates = sorted.filter((counter, index) => index > 0 && sorted[index - 1] === counter);
	for (const counter of new Set(duplicates))
		problems.push(`Signature counter ${counter} appears more than once`);
	const missing = gaps([...new Set(sorted)]);
	if (options.contiguousCounters && missing.length > 0) {
		problems.push(
			`Signature counters are missing: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''}`,
		);
	}
	if (logFiles.length === 0) problems.push('The archive holds no log messages (.log files)');
	if (certificates.size === 0)
		problems.push('The archive holds no certificate (<serial>_X509.cer)');

	const numbers = [...transactionNumbers];
	const result: IDataObject = {
		valid: problems.length === 0,
		files: files.length,
		log_files: logFiles.length,
		logs: kinds,
		signatures_verified: verified,
		// Strings like fiskaly's signature_counter everywhere else; transaction numbers are integers there.
		signature_counter: {
			...counterRange(counters),
			missing: missing.length === 0 ? [] : missing.slice(0, options.maxProblems),
		},
		transactions: { count: numbers.length, ...minMax(numbers) },
		tss_serial_numbers: [...serials],
		certificates: certificateInfo,
		other_files: otherFiles,
		problems_count: problems.length,
	};
	if (problems.length > 0) {
		result.reason = problems[0];
		result.problems = problems.slice(0, options.maxProblems);
	}
	return result;
}
