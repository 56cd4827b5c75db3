// The rows one transaction contributes: Bonkopf and its payments, VAT, allocation groups, references and
// TSE row, then its lines with their VAT, item amounts and sub-items (REFERENCE §9.3, §10.3).

import type { JsonObject } from '../core/validate';
import { flag, num, text, time, vatCells, type Cell } from './csvCells';
import type { ClosingRows } from './exportRows';
import { tssOfRegister } from './masterData';
import type { DsfinvkStore } from './store';

type Json = JsonObject;

/** A transaction of any stored closing by its tx_id (for InterneTransaktion references). */
function findTransaction(store: DsfinvkStore, txId: string) {
	for (const closing of store.model.closings.values()) {
		for (const transaction of closing.body.transactions as Json[]) {
			const head = transaction.head as Json;
			if (head.tx_id === txId)
				return {
					clientId: closing.clientId,
					exportId: closing.exportId,
					transactionExportId: String(head.transaction_export_id),
				};
		}
	}
	return undefined;
}

export function addTransactionRows(rows: ClosingRows, transaction: Json): void {
	const head = transaction.head as Json;
	const data = transaction.data as Json;
	const bonId = text(head.transaction_export_id);
	const registerId = head.closing_client_id as string;
	const terminal = registerId === rows.closing.clientId ? undefined : registerId;
	const user = head.user as Json;
	const buyer = head.buyer as Json;
	const address = (buyer.address ?? {}) as Json;
	rows.add('transactions.csv', [
		bonId,
		text(head.number),
		text(head.type),
		text(head.name),
		terminal,
		flag(head.storno),
		time(head.timestamp_start),
		time(head.timestamp_end),
		text(user.user_export_id),
		text(user.name),
		num(data.full_amount_incl_vat, 2),
		text(buyer.name),
		text(buyer.buyer_export_id),
		text(buyer.type),
		text(address.street),
		text(address.postal_code),
		text(address.city),
		text(address.country_code),
		text(buyer.vat_id_number),
		text(data.notes),
	]);
	for (const payment of data.payment_types as Json[])
		rows.add('datapayment.csv', [
			bonId,
			text(payment.type),
			text(payment.name),
			text(payment.currency_code),
			num(payment.foreign_amount, 2),
			num(payment.amount, 2),
		]);
	for (const row of data.amounts_per_vat_id as Json[])
		rows.add('transactions_vat.csv', [bonId, ...vatCells(row)]);
	for (const group of (head.allocation_groups as string[] | undefined) ?? [])
		rows.add('allocation_groups.csv', [bonId, group]);
	for (const reference of (head.references as Json[] | undefined) ?? [])
		addReferenceRow(rows, bonId, undefined, reference);
	addSecurityRow(rows, bonId, registerId, transaction.security as Json);
	for (const line of data.lines as Json[]) addLineRows(rows, bonId, terminal, line);
}

function addLineRows(rows: ClosingRows, bonId: Cell, terminal: Cell, line: Json): void {
	const businessCase = line.business_case as Json;
	const item = line.item as Json;
	const position = text(line.lineitem_export_id);
	rows.add('lines.csv', [
		bonId,
		position,
		text(line.voucher_id),
		text(line.text),
		terminal,
		text(businessCase.type),
		text(businessCase.name),
		flag(line.in_house, true),
		flag(line.storno),
		rows.agencyExportId(businessCase.purchaser_agency_id),
		text(item.number),
		text(item.gtin),
		text(item.group_id),
		text(item.group_name),
		num(item.quantity, 3),
		num(item.quantity_factor, 3),
		text(item.quantity_measure),
		num(item.price_per_unit, 5),
	]);
	for (const row of businessCase.amounts_per_vat_id as Json[])
		rows.add('lines_vat.csv', [bonId, position, ...vatCells(row)]);
	// TYP: fiskaly's JSON names (TWEE also accepts Grundpreis/Rabatt/Zuschlag) [INFERRED]
	const amounts: [string, unknown][] = [
		['base_amount', item.base_amounts_per_vat_id],
		['discount', item.discounts_per_vat_id],
		['extra_amount', item.extra_amounts_per_vat_id],
	];
	for (const [type, amountRows] of amounts)
		for (const row of (amountRows as Json[] | undefined) ?? [])
			rows.add('itemamounts.csv', [bonId, position, type, ...vatCells(row)]);
	for (const sub of (item.sub_items as Json[] | undefined) ?? []) {
		const amount = sub.amount_per_vat_id as Json;
		rows.add('subitems.csv', [
			bonId,
			position,
			text(sub.number),
			text(sub.gtin),
			text(sub.name),
			text(sub.group_id),
			text(sub.group_name),
			num(sub.quantity, 3),
			num(sub.quantity_factor, 3),
			text(sub.quantity_measure),
			...vatCells(amount),
		]);
	}
	for (const reference of (line.references as Json[] | undefined) ?? [])
		addReferenceRow(rows, bonId, position, reference);
}

function addReferenceRow(rows: ClosingRows, bonId: Cell, position: Cell, reference: Json): void {
	const type = String(reference.type);
	const date = time(reference.date);
	if (type === 'Transaktion')
		rows.add('references.csv', [
			bonId,
			position,
			type,
			undefined,
			date,
			text(reference.cash_register_export_id),
			text(reference.cash_point_closing_export_id),
			text(reference.transaction_export_id),
		]);
	else if (type === 'InterneTransaktion') {
		// [INFERRED] written as a DSFinV-K "Transaktion" reference to the transaction's closing
		const target = findTransaction(rows.store, String(reference.tx_id));
		rows.add('references.csv', [
			bonId,
			position,
			'Transaktion',
			undefined,
			date,
			target?.clientId,
			target ? String(target.exportId) : undefined,
			target?.transactionExportId ?? text(reference.tx_id),
		]);
	} else
		rows.add('references.csv', [
			bonId,
			position,
			type,
			text(reference.name),
			date,
			undefined,
			undefined,
			text(reference.external_export_id ?? reference.external_other_export_id),
		]);
}

/** transactions_tse.csv: from SIGN DE for tss_tx_id, from the body for an external TSS or a TSE failure. */
function addSecurityRow(rows: ClosingRows, bonId: Cell, registerId: string, security: Json): void {
	const tseId = rows.tse(registerId);
	const tseCell = tseId === undefined ? undefined : String(tseId);
	if (typeof security.tss_tx_id === 'string') {
		const tssId = tssOfRegister(rows.store, registerId);
		const signed = tssId ? rows.store.signDe.transaction(tssId, security.tss_tx_id) : undefined;
		if (signed) {
			// TSE_TA_START/ENDE in the TSS's own time format, unixTime (tse.csv TSE_ZEITFORMAT) [INFERRED]
			rows.add('transactions_tse.csv', [
				bonId,
				tseCell,
				String(signed.number),
				String(signed.timeStart),
				text(signed.timeEnd),
				signed.processType,
				String(signed.signatureCounter),
				signed.signature,
				undefined,
				signed.processData,
			]);
			return;
		}
	}
	if (security.signature !== undefined) {
		rows.add('transactions_tse.csv', [
			bonId,
			tseCell,
			text(security.tx_number),
			text(security.tx_start),
			text(security.tx_end),
			text(security.process_type),
			text(security.signature_counter),
			text(security.signature),
			text(security.error_message),
			text(security.process_data),
		]);
		return;
	}
	rows.add('transactions_tse.csv', [
		bonId,
		tseCell,
		undefined,
		undefined,
		undefined,
		undefined,
		undefined,
		undefined,
		text(security.error_message),
		undefined,
	]);
}
