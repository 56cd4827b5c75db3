import type { Row, Tables } from './structure';

/**
 * How the tables of one export refer to each other: every row carries its closing (Z_KASSE_ID,
 * Z_ERSTELLUNG, Z_NR, REFERENCE §9.1), Bon tables add BON_ID, line tables POS_ZEILE. Pure.
 */

export function closingKey(values: Record<string, string>): string {
	return [values.Z_KASSE_ID, values.Z_ERSTELLUNG, values.Z_NR].join('\u0000');
}

export function bonKey(values: Record<string, string>): string {
	return `${closingKey(values)}\u0000${values.BON_ID}`;
}

export function lineKey(values: Record<string, string>): string {
	return `${bonKey(values)}\u0000${values.POS_ZEILE}`;
}

/** The rows of a table, or none when it is missing or lacks columns (structure findings say so). */
export function rowsOf(tables: Tables, file: string): Row[] {
	const table = tables.get(file);
	return table?.complete ? table.rows : [];
}

export function groupBy(
	rows: Row[],
	key: (values: Record<string, string>) => string,
): Map<string, Row[]> {
	const groups = new Map<string, Row[]>();
	for (const row of rows) {
		const name = key(row.values);
		const group = groups.get(name);
		if (group) group.push(row);
		else groups.set(name, [row]);
	}
	return groups;
}
