// ZIP archives (PKWARE APPNOTE 6.3: local headers, deflated data, central directory, end record) for
// exports offered as ZIP. UTF-8 names (flag bit 11); no ZIP64, so each file and the archive stay < 4 GB.

import * as zlib from 'node:zlib';

export interface ZipEntry {
	name: string;
	data: Buffer;
	/** Unix seconds, written as an MS-DOS date and time (UTC). */
	mtime: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
	let value = index;
	for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
	return value >>> 0;
});

export function crc32(data: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS time and date words; DOS dates start in 1980. */
function dosDateTime(unixSeconds: number): { time: number; date: number } {
	const at = new Date(Math.max(unixSeconds, 315532800) * 1000);
	return {
		time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
		date: ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
	};
}

const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const VERSION = 20;

export function buildZip(entries: ZipEntry[]): Buffer {
	const parts: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const name = Buffer.from(entry.name, 'utf8');
		const compressed = zlib.deflateRawSync(entry.data);
		const crc = crc32(entry.data);
		const { time, date } = dosDateTime(entry.mtime);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(VERSION, 4);
		local.writeUInt16LE(UTF8_NAMES, 6);
		local.writeUInt16LE(DEFLATE, 8);
		local.writeUInt16LE(time, 10);
		local.writeUInt16LE(date, 12);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(compressed.length, 18);
		local.writeUInt32LE(entry.data.length, 22);
		local.writeUInt16LE(name.length, 26);
		const record = Buffer.alloc(46);
		record.writeUInt32LE(0x02014b50, 0);
		record.writeUInt16LE(VERSION, 4);
		record.writeUInt16LE(VERSION, 6);
		local.copy(record, 8, 6, 28); // flags … name length are the same fields
		record.writeUInt32LE(offset, 42);
		central.push(record, name);
		parts.push(local, name, compressed);
		offset += local.length + name.length + compressed.length;
	}
	const directory = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...parts, directory, end]);
}
