import type { IDataObject } from 'n8n-workflow';

import { centsOf, formatAmount } from '../../../shared/amounts';
import { FieldError } from '../../../shared/errors';
import { decodeProcessData } from '../../../shared/processData';
import type { SignDeBucket } from '../../../shared/vatIds';

/**
 * What the TSS signed for one sale, read from a SIGN DE transaction (the Sign Receipt output or
 * GET /tss/{tss_id}/tx/{tx_id}): the signed process data is the truth, not the readable schema.
 * Pure: no n8n context.
 */

export interface SignedPayment {
	/** Bar (CASH) or Unbar (NON_CASH), as process data writes it. */
	kind: 'Bar' | 'Unbar';
	currency: string;
	cents: bigint;
}

export interface SignedTransaction {
	id: string;
	tssId: string | undefined;
	clientId: string;
	/** The TSS transaction number. */
	number: number;
	state: 'FINISHED' | 'CANCELLED';
	timeStart: number;
	timeEnd: number;
	/** DSFinV-K transaction type (Beleg, AVTraining, AVBelegabbruch, …). */
	type: string;
	amounts: Map<SignDeBucket, bigint>;
	payments: SignedPayment[];
	totalCents: bigint;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function asObject(value: unknown): IDataObject | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

/** Where a sale's transaction is: the object itself, or its ID to GET from SIGN DE. */
export interface TransactionSource {
	transaction?: IDataObject;
	id?: string;
	tssId?: string;
}

const SOURCE_HINT =
	'Pass the output item of Fiskaly SIGN DE › Sign Receipt (with Simplify off), or an object with transaction_id (and tss_id) of the signed transaction.';

/**
 * The transaction of a sale item: the item itself when it is a Sign Receipt output, its
 * `transaction` (object or ID), or its `transaction_id`.
 */
export function transactionSource(item: IDataObject, where: string): TransactionSource {
	const tssId = typeof item.tss_id === 'string' ? item.tss_id : undefined;
	const nested = item.transaction;
	if (asObject(nested)) return { transaction: nested as IDataObject, tssId };
	const id = typeof nested === 'string' ? nested : item.transaction_id;
	if (typeof id === 'string' && id.trim() !== '') {
		if (!UUID.test(id.trim()))
			throw new FieldError(`${where} › transaction_id`, `"${id}" is not a UUID`, SOURCE_HINT);
		return { id: id.trim().toLowerCase(), tssId };
	}
	if (typeof item._id === 'string' && asObject(item.schema)) return { transaction: item, tssId };
	if (asObject(item.receipt) || item.transaction_number !== undefined) {
		throw new FieldError(
			where,
			'is a simplified Sign Receipt output (the receipt block only), which does not name the transaction',
			'Turn off Simplify in Sign Receipt, or add transaction_id (and tss_id) to the item.',
		);
	}
	throw new FieldError(where, 'has no signed transaction', SOURCE_HINT);
}

function unixSeconds(value: unknown, field: string): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
		throw new FieldError(field, `is ${JSON.stringify(value) ?? 'missing'}`, SOURCE_HINT);
	}
	return value;
}

function signedCents(amount: unknown, field: string): bigint {
	return centsOf(formatAmount(amount, field));
}

/** The signed facts of a FINISHED or CANCELLED SIGN DE receipt transaction. */
export function readSignedTransaction(transaction: IDataObject, where: string): SignedTransaction {
	const id = typeof transaction._id === 'string' ? transaction._id.toLowerCase() : '';
	if (!UUID.test(id))
		throw new FieldError(`${where} › _id`, 'is not a transaction ID', SOURCE_HINT);
	const label = `${where} (transaction ${id})`;
	const state = transaction.state;
	if (state !== 'FINISHED' && state !== 'CANCELLED') {
		throw new FieldError(
			`${label} › state`,
			`is ${String(state)}: the transaction is not signed yet`,
			'Only finished (or cancelled) transactions belong in a closing. Finish the sale first, or cancel it (Transaction › Cancel).',
		);
	}
	const clientId =
		typeof transaction.client_id === 'string' ? transaction.client_id.toLowerCase() : '';
	if (!UUID.test(clientId)) throw new FieldError(`${label} › client_id`, 'is missing', SOURCE_HINT);
	const number = transaction.number;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) {
		throw new FieldError(`${label} › number`, 'is missing', SOURCE_HINT);
	}
	const raw = asObject(asObject(transaction.schema)?.raw);
	if (typeof raw?.process_type !== 'string' || typeof raw.process_data !== 'string') {
		throw new FieldError(
			`${label} › schema.raw`,
			'is missing: the signed process data cannot be read',
			SOURCE_HINT,
		);
	}
	const decoded = decodeProcessData(raw.process_type, Buffer.from(raw.process_data, 'base64'));
	if (decoded.process_type !== 'Kassenbeleg-V1' || typeof decoded.transaction_type !== 'string') {
		throw new FieldError(
			`${label} › schema.raw.process_type`,
			`is ${decoded.process_type}: Close Day closes receipts (Kassenbeleg-V1) only`,
			'Leave orders (Bestellung-V1) and other processes (SonstigerVorgang) out of the sales, or insert the closing with Cash Point Closing › Insert and a body you build.',
		);
	}
	const amounts = new Map<SignDeBucket, bigint>();
	let totalCents = BigInt(0);
	for (const entry of decoded.amounts_per_vat_rate as IDataObject[]) {
		const cents = signedCents(entry.amount, `${label} › signed ${String(entry.vat_rate)} amount`);
		amounts.set(entry.vat_rate as SignDeBucket, cents);
		totalCents += cents;
	}
	const payments = (decoded.amounts_per_payment_type as IDataObject[]).map((entry) => ({
		kind: entry.payment_type === 'CASH' ? ('Bar' as const) : ('Unbar' as const),
		currency: String(entry.currency_code),
		cents: signedCents(entry.amount, `${label} › signed payment`),
	}));
	return {
		id,
		tssId: typeof transaction.tss_id === 'string' ? transaction.tss_id.toLowerCase() : undefined,
		clientId,
		number,
		state,
		timeStart: unixSeconds(transaction.time_start, `${label} › time_start`),
		timeEnd: unixSeconds(transaction.time_end, `${label} › time_end`),
		type: decoded.transaction_type,
		amounts,
		payments,
		totalCents,
	};
}
