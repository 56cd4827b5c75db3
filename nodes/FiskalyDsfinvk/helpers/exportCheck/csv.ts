/**
 * The DSFinV-K CSV dialect (REFERENCE §9.2): ";" between columns, CRLF between records, '"' around
 * a value that holds one of them ('""' inside), UTF-8, a header record first. Pure.
 */

export interface CsvRecord {
	/** The record number in the file: 1 is the header. */
	row: number;
	values: string[];
}

export interface CsvTable {
	header: string[];
	rows: CsvRecord[];
	problems: Array<{ row?: number; message: string; expected?: string; found?: string }>;
}

export function parseCsv(data: Buffer): CsvTable {
	const problems: CsvTable['problems'] = [];
	let text = data.toString('utf8');
	if (text.includes('\uFFFD')) problems.push({ message: 'is not valid UTF-8' });
	if (text.startsWith('\uFEFF')) text = text.slice(1);
	const records: CsvRecord[] = [];
	let values: string[] = [];
	let value = '';
	let quoted = false;
	let bareLineFeeds = 0;
	const endRecord = () => {
		values.push(value);
		records.push({ row: records.length + 1, values });
		values = [];
		value = '';
	};
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char !== '"') value += char;
			else if (text[i + 1] === '"') {
				value += '"';
				i++;
			} else quoted = false;
		} else if (char === '"' && value === '') quoted = true;
		else if (char === ';') {
			values.push(value);
			value = '';
		} else if (char === '\r' && text[i + 1] === '\n') {
			endRecord();
			i++;
		} else if (char === '\n') {
			bareLineFeeds++;
			endRecord();
		} else value += char;
	}
	if (quoted) problems.push({ row: records.length + 1, message: 'ends inside a quoted value' });
	if (value !== '' || values.length > 0) endRecord();
	if (bareLineFeeds > 0) {
		problems.push({
			message: `${bareLineFeeds} record(s) end with LF alone`,
			expected: 'CRLF',
			found: 'LF',
		});
	}
	const [header, ...rows] = records;
	return { header: header?.values ?? [], rows, problems };
}
