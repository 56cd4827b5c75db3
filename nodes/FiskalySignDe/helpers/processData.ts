import type { IDataObject } from 'n8n-workflow';

import { RECEIPT_TYPES, VAT_RATES } from './receiptChoices';

/**
 * Reading DSFinV-K process data (Anhang I) back into receipt fields, and checking that the
 * readable `schema.standard_v1` of a transaction says the same as the signed process data.
 * Pure: no n8n context.
 */

/** Kassenbeleg-V1 lists gross amounts in this order: 19 %, 7 %, 10.7 %, 5.5 %, 0 %. */
const VAT_ORDER = VAT_RATES.map((rate) => rate.value);
const PAYMENT_NAMES: Record<string, string> = { Bar: 'CASH', Unbar: 'NON_CASH' };
/** The rate names SIGN DE still accepts from before the named categories; real integrations send them. */
const LEGACY_VAT_RATES: Record<string, string> = {
	'19': 'NORMAL',
	'7': 'REDUCED_1',
	'10.7': 'SPECIAL_RATE_1',
	'5.5': 'SPECIAL_RATE_2',
	'0': 'NULL',
};
const DEFAULT_CURRENCY = 'EUR';

// Amounts are compared as integers of 10^-5 (BigInt, since the build targets ES2019: no literals).
const SCALE = 5;
const ZERO = BigInt(0);
const TWO = BigInt(2);
const HUNDRED = BigInt(100);
const UNIT = BigInt(10 ** SCALE);
const CENT = BigInt(10 ** (SCALE - 2));

/** A decimal string as an integer count of 10^-5, or undefined when it is not a decimal. */
function scaled(text: unknown): bigint | undefined {
	if (typeof text !== 'string') return undefined;
	const match = /^(-?)(\d+)(?:\.(\d{1,5}))?$/.exec(text.trim());
	if (!match) return undefined;
	const value = BigInt(match[2]) * UNIT + BigInt((match[3] ?? '').padEnd(SCALE, '0'));
	return match[1] === '-' ? -value : value;
}

function twoDecimals(value: bigint): string {
	const negative = value < ZERO;
	const cents = (negative ? -value : value) / CENT;
	const text = `${cents / HUNDRED}.${String(cents % HUNDRED).padStart(2, '0')}`;
	return negative && cents !== ZERO ? `-${text}` : text;
}

/**
 * Whether `signed` (2 decimals, as in process data) is what fiskaly writes for `given` (up to 5
 * decimals). DSFinV-K cuts extra decimals; rounding is accepted too, since fiskaly does not say which.
 */
function sameAmount(signed: bigint, given: bigint): boolean {
	if (signed === given) return true;
	const cut = (given / CENT) * CENT; // toward zero
	const rest = given < ZERO ? cut - given : given - cut;
	const rounded = rest * TWO >= CENT ? cut + (given < ZERO ? -CENT : CENT) : cut;
	return signed === cut || signed === rounded;
}

export interface DecodedReceipt extends IDataObject {
	process_type: string;
}

function decodeKassenbeleg(text: string): IDataObject | undefined {
	const parts = text.split('^');
	if (parts.length !== 3) return undefined;
	const [transactionType, vatPart, paymentPart] = parts;
	const amounts = vatPart.split('_');
	if (amounts.length !== VAT_ORDER.length || amounts.some((amount) => scaled(amount) === undefined))
		return undefined;
	const payments: IDataObject[] = [];
	for (const entry of paymentPart === '' ? [] : paymentPart.split('_')) {
		const [amount, kind, currency, ...rest] = entry.split(':');
		if (rest.length > 0 || scaled(amount) === undefined || !PAYMENT_NAMES[kind]) return undefined;
		payments.push({
			payment_type: PAYMENT_NAMES[kind],
			amount,
			currency_code: currency ?? DEFAULT_CURRENCY,
		});
	}
	const receiptTypes = RECEIPT_TYPES.filter((type) => type.dsfinvk === transactionType).map(
		(type) => type.value,
	);
	const total = amounts.reduce((sum, amount) => sum + (scaled(amount) as bigint), ZERO);
	return {
		transaction_type: transactionType,
		// AVBelegabbruch stands for both CANCELLATION and ABORT; then the receipt type stays open.
		receipt_type: receiptTypes.length === 1 ? receiptTypes[0] : null,
		amounts_per_vat_rate: amounts
			.map((amount, index) => ({ vat_rate: VAT_ORDER[index], amount }))
			.filter((entry) => scaled(entry.amount) !== ZERO),
		amounts_per_payment_type: payments,
		total_amount: twoDecimals(total),
	};
}

function decodeBestellung(text: string): IDataObject | undefined {
	const lineItems: IDataObject[] = [];
	for (const line of text === '' ? [] : text.split('\r')) {
		const match = /^(-?\d+(?:\.\d+)?);"((?:[^"]|"")*)";(-?\d+\.\d+)$/.exec(line);
		if (!match) return undefined;
		lineItems.push({
			quantity: match[1],
			text: match[2].replace(/""/g, '"'),
			price_per_unit: match[3],
		});
	}
	return { line_items: lineItems };
}

function parseJsonObject(text: string): IDataObject | undefined {
	try {
		const value = JSON.parse(text) as unknown;
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}

/** The receipt fields written in process data, as far as the process type is a DSFinV-K one. */
export function decodeProcessData(processType: string, processData: Buffer): DecodedReceipt {
	const text = processData.toString('utf8');
	const decoded: DecodedReceipt = { process_type: processType, process_data: text };
	let fields: IDataObject | undefined;
	if (processType === 'Kassenbeleg-V1') fields = decodeKassenbeleg(text);
	else if (processType === 'Bestellung-V1') fields = decodeBestellung(text);
	else if (processType === 'SonstigerVorgang') fields = { other: parseJsonObject(text) ?? text };
	if (fields) return { ...decoded, ...fields };
	if (processType === 'Kassenbeleg-V1' || processType === 'Bestellung-V1') {
		decoded.note = `The process data does not follow the ${processType} format`;
	}
	return decoded;
}

// ---------------------------------------------------------------------------------------------
// Readable schema versus signed process data

function sumBy<T>(
	entries: T[],
	key: (entry: T) => string,
	amount: (entry: T) => bigint,
): Map<string, bigint> {
	const sums = new Map<string, bigint>();
	for (const entry of entries) sums.set(key(entry), (sums.get(key(entry)) ?? ZERO) + amount(entry));
	return sums;
}

function receiptDifferences(given: IDataObject, signed: IDataObject): string[] {
	const differences: string[] = [];
	const type = RECEIPT_TYPES.find((entry) => entry.value === given.receipt_type);
	if (!type || type.dsfinvk !== signed.transaction_type) {
		differences.push(
			`receipt_type ${String(given.receipt_type)} but the signed type is ${String(signed.transaction_type)}`,
		);
	}
	const givenVat = Array.isArray(given.amounts_per_vat_rate)
		? (given.amounts_per_vat_rate as IDataObject[])
		: [];
	const givenByRate = sumBy(
		givenVat,
		(entry) => LEGACY_VAT_RATES[String(entry.vat_rate)] ?? String(entry.vat_rate),
		(entry) => scaled(entry.amount) ?? ZERO,
	);
	const signedByRate = sumBy(
		signed.amounts_per_vat_rate as IDataObject[],
		(entry) => String(entry.vat_rate),
		(entry) => scaled(entry.amount) as bigint,
	);
	for (const rate of VAT_ORDER) {
		const signedAmount = signedByRate.get(rate) ?? ZERO;
		const givenAmount = givenByRate.get(rate) ?? ZERO;
		if (!sameAmount(signedAmount, givenAmount)) {
			differences.push(
				`${rate} amount ${twoDecimals(givenAmount)} but ${twoDecimals(signedAmount)} was signed`,
			);
		}
	}
	const paymentKey = (entry: IDataObject) =>
		`${String(entry.payment_type)} ${typeof entry.currency_code === 'string' ? entry.currency_code.toUpperCase() : DEFAULT_CURRENCY}`;
	const givenPayments = Array.isArray(given.amounts_per_payment_type)
		? (given.amounts_per_payment_type as IDataObject[])
		: [];
	const givenByPayment = sumBy(givenPayments, paymentKey, (entry) => scaled(entry.amount) ?? ZERO);
	const signedByPayment = sumBy(
		signed.amounts_per_payment_type as IDataObject[],
		paymentKey,
		(entry) => scaled(entry.amount) as bigint,
	);
	for (const key of new Set([...givenByPayment.keys(), ...signedByPayment.keys()])) {
		const signedAmount = signedByPayment.get(key) ?? ZERO;
		const givenAmount = givenByPayment.get(key) ?? ZERO;
		if (!sameAmount(signedAmount, givenAmount)) {
			differences.push(
				`payment ${key} ${twoDecimals(givenAmount)} but ${twoDecimals(signedAmount)} was signed`,
			);
		}
	}
	return differences;
}

function orderDifferences(given: IDataObject, signed: IDataObject): string[] {
	const givenItems = Array.isArray(given.line_items) ? (given.line_items as IDataObject[]) : [];
	const signedItems = signed.line_items as IDataObject[];
	if (givenItems.length !== signedItems.length) {
		return [`${givenItems.length} line items but ${signedItems.length} were signed`];
	}
	const differences: string[] = [];
	givenItems.forEach((item, index) => {
		const other = signedItems[index];
		const signedPrice = scaled(String(other.price_per_unit));
		const givenPrice = scaled(String(item.price_per_unit));
		const same =
			scaled(String(item.quantity)) === scaled(String(other.quantity)) &&
			item.text === other.text &&
			signedPrice !== undefined &&
			givenPrice !== undefined &&
			sameAmount(signedPrice, givenPrice);
		if (!same) differences.push(`line item ${index + 1} differs from the signed one`);
	});
	return differences;
}

/**
 * What the readable `standard_v1` receipt or order of a transaction says differently from the
 * signed process data (empty when they agree). `other` data cannot be compared: fiskaly does not
 * document how it writes it into process data.
 */
export function schemaDifferences(schema: unknown, decoded: DecodedReceipt): string[] {
	const standard = (schema as IDataObject | undefined)?.standard_v1 as IDataObject | undefined;
	if (!standard) return [];
	if (standard.receipt) {
		if (decoded.process_type !== 'Kassenbeleg-V1' || !decoded.transaction_type) {
			return [
				`schema.standard_v1 holds a receipt but ${decoded.process_type || 'no data'} was signed`,
			];
		}
		return receiptDifferences(standard.receipt as IDataObject, decoded);
	}
	if (standard.order) {
		if (decoded.process_type !== 'Bestellung-V1' || !decoded.line_items) {
			return [
				`schema.standard_v1 holds an order but ${decoded.process_type || 'no data'} was signed`,
			];
		}
		return orderDifferences(standard.order as IDataObject, decoded);
	}
	return [];
}
