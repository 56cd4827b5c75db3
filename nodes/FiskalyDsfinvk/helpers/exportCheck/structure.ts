import { parseCsv } from './csv';
import { numberProblem } from './decimals';
import type { Findings } from './findings';
import { parseIndexXml } from './indexXml';
import type { IndexTable, IndexXml } from './indexXml';
import { SIGNATURE_COLUMNS, TABLES } from './tables';
import type { ColumnSpec, TableSpec } from './tables';

/**
 * The structure of a DSFinV-K export (REFERENCE §9.1–§9.4): index.xml, the 20 tables, their
 * columns in order, and every value's form (numbers, lengths, mandatory values). Pure.
 */

export interface Row {
	/** The record number in the file: 1 is the header. */
	row: number;
	values: Record<string, string>;
}

export interface LoadedTable {
	file: string;
	rows: Row[];
	/** Whether the header holds every column of REFERENCE §9.3, so the content checks can read it. */
	complete: boolean;
}

export type Tables = Map<string, LoadedTable>;

const INDEX = 'index.xml';
const DTD = 'gdpdu-01-09-2004.dtd';
/** What REFERENCE §9.2 declares for every table. */
const DIALECT: Array<[keyof IndexTable, string, string]> = [
	['decimalSymbol', ',', 'DecimalSymbol'],
	['columnDelimiter', ';', 'ColumnDelimiter'],
	['recordDelimiter', '\r\n', 'RecordDelimiter'],
	['textEncapsulator', '"', 'TextEncapsulator'],
	['from', '2', 'Range/From'],
];

const shown = (value: string | undefined) => JSON.stringify(value ?? null);

function columnList(names: string[]): string {
	return names.join(';');
}

/** Whether `found` is `expected` plus, optionally, a prefix of the optional trailing columns. */
function sameColumns(found: string[], expected: string[], trailing: string[] = []): boolean {
	const extra = found.slice(expected.length);
	return (
		found.length >= expected.length &&
		expected.every((name, index) => found[index] === name) &&
		extra.every((name, index) => trailing[index] === name)
	);
}

function firstDifference(found: string[], expected: string[]): string {
	const index = expected.findIndex((name, position) => found[position] !== name);
	if (index === -1) return `extra column ${found[expected.length]} after the last one`;
	return `column ${index + 1} is ${shown(found[index])}, expected ${expected[index]}`;
}

function checkIndexTable(table: IndexTable, findings: Findings): void {
	for (const [key, expected, name] of DIALECT) {
		if (table[key] !== expected) {
			findings.add({
				check: 'index',
				table: INDEX,
				column: name,
				message: `Table ${table.url} declares another ${name} than the DSFinV-K dialect`,
				expected: shown(expected),
				found: shown(table[key] as string | undefined),
			});
		}
	}
	if (!table.utf8) {
		findings.add({
			check: 'index',
			table: INDEX,
			message: `Table ${table.url} does not declare UTF-8 (<UTF8 />)`,
		});
	}
	const spec = TABLES.find((candidate) => candidate.file === table.url);
	if (!spec) return;
	if (table.name !== spec.name) {
		findings.add({
			severity: 'warning',
			check: 'index',
			table: INDEX,
			message: `Table ${table.url} has another name than in DSFinV-K`,
			expected: spec.name,
			found: table.name,
		});
	}
	const names = table.columns.map((column) => column.name);
	const expected = spec.columns.map((column) => column.name);
	if (!sameColumns(names, expected, spec.optionalTrailing)) {
		findings.add({
			check: 'index',
			table: INDEX,
			message: `Table ${table.url} lists other columns than DSFinV-K: ${firstDifference(names, expected)}`,
			expected: columnList(expected),
			found: columnList(names),
		});
		return;
	}
	for (const [index, column] of spec.columns.entries()) {
		const declared = table.columns[index];
		const what = column.accuracy === undefined ? 'AlphaNumeric' : `Numeric(${column.accuracy})`;
		const found =
			declared.accuracy === undefined
				? `AlphaNumeric(${String(declared.maxLength)})`
				: `Numeric(${declared.accuracy})`;
		const fits =
			column.accuracy === undefined
				? declared.accuracy === undefined &&
					(declared.maxLength === undefined || declared.maxLength === column.maxLength)
				: declared.accuracy === column.accuracy;
		if (!fits) {
			findings.add({
				severity: 'warning',
				check: 'index',
				table: INDEX,
				column: column.name,
				message: `Table ${table.url} declares column ${column.name} differently from DSFinV-K`,
				expected: column.accuracy === undefined ? `${what}(${column.maxLength})` : what,
				found,
			});
		}
	}
}

function valueProblem(column: Omit<ColumnSpec, 'mandatory'>, value: string): string | undefined {
	if (value === '') return undefined;
	if (column.accuracy !== undefined) return numberProblem(value, column.accuracy);
	if (column.maxLength !== undefined && [...value].length > column.maxLength)
		return `is ${[...value].length} characters long, the column allows ${column.maxLength}`;
	return undefined;
}

function checkRows(
	file: string,
	header: string[],
	rows: Row[],
	columns: Map<string, Omit<ColumnSpec, 'mandatory'>>,
	spec: TableSpec | undefined,
	findings: Findings,
): void {
	const mandatory = new Set(
		spec?.columns.filter((column) => column.mandatory).map((column) => column.name),
	);
	for (const { row, values } of rows) {
		const tseFailure = file === 'transactions_tse.csv' && (values.TSE_TA_FEHLER ?? '') !== '';
		for (const name of header) {
			const value = values[name] ?? '';
			if (value === '' && mandatory.has(name) && !(tseFailure && SIGNATURE_COLUMNS.has(name))) {
				findings.add({
					check: 'format',
					table: file,
					row,
					column: name,
					message: 'is empty but mandatory',
				});
				continue;
			}
			const column = columns.get(name);
			const problem = column && valueProblem(column, value);
			if (problem)
				findings.add({
					check: 'format',
					table: file,
					row,
					column: name,
					message: problem,
					found: value,
				});
		}
	}
}

function loadTable(
	file: string,
	data: Buffer,
	indexTable: IndexTable | undefined,
	spec: TableSpec | undefined,
	findings: Findings,
): LoadedTable {
	const csv = parseCsv(data);
	for (const problem of csv.problems) findings.add({ check: 'format', table: file, ...problem });
	const { header } = csv;
	if (indexTable) {
		const listed = indexTable.columns.map((column) => column.name);
		if (!sameColumns(header, listed)) {
			findings.add({
				check: 'columns',
				table: file,
				row: 1,
				message: `The header differs from index.xml: ${firstDifference(header, listed)}`,
				expected: columnList(listed),
				found: columnList(header),
			});
		}
	}
	const expected = spec?.columns.map((column) => column.name) ?? [];
	if (spec && !sameColumns(header, expected, spec.optionalTrailing)) {
		findings.add({
			check: 'columns',
			table: file,
			row: 1,
			message: `The header differs from DSFinV-K (REFERENCE §9.3): ${firstDifference(header, expected)}`,
			expected: columnList(expected),
			found: columnList(header),
		});
	}
	const rows: Row[] = [];
	for (const record of csv.rows) {
		if (record.values.length === 1 && record.values[0] === '') continue;
		if (record.values.length !== header.length) {
			findings.add({
				check: 'format',
				table: file,
				row: record.row,
				message: 'The record has another number of values than the header has columns',
				expected: String(header.length),
				found: String(record.values.length),
			});
		}
		const values: Record<string, string> = {};
		header.forEach((name, index) => (values[name] = record.values[index] ?? ''));
		rows.push({ row: record.row, values });
	}
	const declared = new Map<string, Omit<ColumnSpec, 'mandatory'>>(
		(indexTable?.columns ?? spec?.columns ?? []).map((column) => [column.name, column]),
	);
	checkRows(file, header, rows, declared, spec, findings);
	const complete = expected.every((name) => header.includes(name));
	return { file, rows, complete };
}

/** Reads index.xml and every table; adds what does not fit to `findings`. */
export function checkStructure(
	files: Map<string, Buffer>,
	findings: Findings,
): { tables: Tables; index?: IndexXml } {
	const tables: Tables = new Map();
	const indexData = files.get(INDEX);
	const index = indexData ? parseIndexXml(indexData) : undefined;
	if (!index) {
		findings.add({ check: 'archive', table: INDEX, message: 'The archive has no index.xml' });
	} else {
		if (!index.bom)
			findings.add({
				severity: 'warning',
				check: 'index',
				table: INDEX,
				message: 'index.xml does not start with a UTF-8 byte order mark',
			});
		if (index.doctype !== DTD) {
			findings.add({
				severity: 'warning',
				check: 'index',
				table: INDEX,
				message: 'index.xml names another DTD',
				expected: DTD,
				found: shown(index.doctype),
			});
		}
		if (index.doctype && !files.has(index.doctype)) {
			findings.add({
				severity: 'warning',
				check: 'archive',
				table: index.doctype,
				message: 'The DTD that index.xml names is not in the archive',
			});
		}
		for (const table of index.tables) {
			checkIndexTable(table, findings);
			if (!files.has(table.url))
				findings.add({
					check: 'archive',
					table: table.url,
					message: 'index.xml lists this table, the archive does not hold it',
				});
		}
	}
	const indexTables = new Map(index?.tables.map((table) => [table.url, table]));
	for (const spec of TABLES) {
		if (!files.has(spec.file))
			findings.add({
				check: 'archive',
				table: spec.file,
				message: `The DSFinV-K table ${spec.name} is missing`,
			});
		if (index && !indexTables.has(spec.file))
			findings.add({
				check: 'index',
				table: INDEX,
				message: `index.xml does not list ${spec.file} (${spec.name})`,
			});
	}
	for (const [file, data] of files) {
		if (!file.endsWith('.csv')) continue;
		const spec = TABLES.find((candidate) => candidate.file === file);
		if (!spec && !indexTables.has(file))
			findings.add({
				severity: 'warning',
				check: 'archive',
				table: file,
				message: 'A CSV file that neither DSFinV-K nor index.xml knows',
			});
		tables.set(file, loadTable(file, data, indexTables.get(file), spec, findings));
	}
	return { tables, index };
}
