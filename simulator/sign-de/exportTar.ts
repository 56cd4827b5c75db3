// TR-03153-style TSS exports: signed log messages, the TSS certificate and an info.csv in a POSIX
// ustar archive (PAX `path` records for names longer than 99 bytes, as fiskaly does). REFERENCE §5, §8.2.

import { ALGORITHM, CERTIFICATE_ORGANIZATION, TSE_COMMON_NAME } from './signing';
import { buildTar, type TarEntry } from '../core/tar';
import type { StoredLog, UnixSeconds } from './types';

export { buildTar, paxRecord, type TarEntry } from '../core/tar';

// ---------------------------------------------------------------------------------------------
// File names

/**
 * Client serials and event names may hold characters that are path separators or unsafe on common file
 * systems (`/`, `:`, `?`, …). Every character outside [A-Za-z0-9 '()+,.=-] becomes `_`; the exact value
 * stays inside the signed log message. Names never collide: each one carries the unique signature counter.
 */
function safeFileNamePart(text: string): string {
	return text.replace(/[^A-Za-z0-9 '()+,.=-]/g, '_');
}

export function logFileName(log: StoredLog): string {
	const prefix = `Unixt_${log.logTime}_Sig-${log.counter}`;
	if (log.kind === 'system') {
		return `${prefix}_Log-Sys_${safeFileNamePart(log.event ?? 'unknown')}.log`;
	}
	if (log.txNumber === undefined || !log.operation || log.clientSerial === undefined) {
		throw new Error(
			`transaction log with counter ${log.counter} lacks txNumber, operation or clientSerial`,
		);
	}
	return `${prefix}_Log-Tra_No-${log.txNumber}_${log.operation}_Client-${safeFileNamePart(log.clientSerial)}.log`;
}

// ---------------------------------------------------------------------------------------------
// Export archive

export interface ExportInput {
	tssId: string;
	tssSerial: string;
	/** base64 DER X.509 certificate of the TSS. */
	certificate: string;
	logs: StoredLog[];
	now: UnixSeconds;
}

export const INFO_CSV_NAME = 'info.csv';

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(value: string | number): string {
	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const INFO_CSV_COLUMNS = [
	'description',
	'manufacturer',
	'model',
	'tss_id',
	'tss_serial_number',
	'signature_algorithm',
	'log_count',
	'first_signature_counter',
	'last_signature_counter',
	'export_time',
] as const;

/**
 * info.csv: a header line naming the columns, then one line describing the exported TSS and this export
 * (the simulator's own take on the TR-03153 idea of a descriptive file beside the logs). CRLF line ends.
 */
export function buildInfoCsv(input: ExportInput, sortedLogs: StoredLog[]): string {
	const values: Record<(typeof INFO_CSV_COLUMNS)[number], string | number> = {
		description: 'fiskaly SIGN DE v2 simulator TSS export',
		manufacturer: CERTIFICATE_ORGANIZATION,
		model: TSE_COMMON_NAME,
		tss_id: input.tssId,
		tss_serial_number: input.tssSerial,
		signature_algorithm: ALGORITHM,
		log_count: sortedLogs.length,
		first_signature_counter: sortedLogs.length ? sortedLogs[0].counter : '',
		last_signature_counter: sortedLogs.length ? sortedLogs[sortedLogs.length - 1].counter : '',
		export_time: input.now,
	};
	const header = INFO_CSV_COLUMNS.join(',');
	const row = INFO_CSV_COLUMNS.map((column) => csvField(values[column])).join(',');
	return `${header}\r\n${row}\r\n`;
}

/** The export TAR: info.csv, `<serial>_X509.cer`, then one DER log message file per log in counter order. */
export function buildExportTar(input: ExportInput): Buffer {
	const logs = [...input.logs].sort((a, b) => a.counter - b.counter);
	const entries: TarEntry[] = [
		{ name: INFO_CSV_NAME, data: Buffer.from(buildInfoCsv(input, logs), 'utf8'), mtime: input.now },
		{
			name: `${input.tssSerial}_X509.cer`,
			data: Buffer.from(input.certificate, 'base64'),
			mtime: input.now,
		},
		...logs.map((log) => ({
			name: logFileName(log),
			data: Buffer.from(log.message, 'base64'),
			mtime: log.logTime,
		})),
	];
	return buildTar(entries);
}
