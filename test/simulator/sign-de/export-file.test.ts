// The export file itself (simulator/export.ts): TSE log file names, the TAR writer and reader, and
// the export TAR with info.csv, certificate and logs. The export resource over HTTP is in export.test.ts.

import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	buildExportTar,
	buildTar,
	INFO_CSV_COLUMNS,
	logFileName,
	paxRecord,
	TarEntry,
} from '../../../simulator/sign-de/exportTar';
import {
	buildSystemDtbs,
	buildTransactionDtbs,
	createCertificateAuthority,
	createTssKeys,
	loadSigningKey,
	signLog,
} from '../../../simulator/sign-de/signing';
import type { StoredLog, TssKeyMaterial } from '../../../simulator/sign-de/types';
import { parseTar } from '../../support/tar';
import { parseLogMessage } from '../../support/tr03151';

const NOW = 1_767_225_600;

let workDir: string;

beforeAll(() => {
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-export-test-'));
});

afterAll(() => {
	fs.rmSync(workDir, { recursive: true, force: true });
});

/** Runs GNU tar and insists on a clean run: exit 0 and not a single warning. */
function tar(args: string[]): string {
	const run = spawnSync('tar', args, { encoding: 'utf8' });
	expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
	return run.stdout;
}

/** Writes the archive and lets GNU tar list it (`tar -tvf --full-time`) and extract it. */
function withSystemTar(archive: Buffer): {
	listing: string[];
	extracted: (name: string) => Buffer;
} {
	const dir = fs.mkdtempSync(path.join(workDir, 'tar-'));
	const file = path.join(dir, 'archive.tar');
	fs.writeFileSync(file, archive);
	const listing = tar(['--full-time', '-tvf', file]).trimEnd().split('\n');
	const out = path.join(dir, 'out');
	fs.mkdirSync(out);
	tar(['-xf', file, '-C', out]);
	return { listing, extracted: (name) => fs.readFileSync(path.join(out, name)) };
}

function txLog(overrides: Partial<StoredLog> = {}): StoredLog {
	return {
		counter: 33,
		logTime: 1674239505,
		kind: 'transaction',
		message: '',
		txNumber: 1,
		operation: 'Update',
		clientSerial: 'ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20',
		clientId: 'd884dfc1-b8d6-4c59-a41f-2c33c916f30e',
		...overrides,
	};
}

describe('logFileName', () => {
	it.each([
		[
			'Start',
			txLog({ operation: 'Start', counter: 32, logTime: 1674239242 }),
			'Unixt_1674239242_Sig-32_Log-Tra_No-1_Start_Client-ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20.log',
		],
		[
			'Update',
			txLog(),
			'Unixt_1674239505_Sig-33_Log-Tra_No-1_Update_Client-ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20.log',
		],
		[
			'Finish',
			txLog({ operation: 'Finish', counter: 34, logTime: 1674239587, txNumber: 12 }),
			'Unixt_1674239587_Sig-34_Log-Tra_No-12_Finish_Client-ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20.log',
		],
		[
			'system event',
			{
				counter: 28,
				logTime: 1674239000,
				kind: 'system',
				message: '',
				event: 'registerClient',
			} as StoredLog,
			'Unixt_1674239000_Sig-28_Log-Sys_registerClient.log',
		],
	])('%s log', (_label, log, expected) => {
		expect(logFileName(log)).toBe(expected);
	});

	it.each([
		['slash', 'Kasse 1/2', 'Kasse 1_2'],
		['colon and question mark', 'POS:1?', 'POS_1_'],
		['PrintableString punctuation kept', "K (1)+2,3.4=5'-6", "K (1)+2,3.4=5'-6"],
	])('makes client serials with %s safe for TAR', (_label, clientSerial, safe) => {
		expect(logFileName(txLog({ clientSerial }))).toBe(
			`Unixt_1674239505_Sig-33_Log-Tra_No-1_Update_Client-${safe}.log`,
		);
	});

	it('refuses a transaction log without its transaction fields', () => {
		expect(() => logFileName(txLog({ txNumber: undefined }))).toThrow(/counter 33/);
	});
});

describe('buildTar / parseTar', () => {
	const longName = `Unixt_1674239505_Sig-33_Log-Tra_No-1_Update_Client-${'ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20'.repeat(2)}.log`;
	const entries: TarEntry[] = [
		{ name: 'info.csv', data: Buffer.from('a,b\r\n1,2\r\n'), mtime: NOW },
		{ name: 'empty.bin', data: Buffer.alloc(0), mtime: NOW },
		{ name: 'block.bin', data: crypto.randomBytes(512), mtime: NOW + 1 },
		{ name: 'x'.repeat(99), data: Buffer.from('ninety-nine'), mtime: NOW },
		{ name: 'y'.repeat(100), data: Buffer.from('one hundred'), mtime: NOW },
		{ name: longName, data: crypto.randomBytes(1000), mtime: 1674239505 },
		{ name: 'Döner.txt', data: Buffer.from('non-ASCII name'), mtime: NOW },
	];
	const archive = buildTar(entries);

	it('is whole 512-byte blocks ending in two zero blocks', () => {
		expect(archive.length % 512).toBe(0);
		expect(archive.subarray(-1024).every((byte) => byte === 0)).toBe(true);
	});

	it('GNU tar lists every entry with its size and mtime', () => {
		const { listing } = withSystemTar(archive);
		expect(listing).toHaveLength(entries.length);
		entries.forEach((entry, index) => {
			const line = listing[index];
			expect(line.endsWith(` ${entry.name}`)).toBe(true);
			expect(line).toMatch(new RegExp(`^-rw-r--r-- root/root +${entry.data.length} `));
			const stamp = new Date(entry.mtime * 1000).toISOString().replace('T', ' ').slice(0, 19);
			expect(line).toContain(stamp);
		});
	});

	it('GNU tar extracts every entry byte for byte (long and non-ASCII names through PAX)', () => {
		const { extracted } = withSystemTar(archive);
		for (const entry of entries) expect(extracted(entry.name)).toEqual(entry.data);
	});

	it('uses a PAX header only for names that do not fit ustar', () => {
		const typeflags: string[] = [];
		for (let offset = 0; offset < archive.length - 1024; ) {
			const size = parseInt(archive.subarray(offset + 124, offset + 135).toString('latin1'), 8);
			typeflags.push(String.fromCharCode(archive[offset + 156]));
			offset += 512 + Math.ceil(size / 512) * 512;
		}
		expect(typeflags).toEqual(['0', '0', '0', '0', 'x', '0', 'x', '0', 'x', '0']);
	});

	it('parseTar reads its own archive back', () => {
		expect(parseTar(archive)).toEqual(entries.map(({ name, data }) => ({ name, data })));
	});

	it('parseTar reads a PAX archive written by GNU tar', () => {
		const dir = fs.mkdtempSync(path.join(workDir, 'gnu-'));
		fs.writeFileSync(path.join(dir, longName), 'from GNU tar');
		fs.writeFileSync(path.join(dir, 'short.txt'), 'short');
		const file = path.join(workDir, `gnu-${Date.now()}.tar`);
		tar(['--format=pax', '-cf', file, '-C', dir, 'short.txt', longName]);
		expect(parseTar(fs.readFileSync(file))).toEqual([
			{ name: 'short.txt', data: Buffer.from('short') },
			{ name: longName, data: Buffer.from('from GNU tar') },
		]);
	});

	it('parseTar rejects a corrupted header checksum', () => {
		const corrupted = Buffer.from(archive);
		corrupted[0] ^= 0x01;
		expect(() => parseTar(corrupted)).toThrow(/checksum/);
	});

	it('parseTar rejects a truncated archive', () => {
		expect(() => parseTar(archive.subarray(0, 512 * 5 + 100))).toThrow();
	});

	it.each([1, 2, 90, 91, 92, 93, 989, 990, 991, 992, 995])(
		'a PAX record with a %i-character value states its own length',
		(n) => {
			const record = paxRecord('path', 'v'.repeat(n));
			const stated = Number(record.toString('utf8').split(' ')[0]);
			expect(stated).toBe(record.length);
			expect(record.toString('utf8').endsWith(`path=${'v'.repeat(n)}\n`)).toBe(true);
		},
	);

	it('refuses empty names', () => {
		expect(() => buildTar([{ name: '', data: Buffer.alloc(0), mtime: NOW }])).toThrow(/name/);
	});
});

describe('buildExportTar', () => {
	let keys: TssKeyMaterial;
	let logs: StoredLog[];
	const tssId = 'cdb96888-86f5-4b5e-b213-ef265ecc4676';

	beforeAll(() => {
		keys = createTssKeys(createCertificateAuthority(NOW), NOW);
		const key = loadSigningKey(keys);
		const system = (counter: number, event: string): StoredLog => ({
			counter,
			logTime: NOW + counter,
			kind: 'system',
			event,
			message: signLog(
				key,
				buildSystemDtbs({
					operationType: event,
					systemOperationData: Buffer.alloc(0),
					serialNumber: keys.serialNumber,
					signatureCounter: counter,
					logTime: NOW + counter,
				}),
			).message,
		});
		const transaction = (
			counter: number,
			operation: 'Start' | 'Finish',
			clientSerial: string,
		): StoredLog => {
			const processData =
				operation === 'Start'
					? Buffer.alloc(0)
					: Buffer.from('Beleg^1.00_0.00_0.00_0.00_0.00^1.00:Bar');
			const dtbs = buildTransactionDtbs({
				operation,
				clientSerial,
				processType: operation === 'Start' ? '' : 'Kassenbeleg-V1',
				processData,
				transactionNumber: 1,
				serialNumber: keys.serialNumber,
				signatureCounter: counter,
				logTime: NOW + counter,
			});
			return {
				counter,
				logTime: NOW + counter,
				kind: 'transaction',
				txNumber: 1,
				operation,
				clientSerial,
				clientId: 'c1',
				message: signLog(key, dtbs).message,
			};
		};
		// Deliberately out of counter order: the export sorts them.
		logs = [
			transaction(31, 'Finish', 'Kasse 1/Theke'),
			system(28, 'registerClient'),
			transaction(30, 'Start', 'Kasse 1/Theke'),
			system(29, 'logOut'),
		];
	});

	const build = () =>
		buildExportTar({
			tssId,
			tssSerial: keys.serialNumber,
			certificate: keys.certificate,
			logs,
			now: NOW + 100,
		});

	it('holds info.csv, the certificate and one log file per log in counter order', () => {
		expect(parseTar(build()).map((file) => file.name)).toEqual([
			'info.csv',
			`${keys.serialNumber}_X509.cer`,
			`Unixt_${NOW + 28}_Sig-28_Log-Sys_registerClient.log`,
			`Unixt_${NOW + 29}_Sig-29_Log-Sys_logOut.log`,
			`Unixt_${NOW + 30}_Sig-30_Log-Tra_No-1_Start_Client-Kasse 1_Theke.log`,
			`Unixt_${NOW + 31}_Sig-31_Log-Tra_No-1_Finish_Client-Kasse 1_Theke.log`,
		]);
	});

	it('every log file verifies against the public key of the exported certificate', () => {
		const files = parseTar(build());
		const certificate = new crypto.X509Certificate(files[1].data);
		expect(certificate.serialNumber).toBe(keys.serialNumber.toUpperCase());
		for (const file of files.slice(2)) {
			const parsed = parseLogMessage(file.data);
			expect(file.name).toContain(`_Sig-${parsed.signatureCounter}_`);
			expect(parsed.serialNumber).toBe(keys.serialNumber);
			expect(
				crypto.verify(
					'sha256',
					parsed.dtbs,
					{ key: certificate.publicKey, dsaEncoding: 'ieee-p1363' },
					parsed.signature,
				),
			).toBe(true);
		}
		const finish = parseLogMessage(files[5].data);
		expect(finish.clientId).toBe('Kasse 1/Theke'); // exact serial inside the log, only the file name is made safe
	});

	it('info.csv describes the TSS and the export', () => {
		const csv = parseTar(build())[0].data.toString('utf8');
		const [header, row, end] = csv.split('\r\n');
		expect(header).toBe(INFO_CSV_COLUMNS.join(','));
		expect(end).toBe('');
		const values = Object.fromEntries(
			header.split(',').map((column, index) => [column, row.split(',')[index]]),
		);
		expect(values).toEqual({
			description: 'fiskaly SIGN DE v2 simulator TSS export',
			manufacturer: 'n8n-nodes-fiskaly-sign-de',
			model: 'Simulator Test TSE',
			tss_id: tssId,
			tss_serial_number: keys.serialNumber,
			signature_algorithm: 'ecdsa-plain-SHA256',
			log_count: '4',
			first_signature_counter: '28',
			last_signature_counter: '31',
			export_time: String(NOW + 100),
		});
	});

	it('an export without logs still carries info.csv and the certificate', () => {
		const files = parseTar(
			buildExportTar({
				tssId,
				tssSerial: keys.serialNumber,
				certificate: keys.certificate,
				logs: [],
				now: NOW,
			}),
		);
		expect(files.map((file) => file.name)).toEqual(['info.csv', `${keys.serialNumber}_X509.cer`]);
		expect(files[0].data.toString('utf8')).toContain(
			`,${keys.serialNumber},ecdsa-plain-SHA256,0,,,${NOW}\r\n`,
		);
	});

	it('GNU tar extracts the export, log files included', () => {
		const { listing, extracted } = withSystemTar(build());
		expect(listing).toHaveLength(6);
		const name = `Unixt_${NOW + 31}_Sig-31_Log-Tra_No-1_Finish_Client-Kasse 1_Theke.log`;
		expect(extracted(name)).toEqual(Buffer.from(logs[0].message, 'base64'));
	});
});
