// index.xml of a DSFinV-K export (REFERENCE §9.4, GDPdU 1.0): UTF-8 with BOM, CRLF line ends, one
// <Table> per CSV with the dialect and one <VariableColumn> per column, plus the DTD it names.

import { TABLES, type Column } from './tables';

export const DTD_FILE = 'gdpdu-01-09-2004.dtd';

/** Short descriptions of the export for <DataSupplier> [INFERRED: the service's values are unknown]. */
const SUPPLIER = {
	name: 'fiskaly DSFinV-K simulator',
	location: 'n8n-nodes-fiskaly-sign-de',
	comment: 'DSFinV-K export of the local fiskaly simulator (not fiscally valid)',
};

const escapeXml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function columnXml(column: Column): string[] {
	const type =
		column.kind === 'A'
			? ['<AlphaNumeric />', `<MaxLength>${column.size}</MaxLength>`]
			: column.size === 0
				? ['<Numeric />']
				: [`<Numeric><Accuracy>${column.size}</Accuracy></Numeric>`];
	return [
		'<VariableColumn>',
		`\t<Name>${column.name}</Name>`,
		`\t<Description>${column.name}</Description>`,
		...type.map((line) => `\t${line}`),
		'</VariableColumn>',
	];
}

export function buildIndexXml(): string {
	const indent = (depth: number, lines: string[]) =>
		lines.map((line) => `${'\t'.repeat(depth)}${line}`);
	const tables = TABLES.flatMap((table) =>
		indent(2, [
			'<Table>',
			`\t<URL>${table.file}</URL>`,
			`\t<Name>${table.name}</Name>`,
			`\t<Description>${escapeXml(table.description)}</Description>`,
			'\t<UTF8 />',
			'\t<DecimalSymbol>,</DecimalSymbol>',
			'\t<DigitGroupingSymbol>.</DigitGroupingSymbol>',
			'\t<Range>',
			'\t\t<From>2</From>',
			'\t</Range>',
			'\t<VariableLength>',
			'\t\t<ColumnDelimiter>;</ColumnDelimiter>',
			'\t\t<RecordDelimiter>&#xD;&#xA;</RecordDelimiter>',
			'\t\t<TextEncapsulator>"</TextEncapsulator>',
			...indent(2, table.columns.flatMap(columnXml)),
			'\t</VariableLength>',
			'</Table>',
		]),
	);
	const lines = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<!DOCTYPE DataSet SYSTEM "${DTD_FILE}">`,
		'<DataSet>',
		'\t<Version>1.0</Version>',
		'\t<DataSupplier>',
		`\t\t<Name>${SUPPLIER.name}</Name>`,
		`\t\t<Location>${SUPPLIER.location}</Location>`,
		`\t\t<Comment>${SUPPLIER.comment}</Comment>`,
		'\t</DataSupplier>',
		'\t<Media>',
		'\t\t<Name>DSFinV-K</Name>',
		...tables,
		'\t</Media>',
		'</DataSet>',
	];
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * [INFERRED] The GDPdU DTD's text is not in the sources (§14): this declares the elements index.xml
 * uses, in the order the GDPdU "Beschreibungsstandard" gives them, so validating parsers can read it.
 */
export const GDPDU_DTD = [
	'<?xml version="1.0" encoding="UTF-8"?>',
	'<!-- GDPdU description standard, elements used by DSFinV-K exports (simulator reconstruction) -->',
	'<!ELEMENT DataSet (Version, DataSupplier?, Media+)>',
	'<!ELEMENT Version (#PCDATA)>',
	'<!ELEMENT DataSupplier (Name, Location, Comment)>',
	'<!ELEMENT Location (#PCDATA)>',
	'<!ELEMENT Comment (#PCDATA)>',
	'<!ELEMENT Media (Name, Table+)>',
	'<!ELEMENT Table (URL, Name?, Description?, (UTF8 | ANSI | Macintosh | OEM | UTF16 | UTF7)?, (DecimalSymbol, DigitGroupingSymbol)?, Range?, VariableLength)>',
	'<!ELEMENT URL (#PCDATA)>',
	'<!ELEMENT Name (#PCDATA)>',
	'<!ELEMENT Description (#PCDATA)>',
	'<!ELEMENT UTF8 EMPTY>',
	'<!ELEMENT ANSI EMPTY>',
	'<!ELEMENT Macintosh EMPTY>',
	'<!ELEMENT OEM EMPTY>',
	'<!ELEMENT UTF16 EMPTY>',
	'<!ELEMENT UTF7 EMPTY>',
	'<!ELEMENT DecimalSymbol (#PCDATA)>',
	'<!ELEMENT DigitGroupingSymbol (#PCDATA)>',
	'<!ELEMENT Range (From, (To | Length)?)>',
	'<!ELEMENT From (#PCDATA)>',
	'<!ELEMENT To (#PCDATA)>',
	'<!ELEMENT Length (#PCDATA)>',
	'<!ELEMENT VariableLength (ColumnDelimiter?, RecordDelimiter?, TextEncapsulator?, VariableColumn+)>',
	'<!ELEMENT ColumnDelimiter (#PCDATA)>',
	'<!ELEMENT RecordDelimiter (#PCDATA)>',
	'<!ELEMENT TextEncapsulator (#PCDATA)>',
	'<!ELEMENT VariableColumn (Name, Description?, (Numeric | AlphaNumeric | Date), MaxLength?)>',
	'<!ELEMENT Numeric (Accuracy?)>',
	'<!ELEMENT Accuracy (#PCDATA)>',
	'<!ELEMENT AlphaNumeric EMPTY>',
	'<!ELEMENT Date (Format)>',
	'<!ELEMENT Format (#PCDATA)>',
	'<!ELEMENT MaxLength (#PCDATA)>',
	'',
].join('\r\n');
