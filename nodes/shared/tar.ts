/**
 * Reading a TAR archive (POSIX ustar, with PAX or GNU long names, as TSS exports use when a file
 * name is longer than 99 characters). Read only; pure.
 */

export interface TarFile {
	name: string;
	data: Buffer;
}

export class TarError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TarError';
	}
}

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number): string {
	const bytes = header.subarray(offset, offset + length);
	const end = bytes.indexOf(0);
	return bytes.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, offset: number, length: number, at: number): number {
	const text = field(header, offset, length).trim();
	if (!/^[0-7]*$/.test(text))
		throw new TarError(`the header at byte ${at} holds "${text}" where a number belongs`);
	return text === '' ? 0 : parseInt(text, 8);
}

function checksumOk(header: Buffer, stored: number): boolean {
	let sum = 0;
	for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
	return sum === stored;
}

/** PAX extended header records "<length> <key>=<value>\n"; only `path` matters here. */
function paxPath(data: Buffer, at: number): string | undefined {
	let path: string | undefined;
	for (let offset = 0; offset < data.length; ) {
		const space = data.indexOf(0x20, offset);
		const length = Number(data.subarray(offset, space).toString('latin1'));
		if (space === -1 || !Number.isInteger(length) || length <= 0 || offset + length > data.length) {
			throw new TarError(`the PAX header at byte ${at} is malformed`);
		}
		const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
		const equals = record.indexOf('=');
		if (equals > 0 && record.slice(0, equals) === 'path') path = record.slice(equals + 1);
		offset += length;
	}
	return path;
}

/**
 * Whether the bytes start like a TAR archive (a first header with a correct checksum, or the
 * end marker of an empty one). A damaged archive still does; a PDF or JSON file does not.
 */
export function looksLikeTar(bytes: Buffer): boolean {
	if (bytes.length < BLOCK) return false;
	const header = bytes.subarray(0, BLOCK);
	if (header.every((byte) => byte === 0)) return true;
	const stored = field(header, 148, 8).trim();
	return /^[0-7]+$/.test(stored) && checksumOk(header, parseInt(stored, 8));
}

/** The regular files of the archive in archive order. Throws TarError when it is damaged. */
export function readTar(archive: Buffer): TarFile[] {
	const files: TarFile[] = [];
	let longName: string | undefined;
	for (let offset = 0; ; ) {
		if (offset + BLOCK > archive.length)
			throw new TarError(`the archive ends at byte ${offset} without its end marker`);
		const header = archive.subarray(offset, offset + BLOCK);
		if (header.every((byte) => byte === 0)) return files;
		if (!checksumOk(header, octal(header, 148, 8, offset)))
			throw new TarError(`the header at byte ${offset} has a wrong checksum`);
		const size = octal(header, 124, 12, offset);
		const type = String.fromCharCode(header[156]);
		const start = offset + BLOCK;
		if (start + size > archive.length) throw new TarError(`the file at byte ${offset} is cut off`);
		const data = archive.subarray(start, start + size);
		const at = offset;
		offset = start + Math.ceil(size / BLOCK) * BLOCK;

		if (type === 'x') {
			longName = paxPath(data, at) ?? longName;
			continue;
		}
		if (type === 'L') {
			longName = field(data, 0, data.length);
			continue;
		}
		if (type === '0' || type === '\0') {
			const prefix = field(header, 345, 155);
			const shortName = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
			files.push({ name: longName ?? shortName, data });
		}
		longName = undefined;
	}
}
