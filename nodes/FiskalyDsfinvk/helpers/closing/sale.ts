import type { IDataObject } from 'n8n-workflow';

import { amountOfCents, centsOf, formatAmount } from '../../../shared/amounts';
import { FieldError } from '../../../shared/errors';
import { LINE_HINT, readLine, type SaleLine } from '../../../shared/saleLine';
import { optionalText } from '../../../shared/validation';
import type { SignDeBucket } from '../../../shared/vatIds';
import { PAYMENT_TYPES } from './fields';
import type { SignedTransaction } from './signedData';

/**
 * One sale as the closing needs it: the signed transaction, its line items with VAT computed in
 * cents, and its payments, checked against what the TSS signed. Pure: no n8n context.
 */

export interface SalePayment {
	type: string;
	name?: string;
	currency: string;
	cents: bigint;
	/** The amount in the foreign currency, when the currency is not the base currency. */
	foreignCents?: bigint;
}

export interface Sale {
	itemIndex: number;
	signed: SignedTransaction;
	exportId: string;
	number: number | undefined;
	user: { user_export_id: string; name?: string };
	buyer: IDataObject;
	lines: SaleLine[];
	payments: SalePayment[];
	grossCents: bigint;
}

export interface SaleDefaults {
	businessDate: string;
	baseCurrency: string;
	user: { user_export_id: string; name?: string };
	buyer: IDataObject;
}

const ZERO = BigInt(0);

function readPayments(value: unknown, where: string, baseCurrency: string): SalePayment[] {
	if (!Array.isArray(value)) {
		throw new FieldError(
			where,
			'is not a list',
			'Give payments as [{ "type": "ECKarte", "amount": "10.70" }].',
		);
	}
	return value.map((payment: unknown, index) => {
		const at = `${where}[${index}]`;
		const entry = (typeof payment === 'object' && payment !== null ? payment : {}) as IDataObject;
		const type = String(entry.type ?? '');
		if (!PAYMENT_TYPES.includes(type)) {
			throw new FieldError(
				`${at} › type`,
				`"${type}" is not a DSFinV-K payment type`,
				`Use one of: ${PAYMENT_TYPES.join(', ')}.`,
			);
		}
		const currency = String(entry.currency_code ?? baseCurrency).toUpperCase();
		if (!/^[A-Z]{3}$/.test(currency))
			throw new FieldError(
				`${at} › currency_code`,
				`"${currency}" is not a currency code`,
				'Use an ISO 4217 code such as EUR.',
			);
		const result: SalePayment = {
			type,
			name: optionalText(entry.name, `${at} › name`, 60),
			currency,
			cents: centsOf(formatAmount(entry.amount, `${at} › amount`)),
		};
		if (currency !== baseCurrency) {
			if (entry.foreign_amount === undefined)
				throw new FieldError(
					`${at} › foreign_amount`,
					`is missing for ${currency}`,
					`Give the amount in ${currency} as foreign_amount and in ${baseCurrency} as amount.`,
				);
			result.foreignCents = centsOf(formatAmount(entry.foreign_amount, `${at} › foreign_amount`));
		}
		return result;
	});
}

/** Payments as the TSS signed them: Bar stays Bar, Unbar stays Unbar; base currency only. */
function signedPayments(
	signed: SignedTransaction,
	where: string,
	baseCurrency: string,
): SalePayment[] {
	return signed.payments.map((payment) => {
		if (payment.currency !== baseCurrency) {
			throw new FieldError(
				`${where} › payments`,
				`are missing: the TSS signed a ${payment.kind} payment in ${payment.currency}`,
				`Give the sale's payments with the ${baseCurrency} amount and the foreign_amount in ${payment.currency}.`,
			);
		}
		return { type: payment.kind, currency: payment.currency, cents: payment.cents };
	});
}

function sumsBy<T>(
	entries: T[],
	key: (entry: T) => string,
	cents: (entry: T) => bigint,
): Map<string, bigint> {
	const sums = new Map<string, bigint>();
	for (const entry of entries) sums.set(key(entry), (sums.get(key(entry)) ?? ZERO) + cents(entry));
	return sums;
}

function refuseDifferences(
	label: string,
	field: string,
	given: Map<string, bigint>,
	signed: Map<string, bigint>,
	what: string,
): void {
	for (const key of new Set([...signed.keys(), ...given.keys()])) {
		const signedCents = signed.get(key) ?? ZERO;
		const givenCents = given.get(key) ?? ZERO;
		if (signedCents !== givenCents) {
			throw new FieldError(
				`${label} › ${field}`,
				`${what} ${key}: ${amountOfCents(givenCents)} here, but the TSS signed ${amountOfCents(signedCents)}`,
				'The closing must show what the TSS signed. Correct the line items or payments of this sale; a signed sale itself cannot be changed (sign a cancellation under a new reference instead).',
			);
		}
	}
}

/** A sale item with its signed transaction, checked: lines and payments must add up to what was signed. */
export function readSale(
	item: IDataObject,
	signed: SignedTransaction,
	itemIndex: number,
	defaults: SaleDefaults,
): Sale {
	const label = `Sale in item ${itemIndex} (transaction ${signed.id})`;
	const rawLines = item.line_items ?? item.lines;
	if (rawLines !== undefined && !Array.isArray(rawLines))
		throw new FieldError(`${label} › line_items`, 'is not a list', LINE_HINT);
	const lines = ((rawLines as unknown[] | undefined) ?? []).map((line, index) =>
		readLine(line, `${label} › line_items[${index}]`, defaults.businessDate),
	);
	if (lines.length === 0 && signed.totalCents !== ZERO) {
		throw new FieldError(
			`${label} › line_items`,
			`are missing: the TSS signed ${amountOfCents(signed.totalCents)}, but DSFinV-K needs every sold item as a single record`,
			`Record the line items when the sale is signed and pass them with it (text, quantity, price_per_unit, vat_rate). Close Day does not invent lines from totals. ${LINE_HINT}`,
		);
	}
	lines.forEach((line, index) => {
		if (line.item.number === '') line.item.number = String(index + 1);
	});
	const bucketed = lines.every((line) => line.vat.bucket !== undefined);
	const grossCents = lines.reduce((sum, line) => sum + line.grossCents, ZERO);
	if (bucketed) {
		refuseDifferences(
			label,
			'line_items',
			sumsBy(
				lines,
				(line) => line.vat.bucket as SignDeBucket,
				(line) => line.grossCents,
			),
			new Map([...signed.amounts].filter(([, cents]) => cents !== ZERO)),
			'gross amount at',
		);
	} else if (grossCents !== signed.totalCents) {
		refuseDifferences(
			label,
			'line_items',
			new Map([['all rates', grossCents]]),
			new Map([['all rates', signed.totalCents]]),
			'gross amount at',
		);
	}
	const payments =
		item.payments === undefined
			? signedPayments(signed, label, defaults.baseCurrency)
			: readPayments(item.payments, `${label} › payments`, defaults.baseCurrency);
	// Every type but Bar is Unbar in process data; foreign payments are signed in their currency.
	const asSigned = (payment: SalePayment) =>
		`${payment.type === 'Bar' ? 'Bar' : 'Unbar'} ${payment.currency}`;
	refuseDifferences(
		label,
		'payments',
		sumsBy(payments, asSigned, (payment) => payment.foreignCents ?? payment.cents),
		sumsBy(
			signed.payments,
			(payment) => `${payment.kind} ${payment.currency}`,
			(payment) => payment.cents,
		),
		'payment',
	);
	const paidCents = payments.reduce((sum, payment) => sum + payment.cents, ZERO);
	if (signed.type === 'Beleg' && paidCents !== grossCents) {
		throw new FieldError(
			`${label} › payments`,
			`add up to ${amountOfCents(paidCents)}, but the receipt totals ${amountOfCents(grossCents)}`,
			'Payments of a receipt must add up to its total (give change as a negative cash payment or net of change).',
		);
	}
	const exportId =
		optionalText(item.transaction_export_id, `${label} › transaction_export_id`, 40) ??
		String(signed.number);
	const number = item.receipt_number;
	if (
		number !== undefined &&
		(typeof number !== 'number' || !Number.isInteger(number) || number < 0)
	) {
		throw new FieldError(
			`${label} › receipt_number`,
			`${JSON.stringify(number)} is not a whole number`,
			'Give the receipt number (BON_NR) as a whole number, or leave it out.',
		);
	}
	return {
		itemIndex,
		signed,
		exportId,
		number: number as number | undefined,
		user: readUser(item.user, `${label} › user`) ?? defaults.user,
		buyer:
			(typeof item.buyer === 'object' && item.buyer !== null
				? (item.buyer as IDataObject)
				: undefined) ?? defaults.buyer,
		lines,
		payments,
		grossCents,
	};
}

function readUser(value: unknown, where: string): Sale['user'] | undefined {
	if (value === undefined || value === null) return undefined;
	const user = value as IDataObject;
	const id = optionalText(user.user_export_id ?? user.id, `${where} › user_export_id`, 50);
	if (id === undefined)
		throw new FieldError(
			`${where} › user_export_id`,
			'is empty',
			'Give the operator as { "user_export_id": "7", "name": "Anna" }.',
		);
	const name = optionalText(user.name, `${where} › name`, 50);
	return name === undefined ? { user_export_id: id } : { user_export_id: id, name };
}
