import type { IDataObject } from 'n8n-workflow';

import { PAYMENT_TYPES, RECEIPT_TYPES, VAT_RATES } from './receiptChoices';
import { REFERENCE_METADATA_KEY } from './transactionReference';
import { formatAmount, formatQuantity } from '../../shared/amounts';
import { FieldError } from '../../shared/errors';
import {
	paymentMismatchWarning,
	QR_CODE_TOO_LONG_WARNING,
	qrCodeFits,
	refusePaymentsOutsideBeleg,
} from './fiscalRules';

/**
 * Builders for the `schema` of a SIGN DE transaction (what gets signed) and the reader for
 * the `receipt` block a printed German receipt needs. Pure: no n8n context, no HTTP.
 */

export interface VatAmountInput {
	vatRate?: unknown;
	amount?: unknown;
}

export interface PaymentInput {
	paymentType?: unknown;
	amount?: unknown;
	currencyCode?: unknown;
}

export interface LineItemInput {
	quantity?: unknown;
	text?: unknown;
	pricePerUnit?: unknown;
}

const VAT_FIELD = 'Amounts per VAT Rate';
const PAYMENT_FIELD = 'Amounts per Payment Type';
const LINE_FIELD = 'Line Items';

function oneOf<T extends { value: string; label: string }>(
	choices: readonly T[],
	value: unknown,
	field: string,
): T['value'] {
	const wanted = typeof value === 'string' ? value.trim().toUpperCase() : '';
	const match = choices.find((choice) => choice.value === wanted);
	if (match) return match.value;
	const allowed = choices.map((choice) => `${choice.value} (${choice.label})`).join(', ');
	throw new FieldError(
		field,
		`"${String(value ?? '')}" is not one of the allowed values`,
		`Use one of: ${allowed}.`,
	);
}

export function buildReceiptSchema(input: {
	receiptType: unknown;
	amountsPerVatRate: VatAmountInput[];
	amountsPerPaymentType: PaymentInput[];
}): IDataObject {
	const receiptType = oneOf(RECEIPT_TYPES, input.receiptType, 'Receipt Type');
	if (input.amountsPerVatRate.length === 0) {
		throw new FieldError(
			VAT_FIELD,
			'is empty',
			'Add at least one amount per VAT rate, e.g. Normal (19%) with 19.99.',
		);
	}
	const seenRates = new Set<string>();
	const amountsPerVatRate = input.amountsPerVatRate.map((entry, index) => {
		const where = `${VAT_FIELD} (entry ${index + 1})`;
		const vatRate = oneOf(VAT_RATES, entry.vatRate, `${where} › VAT Rate`);
		if (seenRates.has(vatRate)) {
			throw new FieldError(
				`${where} › VAT Rate`,
				`${vatRate} appears twice`,
				'Give one total per VAT rate.',
			);
		}
		seenRates.add(vatRate);
		return { vat_rate: vatRate, amount: formatAmount(entry.amount, `${where} › Amount`) };
	});
	const receipt: IDataObject = {
		receipt_type: receiptType,
		amounts_per_vat_rate: amountsPerVatRate,
	};
	refusePaymentsOutsideBeleg(receiptType, input.amountsPerPaymentType.length, PAYMENT_FIELD);
	if (input.amountsPerPaymentType.length > 0) {
		receipt.amounts_per_payment_type = input.amountsPerPaymentType.map((entry, index) => {
			const where = `${PAYMENT_FIELD} (entry ${index + 1})`;
			const payment: IDataObject = {
				payment_type: oneOf(PAYMENT_TYPES, entry.paymentType, `${where} › Payment Type`),
				amount: formatAmount(entry.amount, `${where} › Amount`),
			};
			const currency = typeof entry.currencyCode === 'string' ? entry.currencyCode.trim() : '';
			if (currency !== '') {
				if (!/^[A-Za-z]{3}$/.test(currency)) {
					throw new FieldError(
						`${where} › Currency Code`,
						`"${currency}" is not a currency code`,
						'Use a 3-letter ISO 4217 code such as EUR or USD, or leave it empty for EUR.',
					);
				}
				payment.currency_code = currency.toUpperCase();
			}
			return payment;
		});
	}
	return { standard_v1: { receipt } };
}

export function buildOrderSchema(lineItems: LineItemInput[]): IDataObject {
	if (lineItems.length === 0) {
		throw new FieldError(
			LINE_FIELD,
			'is empty',
			'Add at least one line item with quantity, text and price per unit.',
		);
	}
	const line_items = lineItems.map((item, index) => {
		const where = `${LINE_FIELD} (entry ${index + 1})`;
		const text = typeof item.text === 'string' ? item.text.trim() : String(item.text ?? '').trim();
		if (text === '')
			throw new FieldError(`${where} › Text`, 'is empty', 'Describe the item, e.g. "Coffee".');
		if (text.length > 255)
			throw new FieldError(
				`${where} › Text`,
				`is ${text.length} characters long (at most 255)`,
				'Shorten the text.',
			);
		// Process data and the DSFinV-K tables are line-based: a line break would split the record.
		if (/[\r\n]/.test(text))
			throw new FieldError(
				`${where} › Text`,
				'contains a line break',
				'Write the item text on one line.',
			);
		return {
			quantity: formatQuantity(item.quantity, `${where} › Quantity`),
			text,
			price_per_unit: formatAmount(item.pricePerUnit, `${where} › Price per Unit`),
		};
	});
	return { standard_v1: { order: { line_items } } };
}

function parseOrUndefined(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function parseJsonObject(value: unknown, field: string, example: string): IDataObject {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '')
			throw new FieldError(field, 'is empty', `Enter a JSON object, e.g. ${example}.`);
		parsed = parseOrUndefined(value);
		if (parsed === undefined)
			throw new FieldError(field, 'is not valid JSON', `Enter a JSON object, e.g. ${example}.`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new FieldError(field, 'is not a JSON object', `Enter a JSON object, e.g. ${example}.`);
	}
	return parsed as IDataObject;
}

export function buildOtherSchema(other: unknown): IDataObject {
	return {
		standard_v1: {
			other: parseJsonObject(other, 'Other Data', '{"description": "cash drawer opened"}'),
		},
	};
}

export function buildRawSchema(processType: unknown, processData: unknown): IDataObject {
	const type = typeof processType === 'string' ? processType.trim() : '';
	if (type === '')
		throw new FieldError(
			'Process Type',
			'is empty',
			'Enter the TR-03151 process type, e.g. Kassenbeleg-V1.',
		);
	const data = typeof processData === 'string' ? processData.trim() : '';
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) {
		throw new FieldError(
			'Process Data',
			'is not base64',
			'Enter the process data base64-encoded, e.g. QmVsZWdeMTkuOTlfMC4wMF8wLjAwXzAuMDBfMC4wMF4xOS45OTpCYXI=.',
		);
	}
	return { raw: { process_type: type, process_data: data } };
}

const SCHEMA_KINDS = ['standard_v1', 'dsfinvtw_v1', 'raw'];

/** The fiscal rules of the receipt builder, applied to a receipt given as JSON (the shape is fiskaly's to check). */
function checkJsonReceipt(receipt: unknown): void {
	if (typeof receipt !== 'object' || receipt === null) return;
	const {
		receipt_type: receiptType,
		amounts_per_vat_rate: amounts,
		amounts_per_payment_type: payments,
	} = receipt as IDataObject;
	const entries = [
		...(Array.isArray(amounts)
			? amounts.map((entry, index) => [entry, `amounts_per_vat_rate[${index}].amount`] as const)
			: []),
		...(Array.isArray(payments)
			? payments.map(
					(entry, index) => [entry, `amounts_per_payment_type[${index}].amount`] as const,
				)
			: []),
	];
	for (const [entry, where] of entries) {
		const amount = (entry as IDataObject | null)?.amount;
		if (typeof amount === 'string') formatAmount(amount, `Schema (JSON) › ${where}`);
	}
	if (typeof receiptType === 'string') {
		refusePaymentsOutsideBeleg(
			receiptType,
			Array.isArray(payments) ? payments.length : 0,
			'Schema (JSON) › amounts_per_payment_type',
		);
	}
}

/** The whole `schema` object typed by a power user; only its outer shape is checked. */
export function parseSchemaJson(value: unknown): IDataObject {
	const schema = parseJsonObject(value, 'Schema (JSON)', '{"standard_v1": {"receipt": {...}}}');
	const keys = Object.keys(schema);
	if (keys.length !== 1 || !SCHEMA_KINDS.includes(keys[0])) {
		throw new FieldError(
			'Schema (JSON)',
			`has the keys [${keys.join(', ')}]`,
			'The schema needs exactly one key: standard_v1, dsfinvtw_v1 or raw.',
		);
	}
	checkJsonReceipt((schema.standard_v1 as IDataObject | undefined)?.receipt);
	return schema;
}

/**
 * The data a Cancel sends: an aborted sale is signed as DSFinV-K Anhang B wants AVBelegabbruch,
 * with zero amounts and no payments (`AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^`), whatever the
 * receipt held. fiskaly refuses a change of process type, so an order (Bestellung-V1) or another
 * process type keeps its data.
 */
export function cancellationSchema(current: IDataObject | undefined): IDataObject {
	const schema = (current?.schema ?? {}) as IDataObject;
	const standard = schema.standard_v1 as IDataObject | undefined;
	const raw = schema.raw as IDataObject | undefined;
	const keepsItsType =
		standard?.order ||
		standard?.other ||
		(raw?.process_type && raw.process_type !== 'Kassenbeleg-V1' && !standard?.receipt);
	if (keepsItsType)
		return standard
			? { standard_v1: standard }
			: { raw: { process_type: raw?.process_type, process_data: raw?.process_data ?? '' } };
	return { standard_v1: { receipt: { receipt_type: 'CANCELLATION', amounts_per_vat_rate: [] } } };
}

function isoTime(unixSeconds: unknown): string | null {
	return typeof unixSeconds === 'number' && Number.isFinite(unixSeconds)
		? new Date(unixSeconds * 1000).toISOString()
		: null;
}

function stringOrNull(value: unknown): string | null {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/**
 * What a printed receipt must show under KassenSichV (AEAO zu §146a), read from a transaction:
 * TSS and client serials, transaction number, signature counter, start and end time (ISO 8601,
 * UTC), signature, public key, algorithm, time format and the DSFinV-K QR code data; the receipt
 * and process type and the signed process data (for the DSFinV-K TSE table, and to mark training or
 * aborted receipts on paper); and warnings the shop should see (payments that do not match the
 * totals, QR code data too long for one QR code).
 */
export function buildPrintedReceipt(transaction: IDataObject): IDataObject {
	const signature = (transaction.signature ?? {}) as IDataObject;
	const log = (transaction.log ?? {}) as IDataObject;
	const schema = (transaction.schema ?? {}) as IDataObject;
	const raw = schema.raw as IDataObject | undefined;
	const standardReceipt = (schema.standard_v1 as IDataObject | undefined)?.receipt as
		| IDataObject
		| undefined;
	const qrCodeData = stringOrNull(transaction.qr_code_data);
	const warnings: string[] = [];
	const mismatch = paymentMismatchWarning(standardReceipt);
	if (mismatch) warnings.push(mismatch);
	if (qrCodeData !== null && !qrCodeFits(qrCodeData)) warnings.push(QR_CODE_TOO_LONG_WARNING);
	return {
		tss_serial_number: stringOrNull(transaction.tss_serial_number),
		client_serial_number: stringOrNull(transaction.client_serial_number),
		transaction_number: typeof transaction.number === 'number' ? transaction.number : null,
		// fiskaly documents the counter as a string but sends a number; print it the same way either way.
		signature_counter: stringOrNull(signature.counter),
		time_start: isoTime(transaction.time_start),
		time_end: isoTime(transaction.time_end),
		signature: stringOrNull(signature.value),
		public_key: stringOrNull(signature.public_key),
		signature_algorithm: stringOrNull(signature.algorithm),
		timestamp_format: stringOrNull(log.timestamp_format),
		qr_code_data: qrCodeData,
		qr_code_fits: qrCodeData === null || qrCodeFits(qrCodeData),
		receipt_type: stringOrNull(standardReceipt?.receipt_type),
		process_type: stringOrNull(raw?.process_type),
		process_data:
			typeof raw?.process_data === 'string'
				? Buffer.from(raw.process_data, 'base64').toString('utf8')
				: null,
		warnings,
		// Signed: the TSE worked. Sign Receipt's outage item (helpers/tseFailure.ts) has the same keys.
		tse_failure: false,
		tse_failure_reason: null,
		tse_failure_time: null,
		reference: stringOrNull(
			(transaction.metadata as IDataObject | undefined)?.[REFERENCE_METADATA_KEY],
		),
	};
}

/** JSON with sorted keys, so two objects compare equal whatever their key order. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (typeof value === 'object' && value !== null) {
		const entries = Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical((value as IDataObject)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** fiskaly fills in EUR where no currency was sent; compare as if it had been sent. */
function withDefaultCurrency(kind: string, data: unknown): unknown {
	const receipt =
		kind === 'standard_v1'
			? ((data as IDataObject | undefined)?.receipt as IDataObject | undefined)
			: undefined;
	if (!Array.isArray(receipt?.amounts_per_payment_type)) return data;
	const payments = (receipt.amounts_per_payment_type as IDataObject[]).map((payment) => ({
		currency_code: 'EUR',
		...payment,
	}));
	return { ...(data as IDataObject), receipt: { ...receipt, amounts_per_payment_type: payments } };
}

/**
 * Whether a stored transaction carries the data we are about to sign. fiskaly echoes the sent
 * schema (adding EUR and a computed `raw` block), so only the kind we sent is compared.
 */
export function sameTransactionData(sent: IDataObject, storedSchema: unknown): boolean {
	const [kind] = Object.keys(sent);
	const stored = (storedSchema as IDataObject | undefined)?.[kind];
	if (stored === undefined) return false;
	return (
		canonical(withDefaultCurrency(kind, sent[kind])) ===
		canonical(withDefaultCurrency(kind, stored))
	);
}

/** The transaction with its printable receipt block, or only that block when simplified. */
export function transactionOutput(transaction: IDataObject, simplify: boolean): IDataObject {
	const receipt = buildPrintedReceipt(transaction);
	return simplify ? receipt : { ...transaction, receipt };
}
