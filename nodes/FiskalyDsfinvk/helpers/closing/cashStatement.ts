import type { IDataObject } from 'n8n-workflow';

import { centsOf, formatAmount } from '../../../shared/amounts';
import { FieldError } from '../../../shared/errors';
import { CASH_MOVEMENT_TYPES } from './fields';
import type { Sale } from './sale';
import { wireAmount } from './wire';

/**
 * The closing's cash statement (REFERENCE §6.4, §8.2 rules 4 and 5): business cases aggregated
 * from the receipt lines by (type, name, VAT ID) plus the cash movements, and the payments
 * aggregated by (type, name, currency). Only receipts (Beleg) count: the other transaction types
 * (training, aborts) move no money [INFERRED from DSFinV-K semantics]. Pure: no n8n context.
 */

export interface CashMovement {
	type: string;
	amountCents: bigint;
	name?: string;
}

/** Cash movements are not taxable: VAT ID 5 (Nicht steuerbar), as Odoo sends them. */
export const CASH_MOVEMENT_VAT_ID = 5;

const ZERO = BigInt(0);

export function readCashMovement(
	entry: { type?: unknown; amount?: unknown; name?: unknown },
	where: string,
): CashMovement {
	const kind = CASH_MOVEMENT_TYPES.find((movement) => movement.value === entry.type);
	if (!kind) {
		throw new FieldError(
			`${where} › Type`,
			`"${String(entry.type ?? '')}" is not a cash movement`,
			`Use one of: ${CASH_MOVEMENT_TYPES.map((movement) => movement.value).join(', ')}.`,
		);
	}
	const amountCents = centsOf(formatAmount(entry.amount, `${where} › Amount`));
	if (kind.sign === 'out' && amountCents > ZERO) {
		throw new FieldError(
			`${where} › Amount`,
			`is positive, but ${kind.value} takes money out of the drawer`,
			`Enter it as a negative amount, e.g. -${formatAmount(entry.amount, 'Amount')}.`,
		);
	}
	if (kind.sign === 'in' && amountCents < ZERO) {
		throw new FieldError(
			`${where} › Amount`,
			`is negative, but ${kind.value} puts money into the drawer`,
			'Enter it as a positive amount.',
		);
	}
	const name = typeof entry.name === 'string' ? entry.name.trim() : '';
	if (name.length > 40)
		throw new FieldError(
			`${where} › Name`,
			`is ${name.length} characters long (at most 40)`,
			'Shorten it.',
		);
	return name === '' ? { type: kind.value, amountCents } : { type: kind.value, amountCents, name };
}

interface VatSums {
	incl: bigint;
	vat: bigint;
}

function vatRows(byId: Map<number, VatSums>): IDataObject[] {
	return [...byId.entries()]
		.sort(([a], [b]) => a - b)
		.map(([id, sums]) => ({
			vat_definition_export_id: id,
			incl_vat: wireAmount(sums.incl),
			excl_vat: wireAmount(sums.incl - sums.vat),
			vat: wireAmount(sums.vat),
		}));
}

function addTo(byId: Map<number, VatSums>, id: number, incl: bigint, vat: bigint): void {
	const sums = byId.get(id) ?? { incl: ZERO, vat: ZERO };
	byId.set(id, { incl: sums.incl + incl, vat: sums.vat + vat });
}

/** VAT rows per VAT ID of some lines, ascending by ID. */
export function amountsPerVatId(
	lines: Array<{ vat: { id: number }; grossCents: bigint; vatCents: bigint }>,
): IDataObject[] {
	const byId = new Map<number, VatSums>();
	for (const line of lines) addTo(byId, line.vat.id, line.grossCents, line.vatCents);
	return vatRows(byId);
}

function businessCases(receipts: Sale[], movements: CashMovement[]): IDataObject[] {
	const cases = new Map<string, { type: string; name?: string; byId: Map<number, VatSums> }>();
	const caseOf = (type: string, name: string | undefined) => {
		const key = `${type}\u0000${name ?? ''}`;
		let found = cases.get(key);
		if (!found) {
			found = { type, name, byId: new Map() };
			cases.set(key, found);
		}
		return found.byId;
	};
	for (const sale of receipts)
		for (const line of sale.lines)
			addTo(
				caseOf(line.businessCase.type, line.businessCase.name),
				line.vat.id,
				line.grossCents,
				line.vatCents,
			);
	for (const movement of movements)
		addTo(caseOf(movement.type, movement.name), CASH_MOVEMENT_VAT_ID, movement.amountCents, ZERO);
	return [...cases.values()].map((entry) => ({
		type: entry.type,
		...(entry.name === undefined ? {} : { name: entry.name }),
		amounts_per_vat_id: vatRows(entry.byId),
	}));
}

function payment(receipts: Sale[], baseCurrency: string): IDataObject {
	const types = new Map<
		string,
		{ type: string; name?: string; currency: string; cents: bigint; foreign?: bigint }
	>();
	const cashByCurrency = new Map<string, bigint>();
	let full = ZERO;
	let cash = ZERO;
	for (const sale of receipts) {
		for (const entry of sale.payments) {
			const key = `${entry.type}\u0000${entry.name ?? ''}\u0000${entry.currency}`;
			const sum = types.get(key) ?? {
				type: entry.type,
				name: entry.name,
				currency: entry.currency,
				cents: ZERO,
			};
			sum.cents += entry.cents;
			if (entry.foreignCents !== undefined)
				sum.foreign = (sum.foreign ?? ZERO) + entry.foreignCents;
			types.set(key, sum);
			full += entry.cents;
			if (entry.type === 'Bar') {
				cash += entry.cents;
				// Cash per currency counts the foreign notes in the drawer [INFERRED]: the foreign amount.
				const inCurrency =
					entry.currency === baseCurrency ? entry.cents : (entry.foreignCents as bigint);
				cashByCurrency.set(
					entry.currency,
					(cashByCurrency.get(entry.currency) ?? ZERO) + inCurrency,
				);
			}
		}
	}
	return {
		full_amount: wireAmount(full),
		cash_amount: wireAmount(cash),
		cash_amounts_by_currency: [...cashByCurrency.entries()].map(([currency, cents]) => ({
			currency_code: currency,
			amount: wireAmount(cents),
		})),
		payment_types: [...types.values()].map((entry) => ({
			type: entry.type,
			...(entry.name === undefined ? {} : { name: entry.name }),
			currency_code: entry.currency,
			...(entry.foreign === undefined ? {} : { foreign_amount: wireAmount(entry.foreign) }),
			amount: wireAmount(entry.cents),
		})),
	};
}

export function buildCashStatement(
	sales: Sale[],
	movements: CashMovement[],
	baseCurrency: string,
): IDataObject {
	const receipts = sales.filter((sale) => sale.signed.type === 'Beleg');
	const statement = {
		business_cases: businessCases(receipts, movements),
		payment: payment(receipts, baseCurrency),
	};
	if ((statement.payment.payment_types as IDataObject[]).length === 0) {
		throw new FieldError(
			'Sales',
			`contain no payment: none of the ${sales.length} sales is a paid receipt (Beleg)`,
			'fiskaly refuses a closing without payment types (400 since API 1.25). Close a day that has paid receipts; training receipts and aborted sales alone cannot be closed.',
		);
	}
	return statement;
}
