import type { IDataObject } from 'n8n-workflow';

import { PAYMENT_TYPES, VAT_RATES } from './receiptChoices';
import type { PaymentInput, VatAmountInput } from './receipt';
import { amountOfCents, centsOf, formatAmount, formatQuantity } from '../../shared/amounts';
import { FieldError } from '../../shared/errors';
import { textOf } from '../../FiskalyDsfinvk/helpers/closing/fields';
import { divideRounded, lineVat } from '../../FiskalyDsfinvk/helpers/closing/vat';

/**
 * A sale given as line items (the `line_items` shape DSFinV-K › Close Day reads) turned into the
 * amounts per VAT rate and the payment SIGN DE signs, in integer cents. The VAT rate grammar and
 * the line arithmetic are Close Day's own (helpers/closing/vat.ts), so Close Day later finds the
 * same sums in the signed process data. Pure: no n8n context, no HTTP.
 */

export const LINE_ITEMS_FIELD = 'Line Items';
export const PAYMENTS_FIELD = 'Payments';

const LINE_HINT =
	'Give each line as { "text": "Coffee", "quantity": 2, "price_per_unit": "2.50", "vat_rate": 19 } (optional: number, gtin, group_id, group_name, amount for a line total after a discount).';

const THOUSAND = BigInt(1000);

export interface SaleLineSums {
	/** Per SIGN DE VAT rate, in the order SIGN DE signs them: the receipt builder's input. */
	amountsPerVatRate: VatAmountInput[];
	totalCents: bigint;
	/** The lines with their numbers written canonically, for Close Day to read unchanged. */
	lineItems: IDataObject[];
}

/** A JSON array given as an expression's value or typed in as text. */
function arrayOf(value: unknown, field: string, hint: string): unknown[] {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') throw new FieldError(field, 'is empty', hint);
		try {
			parsed = JSON.parse(value) as unknown;
		} catch {
			throw new FieldError(field, 'is not valid JSON', hint);
		}
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

/**
 * quantity × unit price in cents, rounded half away from zero per line (as Close Day does), so a
 * refund line mirrors its sale. Quantities have at most 3 decimals, so the product is exact in
 * thousandths of a cent before the one rounding.
 */
export function lineGrossCents(quantity: string, pricePerUnitCents: bigint): bigint {
	const negative = quantity.startsWith('-');
	const [whole, fraction = ''] = quantity.replace('-', '').split('.');
	const millis = BigInt(whole) * THOUSAND + BigInt(fraction.padEnd(3, '0'));
	return divideRounded((negative ? -millis : millis) * pricePerUnitCents, THOUSAND);
}

function optionalText(line: IDataObject, key: string, where: string, max: number): void {
	const value = line[key];
	if (value === undefined || value === null || value === '') return;
	textOf(value, `${where} › ${key}`, max);
}

interface ReadLine {
	bucket: string;
	grossCents: bigint;
	echoed: IDataObject;
}

function readLine(line: unknown, where: string, saleDate: string): ReadLine {
	if (typeof line !== 'object' || line === null || Array.isArray(line)) {
		throw new FieldError(where, 'is not an object', LINE_HINT);
	}
	const entry = line as IDataObject;
	const text = textOf(entry.text, `${where} › text`, 255);
	// Process data and the DSFinV-K tables are line-based: a line break would split the record.
	if (/[\r\n]/.test(text))
		throw new FieldError(`${where} › text`, 'contains a line break', 'Write the text on one line.');
	const quantity = formatQuantity(entry.quantity, `${where} › quantity`);
	if (/\.\d{4,}$/.test(quantity)) {
		throw new FieldError(
			`${where} › quantity`,
			`${quantity} has more than 3 decimals`,
			'DSFinV-K keeps quantities to 3 decimals (e.g. 0.125 kg); round the quantity to 3 decimals.',
		);
	}
	const pricePerUnit = formatAmount(
		entry.price_per_unit ?? entry.unit_price,
		`${where} › price_per_unit`,
	);
	const vat = lineVat(
		{ rate: entry.vat_rate, id: entry.vat_id ?? entry.vat_definition_export_id },
		saleDate,
		{ rate: `${where} › vat_rate`, id: `${where} › vat_id` },
	);
	if (vat.bucket === undefined) {
		throw new FieldError(
			`${where} › vat_id`,
			`${String(entry.vat_id ?? entry.vat_definition_export_id)} is a custom VAT ID, which has no SIGN DE VAT rate`,
			'Sign Receipt needs one of the SIGN DE rates per line: give vat_rate as 19, 7, 10.7, 5.5 or 0 (or NORMAL, REDUCED_1, SPECIAL_RATE_1, SPECIAL_RATE_2, NULL), or sign this sale with Amounts From › Amounts per VAT Rate.',
		);
	}
	for (const [key, max] of [
		['number', 50],
		['gtin', 50],
		['group_id', 40],
		['group_name', 50],
	] as const)
		optionalText(entry, key, where, max);
	const lineTotalGiven = !(
		entry.amount === undefined ||
		entry.amount === null ||
		entry.amount === ''
	);
	// A given line total (after a line discount) wins over quantity × price, as in Close Day.
	const amount = lineTotalGiven ? formatAmount(entry.amount, `${where} › amount`) : undefined;
	const grossCents =
		amount === undefined ? lineGrossCents(quantity, centsOf(pricePerUnit)) : centsOf(amount);
	const echoed: IDataObject = { ...entry, text, quantity, price_per_unit: pricePerUnit };
	delete echoed.unit_price;
	if (amount !== undefined) echoed.amount = amount;
	return { bucket: vat.bucket, grossCents, echoed };
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
