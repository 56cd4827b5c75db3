// Verify DSFinV-K Export, the TSE table: a TSE failure, log times without a zone, and a P-384 TSE
// (ecdsa-plain-SHA384), on the worked example of REFERENCE §10.
import * as crypto from 'crypto';

import { verifyDsfinvkExport } from '../../../nodes/FiskalyDsfinvk/helpers/exportCheck/verifyExport';
import type { ArchiveFiles } from '../../support/dsfinvkArchive';
import { parseTrustedKey } from '../../../nodes/shared/trustedKey';
import {
	cell,
	CLIENT_SERIAL,
	newTse,
	setCell,
	tarOf,
	workedExample,
} from '../../support/dsfinvkArchive';

const OPTIONS = { maxFindings: 500 };
const tse = newTse();
const example = workedExample(tse);
describe('TSE rows', () => {
	test('a TSE failure is a warning, not a signature error', () => {
		let files = example;
		for (const column of [
			'TSE_TANR',
			'TSE_TA_START',
			'TSE_TA_ENDE',
			'TSE_TA_VORGANGSART',
			'TSE_TA_SIGZ',
			'TSE_TA_SIG',
			'TSE_VORGANGSDATEN',
		])
			files = setCell(files, 'transactions_tse.csv', 2, column, '');
		files = setCell(files, 'transactions_tse.csv', 2, 'TSE_TA_FEHLER', 'TSE ausgefallen');
		const report = verifyDsfinvkExport(tarOf(files), OPTIONS);
		expect(report).toMatchObject({
			valid: true,
			errors: 0,
			warnings: 1,
			tse_failures: 1,
			signatures_verified: 1,
		});
		expect(report.findings).toEqual([
			expect.objectContaining({
				severity: 'warning',
				table: 'transactions_tse.csv',
				row: 2,
				column: 'TSE_TA_FEHLER',
				found: 'TSE ausgefallen',
			}),
		]);
	});

	test('log times in local time without a zone verify, with a warning naming the offset', () => {
		const files = setCell(example, 'transactions_tse.csv', 2, 'TSE_TA_ENDE', '2024-03-15T18:02:41');
		const report = verifyDsfinvkExport(tarOf(files), OPTIONS);
		expect(report).toMatchObject({ errors: 0, signatures_verified: 2 });
		expect(report.findings).toEqual([
			expect.objectContaining({
				severity: 'warning',
				column: 'TSE_TA_ENDE',
				message: 'has no time zone; it verifies as UTC+1',
			}),
		]);
	});

	test('an ecdsa-plain-SHA384 TSE (P-384) verifies', () => {
		const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
		const jwk = publicKey.export({ format: 'jwk' });
		const point = Buffer.concat([
			Buffer.from([4]),
			Buffer.from(jwk.x as string, 'base64url'),
			Buffer.from(jwk.y as string, 'base64url'),
		]);
		const serial = crypto.createHash('sha256').update(point).digest('hex');
		// The P-256 example's signed bytes with the SHA-384 algorithm OID (…4.1.3 → …4.1.4) and this serial.
		const p256 = workedExample({ privateKey, publicKey: point.toString('base64'), serial });
		let files = setCell(p256, 'tse.csv', 2, 'TSE_SIG_ALGO', 'ecdsa-plain-SHA384');
		files = setCell(files, 'tse.csv', 2, 'TSE_PUBLIC_KEY', point.toString('base64'));
		for (const row of [2, 3]) {
			const dtbs = finishDtbs(files, row, serial);
			const signature = crypto.sign('sha384', dtbs, { key: privateKey, dsaEncoding: 'ieee-p1363' });
			files = setCell(
				files,
				'transactions_tse.csv',
				row,
				'TSE_TA_SIG',
				signature.toString('base64'),
			);
		}
		expect(verifyDsfinvkExport(tarOf(files), OPTIONS)).toMatchObject({
			valid: true,
			signatures_verified: 2,
		});
	});
});

/** The TR-03151 Finish log of a TSE row, encoded by hand with the ecdsa-plain-SHA384 OID. */
function finishDtbs(files: ArchiveFiles, row: number, serial: string): Buffer {
	const value = (column: string) => cell(files, 'transactions_tse.csv', row, column);
	const tlv = (tag: number, content: Buffer) =>
		Buffer.concat([Buffer.from([tag, content.length]), content]);
	const integer = (n: number) => {
		let hex = n.toString(16);
		if (hex.length % 2) hex = `0${hex}`;
		const bytes = Buffer.from(hex, 'hex');
		return bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
	};
	const oid = (text: string) => {
		const [a, b, ...rest] = text.split('.').map(Number);
		const bytes = [a * 40 + b];
		for (const part of rest) {
			const chunk = [part & 0x7f];
			for (let v = part >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
			bytes.push(...chunk);
		}
		return tlv(0x06, Buffer.from(bytes));
	};
	return Buffer.concat([
		tlv(0x02, integer(2)),
		oid('0.4.0.127.0.7.3.7.1.1'),
		tlv(0x80, Buffer.from('FinishTransaction')),
		tlv(0x81, Buffer.from(CLIENT_SERIAL)),
		tlv(0x82, Buffer.from(value('TSE_VORGANGSDATEN'), 'utf8')),
		tlv(0x83, Buffer.from(value('TSE_TA_VORGANGSART'))),
		tlv(0x85, integer(Number(value('TSE_TANR')))),
		tlv(0x04, Buffer.from(serial, 'hex')),
		tlv(0x30, oid('0.4.0.127.0.7.1.1.4.1.4')),
		tlv(0x02, integer(Number(value('TSE_TA_SIGZ')))),
		tlv(0x02, integer(Date.parse(value('TSE_TA_ENDE')) / 1000)),
	]);
}

describe('a trusted TSS (option TSS Public Key or Serial Number)', () => {
	test.each([
		['its serial number', tse.serial],
		['its public key', tse.publicKey],
	])('given as %s, the export of that TSS verifies', (_what, key) => {
		const trusted = parseTrustedKey(key, 'TSS Public Key or Serial Number');
		expect(verifyDsfinvkExport(tarOf(example), { ...OPTIONS, trusted })).toMatchObject({
			valid: true,
			trusted_key_checked: true,
			signatures_verified: 2,
		});
	});

	test('another TSS: the TSE row is named, whatever its signatures say', () => {
		const other = newTse();
		const trusted = parseTrustedKey(other.publicKey, 'TSS Public Key or Serial Number');
		const report = verifyDsfinvkExport(tarOf(example), { ...OPTIONS, trusted });
		expect(report).toMatchObject({ valid: false, errors: 1, signatures_verified: 2 });
		expect(report.findings).toEqual([
			expect.objectContaining({
				check: 'tse',
				table: 'tse.csv',
				row: 2,
				column: 'TSE_PUBLIC_KEY',
				expected: other.serial,
				found: tse.serial,
			}),
		]);
	});
});
