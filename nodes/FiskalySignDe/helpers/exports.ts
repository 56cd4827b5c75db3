import type { IDataObject } from 'n8n-workflow';

/** Export lifecycle facts the Export operations and the trigger share. Pure. */

export const EXPORT_STATES = [
	{ name: 'Cancelled', value: 'CANCELLED' },
	{ name: 'Completed', value: 'COMPLETED' },
	{ name: 'Error', value: 'ERROR' },
	{ name: 'Pending', value: 'PENDING' },
	{ name: 'Working', value: 'WORKING' },
];

/**
 * fiskaly allows 12 reads a minute per export (GET export and GET file together): polling every
 * 5 seconds at most stays within that.
 */
export const MIN_POLL_SECONDS = 5;

export const TAR_MIME_TYPE = 'application/x-tar';

export function isExportRunning(state: unknown): boolean {
	return state === 'PENDING' || state === 'WORKING';
}

const EXCEPTION_FIXES: Record<string, string> = {
	E_NO_DATA_AVAILABLE: 'No log matched the filters. Widen the filters and trigger a new export.',
	E_TOO_MANY_RECORDS:
		'More logs matched than Maximum Number of Records allows. Raise it (up to 1,000,000) or split the export by signature counter ranges.',
	E_TRANSACTION_ID_NOT_FOUND:
		'The transaction in the filters does not exist on this TSS. Check the transaction number.',
	E_EXPORT_PROCESSING_TIMEOUT:
		'fiskaly gave up after 24 hours. Trigger smaller exports, e.g. by signature counter ranges.',
};

/** Why an export will never give a file (CANCELLED or ERROR), with how to go on; undefined otherwise. */
export function exportEndProblem(
	exported: IDataObject,
): { message: string; description: string } | undefined {
	const id = String(exported._id ?? '');
	if (exported.state === 'CANCELLED') {
		return {
			message: `Export ${id} was cancelled`,
			description: 'Trigger a new export with Export › Trigger.',
		};
	}
	if (exported.state === 'ERROR') {
		const exception =
			typeof exported.exception === 'string' ? exported.exception : 'no reason given';
		return {
			message: `Export ${id} ended with an error (${exception})`,
			description:
				EXCEPTION_FIXES[exception] ??
				'Trigger the export again. If it fails again, contact fiskaly support with the export ID.',
		};
	}
	return undefined;
}

function fileTimestamp(unixSeconds: number): string {
	return new Date(unixSeconds * 1000)
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/:/g, '-');
}

/** e.g. `tss-export_a408…12f7_2025-01-31T12-00-00Z.tar`: which TSS and when, safe on every file system. */
export function exportFileName(tssSerialNumber: unknown, unixSeconds: number): string {
	const serial =
		typeof tssSerialNumber === 'string' && /^[0-9a-f]+$/i.test(tssSerialNumber)
			? tssSerialNumber
			: 'unknown-tss';
	return `tss-export_${serial}_${fileTimestamp(unixSeconds)}.tar`;
}

/** The wait before the next look at a running export: the poll interval, or longer if fiskaly asked. */
export function nextPollDelayMs(pollIntervalMs: number, retryAfterMs: number | undefined): number {
	return Math.max(pollIntervalMs, MIN_POLL_SECONDS * 1000, retryAfterMs ?? 0);
}
