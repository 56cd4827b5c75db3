import type { IDataObject } from 'n8n-workflow';

import { uuidFromText } from '../../shared/derivedId';
import { FieldError } from '../../shared/errors';
import { unixSecondsOf } from './dates';

/**
 * The body of PUT /exports/{export_id} (REFERENCE §4.6). fiskaly selects the COMPLETED closings
 * whose insert time (time_creation, not the business date) lies in [start, end]. Pure.
 */

export type ArchiveFormat = 'tar' | 'zip';

export interface ExportRangeInput {
	start: unknown;
	end: unknown;
	clientId?: string;
	format?: ArchiveFormat;
	metadata?: Record<string, string>;
}

export function exportTriggerBody(input: ExportRangeInput): IDataObject {
	const start = unixSecondsOf(input.start, 'Start');
	const end = unixSecondsOf(input.end, 'End');
	if (end < start) {
		throw new FieldError(
			'End',
			'is before Start',
			'Swap the two: the export takes the closings inserted from Start to End.',
		);
	}
	const body: IDataObject = { start_date: start, end_date: end };
	if (input.clientId) body.client_id = input.clientId;
	// `format` is newer than fiskaly's 2022 schema [INFERRED from integrators, REFERENCE §4.6]: sent only when chosen.
	if (input.format) body.format = input.format;
	if (input.metadata) body.metadata = input.metadata;
	return body;
}

/**
 * The Export ID when none is given: derived from what is exported, so triggering the same export
 * again finds the first one instead of building a second archive.
 */
export function derivedExportId(body: IDataObject): string {
	const parts = [
		body.client_id ?? 'all registers',
		body.start_date,
		body.end_date,
		body.format ?? 'tar',
	];
	return uuidFromText(`dsfinvk export\n${parts.map(String).join('\n')}`);
}

/** ZIP archives start with "PK"; everything else fiskaly sends is a TAR. */
export function archiveFormatOf(data: Buffer): ArchiveFormat {
	return data.length >= 2 && data[0] === 0x50 && data[1] === 0x4b ? 'zip' : 'tar';
}

export const ARCHIVE_MIME_TYPES: Record<ArchiveFormat, string> = {
	tar: 'application/x-tar',
	zip: 'application/zip',
};
