// Pure export helpers: the filter rules of Export › Trigger, the TAR reader, file-name checks of
// log messages, and the small lifecycle helpers of Export › Download.
import { buildTar, paxRecord } from '../../../simulator/sign-de/exportTar';
import { FieldError } from '../../../nodes/shared/errors';
import { fileNameDifferences } from '../../../nodes/FiskalySignDe/helpers/exportArchive';
import { buildExportQuery } from '../../../nodes/FiskalySignDe/helpers/exportFilters';
import {
	exportEndProblem,
	exportFileName,
	nextPollDelayMs,
} from '../../../nodes/FiskalySignDe/helpers/exports';
import { looksLikeTar, readTar } from '../../../nodes/shared/tar';
import type { LogMessage } from '../../../nodes/shared/tr03151';

const CLIENT = '9e6f21ab-2eb5-42e3-98f0-3879881dd51d';

function messageOf(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		if (error instanceof FieldError) return error.message;
		throw error;
	}
	throw new Error('expected a FieldError');
}

describe('buildExportQuery', () => {
	test.each<[string, Record<string, unknown>, Record<string, string>]>([
		['nothing: everything', {}, {}],
		['empty values count as not set', { clientId: '', startDate: '  ' }, {}],
		['one client, lower-cased', { clientId: CLIENT.toUpperCase() }, { client_id: CLIENT }],
		['one transaction', { transactionNumber: 7 }, { transaction_number: '7' }],
		[
			'a transaction range',
			{ startTransactionNumber: 3, endTransactionNumber: '9' },
			{ start_transaction_number: '3', end_transaction_number: '9' },
		],
		['an open-ended range', { endSignatureCounter: 100 }, { end_signature_counter: '100' }],
		[
			'dates as ISO text and unix seconds',
			{ startDate: '2025-01-01T00:00:00.000Z', endDate: 1738367999 },
			{ start_date: '1735689600', end_date: '1738367999' },
		],
		[
			'a range with a record limit',
			{ startSignatureCounter: 1, endSignatureCounter: 1000000, maximumNumberRecords: 1000000 },
			{
				start_signature_counter: '1',
				end_signature_counter: '1000000',
				maximum_number_records: '1000000',
			},
		],
		[
			'the same number at both ends',
			{ startTransactionNumber: 5, endTransactionNumber: 5 },
			{ start_transaction_number: '5', end_transaction_number: '5' },
		],
	])('%s', (_case, filters, query) => {
		expect(buildExportQuery(filters)).toEqual(query);
	});

	test.each<[string, Record<string, unknown>, RegExp]>([
		[
			'client with anything else',
			{ clientId: CLIENT, maximumNumberRecords: 10 },
			/^Filters › Client ID: cannot be combined with Maximum Number of Records$/,
		],
		[
			'transaction number with a range end',
			{ transactionNumber: 1, startTransactionNumber: 2 },
			/Transaction Number: cannot be combined with a transaction number range/,
		],
		[
			'numbers and dates',
			{ transactionNumber: 1, endDate: '2025-01-01T00:00:00Z' },
			/combine ranges of transaction numbers and dates/,
		],
		[
			'all three kinds',
			{ startTransactionNumber: 1, startDate: 0, startSignatureCounter: 1 },
			/transaction numbers and dates and signature counters/,
		],
		[
			'backwards dates',
			{ startDate: '2025-02-01T00:00:00Z', endDate: '2025-01-01T00:00:00Z' },
			/Start Date: is after End Date/,
		],
		[
			'zero',
			{ transactionNumber: 0 },
			/Transaction Number: "0" is not a whole number of at least 1/,
		],
		['a fraction', { startSignatureCounter: 1.5 }, /"1.5" is not a whole number/],
		[
			'above the fiskaly maximum',
			{ maximumNumberRecords: 2000000 },
			/2000000 is more than 1000000/,
		],
		['not a date', { endDate: 'soon' }, /End Date: "soon" is not a date and time/],
	])('refuses %s', (_case, filters, message) => {
		expect(messageOf(() => buildExportQuery(filters))).toMatch(message);
	});
});

describe('readTar', () => {
	test('reads ustar files and PAX long names, in order', () => {
		const longName = `Unixt_1700000000_Sig-9_Log-Tra_No-1_Finish_Client-${'K'.repeat(80)}.log`;
		const archive = buildTar([
			{ name: 'info.csv', data: Buffer.from('a,b\r\n'), mtime: 1 },
			{ name: longName, data: Buffer.alloc(700, 1), mtime: 1 },
		]);
		expect(readTar(archive).map((file) => [file.name, file.data.length])).toEqual([
			['info.csv', 5],
			[longName, 700],
		]);
		expect(paxRecord('path', longName).length).toBeGreaterThan(longName.length);
	});

	test.each<[string, (archive: Buffer) => Buffer, RegExp]>([
		[
			'a changed header byte',
			(a) => Buffer.from(a.map((b, i) => (i === 10 ? b ^ 1 : b))),
			/wrong checksum/,
		],
		['no end marker', (a) => a.subarray(0, 1536), /without its end marker/],
		['a cut file', (a) => a.subarray(0, 600), /cut off|end marker/],
	])('refuses %s', (_case, damage, message) => {
		const archive = buildTar([{ name: 'a.log', data: Buffer.alloc(600, 2), mtime: 1 }]);
		expect(() => readTar(damage(archive))).toThrow(message);
	});
});

describe('fileNameDifferences', () => {
	const log = {
		kind: 'transaction',
		operationType: 'FinishTransaction',
		clientSerialNumber: 'Kasse: 1/A',
		transactionNumber: 12,
		signatureCounter: 345,
		logTime: 1700000000,
		logTimeFormat: 'unixTime',
		logTimeText: '1700000000',
	} as LogMessage;
	const name = 'Unixt_1700000000_Sig-345_Log-Tra_No-12_Finish_Client-Kasse_ 1_A.log';

	test('agrees with a name whose unsafe client characters became "_", also inside a folder', () => {
		expect(fileNameDifferences(name, log)).toEqual([]);
		expect(fileNameDifferences(`export/${name.replace('.log', '_Fc-1.log')}`, log)).toEqual([]);
	});

	test.each<[string, string, RegExp]>([
		[
			'time',
			name.replace('1700000000', '1700000001'),
			/time Unixt_1700000001, the log Unixt_1700000000/,
		],
		['counter', name.replace('Sig-345', 'Sig-346'), /signature counter 346, the log 345/],
		['log type', name.replace('Log-Tra', 'Log-Sys'), /Log-Sys, the log is a transaction log/],
		['transaction number', name.replace('No-12', 'No-13'), /transaction 13, the log 12/],
		['operation', name.replace('Finish', 'Start'), /says Start, the log FinishTransaction/],
		['client', name.replace('Kasse_ 1_A', 'Kasse_ 2_A'), /client "Kasse_ 2_A"/],
		['pattern', 'log-12.log', /does not follow the TR-03151 pattern/],
	])('names a wrong %s', (_case, fileName, message) => {
		expect(fileNameDifferences(fileName, log).join(' | ')).toMatch(message);
	});

	test('system logs are named by their event', () => {
		const system = { ...log, kind: 'system', operationType: 'authenticateUser' } as LogMessage;
		expect(
			fileNameDifferences('Unixt_1700000000_Sig-345_Log-Sys_authenticateUser.log', system),
		).toEqual([]);
		expect(fileNameDifferences('Unixt_1700000000_Sig-345_Log-Sys_logOut.log', system)).toEqual([
			'the name says event "logOut", the log "authenticateUser"',
		]);
	});
});

describe('export lifecycle helpers', () => {
	test('the poll delay never goes under 5 seconds and follows a longer Retry-After', () => {
		expect(nextPollDelayMs(1000, undefined)).toBe(5000);
		expect(nextPollDelayMs(10_000, undefined)).toBe(10_000);
		expect(nextPollDelayMs(10_000, 60_000)).toBe(60_000);
	});

	test('cancelled and failed exports say how to go on; running ones are not ended', () => {
		expect(
			exportEndProblem({ _id: 'e1', state: 'ERROR', exception: 'E_TOO_MANY_RECORDS' }),
		).toEqual({
			message: 'Export e1 ended with an error (E_TOO_MANY_RECORDS)',
			description: expect.stringMatching(/signature counter ranges/),
		});
		expect(exportEndProblem({ _id: 'e1', state: 'CANCELLED' })?.message).toBe(
			'Export e1 was cancelled',
		);
		expect(exportEndProblem({ _id: 'e1', state: 'WORKING' })).toBeUndefined();
	});

	test('file names carry the TSS serial and the completion time', () => {
		expect(exportFileName('a408', 1738324800)).toBe('tss-export_a408_2025-01-31T12-00-00Z.tar');
		expect(exportFileName(undefined, 0)).toBe('tss-export_unknown-tss_1970-01-01T00-00-00Z.tar');
	});
});

describe('looksLikeTar', () => {
	test('a TAR (even a cut one) does, a PDF or a JSON text does not', () => {
		const archive = buildTar([{ name: 'a.log', data: Buffer.alloc(600, 2), mtime: 1 }]);
		expect(looksLikeTar(archive)).toBe(true);
		expect(looksLikeTar(archive.subarray(0, 700))).toBe(true);
		expect(looksLikeTar(Buffer.alloc(1024))).toBe(true);
		expect(looksLikeTar(Buffer.from('%PDF-1.7\n'.repeat(80)))).toBe(false);
		expect(looksLikeTar(Buffer.from(JSON.stringify({ state: 'COMPLETED' })))).toBe(false);
	});
});
