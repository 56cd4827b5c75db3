/**
 * DEFLATE decompression (RFC 1951) for ZIP exports. Verified community nodes may not import zlib,
 * so the few lines of a canonical-Huffman inflater live here. Pure; throws InflateError.
 */

export class InflateError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InflateError';
	}
}

interface Huffman {
	/** counts[len]: how many codes have that bit length. */
	counts: Uint16Array;
	/** Symbols ordered by code. */
	symbols: Uint16Array;
}

const LENGTH_BASE = [
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
	163, 195, 227, 258,
];
const LENGTH_EXTRA = [
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DISTANCE_BASE = [
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
	3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
/** The order in which a dynamic block lists its code-length code lengths. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

function huffman(lengths: ArrayLike<number>): Huffman {
	const counts = new Uint16Array(16);
	for (let i = 0; i < lengths.length; i++) counts[lengths[i]]++;
	counts[0] = 0;
	const offsets = new Uint16Array(16);
	for (let len = 1; len < 16; len++) offsets[len] = offsets[len - 1] + counts[len - 1];
	const symbols = new Uint16Array(lengths.length);
	for (let symbol = 0; symbol < lengths.length; symbol++) {
		if (lengths[symbol] !== 0) symbols[offsets[lengths[symbol]]++] = symbol;
	}
	return { counts, symbols };
}

const FIXED_LITERALS = huffman(
	Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8)),
);
const FIXED_DISTANCES = huffman(new Array<number>(30).fill(5));

class BitReader {
	private position = 0;
	private bitBuffer = 0;
	private bitCount = 0;

	constructor(private readonly input: Buffer) {}

	bits(count: number): number {
		while (this.bitCount < count) {
			if (this.position >= this.input.length) throw new InflateError('the data ends too early');
			this.bitBuffer |= this.input[this.position++] << this.bitCount;
			this.bitCount += 8;
		}
		const value = this.bitBuffer & ((1 << count) - 1);
		this.bitBuffer >>>= count;
		this.bitCount -= count;
		return value;
	}

	/** Skips to the next byte boundary and returns the following `length` bytes. */
	storedBytes(length: number): Buffer {
		this.bitBuffer = 0;
		this.bitCount = 0;
		if (this.position + length > this.input.length)
			throw new InflateError('a stored block is cut off');
		const bytes = this.input.subarray(this.position, this.position + length);
		this.position += length;
		return bytes;
	}

	decode(table: Huffman): number {
		let code = 0;
		let first = 0;
		let index = 0;
		for (let len = 1; len < 16; len++) {
			code |= this.bits(1);
			const count = table.counts[len];
			if (code - first < count) return table.symbols[index + code - first];
			index += count;
			first = (first + count) << 1;
			code <<= 1;
		}
		throw new InflateError('an invalid Huffman code');
	}
}

function dynamicTables(reader: BitReader): [Huffman, Huffman] {
	const literalCount = reader.bits(5) + 257;
	const distanceCount = reader.bits(5) + 1;
	const codeLengthCount = reader.bits(4) + 4;
	const codeLengths = new Uint8Array(19);
	for (let i = 0; i < codeLengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]] = reader.bits(3);
	const codeLengthTable = huffman(codeLengths);
	const lengths = new Uint8Array(literalCount + distanceCount);
	for (let i = 0; i < lengths.length; ) {
		const symbol = reader.decode(codeLengthTable);
		if (symbol < 16) {
			lengths[i++] = symbol;
			continue;
		}
		let repeat: number;
		let value = 0;
		if (symbol === 16) {
			if (i === 0) throw new InflateError('a repeated code length without a previous one');
			value = lengths[i - 1];
			repeat = 3 + reader.bits(2);
		} else repeat = symbol === 17 ? 3 + reader.bits(3) : 11 + reader.bits(7);
		if (i + repeat > lengths.length) throw new InflateError('too many code lengths');
		lengths.fill(value, i, i + repeat);
		i += repeat;
	}
	return [huffman(lengths.subarray(0, literalCount)), huffman(lengths.subarray(literalCount))];
}

/** Decompresses raw DEFLATE data (no zlib or gzip wrapper). */
export function inflateRaw(input: Buffer, expectedSize?: number): Buffer {
	const reader = new BitReader(input);
	let output = Buffer.alloc(Math.max(expectedSize ?? 0, input.length * 4, 1024));
	let size = 0;
	const ensure = (extra: number) => {
		if (size + extra <= output.length) return;
		const grown = Buffer.alloc(Math.max(output.length * 2, size + extra));
		output.copy(grown, 0, 0, size);
		output = grown;
	};
	for (let last = 0; !last; ) {
		last = reader.bits(1);
		const type = reader.bits(2);
		if (type === 0) {
			const header = reader.storedBytes(4);
			const length = header.readUInt16LE(0);
			if ((length ^ 0xffff) !== header.readUInt16LE(2))
				throw new InflateError('a stored block has a wrong length');
			ensure(length);
			reader.storedBytes(length).copy(output, size);
			size += length;
			continue;
		}
		if (type === 3) throw new InflateError('an invalid block type');
		const [literals, distances] =
			type === 1 ? [FIXED_LITERALS, FIXED_DISTANCES] : dynamicTables(reader);
		for (;;) {
			const symbol = reader.decode(literals);
			if (symbol === 256) break;
			if (symbol < 256) {
				ensure(1);
				output[size++] = symbol;
				continue;
			}
			const lengthIndex = symbol - 257;
			if (lengthIndex >= LENGTH_BASE.length) throw new InflateError('an invalid length code');
			const length = LENGTH_BASE[lengthIndex] + reader.bits(LENGTH_EXTRA[lengthIndex]);
			const distanceIndex = reader.decode(distances);
			if (distanceIndex >= DISTANCE_BASE.length) throw new InflateError('an invalid distance code');
			const distance = DISTANCE_BASE[distanceIndex] + reader.bits(DISTANCE_EXTRA[distanceIndex]);
			if (distance > size) throw new InflateError('a distance before the start of the data');
			ensure(length);
			for (let i = 0; i < length; i++, size++) output[size] = output[size - distance];
		}
	}
	return output.subarray(0, size);
}
