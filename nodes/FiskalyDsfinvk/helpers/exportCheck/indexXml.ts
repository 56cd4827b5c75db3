import type { ColumnSpec } from './tables';

/**
 * The parts of a GDPdU index.xml (REFERENCE §9.4) the export check needs: per Table its file,
 * name, dialect and columns in order (primary-key columns and variable columns as they appear).
 * A small reader for this one generated format, not a general XML parser. Pure.
 */

export interface IndexTable {
	url: string;
	name: string;
	decimalSymbol?: string;
	digitGroupingSymbol?: string;
	columnDelimiter?: string;
	recordDelimiter?: string;
	textEncapsulator?: string;
	from?: string;
	utf8: boolean;
	columns: Array<Omit<ColumnSpec, 'mandatory'>>;
}

export interface IndexXml {
	bom: boolean;
	doctype?: string;
	tables: IndexTable[];
}

export function decodeXmlText(text: string): string {
	return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
		if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
		if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
		return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] as string;
	});
}

/** The text of the first <tag>…</tag> directly in `xml`, decoded; undefined when absent. */
function element(xml: string, tag: string): string | undefined {
	const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
	return match ? decodeXmlText(match[1].trim()) : undefined;
}

function blocks(xml: string, tag: string): string[] {
	return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
		(match) => match[1],
	);
}

function columnOf(xml: string): IndexTable['columns'][number] {
	const name = element(xml, 'Name') ?? '';
	if (/<Numeric\s*\/>/.test(xml)) return { name, accuracy: 0 };
	const numeric = element(xml, 'Numeric');
	if (numeric !== undefined) return { name, accuracy: Number(element(numeric, 'Accuracy') ?? 0) };
	const maxLength = element(xml, 'MaxLength');
	return { name, maxLength: maxLength === undefined ? undefined : Number(maxLength) };
}

function tableOf(xml: string): IndexTable {
	// The table's own Name comes before its VariableLength block; column names are inside it.
	const head = xml.split('<VariableLength>')[0];
	const variable = element(xml, 'VariableLength') === undefined ? '' : xml.slice(head.length);
	const columns = [
		...variable.matchAll(/<(VariablePrimaryKey|VariableColumn)>([\s\S]*?)<\/\1>/g),
	].map((match) => columnOf(match[2]));
	return {
		url: element(head, 'URL') ?? '',
		name: element(head, 'Name') ?? '',
		decimalSymbol: element(head, 'DecimalSymbol'),
		digitGroupingSymbol: element(head, 'DigitGroupingSymbol'),
		from: element(element(head, 'Range') ?? '', 'From'),
		utf8: /<UTF8\s*\/>/.test(head),
		columnDelimiter: element(variable, 'ColumnDelimiter'),
		recordDelimiter: element(variable, 'RecordDelimiter'),
		textEncapsulator: element(variable, 'TextEncapsulator'),
		columns,
	};
}

export function parseIndexXml(data: Buffer): IndexXml {
	const text = data.toString('utf8');
	const doctype = /<!DOCTYPE\s+DataSet\s+SYSTEM\s+"([^"]*)"/.exec(text)?.[1];
	return { bom: text.startsWith('\uFEFF'), doctype, tables: blocks(text, 'Table').map(tableOf) };
}
