// The export archive (REFERENCE §9): the 20 tables in the DSFinV-K CSV dialect (`;`, `"`, CRLF, UTF-8,
// header row first), index.xml (GDPdU 1.0, UTF-8 with BOM, CRLF) and the DTD it names, as TAR or ZIP.

import { buildTar } from '../core/tar';
import { buildZip } from '../core/zip';
import { ClosingRows, type Rows } from './exportRows';
import { buildIndexXml, DTD_FILE, GDPDU_DTD } from './indexXml';
import type { Closing } from './model';
import type { DsfinvkStore } from './store';
import { TABLES } from './tables';

/** One table file: header, then one CRLF-terminated record per row. */
export function csvFile(columns: readonly string[], records: string[]): string {
	return records.length === 0
		? `${columns.join(';')}\r\n`
		: `${columns.join(';')}\r\n${records.join('\r\n')}\r\n`;
}

/** Every table's rows for these closings, in the given order (empty tables stay header-only). */
export function exportRows(store: DsfinvkStore, closings: Closing[]): Rows {
	const rows: Rows = new Map(TABLES.map((table) => [table.file, []]));
	for (const closing of closings) new ClosingRows(store, closing, rows).build();
	return rows;
}

export interface ArchiveFile {
	name: string;
	data: Buffer;
}

/** index.xml, the DTD, then the tables in index order; entry names without a `./` prefix [INFERRED]. */
export function archiveFiles(store: DsfinvkStore, closings: Closing[]): ArchiveFile[] {
	const rows = exportRows(store, closings);
	return [
		{ name: 'index.xml', data: Buffer.from(buildIndexXml(), 'utf8') },
		{ name: DTD_FILE, data: Buffer.from(GDPDU_DTD, 'utf8') },
		...TABLES.map((table) => ({
			name: table.file,
			data: Buffer.from(
				csvFile(
					table.columns.map((column) => column.name),
					rows.get(table.file)!,
				),
				'utf8',
			),
		})),
	];
}

export function buildArchive(files: ArchiveFile[], format: 'tar' | 'zip', mtime: number): Buffer {
	const entries = files.map((file) => ({ ...file, mtime }));
	return format === 'zip' ? buildZip(entries) : buildTar(entries);
}
