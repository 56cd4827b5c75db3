// DSFinV-K process data (Anhang I), computed from a SIGN DE v2 transaction `schema` exactly as fiskaly
// does (REFERENCE §4.2, §8.4). Amounts are summed exactly (amounts.ts).

import { isPrintableString } from './der';
import { canonicalJson, isObject, type JsonObject } from '../core/validate';
import { AmountSum } from './amounts';

export class SchemaValidationError extends Error {
	/** Path of the offending field, e.g. `schema.standard_v1.receipt.amounts_per_vat_rate[0].amount`. */
	readonly field: string;

	constructor(field: string, problem: string) {
		super(`${field} ${problem}`);
		this.name = 'SchemaValidationError';
		this.field = field;
	}
}

export interface ComputedSchema {
	/** The response `schema`: normalised input plus the computed `raw` block; `{}` without a schema. */
	echo: Record<string, unknown>;
	/** TR-03151 processType; '' without a schema. */
	processType: string;
	/** TR-03151 processData; empty without a schema. */
	processData: Buffer;
}

export const PROCESS_TYPE = {
	receipt: 'Kassenbeleg-V1',
	order: 'Bestellung-V1',
	other: 'SonstigerVorgang',
} as const;

/** receipt_type → Vorgangstyp (DSFinV-K BON_TYP), per the SIGN DE v2 spec. */
export const VORGANGSTYP: Record<string, string> = {
	RECEIPT: 'Beleg',
	TRAINING: 'AVTraining',
	TRANSFER: 'AVTransfer',
	ORDER: 'AVBestellung',
	CANCELLATION: 'AVBelegabbruch',
	ABORT: 'AVBelegabbruch',
	BENEFIT_IN_KIND: 'AVSachbezug',
	INVOICE: 'AVRechnung',
	OTHER: 'AVSonstige',
	ANNULATION: 'AVBelegstorno',
};

/** The five Brutto-Steuerumsätze positions, in processData order. */
export const VAT_SLOTS = [
	'NORMAL',
	'REDUCED_1',
	'SPECIAL_RATE_1',
	'SPECIAL_RATE_2',
	'NULL',
] as const;
type VatSlot = (typeof VAT_SLOTS)[number];

/** Deprecated quoted-decimal vat_rate values and the slot each stands for (a Map keeps this order in messages). */
const DEPRECATED_VAT_RATES = new Map<string, VatSlot>([
	['19', 'NORMAL'],
	['7', 'REDUCED_1'],
	['10.7', 'SPECIAL_RATE_1'],
	['5.5', 'SPECIAL_RATE_2'],
	['0', 'NULL'],
]);
const VAT_RATE_NAMES = [...VAT_SLOTS, ...DEPRECATED_VAT_RATES.keys()];

const PAYMENT_TYPES: Record<string, string> = { CASH: 'Bar', NON_CASH: 'Unbar' };
const PAYMENT_TYPE_NAMES = Object.keys(PAYMENT_TYPES);
const RECEIPT_TYPES = Object.keys(VORGANGSTYP);
const DEFAULT_CURRENCY = 'EUR';

const AMOUNT_PATTERN = /^-?\d+(\.\d{2,5})$/;
const QUANTITY_PATTERN = /^-?\d+(\.\d{1,5})?$/;
const CURRENCY_PATTERN = /^[a-zA-Z]{3}$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MAX_TEXT_LENGTH = 255;

// ---------------------------------------------------------------------------------------------
// Validation helpers

type Json = JsonObject;

function requireObject(value: unknown, path: string): Json {
	if (value === undefined) throw new SchemaValidationError(path, 'is required');
	if (!isObject(value)) throw new SchemaValidationError(path, 'must be an object');
	return value;
}

function requireArray(value: unknown, path: string): unknown[] {
	if (value === undefined) throw new SchemaValidationError(path, 'is required');
	if (!Array.isArray(value)) throw new SchemaValidationError(path, 'must be an array');
	return value;
}

function requireString(value: unknown, path: string): string {
	if (value === undefined) throw new SchemaValidationError(path, 'is required');
	if (typeof value !== 'string') throw new SchemaValidationError(path, 'must be a string');
	return value;
}

function requireMatch(value: unknown, path: string, pattern: RegExp): string {
	const text = requireString(value, path);
	if (!pattern.test(text)) throw new SchemaValidationError(path, `must match ${pattern.source}`);
	return text;
}

/** Amounts and quantities are decimal strings; a JSON number gets a hint on how to send it. */
function requireDecimal(value: unknown, path: string, pattern: RegExp): string {
	if (typeof value === 'number') {
		throw new SchemaValidationError(
			path,
			`must be a decimal string matching ${pattern.source} (e.g. "21.42"), not a number`,
		);
	}
	return requireMatch(value, path, pattern);
}

function requireEnum(value: unknown, path: string, allowed: readonly string[]): string {
	const text = requireString(value, path);
	if (!allowed.includes(text)) {
		throw new SchemaValidationError(path, `must be one of ${allowed.join(', ')}`);
	}
	return text;
}

/** The one key of an object that must hold exactly one of `allowed`. */
function exactlyOneOf(value: Json, path: string, allowed: readonly string[]): string {
	const keys = Object.keys(value);
	if (keys.length !== 1 || !allowed.includes(keys[0])) {
		const found = keys.length ? `found ${keys.join(', ')}` : 'found none';
		throw new SchemaValidationError(
			path,
			`must contain exactly one of ${allowed.join(', ')} (${found})`,
		);
	}
	return keys[0];
}

// ---------------------------------------------------------------------------------------------
// Kassenbeleg-V1

interface PaymentTotal {
	type: string;
	/** Upper-case ISO 4217 code. */
	currency: string;
	total: AmountSum;
}

function vatAmounts(value: unknown, path: string): { echo: Json[]; processData: string } {
	const totals = VAT_SLOTS.map(() => new AmountSum());
	const echo = requireArray(value, path).map((entry, index) => {
		const item = requireObject(entry, `${path}[${index}]`);
		const vatRate = requireEnum(item.vat_rate, `${path}[${index}].vat_rate`, VAT_RATE_NAMES);
		const amount = requireDecimal(item.amount, `${path}[${index}].amount`, AMOUNT_PATTERN);
		const slot = DEPRECATED_VAT_RATES.get(vatRate) ?? (vatRate as VatSlot);
		totals[VAT_SLOTS.indexOf(slot)].add(amount);
		return { amount, vat_rate: vatRate };
	});
	return {
		echo,
		processData: totals.map((total) => total.format()).join('_'),
	};
}

function paymentAmounts(value: unknown, path: string): { echo?: Json[]; processData: string } {
	if (value === undefined) return { processData: '' };
	const totals = new Map<string, PaymentTotal>();
	const echo = requireArray(value, path).map((entry, index) => {
		const item = requireObject(entry, `${path}[${index}]`);
		const paymentType = requireEnum(
			item.payment_type,
			`${path}[${index}].payment_type`,
			PAYMENT_TYPE_NAMES,
		);
		const amount = requireDecimal(item.amount, `${path}[${index}].amount`, AMOUNT_PATTERN);
		const currencyCode =
			item.currency_code === undefined
				? DEFAULT_CURRENCY
				: requireMatch(item.currency_code, `${path}[${index}].currency_code`, CURRENCY_PATTERN);
		const currency = currencyCode.toUpperCase();
		const key = `${paymentType}:${currency}`;
		let sum = totals.get(key);
		if (!sum) {
			sum = { type: paymentType, currency, total: new AmountSum() };
			totals.set(key, sum);
		}
		sum.total.add(amount);
		return { amount, currency_code: currencyCode, payment_type: paymentType };
	});
	const processData = [...totals.values()]
		.sort(comparePayments)
		.map(({ type, currency, total }) => {
			const suffix = currency === DEFAULT_CURRENCY ? '' : `:${currency}`;
			return `${total.format()}:${PAYMENT_TYPES[type]}${suffix}`;
		})
		.join('_');
	return { echo, processData };
}

/** `<Vorgangstyp>^<five VAT totals>^<payments>`; no payments leave the part after the last '^' empty. */
function receiptProcessData(receipt: Json, path: string): { echo: Json; processData: string } {
	const receiptType = requireEnum(receipt.receipt_type, `${path}.receipt_type`, RECEIPT_TYPES);
	const vat = vatAmounts(receipt.amounts_per_vat_rate, `${path}.amounts_per_vat_rate`);
	const payments = paymentAmounts(
		receipt.amounts_per_payment_type,
		`${path}.amounts_per_payment_type`,
	);
	// Keys in alphabetical order, as the real API echoes them (no spreads: this runs per upsert).
	const echo: Json = payments.echo
		? {
				amounts_per_payment_type: payments.echo,
				amounts_per_vat_rate: vat.echo,
				receipt_type: receiptType,
			}
		: { amounts_per_vat_rate: vat.echo, receipt_type: receiptType };
	return {
		echo,
		processData: `${VORGANGSTYP[receiptType]}^${vat.processData}^${payments.processData}`,
	};
}

/** Bar before Unbar; within a payment type EUR (no suffix) first, then currencies alphabetically. */
function comparePayments(a: PaymentTotal, b: PaymentTotal): number {
	if (a.type !== b.type)
		return PAYMENT_TYPE_NAMES.indexOf(a.type) - PAYMENT_TYPE_NAMES.indexOf(b.type);
	if (a.currency === b.currency) return 0;
	if (a.currency === DEFAULT_CURRENCY) return -1;
	if (b.currency === DEFAULT_CURRENCY) return 1;
	return a.currency < b.currency ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// Bestellung-V1

function orderProcessData(order: Json, path: string): { echo: Json; processData: string } {
	const lines: string[] = [];
	const lineItems = requireArray(order.line_items, `${path}.line_items`).map((entry, index) => {
		const entryPath = `${path}.line_items[${index}]`;
		const item = requireObject(entry, entryPath);
		const quantity = requireDecimal(item.quantity, `${entryPath}.quantity`, QUANTITY_PATTERN);
		const text = requireString(item.text, `${entryPath}.text`);
		if ([...text].length > MAX_TEXT_LENGTH) {
			throw new SchemaValidationError(
				`${entryPath}.text`,
				`must be at most ${MAX_TEXT_LENGTH} characters`,
			);
		}
		if (/[\r\n]/.test(text)) {
			throw new SchemaValidationError(
				`${entryPath}.text`,
				'must not contain line breaks (CR separates the lines of Bestellung-V1)',
			);
		}
		const pricePerUnit = requireDecimal(
			item.price_per_unit,
			`${entryPath}.price_per_unit`,
			AMOUNT_PATTERN,
		);
		// Quantity and price go in exactly as sent (already validated decimals); quotes in the text are doubled.
		lines.push(`${quantity};"${text.replace(/"/g, '""')}";${pricePerUnit}`);
		return { price_per_unit: pricePerUnit, quantity, text };
	});
	return { echo: { line_items: lineItems }, processData: lines.join('\r') };
}

// ---------------------------------------------------------------------------------------------
// SonstigerVorgang

export { canonicalJson };

// ---------------------------------------------------------------------------------------------
// Entry point

/** Adds the `raw` block (last, as the API shows it) to a freshly built echo. */
function withRaw(echo: Json, processType: string, processData: Buffer): ComputedSchema {
	echo.raw = { process_type: processType, process_data: processData.toString('base64') };
	return { echo, processType, processData };
}

/** `raw`: the caller's own processType and base64 processData, signed as given. */
function rawProcessData(raw: Json): ComputedSchema {
	const processType = requireString(raw.process_type, 'schema.raw.process_type');
	if (!isPrintableString(processType)) {
		throw new SchemaValidationError(
			'schema.raw.process_type',
			"may only contain letters, digits, spaces and '()+,-./:=? (TR-03151 PrintableString)",
		);
	}
	const processData = requireString(raw.process_data, 'schema.raw.process_data');
	if (!BASE64_PATTERN.test(processData)) {
		throw new SchemaValidationError('schema.raw.process_data', 'must be base64 (e.g. "dGVzdA==")');
	}
	return {
		echo: { raw: { process_type: processType, process_data: processData } },
		processType,
		processData: Buffer.from(processData, 'base64'),
	};
}

/** Validates a transaction `schema` and computes the processType/processData to sign (undefined → none). */
export function computeProcessData(schema: unknown): ComputedSchema {
	if (schema === undefined) return { echo: {}, processType: '', processData: Buffer.alloc(0) };
	const root = requireObject(schema, 'schema');
	const variant = exactlyOneOf(root, 'schema', ['standard_v1', 'dsfinvtw_v1', 'raw']);

	if (variant === 'dsfinvtw_v1') {
		throw new SchemaValidationError(
			'schema.dsfinvtw_v1',
			'is not supported by the simulator (use standard_v1 or raw)',
		);
	}

	if (variant === 'raw') return rawProcessData(requireObject(root.raw, 'schema.raw'));

	const standard = requireObject(root.standard_v1, 'schema.standard_v1');
	const kind = exactlyOneOf(standard, 'schema.standard_v1', ['receipt', 'order', 'other']);
	const path = `schema.standard_v1.${kind}`;
	const body = requireObject(standard[kind], path);

	if (kind === 'receipt') {
		const receipt = receiptProcessData(body, path);
		return withRaw(
			{ standard_v1: { receipt: receipt.echo } },
			PROCESS_TYPE.receipt,
			Buffer.from(receipt.processData, 'utf8'),
		);
	}
	if (kind === 'order') {
		const order = orderProcessData(body, path);
		return withRaw(
			{ standard_v1: { order: order.echo } },
			PROCESS_TYPE.order,
			Buffer.from(order.processData, 'utf8'),
		);
	}
	const other = JSON.parse(JSON.stringify(body)) as Json;
	return withRaw(
		{ standard_v1: { other } },
		PROCESS_TYPE.other,
		Buffer.from(canonicalJson(other), 'utf8'),
	);
}
