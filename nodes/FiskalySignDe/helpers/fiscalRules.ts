import type { IDataObject } from 'n8n-workflow';

import { amountOfCents, centsOf } from '../../shared/amounts';
import { FieldError } from '../../shared/errors';

/**
 * DSFinV-K rules the node applies to what it signs. Pure: no n8n context, no HTTP.
 */

/**
 * DSFinV-K Anhang B: only a Beleg (RECEIPT) and its training twin carry payments; every other
 * process type (AVBelegabbruch, AVBestellung, AVTransfer, …) has the payment part "Keine".
 */
const TYPES_WITH_PAYMENTS = ['RECEIPT', 'TRAINING'];

export function refusePaymentsOutsideBeleg(
	receiptType: string,
	paymentCount: number,
	field: string,
): void {
	if (paymentCount === 0 || TYPES_WITH_PAYMENTS.includes(receiptType)) return;
	throw new FieldError(
		field,
		`must be empty for the receipt type ${receiptType}`,
		'DSFinV-K allows payments only on a Receipt (Beleg) or a Training receipt; remove the payments, or use the receipt type Receipt.',
	);
}

/** The largest QR code (version 40, error correction level L) holds 2,953 bytes. */
export const QR_CODE_CAPACITY_BYTES = 2953;

export function qrCodeFits(qrCodeData: string): boolean {
	return Buffer.byteLength(qrCodeData, 'utf8') <= QR_CODE_CAPACITY_BYTES;
}

export const QR_CODE_TOO_LONG_WARNING =
	'The QR code data is longer than one QR code can hold (2,953 bytes): print the receipt fields (TSS and client serial numbers, transaction number, signature counter, start and end time, signature, process type and data) as text instead of the QR code.';

function sumOf(entries: IDataObject[]): bigint | undefined {
	let sum = BigInt(0);
	for (const entry of entries) {
		const amount = typeof entry.amount === 'string' ? entry.amount.trim() : '';
		if (!/^-?\d+\.\d{2}$/.test(amount)) return undefined;
		sum += centsOf(amount);
	}
	return sum;
}

/**
 * A Beleg whose payments do not add up to its VAT totals can be legal (e.g. a voucher paid
 * earlier), so it is signed; the output says so. Only compared when every payment is in EUR.
 */
export function paymentMismatchWarning(receipt: IDataObject | undefined): string | undefined {
	const payments = receipt?.amounts_per_payment_type;
	const amounts = receipt?.amounts_per_vat_rate;
	if (!Array.isArray(payments) || payments.length === 0 || !Array.isArray(amounts))
		return undefined;
	const inEuro = (payments as IDataObject[]).every(
		(payment) =>
			payment.currency_code === undefined || String(payment.currency_code).toUpperCase() === 'EUR',
	);
	if (!inEuro) return undefined;
	const paid = sumOf(payments as IDataObject[]);
	const total = sumOf(amounts as IDataObject[]);
	if (paid === undefined || total === undefined || paid === total) return undefined;
	return `The payments add up to ${amountOfCents(paid)} but the amounts per VAT rate to ${amountOfCents(total)}: check the receipt (it was signed as given).`;
}
