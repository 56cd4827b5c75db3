import type { KeyObject } from 'crypto';

import {
	OPERATION_TYPES,
	PLAIN_ECDSA,
	publicKeyFromPoint,
	serialOfPoint,
	transactionDtbs,
	verifyPlainSignature,
} from '../../../shared/tr03151';
import type { PlainEcdsa, TransactionLogFields } from '../../../shared/tr03151';
import type { TrustedKey } from '../../../shared/trustedKey';
import { formatUnits, sumOf, unitsOf } from './decimals';
import type { Findings } from './findings';
import { bonKey, closingKey, groupBy, rowsOf } from './keys';
import type { Row, Tables } from './structure';

/**
 * The TSE side of an export (REFERENCE §9.3 TSE_Transaktionen, Stamm_TSE; §8.2 rule 8): every Bon
 * has its TSE row, each signature verifies against the TSE's public key over the TR-03151 Finish
 * log it stands for, and the signed process data says what the receipt says. Pure.
 */

interface Tse {
	row: Row;
	algorithm: PlainEcdsa;
	key: KeyObject;
	serial: string;
}

const ZERO = BigInt(0);
/** Kassenbeleg-V1 lists gross amounts for VAT keys 1, 2, 3, 4 and the 0 % keys. [INFERRED: 5, 6, 7 share the last] */
const BUCKET_OF_VAT_KEY: Record<string, number> = { 1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 4, 7: 4 };
/** Europe/Berlin is UTC+1 or UTC+2: the offsets tried for a log time written without a zone. */
const LOCAL_OFFSETS = [0, 3600, 7200];

function readTse(row: Row, findings: Findings, trusted?: TrustedKey): Tse | undefined {
	const at = (column: string) => ({
		check: 'tse' as const,
		table: 'tse.csv',
		row: row.row,
		column,
	});
	const algorithm = PLAIN_ECDSA[row.values.TSE_SIG_ALGO];
	if (!algorithm) {
		findings.add({
			...at('TSE_SIG_ALGO'),
			message: 'is no algorithm a TSE signs with',
			expected: Object.keys(PLAIN_ECDSA).join(' or '),
			found: row.values.TSE_SIG_ALGO,
		});
		return undefined;
	}
	if (row.values.TSE_ZEITFORMAT !== 'unixTime') {
		findings.add({
			...at('TSE_ZEITFORMAT'),
			message: 'is a time format whose log messages cannot be rebuilt here',
			expected: 'unixTime',
			found: row.values.TSE_ZEITFORMAT,
		});
		return undefined;
	}
	if (!['UTF-8', 'ASCII'].includes(row.values.TSE_PD_ENCODING))
		findings.add({
			...at('TSE_PD_ENCODING'),
			message: 'is no process data encoding of TR-03151',
			expected: 'UTF-8',
			found: row.values.TSE_PD_ENCODING,
		});
	const point = Buffer.from(row.values.TSE_PUBLIC_KEY, 'base64');
	let key: KeyObject;
	try {
		key = publicKeyFromPoint(point, algorithm);
	} catch (error) {
		findings.add({
			...at('TSE_PUBLIC_KEY'),
			message: `is not a public key: ${(error as Error).message}`,
		});
		return undefined;
	}
	const serial = serialOfPoint(point);
	if (row.values.TSE_SERIAL.toLowerCase() !== serial)
		findings.add({
			...at('TSE_SERIAL'),
			message: 'is not the SHA-256 of TSE_PUBLIC_KEY',
			expected: serial,
			found: row.values.TSE_SERIAL,
		});
	const trustedSerial =
		trusted &&
		('serialNumber' in trusted ? trusted.serialNumber : serialOfPoint(trusted.publicKey));
	if (trustedSerial !== undefined && trustedSerial !== serial)
		findings.add({
			...at('TSE_PUBLIC_KEY'),
			message:
				'is not the public key of the trusted TSS: the signatures of this TSE prove nothing about yours',
			expected: trustedSerial,
			found: serial,
		});
	return { row, algorithm, key, serial };
}

/** Candidate Unix seconds of a log time: digits, ISO 8601 with a zone, or local ISO 8601. */
function logTimes(text: string): number[] {
	if (/^\d+$/.test(text)) return [Number(text)];
	const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.0+)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
	if (!match) return [];
	const seconds = Date.parse(`${match[1]}${match[3] ?? 'Z'}`) / 1000;
	if (Number.isNaN(seconds)) return [];
	return match[3] ? [seconds] : LOCAL_OFFSETS.map((offset) => seconds - offset);
}

/** Kassenbeleg-V1 "Beleg^11.90_0.00_0.00_0.00_0.00^11.90:Bar_5.00:Unbar" (Anhang I). */
function kassenbeleg(
	text: string,
): { type: string; vat: bigint[]; cash: bigint; nonCash: bigint } | undefined {
	const [type, amounts, payments = ''] = text.split('^');
	const vat = (amounts ?? '').split('_').map((amount) => unitsOf(amount));
	if (vat.length !== 5 || vat.some((amount) => amount === undefined)) return undefined;
	let cash = ZERO;
	let nonCash = ZERO;
	for (const payment of payments === '' ? [] : payments.split('_')) {
		const [amount, kind, currency] = payment.split(':');
		const units = unitsOf(amount);
		if (units === undefined || !['Bar', 'Unbar'].includes(kind)) return undefined;
		if (currency && currency !== 'EUR') continue; // foreign cash is compared in its own table
		if (kind === 'Bar') cash += units;
		else nonCash += units;
	}
	return { type, vat: vat as bigint[], cash, nonCash };
}

function checkProcessData(
	tseRow: Row,
	bon: Row,
	vatRows: Row[],
	payments: Row[],
	findings: Findings,
): void {
	const at = {
		check: 'tse' as const,
		table: 'transactions_tse.csv',
		row: tseRow.row,
		column: 'TSE_VORGANGSDATEN',
	};
	const signed = kassenbeleg(tseRow.values.TSE_VORGANGSDATEN);
	if (!signed) {
		findings.add({
			...at,
			message: 'does not follow the Kassenbeleg-V1 format',
			found: tseRow.values.TSE_VORGANGSDATEN,
		});
		return;
	}
	if (signed.type !== bon.values.BON_TYP)
		findings.add({
			...at,
			message: 'signs another receipt type than BON_TYP in transactions.csv',
			expected: bon.values.BON_TYP,
			found: signed.type,
		});
	const buckets = [ZERO, ZERO, ZERO, ZERO, ZERO];
	for (const row of vatRows) {
		const bucket = BUCKET_OF_VAT_KEY[row.values.UST_SCHLUESSEL];
		if (bucket === undefined) return; // a historic or custom key: no bucket to compare with
		buckets[bucket] += unitsOf(row.values.BON_BRUTTO) ?? ZERO;
	}
	buckets.forEach((amount, index) => {
		if (amount !== signed.vat[index])
			findings.add({
				...at,
				message: `signs another gross amount in VAT position ${index + 1} than transactions_vat.csv holds`,
				expected: formatUnits(amount),
				found: formatUnits(signed.vat[index]),
			});
	});
	const base = payments.filter(
		(row) => !row.values.ZAHLWAEH_CODE || row.values.ZAHLWAEH_CODE === 'EUR',
	);
	const paid = (cash: boolean) =>
		sumOf(
			base
				.filter((row) => (row.values.ZAHLART_TYP === 'Bar') === cash)
				.map((row) => unitsOf(row.values.BASISWAEH_BETRAG) ?? ZERO),
		);
	const signedPayments: Array<[string, boolean, bigint]> = [
		['cash amount (Bar)', true, signed.cash],
		['non-cash amount (Unbar)', false, signed.nonCash],
	];
	for (const [what, cash, amount] of signedPayments) {
		if (paid(cash) !== amount)
			findings.add({
				...at,
				message: `signs another ${what} than datapayment.csv holds`,
				expected: formatUnits(paid(cash)),
				found: formatUnits(amount),
			});
	}
}

function verifySignature(row: Row, tse: Tse, clientSerial: string, findings: Findings): boolean {
	const at = (column: string) => ({
		check: 'signature' as const,
		table: 'transactions_tse.csv',
		row: row.row,
		column,
	});
	const { TSE_TANR, TSE_TA_SIGZ, TSE_TA_ENDE, TSE_TA_SIG } = row.values;
	if (!/^\d+$/.test(TSE_TANR) || !/^\d+$/.test(TSE_TA_SIGZ)) return false; // the format check reports it
	const times = logTimes(TSE_TA_ENDE);
	if (times.length === 0) {
		findings.add({
			...at('TSE_TA_ENDE'),
			message: 'is not a log time (Unix seconds or ISO 8601)',
			found: TSE_TA_ENDE,
		});
		return false;
	}
	const signature = Buffer.from(TSE_TA_SIG, 'base64');
	const fields = (logTime: number): TransactionLogFields => ({
		operationType: OPERATION_TYPES.Finish,
		clientSerialNumber: clientSerial,
		processType: row.values.TSE_TA_VORGANGSART,
		processData: Buffer.from(row.values.TSE_VORGANGSDATEN, 'utf8'),
		transactionNumber: Number(TSE_TANR),
		tssSerialNumber: tse.serial,
		signatureCounter: Number(TSE_TA_SIGZ),
		logTime,
	});
	const verified = times.find((logTime) =>
		verifyPlainSignature(
			tse.key,
			transactionDtbs(fields(logTime), tse.algorithm.oid),
			signature,
			tse.algorithm,
		),
	);
	if (verified === undefined) {
		findings.add({
			...at('TSE_TA_SIG'),
			message: `does not verify with the public key of TSE_ID ${tse.row.values.TSE_ID} over the TR-03151 Finish log of this row: a signed value (TSE_TANR, TSE_TA_ENDE, TSE_TA_VORGANGSART, TSE_TA_SIGZ, TSE_VORGANGSDATEN, the register's serial number) was changed, or another key signed it`,
		});
		return false;
	}
	if (times.length > 1 && verified !== times[0])
		findings.add({
			severity: 'warning',
			...at('TSE_TA_ENDE'),
			message: `has no time zone; it verifies as UTC+${(times[0] - verified) / 3600}`,
		});
	return true;
}

/** The client serial number a Bon was signed under: the slave's when TERMINAL_ID names one. [INFERRED] */
function clientSerials(tables: Tables): (bon: Row) => string | undefined {
	const masters = new Map(
		rowsOf(tables, 'cashregister.csv').map((row) => [
			closingKey(row.values),
			row.values.KASSE_SERIENNR,
		]),
	);
	const slaves = new Map(
		rowsOf(tables, 'slaves.csv').map((row) => [
			`${closingKey(row.values)}\u0000${row.values.TERMINAL_ID}`,
			row.values.TERMINAL_SERIENNR,
		]),
	);
	return (bon) => {
		const terminal = bon.values.TERMINAL_ID;
		const slave = terminal ? slaves.get(`${closingKey(bon.values)}\u0000${terminal}`) : undefined;
		return slave ?? masters.get(closingKey(bon.values));
	};
}

export interface TseSummary {
	signatures_verified: number;
	signatures_failed: number;
	tse_failures: number;
}

export function checkTse(tables: Tables, findings: Findings, trusted?: TrustedKey): TseSummary {
	const summary: TseSummary = { signatures_verified: 0, signatures_failed: 0, tse_failures: 0 };
	const tses = new Map<string, Tse | undefined>();
	for (const row of rowsOf(tables, 'tse.csv'))
		tses.set(
			`${closingKey(row.values)}\u0000${row.values.TSE_ID}`,
			readTse(row, findings, trusted),
		);
	const tseRows = groupBy(rowsOf(tables, 'transactions_tse.csv'), bonKey);
	const vatRows = groupBy(rowsOf(tables, 'transactions_vat.csv'), bonKey);
	const payments = groupBy(rowsOf(tables, 'datapayment.csv'), bonKey);
	const serialOf = clientSerials(tables);
	const counters = new Map<string, number>();
	for (const bon of rowsOf(tables, 'transactions.csv')) {
		const rows = tseRows.get(bonKey(bon.values)) ?? [];
		if (rows.length === 0) {
			findings.add({
				check: 'tse',
				table: 'transactions_tse.csv',
				column: 'BON_ID',
				message: `Bon ${bon.values.BON_ID} (transactions.csv row ${bon.row}) has no TSE row`,
				expected: 'one row',
				found: 'none',
			});
			continue;
		}
		for (const extra of rows.slice(1))
			findings.add({
				check: 'tse',
				table: 'transactions_tse.csv',
				row: extra.row,
				column: 'BON_ID',
				message: `is a second TSE row for Bon ${bon.values.BON_ID}`,
			});
		const row = rows[0];
		if (row.values.TSE_TA_FEHLER) {
			summary.tse_failures++;
			findings.add({
				severity: 'warning',
				check: 'tse',
				table: 'transactions_tse.csv',
				row: row.row,
				column: 'TSE_TA_FEHLER',
				message: 'The Bon was not signed: the TSE failed',
				found: row.values.TSE_TA_FEHLER,
			});
			continue;
		}
		const tseKey = `${closingKey(row.values)}\u0000${row.values.TSE_ID}`;
		if (!tses.has(tseKey)) {
			findings.add({
				check: 'reference',
				table: 'transactions_tse.csv',
				row: row.row,
				column: 'TSE_ID',
				message: 'names a TSE that tse.csv of the closing does not hold',
				found: row.values.TSE_ID,
			});
			continue;
		}
		const counterKey = `${tseKey}\u0000${row.values.TSE_TA_SIGZ}`;
		if (counters.has(counterKey))
			findings.add({
				check: 'tse',
				table: 'transactions_tse.csv',
				row: row.row,
				column: 'TSE_TA_SIGZ',
				message: `repeats the signature counter of row ${String(counters.get(counterKey))}`,
				found: row.values.TSE_TA_SIGZ,
			});
		counters.set(counterKey, row.row);
		const start = logTimes(row.values.TSE_TA_START)[0];
		const end = logTimes(row.values.TSE_TA_ENDE)[0];
		if (start !== undefined && end !== undefined && start > end)
			findings.add({
				check: 'tse',
				table: 'transactions_tse.csv',
				row: row.row,
				column: 'TSE_TA_START',
				message: 'is after TSE_TA_ENDE',
				expected: `at most ${row.values.TSE_TA_ENDE}`,
				found: row.values.TSE_TA_START,
			});
		if (row.values.TSE_TA_VORGANGSART === 'Kassenbeleg-V1')
			checkProcessData(
				row,
				bon,
				vatRows.get(bonKey(bon.values)) ?? [],
				payments.get(bonKey(bon.values)) ?? [],
				findings,
			);
		const tse = tses.get(tseKey);
		const serial = serialOf(bon);
		if (!tse || serial === undefined) {
			summary.signatures_failed++;
			continue;
		}
		if (verifySignature(row, tse, serial, findings)) summary.signatures_verified++;
		else summary.signatures_failed++;
	}
	return summary;
}
