import type { IDataObject } from 'n8n-workflow';

import { FIXES } from '../../shared/fixes';

/**
 * Where a closing or an export stands in fiskaly's asynchronous processing
 * (PENDING → WORKING → COMPLETED | ERROR, REFERENCE §4.5–§4.6), and how long to wait before
 * looking again. Pure.
 */

export function isRunning(state: unknown): boolean {
	return state === 'PENDING' || state === 'WORKING';
}

const FIRST_POLL_MS = 1_000;
const LONGEST_POLL_MS = 15_000;

/** The wait before look number `polls + 1`: 1 s, 2 s, 4 s, … at most 15 s. */
export function backoffDelayMs(polls: number): number {
	return Math.min(LONGEST_POLL_MS, FIRST_POLL_MS * 2 ** Math.max(0, polls - 1));
}

export interface Problem {
	message: string;
	description: string;
	/** fiskaly's error code, when it gave one. */
	code?: string;
}

function fiskalyError(resource: IDataObject): { code?: string; message: string } {
	const error = (resource.error ?? {}) as IDataObject;
	return {
		code: typeof error.code === 'string' && error.code ? error.code : undefined,
		message: typeof error.message === 'string' && error.message ? error.message : 'no reason given',
	};
}

/** Why a closing will never be exported (ERROR or DELETED), with the fix; undefined otherwise. */
export function closingProblem(closing: IDataObject): Problem | undefined {
	const id = String(closing.closing_id ?? closing._id ?? '');
	if (closing.state === 'ERROR') {
		const { code, message } = fiskalyError(closing);
		return {
			message: `Cash point closing ${id} ended in ERROR: ${message}${code ? ` (${code})` : ''}`,
			description: `${
				(code && FIXES.dsfinvk[code]) ??
				'fiskaly could not process the closing. Correct the data named in the message.'
			} An ERROR closing is not exported: insert the corrected closing under a new Closing ID.`,
			code,
		};
	}
	if (closing.state === 'DELETED') {
		return {
			message: `Cash point closing ${id} was deleted`,
			description:
				'A deleted closing is not exported. Insert the closing again under a new Closing ID.',
		};
	}
	return undefined;
}

/** Why an export will never give an archive (ERROR, CANCELLED, EXPIRED), with the fix; undefined otherwise. */
export function exportProblem(exported: IDataObject): Problem | undefined {
	const id = String(exported._id ?? exported.export_id ?? '');
	if (exported.state === 'ERROR') {
		const { code, message } = fiskalyError(exported);
		return {
			message: `Export ${id} ended in ERROR: ${message}${code ? ` (${code})` : ''}`,
			description:
				(code && FIXES.dsfinvk[code]) ??
				'Trigger the export again under a new Export ID. If it fails again, contact fiskaly support with the export ID.',
			code,
		};
	}
	if (exported.state === 'EXPIRED') {
		return {
			message: `Export ${id} has expired`,
			description:
				'fiskaly keeps an archive for 28 days. Trigger a new export for the same range (leave Export ID empty).',
		};
	}
	if (exported.state === 'CANCELLED') {
		return {
			message: `Export ${id} was cancelled`,
			description: 'Trigger a new export for the same range (leave Export ID empty).',
		};
	}
	return undefined;
}
