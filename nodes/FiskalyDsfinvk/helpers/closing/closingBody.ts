import type { IDataObject } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';
import type { SaleLine } from '../../../shared/saleLine';
import { amountsPerVatId, buildCashStatement, type CashMovement } from './cashStatement';
import type { Sale } from './sale';
import { wireAmount } from './wire';

/**
 * The whole cash point closing body (REFERENCE §6) of one register and business date, from the
 * checked sales and cash movements. Pure: no n8n context.
 */

export interface ClosingHead {
	clientId: string;
	exportId: number;
	businessDate: string;
	/** Unix seconds: when the closing is created (Z_ERSTELLUNG). */
	creationTime: number;
	baseCurrency: string;
}

/** Closing order: by start time, then TSS transaction number (ties in the same second). */
function inClosingOrder(sales: Sale[]): Sale[] {
	return [...sales].sort(
		(a, b) =>
			a.signed.timeStart - b.signed.timeStart ||
			a.signed.number - b.signed.number ||
			(a.signed.id < b.signed.id ? -1 : 1),
	);
}

/** One transaction and one receipt ID (BON_ID) per sale: a sale given twice is refused. */
export function refuseDuplicates(sales: Sale[]): void {
	const byTx = new Map<string, Sale>();
	const byExportId = new Map<string, Sale>();
	for (const sale of sales) {
		const sameTx = byTx.get(sale.signed.id);
		if (sameTx) {
			throw new FieldError(
				`Sale in item ${sale.itemIndex}`,
				`has the same transaction ${sale.signed.id} as the sale in item ${sameTx.itemIndex}`,
				'Give every sale once (remove duplicate items, e.g. with a Remove Duplicates node on the transaction ID).',
			);
		}
		const sameExportId = byExportId.get(sale.exportId);
		if (sameExportId) {
			throw new FieldError(
				`Sale in item ${sale.itemIndex} › transaction_export_id`,
				`"${sale.exportId}" is also the receipt ID of the sale in item ${sameExportId.itemIndex}`,
				'Receipt IDs (BON_ID) are unique within a closing. Give each sale its own transaction_export_id.',
			);
		}
		byTx.set(sale.signed.id, sale);
		byExportId.set(sale.exportId, sale);
	}
}

function lineBody(line: SaleLine, index: number): IDataObject {
	const item: IDataObject = {
		number: line.item.number,
		quantity: Number(line.quantity),
		price_per_unit: wireAmount(line.pricePerUnitCents),
	};
	if (line.item.gtin !== undefined) item.gtin = line.item.gtin;
	if (line.item.groupId !== undefined) item.group_id = line.item.groupId;
	if (line.item.groupName !== undefined) item.group_name = line.item.groupName;
	const businessCase: IDataObject = { type: line.businessCase.type };
	if (line.businessCase.name !== undefined) businessCase.name = line.businessCase.name;
	businessCase.amounts_per_vat_id = amountsPerVatId([line]);
	return {
		lineitem_export_id: String(index + 1),
		storno: line.storno,
		text: line.text,
		business_case: businessCase,
		item,
	};
}

function transactionBody(sale: Sale, position: number): IDataObject {
	const { signed } = sale;
	return {
		head: {
			tx_id: signed.id,
			transaction_export_id: sale.exportId,
			closing_client_id: signed.clientId,
			type: signed.type,
			storno: false,
			// BON_NR consecutive within the closing unless the sale gives its own [INFERRED, §8.2 rule 6].
			number: sale.number ?? position,
			timestamp_start: signed.timeStart,
			timestamp_end: signed.timeEnd,
			user: sale.user,
			buyer: sale.buyer,
		},
		data: {
			full_amount_incl_vat: wireAmount(sale.grossCents),
			payment_types: sale.payments.map((payment) => ({
				type: payment.type,
				...(payment.name === undefined ? {} : { name: payment.name }),
				currency_code: payment.currency,
				...(payment.foreignCents === undefined
					? {}
					: { foreign_amount: wireAmount(payment.foreignCents) }),
				amount: wireAmount(payment.cents),
			})),
			amounts_per_vat_id: amountsPerVatId(sale.lines),
			lines: sale.lines.map(lineBody),
		},
		security: { tss_tx_id: signed.id },
	};
}

export function buildClosingBody(
	head: ClosingHead,
	sales: Sale[],
	movements: CashMovement[],
): IDataObject {
	refuseDuplicates(sales);
	const ordered = inClosingOrder(sales);
	const transactions = ordered.map((sale, index) => transactionBody(sale, index + 1));
	return {
		client_id: head.clientId,
		cash_point_closing_export_id: head.exportId,
		head: {
			export_creation_date: head.creationTime,
			business_date: head.businessDate,
			first_transaction_export_id: ordered.length > 0 ? ordered[0].exportId : null,
			last_transaction_export_id: ordered.length > 0 ? ordered[ordered.length - 1].exportId : null,
		},
		cash_statement: buildCashStatement(ordered, movements, head.baseCurrency),
		transactions,
	};
}
