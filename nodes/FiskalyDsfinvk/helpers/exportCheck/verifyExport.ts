import type { IDataObject } from 'n8n-workflow';

import { looksLikeTar, readTar } from '../../../shared/tar';
import type { TrustedKey } from '../../../shared/trustedKey';
import { formatUnits, sumOf, unitsOf } from './decimals';
import { Findings } from './findings';
import type { Finding } from './findings';
import { closingKey, groupBy, rowsOf } from './keys';
import { checkReferences } from './references';
import { checkStructure } from './structure';
import type { Tables } from './structure';
import { checkSums } from './sums';
import { TABLES } from './tables';
import { checkTse } from './tse';
import type { TseSummary } from './tse';
import { looksLikeZip, readZip } from './zip';

/**
 * Offline check of a fiskaly DSFinV-K export (REFERENCE §9, §8.2): reads the TAR or ZIP, then
 * structure, references, sums and TSE signatures; answers with a summary and the findings. Pure.
 */

export type Container = 'tar' | 'zip';

export function containerOf(bytes: Buffer): Container | undefined {
	if (looksLikeZip(bytes)) return 'zip';
	return looksLikeTar(bytes) ? 'tar' : undefined;
}

export interface ExportCheckOptions {
	/** How many findings the report lists (all are counted). */
	maxFindings: number;
	/** The TSS every TSE row's key must belong to. */
	trusted?: TrustedKey;
}

export interface ExportReport extends IDataObject {
	valid: boolean;
}

/** Entries by their base name: exports may prefix "./" or a folder (REFERENCE §9.1). */
function filesOf(
	entries: Array<{ name: string; data: Buffer }>,
	findings: Findings,
): Map<string, Buffer> {
	const files = new Map<string, Buffer>();
	for (const { name, data } of entries) {
		const base = name.slice(name.lastIndexOf('/') + 1);
		if (files.has(base))
			findings.add({
				check: 'archive',
				table: base,
				message: `The archive holds ${base} twice (${name})`,
			});
		else files.set(base, data);
	}
	return files;
}

const total = (rows: Array<{ values: Record<string, string> }>, column: string) =>
	formatUnits(sumOf(rows.map((row) => unitsOf(row.values[column] ?? '') ?? BigInt(0))));

function sumsBy(
	rows: Array<{ values: Record<string, string> }>,
	key: string,
	columns: string[],
): IDataObject {
	const result: IDataObject = {};
	for (const [name, group] of groupBy(rows as never, (values) => values[key] || '(none)')) {
		result[name] =
			columns.length === 1
				? total(group, columns[0])
				: Object.fromEntries(columns.map((column) => [column, total(group, column)]));
	}
	return result;
}

function summaryOf(tables: Tables, tse: TseSummary): IDataObject {
	const bons = rowsOf(tables, 'transactions.csv');
	const bonsByClosing = groupBy(bons, closingKey);
	const closings = rowsOf(tables, 'cashpointclosing.csv').map(({ values }) => ({
		cash_register: values.Z_KASSE_ID,
		closing_number: values.Z_NR,
		created: values.Z_ERSTELLUNG,
		business_date: values.Z_BUCHUNGSTAG,
		transactions: bonsByClosing.get(closingKey(values))?.length ?? 0,
		payments_total: values.Z_SE_ZAHLUNGEN,
		cash_total: values.Z_SE_BARZAHLUNGEN,
	}));
	const rows: IDataObject = {};
	for (const spec of TABLES) rows[spec.file] = tables.get(spec.file)?.rows.length ?? null;
	return {
		tables_found: TABLES.filter((spec) => tables.has(spec.file)).length,
		tables_expected: TABLES.length,
		rows,
		closings_count: closings.length,
		closings,
		transactions: bons.length,
		transactions_by_type: Object.fromEntries(
			[...groupBy(bons, (values) => values.BON_TYP)].map(([type, group]) => [type, group.length]),
		),
		totals: {
			gross: total(bons, 'UMS_BRUTTO'),
			per_vat_key: sumsBy(rowsOf(tables, 'transactions_vat.csv'), 'UST_SCHLUESSEL', [
				'BON_BRUTTO',
				'BON_NETTO',
				'BON_UST',
			]),
			per_payment_type: sumsBy(rowsOf(tables, 'datapayment.csv'), 'ZAHLART_TYP', [
				'BASISWAEH_BETRAG',
			]),
		},
		...tse,
	};
}

function countBy(findings: Finding[], key: (finding: Finding) => string): IDataObject {
	const counts: IDataObject = {};
	for (const finding of findings)
		counts[key(finding)] = ((counts[key(finding)] as number) ?? 0) + 1;
	return counts;
}

function reportOf(
	container: Container | undefined,
	findings: Findings,
	summary: IDataObject,
	options: ExportCheckOptions,
): ExportReport {
	const errors = findings.errors;
	return {
		valid: errors === 0,
		container: container ?? null,
		trusted_key_checked: options.trusted !== undefined,
		errors,
		warnings: findings.list.length - errors,
		...summary,
		findings_by_table: countBy(findings.list, (finding) => finding.table),
		findings_by_check: countBy(findings.list, (finding) => finding.check),
		findings: findings.list.slice(0, options.maxFindings) as unknown as IDataObject[],
		findings_listed: Math.min(findings.list.length, options.maxFindings),
	};
}

/** Checks an export archive. Never throws for a bad archive: that is a finding too. */
export function verifyDsfinvkExport(archive: Buffer, options: ExportCheckOptions): ExportReport {
	const findings = new Findings();
	const container = containerOf(archive);
	if (!container) {
		findings.add({
			check: 'archive',
			table: '(archive)',
			message: 'The file is neither a TAR nor a ZIP archive',
		});
		return reportOf(container, findings, {}, options);
	}
	let entries: Array<{ name: string; data: Buffer }>;
	try {
		entries = container === 'zip' ? readZip(archive) : readTar(archive);
	} catch (error) {
		findings.add({
			check: 'archive',
			table: '(archive)',
			message: `The ${container.toUpperCase()} archive is damaged: ${(error as Error).message}`,
		});
		return reportOf(container, findings, {}, options);
	}
	const files = filesOf(entries, findings);
	const { tables } = checkStructure(files, findings);
	checkReferences(tables, findings);
	checkSums(tables, findings);
	const tse = checkTse(tables, findings, options.trusted);
	return reportOf(
		container,
		findings,
		{ files: [...files.keys()], ...summaryOf(tables, tse) },
		options,
	);
}
