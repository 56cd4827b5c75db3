import { X509Certificate } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/** The pure parts of the housekeeping operations: which transactions are stale, how healthy a TSS is. */

export type AgeBasis = 'start' | 'lastChange';

/** When a transaction last changed: the time of its latest signed revision. */
function lastChange(transaction: IDataObject): number | undefined {
	const timestamp = (transaction.log as IDataObject | undefined)?.timestamp;
	return typeof timestamp === 'number' ? timestamp : undefined;
}

/** Whether an ACTIVE transaction started (or last changed) before `cutoff` (unix seconds). */
export function isStale(transaction: IDataObject, cutoff: number, basis: AgeBasis): boolean {
	if (transaction.state !== 'ACTIVE') return false;
	const time =
		basis === 'start'
			? transaction.time_start
			: (lastChange(transaction) ?? transaction.time_start);
	return typeof time === 'number' && time < cutoff;
}

function isoTime(unixSeconds: unknown): string | null {
	return typeof unixSeconds === 'number' ? new Date(unixSeconds * 1000).toISOString() : null;
}

/** What a housekeeping report says about one transaction. */
export function transactionSummary(transaction: IDataObject): IDataObject {
	return {
		_id: transaction._id ?? null,
		number: transaction.number ?? null,
		client_id: transaction.client_id ?? null,
		client_serial_number: transaction.client_serial_number ?? null,
		time_start: isoTime(transaction.time_start),
		last_change: isoTime(lastChange(transaction)),
		latest_revision: transaction.latest_revision ?? null,
	};
}

export interface HealthThresholds {
	/** Warn when clients or active transactions reach this share of their limit. */
	usagePercent: number;
	/** Warn when the certificate expires within this many days. */
	certificateDays: number;
	staleMinutes: number;
}

export interface StaleFinding {
	count: number;
	oldestTimeStart: number | undefined;
}

const DAY_SECONDS = 24 * 60 * 60;

/** The expiry (unix seconds) of a base64 DER certificate, or undefined when it cannot be read. */
export function certificateExpiry(certificate: unknown): number | undefined {
	if (typeof certificate !== 'string' || certificate === '') return undefined;
	try {
		const validTo = Date.parse(new X509Certificate(Buffer.from(certificate, 'base64')).validTo);
		return Number.isNaN(validTo) ? undefined : Math.floor(validTo / 1000);
	} catch {
		return undefined;
	}
}

function usage(count: unknown, max: unknown): IDataObject {
	const used = typeof count === 'number' ? count : 0;
	const limit = typeof max === 'number' && max > 0 ? max : undefined;
	return {
		count: used,
		max: limit ?? null,
		usage_percent: limit ? Math.round((used / limit) * 100) : null,
	};
}

/**
 * One health item per TSS: counters, usage against fiskaly's limits, certificate expiry and
 * stale transactions, with a warning for each thing a scheduled workflow should alert on.
 */
export function assessHealth(
	tss: IDataObject,
	stale: StaleFinding | undefined,
	thresholds: HealthThresholds,
	nowSeconds: number,
): IDataObject {
	const warnings: string[] = [];
	const state = String(tss.state);
	if (state !== 'INITIALIZED' && state !== 'DISABLED')
		warnings.push(`The TSS is ${state}: it cannot sign`);

	const clients = usage(tss.number_registered_clients, tss.max_number_registered_clients);
	const active = usage(tss.number_active_transactions, tss.max_number_active_transactions);
	for (const [what, figures, fix] of [
		['Registered clients', clients, 'deregister clients no longer in use (Client › Update)'],
		[
			'Active transactions',
			active,
			'finish or cancel open transactions (Transaction › Cancel Stale)',
		],
	] as const) {
		if (
			typeof figures.usage_percent === 'number' &&
			figures.usage_percent >= thresholds.usagePercent
		) {
			warnings.push(
				`${what}: ${String(figures.count)} of ${String(figures.max)} (${figures.usage_percent}%); ${fix}`,
			);
		}
	}

	const expiry = certificateExpiry(tss.certificate);
	let certificate: IDataObject | null = null;
	if (expiry !== undefined) {
		const daysLeft = Math.floor((expiry - nowSeconds) / DAY_SECONDS);
		certificate = { expires_at: isoTime(expiry), days_left: daysLeft };
		if (expiry <= nowSeconds) {
			warnings.push(
				`The certificate expired on ${String(isoTime(expiry))}; the TSS cannot sign any more`,
			);
		} else if (daysLeft < thresholds.certificateDays) {
			warnings.push(
				`The certificate expires on ${String(isoTime(expiry))} (in ${daysLeft} days); plan a new TSS`,
			);
		}
	}

	if (stale && stale.count > 0) {
		warnings.push(
			`${stale.count} transaction${stale.count === 1 ? ' has' : 's have'} been open for more than ${thresholds.staleMinutes} minutes (oldest started ${String(isoTime(stale.oldestTimeStart))}); cancel them with Transaction › Cancel Stale`,
		);
	}

	return {
		tss_id: tss._id ?? null,
		description: tss.description ?? null,
		state,
		healthy: warnings.length === 0,
		warnings,
		// A string in every output, whichever type fiskaly's field arrives in.
		signature_counter: tss.signature_counter == null ? null : String(tss.signature_counter),
		transaction_counter: tss.transaction_counter ?? null,
		registered_clients: clients,
		active_transactions: active,
		stale_transactions: stale
			? {
					count: stale.count,
					older_than_minutes: thresholds.staleMinutes,
					oldest_time_start: isoTime(stale.oldestTimeStart),
				}
			: null,
		certificate,
		checked_at: isoTime(nowSeconds),
	};
}
