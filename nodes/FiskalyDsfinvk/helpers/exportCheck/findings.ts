/**
 * What the export check reports: one finding per table, row and column, with what was expected
 * and what was found, so an auditor's question can be answered from the row it names.
 */

export type Severity = 'error' | 'warning';

export type CheckKind =
	| 'archive'
	| 'index'
	| 'columns'
	| 'format'
	| 'reference'
	| 'sum'
	| 'sequence'
	| 'tse'
	| 'signature';

export interface Finding {
	severity: Severity;
	check: CheckKind;
	/** The file the finding is about (a CSV table, index.xml, or the archive). */
	table: string;
	/** The record number in the file: 1 is the header, data starts at 2 (index.xml Range From 2). */
	row?: number;
	column?: string;
	message: string;
	expected?: string;
	found?: string;
}

export class Findings {
	readonly list: Finding[] = [];

	add(finding: Omit<Finding, 'severity'> & { severity?: Severity }): void {
		this.list.push({ severity: 'error', ...finding });
	}

	get errors(): number {
		return this.list.filter((finding) => finding.severity === 'error').length;
	}
}
