import { uuidFromText } from '../../shared/derivedId';

/**
 * The ID of the submission that notifies the tax office of one establishment with one state of its
 * data. The same establishment and data give the same ID, so a re-run finds the submission it
 * created (and continues it, or reports it as sent) instead of notifying twice; changed data gives a
 * new ID, because fiskaly needs a new submission for every change (REFERENCE SUBMIT DE §9).
 */

export interface NotifiedData {
	taxpayer: unknown;
	establishment: unknown;
	/** Each register's SIGN DE TSS and client ID with its additional data. */
	registers: Array<{ tss_id: string; client_id: string; data: unknown }>;
}

/** JSON with object keys sorted and `metadata` left out (it is not notified), so order never matters. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (typeof value === 'object' && value !== null) {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([key, entry]) => key !== 'metadata' && entry !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** `attempt` above 1 starts a new submission for unchanged data (after a failed transmission). */
export function notificationId(establishmentId: string, data: NotifiedData, attempt = 1): string {
	const registers = [...data.registers].sort((a, b) =>
		`${a.tss_id}/${a.client_id}` < `${b.tss_id}/${b.client_id}` ? -1 : 1,
	);
	const notified = canonicalJson({ ...data, registers });
	const again = attempt > 1 ? `|attempt ${attempt}` : '';
	return uuidFromText(
		`submit-de notification|${establishmentId.toLowerCase()}${again}|${notified}`,
	);
}
