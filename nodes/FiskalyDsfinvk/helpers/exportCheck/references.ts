import type { Findings } from './findings';
import { bonKey, closingKey, groupBy, lineKey, rowsOf } from './keys';
import type { Row, Tables } from './structure';

/**
 * Whether the rows of an export refer to rows that exist (closing, Bon, line, VAT key) and whether
 * the numbering holds (REFERENCE §8.2 rules 6 and 7). Pure.
 */

const CLOSING_TABLES = [
	'location.csv',
	'cashregister.csv',
	'slaves.csv',
	'pa.csv',
	'tse.csv',
	'vat.csv',
	'businesscases.csv',
	'payment.csv',
	'cash_per_currency.csv',
	'transactions.csv',
];
const BON_TABLES = [
	'datapayment.csv',
	'lines.csv',
	'itemamounts.csv',
	'subitems.csv',
	'transactions_tse.csv',
	'transactions_vat.csv',
	'lines_vat.csv',
	'allocation_groups.csv',
	'references.csv',
];
const LINE_TABLES = ['itemamounts.csv', 'subitems.csv', 'lines_vat.csv'];
const VAT_COLUMNS: Array<[string, string]> = [
	['businesscases.csv', 'UST_SCHLUESSEL'],
	['transactions_vat.csv', 'UST_SCHLUESSEL'],
	['lines_vat.csv', 'UST_SCHLUESSEL'],
	['itemamounts.csv', 'UST_SCHLUESSEL'],
	['subitems.csv', 'ZI_UST_SCHLUESSEL'],
];

function unique(
	file: string,
	rows: Row[],
	key: (values: Record<string, string>) => string,
	what: string,
	findings: Findings,
): void {
	for (const group of groupBy(rows, key).values()) {
		for (const duplicate of group.slice(1)) {
			findings.add({
				check: 'reference',
				table: file,
				row: duplicate.row,
				message: `${what} repeats row ${group[0].row}`,
			});
		}
	}
}

function mustExist(
	file: string,
	rows: Row[],
	known: Set<string>,
	key: (values: Record<string, string>) => string,
	what: string,
	column: string,
	findings: Findings,
): void {
	for (const { row, values } of rows) {
		if (!known.has(key(values))) {
			findings.add({
				check: 'reference',
				table: file,
				row,
				column,
				message: `names ${what} that does not exist`,
				found: values[column],
			});
		}
	}
}

function checkNumbering(tables: Tables, findings: Findings): void {
	const closings = rowsOf(tables, 'cashpointclosing.csv');
	const bons = groupBy(rowsOf(tables, 'transactions.csv'), closingKey);
	for (const { row, values } of closings) {
		const list = bons.get(closingKey(values)) ?? [];
		const [first, last] = [
			list[0]?.values.BON_ID ?? '',
			list[list.length - 1]?.values.BON_ID ?? '',
		];
		if (list.length > 0 && values.Z_START_ID !== first)
			findings.add({
				check: 'sequence',
				table: 'cashpointclosing.csv',
				row,
				column: 'Z_START_ID',
				message: 'is not the first BON_ID of the closing in transactions.csv',
				expected: first,
				found: values.Z_START_ID,
			});
		if (list.length > 0 && values.Z_ENDE_ID !== last)
			findings.add({
				check: 'sequence',
				table: 'cashpointclosing.csv',
				row,
				column: 'Z_ENDE_ID',
				message: 'is not the last BON_ID of the closing in transactions.csv',
				expected: last,
				found: values.Z_ENDE_ID,
			});
		for (let i = 1; i < list.length; i++) {
			const previous = Number(list[i - 1].values.BON_NR);
			const number = Number(list[i].values.BON_NR);
			if (Number.isSafeInteger(previous) && Number.isSafeInteger(number) && number !== previous + 1)
				findings.add({
					severity: 'warning',
					check: 'sequence',
					table: 'transactions.csv',
					row: list[i].row,
					column: 'BON_NR',
					message: 'does not follow the previous receipt number of the closing',
					expected: String(previous + 1),
					found: list[i].values.BON_NR,
				});
		}
	}
	for (const registerClosings of groupBy(closings, (values) => values.Z_KASSE_ID).values()) {
		const sorted = [...registerClosings].sort(
			(a, b) => Number(a.values.Z_NR) - Number(b.values.Z_NR),
		);
		for (let i = 1; i < sorted.length; i++) {
			const previous = Number(sorted[i - 1].values.Z_NR);
			const number = Number(sorted[i].values.Z_NR);
			if (number === previous)
				findings.add({
					check: 'sequence',
					table: 'cashpointclosing.csv',
					row: sorted[i].row,
					column: 'Z_NR',
					message: `repeats the closing number of row ${sorted[i - 1].row} for the same register`,
					found: sorted[i].values.Z_NR,
				});
			else if (number !== previous + 1)
				findings.add({
					severity: 'warning',
					check: 'sequence',
					table: 'cashpointclosing.csv',
					row: sorted[i].row,
					column: 'Z_NR',
					message: 'leaves a gap after the previous closing of the register in this export',
					expected: String(previous + 1),
					found: sorted[i].values.Z_NR,
				});
		}
	}
}

export function checkReferences(tables: Tables, findings: Findings): void {
	const closingRows = rowsOf(tables, 'cashpointclosing.csv');
	unique(
		'cashpointclosing.csv',
		closingRows,
		closingKey,
		'The closing (Z_KASSE_ID, Z_ERSTELLUNG, Z_NR)',
		findings,
	);
	const closings = new Set(closingRows.map((row) => closingKey(row.values)));
	for (const file of [...CLOSING_TABLES, ...BON_TABLES])
		mustExist(
			file,
			rowsOf(tables, file),
			closings,
			closingKey,
			'a closing (Z_KASSE_ID, Z_ERSTELLUNG, Z_NR)',
			'Z_NR',
			findings,
		);
	const bonRows = rowsOf(tables, 'transactions.csv');
	unique('transactions.csv', bonRows, bonKey, 'The BON_ID of the closing', findings);
	const bons = new Set(bonRows.map((row) => bonKey(row.values)));
	for (const file of BON_TABLES)
		mustExist(
			file,
			rowsOf(tables, file),
			bons,
			bonKey,
			'a Bon that transactions.csv does not hold',
			'BON_ID',
			findings,
		);
	const lineRows = rowsOf(tables, 'lines.csv');
	unique('lines.csv', lineRows, lineKey, 'The POS_ZEILE of the Bon', findings);
	const lines = new Set(lineRows.map((row) => lineKey(row.values)));
	for (const file of LINE_TABLES)
		mustExist(
			file,
			rowsOf(tables, file),
			lines,
			lineKey,
			'a line that lines.csv does not hold',
			'POS_ZEILE',
			findings,
		);
	const vatRows = rowsOf(tables, 'vat.csv');
	unique(
		'vat.csv',
		vatRows,
		(values) => `${closingKey(values)}\u0000${values.UST_SCHLUESSEL}`,
		'The UST_SCHLUESSEL of the closing',
		findings,
	);
	const vatIds = new Set(
		vatRows.map((row) => `${closingKey(row.values)}\u0000${row.values.UST_SCHLUESSEL}`),
	);
	for (const [file, column] of VAT_COLUMNS) {
		mustExist(
			file,
			rowsOf(tables, file),
			vatIds,
			(values) => `${closingKey(values)}\u0000${values[column]}`,
			'a VAT key that vat.csv of the closing does not define',
			column,
			findings,
		);
	}
	checkNumbering(tables, findings);
}
