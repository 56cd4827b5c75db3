// The filters of a TSS export (REFERENCE §5.1): parsed from triggerExport's query, and applied to the
// TSS's logs. A client filter wins over all others; otherwise one of transaction numbers, dates or
// signature counters.

import { schemaError } from '../core/errors';
import { parseUuid } from '../core/validate';
import type { Export, ExportFilters, Tss } from './model';
import { apiError, parseCounterParameter, parsePositiveInteger, type SignDeStore } from './store';
import type { StoredLog } from './types';

const MAX_EXPORT_RECORDS = 1_000_000;

export function parseExportFilters(
	store: SignDeStore,
	tss: Tss,
	parameters: Record<string, string | undefined>,
): ExportFilters {
	const maximumNumberRecords =
		parsePositiveInteger(parameters.maximum_number_records, 'maximum_number_records') ??
		MAX_EXPORT_RECORDS;
	if (maximumNumberRecords > MAX_EXPORT_RECORDS) {
		throw schemaError(
			`maximum_number_records must be at most ${MAX_EXPORT_RECORDS}; split bigger exports by signature counter ranges`,
		);
	}
	if (parameters.client_id !== undefined) {
		// "Only return log messages associated with the given client (other query parameters will be ignored)"
		const clientId = parseUuid(parameters.client_id, 'client_id');
		store.requireClientOf(tss, clientId);
		return { clientId, maximumNumberRecords };
	}
	const filters: ExportFilters = {
		transactionNumber: parseCounterParameter(parameters.transaction_number, 'transaction_number'),
		startTransactionNumber: parseCounterParameter(
			parameters.start_transaction_number,
			'start_transaction_number',
		),
		endTransactionNumber: parseCounterParameter(
			parameters.end_transaction_number,
			'end_transaction_number',
		),
		startDate: parseCounterParameter(parameters.start_date, 'start_date'),
		endDate: parseCounterParameter(parameters.end_date, 'end_date'),
		startSignatureCounter: parseCounterParameter(
			parameters.start_signature_counter,
			'start_signature_counter',
		),
		endSignatureCounter: parseCounterParameter(
			parameters.end_signature_counter,
			'end_signature_counter',
		),
		maximumNumberRecords,
	};
	const mismatch = (message: string) => apiError(400, 'E_PARAMETER_MISMATCH', message);
	if (
		filters.transactionNumber !== undefined &&
		(filters.startTransactionNumber !== undefined || filters.endTransactionNumber !== undefined)
	) {
		throw mismatch(
			'transaction_number cannot be combined with start_transaction_number or end_transaction_number',
		);
	}
	const groups = [
		filters.transactionNumber !== undefined ||
			filters.startTransactionNumber !== undefined ||
			filters.endTransactionNumber !== undefined,
		filters.startDate !== undefined || filters.endDate !== undefined,
		filters.startSignatureCounter !== undefined || filters.endSignatureCounter !== undefined,
	].filter(Boolean).length;
	if (groups > 1)
		throw mismatch(
			'Filter by one of transaction numbers, dates or signature counters, not several',
		);
	const backwards = (start: number | undefined, end: number | undefined) =>
		start !== undefined && end !== undefined && start > end;
	if (backwards(filters.startTransactionNumber, filters.endTransactionNumber))
		throw mismatch('start_transaction_number is greater than end_transaction_number');
	if (backwards(filters.startDate, filters.endDate))
		throw mismatch('start_date is later than end_date');
	if (backwards(filters.startSignatureCounter, filters.endSignatureCounter))
		throw mismatch('start_signature_counter is greater than end_signature_counter');
	if (filters.transactionNumber !== undefined && !tss.txByNumber[filters.transactionNumber - 1]) {
		throw apiError(
			400,
			'E_TX_NOT_FOUND',
			`Transaction number ${filters.transactionNumber} not found on TSS ${tss.id}`,
		);
	}
	for (const key of Object.keys(filters) as (keyof ExportFilters)[])
		if (filters[key] === undefined) delete filters[key];
	return filters;
}

export function exportLogs(exported: Export): StoredLog[] {
	const f = exported.filters;
	const within = (value: number | undefined, start: number | undefined, end: number | undefined) =>
		value !== undefined &&
		(start === undefined || value >= start) &&
		(end === undefined || value <= end);
	return exported.tss.logs.filter((log) => {
		if (log.counter > exported.upToCounter) return false;
		if (f.clientId !== undefined) return log.clientId === f.clientId;
		if (f.transactionNumber !== undefined) return log.txNumber === f.transactionNumber;
		if (f.startTransactionNumber !== undefined || f.endTransactionNumber !== undefined) {
			return within(log.txNumber, f.startTransactionNumber, f.endTransactionNumber);
		}
		if (f.startDate !== undefined || f.endDate !== undefined)
			return within(log.logTime, f.startDate, f.endDate);
		return within(log.counter, f.startSignatureCounter, f.endSignatureCounter);
	});
}
