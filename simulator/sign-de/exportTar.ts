// TR-03153-style TSS exports: signed log messages, the TSS certificate and an info.csv in a POSIX
// ustar archive (PAX `path` records for names longer than 99 bytes, as fiskaly does). REFERENCE §5, §8.2.

import { ALGORITHM, CERTIFICATE_ORGANIZATION, TSE_COMMON_NAME } from './signing';
import type { StoredLog, UnixSeconds } from './types';

export interface TarEntry {
	name: string;
	data: Buffer;
	mtime: UnixSeconds;
}

const BLOCK = 512;
const USTAR_NAME_LIMIT = 99;

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
// TAR writing

function writeString(header: Buffer, offset: number, length: number, text: string): void {
	const bytes = Buffer.from(text, 'utf8');
	if (bytes.length > length) {
		throw new RangeError(`"${text}" does not fit a ${length}-byte TAR field`);
	}
	bytes.copy(header, offset);
}

/** Octal number, zero-padded, NUL-terminated, filling `length` bytes. */
function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
	const digits = value.toString(8);
	if (!Number.isSafeInteger(value) || value < 0 || digits.length > length - 1) {
		throw new RangeError(`${value} does not fit a ${length}-byte TAR field`);
	}
	writeString(header, offset, length, digits.padStart(length - 1, '0') + '\0');
}

function ustarHeader(name: string, size: number, mtime: UnixSeconds, typeflag: string): Buffer {
	const header = Buffer.alloc(BLOCK);
	writeString(header, 0, 100, name);
	writeOctal(header, 100, 8, 0o644); // mode
	writeOctal(header, 108, 8, 0); // uid
	writeOctal(header, 116, 8, 0); // gid
	writeOctal(header, 124, 12, size);
	writeOctal(header, 136, 12, mtime);
	header.write(typeflag, 156, 'latin1');
	header.write('ustar\u000000', 257, 'latin1'); // magic "ustar\0" + version "00"
	writeString(header, 265, 32, 'root'); // uname
	writeString(header, 297, 32, 'root'); // gname
	// Checksum: sum of all header bytes with the checksum field counted as spaces.
	header.fill(0x20, 148, 156);
	let sum = 0;
	for (const byte of header) sum += byte;
	writeString(header, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
	return header;
}

function padToBlock(data: Buffer): Buffer[] {
	const remainder = data.length % BLOCK;
	return remainder === 0 ? [data] : [data, Buffer.alloc(BLOCK - remainder)];
}

/** One PAX record "<length> <key>=<value>\n", where <length> counts the whole record including itself. */
export function paxRecord(key: string, value: string): Buffer {
	const body = ` ${key}=${value}\n`;
	const bodyLength = Buffer.byteLength(body, 'utf8');
	let length = bodyLength + 1;
	while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength;
	return Buffer.from(`${length}${body}`, 'utf8');
}

function fitsUstarName(name: string): boolean {
	return Buffer.byteLength(name, 'utf8') <= USTAR_NAME_LIMIT && /^[\x20-\x7e]*$/.test(name);
}

/** A readable ASCII stand-in for the ustar name field when the real name lives in a PAX record. */
function truncatedName(name: string): string {
	return name.replace(/[^\x20-\x7e]/g, '_').slice(0, USTAR_NAME_LIMIT);
}

export function buildTar(entries: TarEntry[]): Buffer {
	const parts: Buffer[] = [];
	for (const entry of entries) {
		if (!entry.name || entry.name.includes('\0')) {
			throw new RangeError(`invalid TAR entry name "${entry.name}"`);
		}
		let headerName = entry.name;
		if (!fitsUstarName(entry.name)) {
			const pax = paxRecord('path', entry.name);
			parts.push(
				ustarHeader(
					`PaxHeader/${truncatedName(entry.name)}`.slice(0, USTAR_NAME_LIMIT),
					pax.length,
					entry.mtime,
					'x',
				),
			);
			parts.push(...padToBlock(pax));
			headerName = truncatedName(entry.name);
		}
		parts.push(ustarHeader(headerName, entry.data.length, entry.mtime, '0'));
		parts.push(...padToBlock(entry.data));
	}
	parts.push(Buffer.alloc(2 * BLOCK));
	return Buffer.concat(parts);
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
