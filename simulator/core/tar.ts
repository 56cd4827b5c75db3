// POSIX ustar archives with PAX `path` records for names longer than 99 bytes: the container of SIGN DE
// TSS exports and of DSFinV-K exports.

type UnixSeconds = number;

export interface TarEntry {
	name: string;
	data: Buffer;
	mtime: UnixSeconds;
}

const BLOCK = 512;
const USTAR_NAME_LIMIT = 99;

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
