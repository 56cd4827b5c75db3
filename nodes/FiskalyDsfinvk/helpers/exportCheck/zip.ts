import { inflateRaw } from './inflate';

/**
 * Reading a ZIP archive (PKWARE APPNOTE): the central directory, then each entry stored (method 0)
 * or deflated (method 8). No ZIP64, no encryption: a DSFinV-K export is far below 4 GB. Pure.
 */

export interface ZipFile {
	name: string;
	data: Buffer;
}

export class ZipError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ZipError';
	}
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const END_RECORD_BYTES = 22;
const STORED = 0;
const DEFLATED = 8;

export function looksLikeZip(bytes: Buffer): boolean {
	return (
		bytes.length >= END_RECORD_BYTES &&
		(bytes.readUInt32LE(0) === LOCAL_HEADER || bytes.readUInt32LE(0) === END_OF_DIRECTORY)
	);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(data: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function endOfDirectory(archive: Buffer): number {
	// The end record is last, followed only by a comment of at most 65535 bytes.
	const lowest = Math.max(0, archive.length - END_RECORD_BYTES - 0xffff);
	for (let at = archive.length - END_RECORD_BYTES; at >= lowest; at--) {
		if (archive.readUInt32LE(at) === END_OF_DIRECTORY) return at;
	}
	throw new ZipError('the archive has no end of central directory record');
}

/** The files of the archive in directory order (folders left out). Throws ZipError when damaged. */
export function readZip(archive: Buffer): ZipFile[] {
	const end = endOfDirectory(archive);
	const count = archive.readUInt16LE(end + 10);
	let at = archive.readUInt32LE(end + 16);
	const files: ZipFile[] = [];
	for (let index = 0; index < count; index++) {
		if (at + 46 > archive.length || archive.readUInt32LE(at) !== CENTRAL_HEADER)
			throw new ZipError(`directory entry ${index + 1} at byte ${at} is damaged`);
		const flags = archive.readUInt16LE(at + 8);
		const method = archive.readUInt16LE(at + 10);
		const crc = archive.readUInt32LE(at + 16);
		const compressedSize = archive.readUInt32LE(at + 20);
		const size = archive.readUInt32LE(at + 24);
		const nameLength = archive.readUInt16LE(at + 28);
		const extraLength = archive.readUInt16LE(at + 30);
		const commentLength = archive.readUInt16LE(at + 32);
		const localAt = archive.readUInt32LE(at + 42);
		const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
		at += 46 + nameLength + extraLength + commentLength;
		if (name.endsWith('/')) continue;
		if (flags & 1) throw new ZipError(`${name} is encrypted`);
		if (localAt + 30 > archive.length || archive.readUInt32LE(localAt) !== LOCAL_HEADER)
			throw new ZipError(`the local header of ${name} is damaged`);
		const dataAt =
			localAt + 30 + archive.readUInt16LE(localAt + 26) + archive.readUInt16LE(localAt + 28);
		if (dataAt + compressedSize > archive.length) throw new ZipError(`${name} is cut off`);
		const raw = archive.subarray(dataAt, dataAt + compressedSize);
		if (method !== STORED && method !== DEFLATED)
			throw new ZipError(
				`${name} uses compression method ${method}; only stored and deflate are read`,
			);
		let data = raw;
		let failure: string | undefined;
		if (method === DEFLATED) {
			try {
				data = inflateRaw(raw, size);
			} catch (error) {
				failure = (error as Error).message;
			}
		}
		if (failure !== undefined) throw new ZipError(`${name} cannot be decompressed: ${failure}`);
		if (data.length !== size)
			throw new ZipError(`${name} has ${data.length} bytes, its directory entry says ${size}`);
		if (crc32(data) !== crc) throw new ZipError(`${name} fails its CRC-32 check`);
		files.push({ name, data });
	}
	return files;
}
