// Cash point closings (REFERENCE §4.5): insert once (PUT, 409 on a used id), the asynchronous
// PENDING → WORKING → COMPLETED | ERROR processing, summary and details, the list with its filters, and
// DELETE. The outcome is decided on insert from the state of that moment and shown once the configured
// processing time has passed [INFERRED: the real worker runs seconds later], so it is deterministic and
// the journal holds it.

import { ApiError, schemaError } from '../core/errors';
import type { Query } from '../core/route';
import type { JsonObject } from '../core/validate';
import { CLOSING_BODY } from './bodySchemas';
import { businessDateQuery, list, statesQuery, unixQuery } from './lists';
import { requireCashRegister } from './masterData';
import { SIGN_API_VERSION, type Closing } from './model';
import { boundRevisions, businessDateOf, processClosing } from './processing';
import { check } from './schema';
import { envelope, omit, parseMetadata, pathUuid, type DsfinvkStore } from './store';

/** Bodies of whole days with thousands of receipts: far above the core's 1 MB [INFERRED limit]. */
export const CLOSING_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/** Unix seconds of the closing's latest state change. */
function timeUpdate(store: DsfinvkStore, closing: Closing): number {
	if (closing.timeDeleted !== undefined) return closing.timeDeleted;
	const state = store.closingState(closing);
	const since =
		state === 'PENDING'
			? 0
			: state === 'WORKING'
				? closing.pendingMs
				: closing.pendingMs + closing.workingMs;
	return Math.floor((closing.insertedAtMs + since) / 1000);
}

function stateFields(store: DsfinvkStore, closing: Closing): JsonObject {
	const state = store.closingState(closing);
	const fields: JsonObject = { state };
	if (state === 'ERROR') fields.error = closing.error;
	fields.time_creation = closing.timeCreation;
	fields.time_update = timeUpdate(store, closing);
	if (closing.timeDeleted !== undefined) fields.time_deleted = closing.timeDeleted;
	return fields;
}

export function closingSummary(store: DsfinvkStore, closing: Closing): JsonObject {
	const head = closing.body.head as JsonObject;
	const payment = (closing.body.cash_statement as JsonObject).payment as JsonObject;
	return {
		closing_id: closing.id,
		cash_point_closing_export_id: closing.exportId,
		client_id: closing.clientId,
		...stateFields(store, closing),
		business_date: head.business_date,
		first_transaction_export_id: head.first_transaction_export_id,
		last_transaction_export_id: head.last_transaction_export_id,
		export_creation_date: head.export_creation_date,
		full_amount: payment.full_amount,
		cash_amount: payment.cash_amount,
		metadata: closing.metadata,
		sign_api_version: SIGN_API_VERSION,
		_id: closing.id,
		...envelope('CASH_POINT_CLOSING'),
	};
}

export function insertClosing(store: DsfinvkStore, rawId: string, rawBody: unknown): JsonObject {
	const id = pathUuid(rawId, 'closing_id');
	const body = check(CLOSING_BODY, rawBody, 'body') as JsonObject;
	const metadata = parseMetadata(body.metadata) ?? {};
	const payment = (body.cash_statement as JsonObject).payment as JsonObject;
	// Since 1.25 a synchronous 400 (DOC-NEWS27), with the schema-validation code (SRV-ERR PaymentTypesEmpty).
	if ((payment.payment_types as unknown[]).length === 0)
		throw schemaError('Payment types are empty');
	if (store.model.closings.has(id))
		throw new ApiError(409, 'E_CASH_POINT_CLOSING_CONFLICT', 'Cash Point Closing conflict.');
	requireCashRegister(store, body.client_id as string); // [INFERRED: synchronous]
	const stored = omit(body, 'metadata');
	const closing: Closing = {
		id,
		clientId: body.client_id as string,
		exportId: body.cash_point_closing_export_id as number,
		body: stored,
		timeCreation: store.nowSeconds(),
		insertedAtMs: store.clock(),
		pendingMs: store.timing.closingPendingMs,
		workingMs: store.timing.closingWorkingMs,
		error: processClosing(store, stored),
		revisions: boundRevisions(store, stored),
		metadata,
	};
	store.commit({ t: 'closing', closing });
	return {
		closing_id: id,
		state: 'PENDING',
		time_creation: closing.timeCreation,
		sign_api_version: SIGN_API_VERSION,
		...envelope('CASH_POINT_CLOSING'),
	};
}

export function getClosing(store: DsfinvkStore, rawId: string): JsonObject {
	return closingSummary(store, store.requireClosing(rawId));
}

/** `cash_point_closing` is the stored body once processed; null while PENDING/WORKING or after ERROR (SRV-RETRIEVE). */
export function getClosingDetails(store: DsfinvkStore, rawId: string): JsonObject {
	const closing = store.requireClosing(rawId);
	const fields = stateFields(store, closing);
	const processed = fields.state === 'COMPLETED' || fields.state === 'DELETED';
	return {
		cash_point_closing: processed ? closing.body : null,
		...fields,
		metadata: closing.metadata,
		sign_api_version: SIGN_API_VERSION,
		_id: closing.id,
		...envelope('CASH_POINT_CLOSING'),
	};
}

export function listClosings(store: DsfinvkStore, query: Query): JsonObject {
	const clientId = query.get('client_id')?.toLowerCase();
	const start = unixQuery(query, 'start_date');
	const end = unixQuery(query, 'end_date');
	const businessStart = businessDateQuery(query, 'business_date_start');
	const businessEnd = businessDateQuery(query, 'business_date_end');
	const states = statesQuery(query);
	const now = store.clock();
	const items = [...store.model.closings.values()].filter((closing) => {
		if (clientId !== undefined && closing.clientId !== clientId) return false;
		// SRV-DBCLOSING compares time_creation strictly; business dates inclusively.
		if (start !== undefined && !(closing.timeCreation > start)) return false;
		if (end !== undefined && !(closing.timeCreation < end)) return false;
		const businessDate = businessDateOf(closing.body);
		if (businessStart !== undefined && businessDate < businessStart) return false;
		if (businessEnd !== undefined && businessDate > businessEnd) return false;
		return !states || states.includes(store.closingState(closing, now));
	});
	return list(
		items,
		query,
		{
			type: 'CASH_POINT_CLOSING_LIST',
			defaultOrderBy: 'time_creation',
			orderBy: {
				time_creation: (closing) => closing.timeCreation,
				state: (closing) => store.closingState(closing, now),
				business_date: (closing) => businessDateOf(closing.body),
			},
		},
		(closing) => closingSummary(store, closing),
	);
}

/** [INFERRED] only COMPLETED and ERROR closings can be deleted; the answer is the summary. */
export function deleteClosing(store: DsfinvkStore, rawId: string): JsonObject {
	const closing = store.requireClosing(rawId);
	const state = store.closingState(closing);
	if (state !== 'COMPLETED' && state !== 'ERROR')
		throw new ApiError(
			400,
			'E_INVALID_STATE_CHANGE',
			`Bad Request. Invalid CashPointClosing state change request. (${state} → DELETED)`,
		);
	store.commit({ t: 'closingDeleted', id: closing.id, time: store.nowSeconds() });
	return closingSummary(store, closing);
}
