// The ZIP side of Verify DSFinV-K Export: the inflater against Node's zlib (which the node may not
// import), and the ZIP reader's refusals.
import * as crypto from 'crypto';
import { deflateRawSync } from 'zlib';

import { inflateRaw } from '../../../nodes/FiskalyDsfinvk/helpers/exportCheck/inflate';
import { readZip } from '../../../nodes/FiskalyDsfinvk/helpers/exportCheck/zip';
import { zipOf } from '../../support/dsfinvkArchive';

function csvLike(rows: number): Buffer {
	const lines = Array.from(
		{ length: rows },
		(_, i) =>
			`a1b2c3d4-0000-4000-8000-00000000c001;2024-03-15T23:05:00;42;${1000 + i};1;Weißwein 0,2l;${(i % 97) + 1},90000\r\n`,
	);
	return Buffer.from(lines.join(''), 'utf8');
}

describe('inflateRaw gives back what zlib deflated', () => {
	test.each<[string, Buffer, number]>([
		['empty', Buffer.alloc(0), 6],
		['one byte', Buffer.from('x'), 6],
		['a short text (fixed Huffman)', Buffer.from('Z_KASSE_ID;Z_ERSTELLUNG;Z_NR\r\n'), 9],
		['a long CSV (dynamic Huffman, many blocks)', csvLike(20000), 6],
		['the same, best compression', csvLike(5000), 9],
		['the same, stored blocks (level 0)', csvLike(5000), 0],
		['random bytes (stored or literal-heavy)', crypto.randomBytes(200000), 6],
		['long runs (distance 1, length 258)', Buffer.alloc(100000, 0x41), 9],
	])('%s', (_name, data, level) => {
		expect(inflateRaw(deflateRawSync(data, { level })).equals(data)).toBe(true);
	});

	test('cut-off data is refused', () => {
		const deflated = deflateRawSync(csvLike(100));
		expect(() => inflateRaw(deflated.subarray(0, deflated.length - 20))).toThrow(
			'the data ends too early',
		);
	});
});

describe('readZip', () => {
	const files = new Map([
		['index.xml', Buffer.from('<DataSet />')],
		['lines.csv', csvLike(50)],
	]);

	test('reads deflated and stored entries in order', () => {
		for (const method of [0, 8] as const) {
			expect(
				readZip(zipOf(files, method)).map((file) => [file.name, file.data.toString()]),
			).toEqual([...files].map(([name, data]) => [name, data.toString()]));
		}
	});

	test('a changed stored byte fails the CRC-32 check', () => {
		const zip = zipOf(files, 0);
		const at = zip.indexOf('Wei');
		zip[at] = 0x77;
		expect(() => readZip(zip)).toThrow('lines.csv fails its CRC-32 check');
	});

	test('another compression method is named', () => {
		const zip = zipOf(files, 8);
		const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
		zip.writeUInt16LE(12, central + 10); // bzip2
		expect(() => readZip(zip)).toThrow(
			'index.xml uses compression method 12; only stored and deflate are read',
		);
	});

	test('no end record: not a ZIP', () => {
		expect(() => readZip(Buffer.alloc(100))).toThrow('no end of central directory record');
	});
});
