import type { IDataObject } from 'n8n-workflow';

import { PAYMENT_TYPES, VAT_RATES } from '../../shared/receiptVocabulary';
import type { PaymentInput, VatAmountInput } from './receipt';
import { amountOfCents, centsOf, formatAmount } from '../../shared/amounts';
import { FieldError } from '../../shared/errors';
import { readLine as readSaleLine } from '../../shared/saleLine';

/**
 * A sale given as line items (the `line_items` shape DSFinV-K › Close Day reads) turned into the
 * amounts per VAT rate and the payment SIGN DE signs, in integer cents. The line grammar, VAT
 * rates and arithmetic are shared with Close Day (nodes/shared/saleLine.ts), so Close Day later
 * finds the same sums in the signed process data. Pure: no n8n context, no HTTP.
 */

export const LINE_ITEMS_FIELD = 'Line Items';
export const PAYMENTS_FIELD = 'Payments';

const LINE_HINT =
	'Give each line as { "text": "Coffee", "quantity": 2, "price_per_unit": "2.50", "vat_rate": 19 } (optional: number, gtin, group_id, group_name, amount for a line total after a discount).';

export interface SaleLineSums {
	/** Per SIGN DE VAT rate, in the order SIGN DE signs them: the receipt builder's input. */
	amountsPerVatRate: VatAmountInput[];
	totalCents: bigint;
	/** The lines with their numbers written canonically, for Close Day to read unchanged. */
	lineItems: IDataObject[];
}

function parsedOrUndefined(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** A JSON array given as an expression's value or typed in as text. */
function arrayOf(value: unknown, field: string, hint: string): unknown[] {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') throw new FieldError(field, 'is empty', hint);
		parsed = parsedOrUndefined(value);
		if (parsed === undefined) throw new FieldError(field, 'is not valid JSON', hint);
	}
	if (!Array.isArray(parsed)) {
		throw new FieldError(
			field,
			`is not a list (got ${parsed === null ? 'null' : typeof parsed})`,
			`Map a JSON array, e.g. {{ $json.lines }}. ${hint}`,
		);
	}
	return parsed;
}

interface ReadLine {
	bucket: string;
	grossCents: bigint;
	echoed: IDataObject;
}

function readLine(line: unknown, where: string, saleDate: string): ReadLine {
	// The reader Close Day uses too: the same grammar, checks and rounding (quantity × price per
	// unit in cents, half away from zero per line, quantities to 3 decimals; a given amount wins).
	const read = readSaleLine(line, where, saleDate);
	const entry = line as IDataObject;
	if (read.vat.bucket === undefined) {
		throw new FieldError(
			`${where} › vat_id`,
			`${String(entry.vat_id ?? entry.vat_definition_export_id)} is a custom VAT ID, which has no SIGN DE VAT rate`,
			'Sign Receipt needs one of the SIGN DE rates per line: give vat_rate as 19, 7, 10.7, 5.5 or 0 (or NORMAL, REDUCED_1, SPECIAL_RATE_1, SPECIAL_RATE_2, NULL), or sign this sale with Amounts From › Amounts per VAT Rate.',
		);
	}
	const echoed: IDataObject = {
		...entry,
		text: read.text,
		quantity: read.quantity,
		price_per_unit: amountOfCents(read.pricePerUnitCents),
	};
	delete echoed.unit_price;
	if (!(entry.amount === undefined || entry.amount === null || entry.amount === ''))
		echoed.amount = amountOfCents(read.grossCents);
	return { bucket: read.vat.bucket, grossCents: read.grossCents, echoed };
}

/**
 * The lines of a sale summed per SIGN DE VAT rate. `saleDate` (ISO `YYYY-MM-DD`) decides which
 * rate a percentage stands for, as the business date does in Close Day.
 */
export function sumSaleLines(value: unknown, saleDate: string): SaleLineSums {
	const lines = arrayOf(value, LINE_ITEMS_FIELD, LINE_HINT);
	if (lines.length === 0) {
		throw new FieldError(
			LINE_ITEMS_FIELD,
			'is an empty list',
			`Give at least one line. ${LINE_HINT}`,
		);
	}
	const sums = new Map<string, bigint>();
	const lineItems = lines.map((line, index) => {
		const read = readLine(line, `${LINE_ITEMS_FIELD} › line ${index}`, saleDate);
		sums.set(read.bucket, (sums.get(read.bucket) ?? BigInt(0)) + read.grossCents);
		return read.echoed;
	});
	const amountsPerVatRate = VAT_RATES.filter((rate) => sums.has(rate.value)).map((rate) => ({
		vatRate: rate.value,
		amount: amountOfCents(sums.get(rate.value) as bigint),
	}));
	const totalCents = [...sums.values()].reduce((sum, cents) => sum + cents, BigInt(0));
	return { amountsPerVatRate, totalCents, lineItems };
}

/** How a sale given as lines was paid: one payment type with the total, a list, or none. */
export type LinePaymentMode = 'CASH' | 'NON_CASH' | 'list' | 'none';

const PAYMENTS_HINT =
	'Map a JSON array such as [{ "payment_type": "CASH", "amount": "5.00" }, { "payment_type": "NON_CASH", "amount": "14.99" }] (optional currency_code, e.g. "USD").';

export function linePayments(
	mode: LinePaymentMode,
	totalCents: bigint,
	list: unknown,
): PaymentInput[] {
	if (mode === 'none') return [];
	if (mode !== 'list') return [{ paymentType: mode, amount: amountOfCents(totalCents) }];
	let paidCents = BigInt(0);
	let allInEuro = true;
	const payments = arrayOf(list, PAYMENTS_FIELD, PAYMENTS_HINT).map((payment, index) => {
		const where = `${PAYMENTS_FIELD} › payment ${index}`;
		if (typeof payment !== 'object' || payment === null || Array.isArray(payment)) {
			throw new FieldError(where, 'is not an object', PAYMENTS_HINT);
		}
		const entry = payment as IDataObject;
		const type =
			typeof entry.payment_type === 'string' ? entry.payment_type.trim().toUpperCase() : '';
		if (!PAYMENT_TYPES.some((choice) => choice.value === type)) {
			throw new FieldError(
				`${where} › payment_type`,
				`"${String(entry.payment_type ?? '')}" is not a SIGN DE payment type`,
				'Use CASH or NON_CASH.',
			);
		}
		const amount = formatAmount(entry.amount, `${where} › amount`);
		const currency = typeof entry.currency_code === 'string' ? entry.currency_code.trim() : '';
		if (currency !== '' && currency.toUpperCase() !== 'EUR') allInEuro = false;
		paidCents += centsOf(amount);
		return { paymentType: type, amount, currencyCode: entry.currency_code };
	});
	// Close Day refuses a receipt whose payments do not add up to its lines; refuse it before signing.
	if (allInEuro && payments.length > 0 && paidCents !== totalCents) {
		throw new FieldError(
			PAYMENTS_FIELD,
			`add up to ${amountOfCents(paidCents)}, but the line items total ${amountOfCents(totalCents)}`,
			'Make the payments add up to the total of the lines (give change net, or as a negative CASH payment).',
		);
	}
	return payments;
}
