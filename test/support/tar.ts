// The tests' one TAR reader: a small ustar/PAX reader, independent of the simulator's TAR writer, for
// checking export files.

export interface TarFile {
	name: string;
	data: Buffer;
	/** 'ustar' for POSIX.1-1988 ustar headers; the TR-03153 layout requires it. */
	magic: string;
}

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number): string {
	const raw = header.subarray(offset, offset + length);
	const end = raw.indexOf(0);
	return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

const octal = (text: string) => parseInt(text.trim() || '0', 8);

function checksumMatches(header: Buffer): boolean {
	let sum = 0;
	for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
	return sum === octal(field(header, 148, 8));
}

/** `<length> key=value\n` records of a PAX extended header. */
function paxRecords(data: Buffer): Record<string, string> {
	const records: Record<string, string> = {};
	let offset = 0;
	while (offset < data.length) {
		const space = data.indexOf(0x20, offset);
		const length = parseInt(data.subarray(offset, space).toString('ascii'), 10);
		if (!(length > 0)) throw new Error(`bad PAX record at ${offset}`);
		const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
		const equals = record.indexOf('=');
		records[record.slice(0, equals)] = record.slice(equals + 1);
		offset += length;
	}
	return records;
}

/** Regular files of a TAR archive, in order; throws on a damaged header or a missing end marker. */
export function readTar(archive: Buffer): TarFile[] {
	if (archive.length % BLOCK !== 0)
		throw new Error(`TAR size ${archive.length} is not a multiple of ${BLOCK}`);
	const files: TarFile[] = [];
	let pendingPath: string | undefined;
	let offset = 0;
	for (;;) {
		if (offset + BLOCK > archive.length) throw new Error('TAR ends without the two zero blocks');
		const header = archive.subarray(offset, offset + BLOCK);
		if (header.every((byte) => byte === 0)) {
			const next = archive.subarray(offset + BLOCK, offset + 2 * BLOCK);
			if (next.length !== BLOCK || !next.every((byte) => byte === 0))
				throw new Error('TAR end marker is a single zero block');
			return files;
		}
		if (!checksumMatches(header)) throw new Error(`bad header checksum at offset ${offset}`);
		const size = octal(field(header, 124, 12));
		const type = String.fromCharCode(header[156] || 0x30);
		const data = archive.subarray(offset + BLOCK, offset + BLOCK + size);
		offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
		if (type === 'x') {
			pendingPath = paxRecords(data).path;
			continue;
		}
		if (type === 'g') continue; // global PAX defaults: nothing an export relies on
		if (type !== '0') throw new Error(`unexpected TAR entry type '${type}'`);
		const prefix = field(header, 345, 155);
		const name =
			pendingPath ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
		pendingPath = undefined;
		files.push({ name, data: Buffer.from(data), magic: field(header, 257, 6) });
	}
}

/** Name and content of each regular file (readTar without the header magic). */
export function parseTar(archive: Buffer): { name: string; data: Buffer }[] {
	return readTar(archive).map(({ name, data }) => ({ name, data }));
}
