/**
 * The receipt vocabulary of SIGN DE transactions, shared because both nodes read signed
 * transactions: SIGN DE builds and verifies them, DSFinV-K turns them into cash point closings.
 */

/** SIGN DE VAT rate names with the rate each stands for today (UStG). */
export const VAT_RATES = [
	{ value: 'NORMAL', label: 'Normal (19%)' },
	{ value: 'REDUCED_1', label: 'Reduced (7%)' },
	{ value: 'SPECIAL_RATE_1', label: 'Special Rate 1 (10.7%)' },
	{ value: 'SPECIAL_RATE_2', label: 'Special Rate 2 (5.5%)' },
	{ value: 'NULL', label: 'Zero (0%)' },
] as const;

export const PAYMENT_TYPES = [
	{ value: 'CASH', label: 'Cash' },
	{ value: 'NON_CASH', label: 'Non-Cash' },
] as const;

/** SIGN DE receipt types with the DSFinV-K transaction type (Vorgangstyp) each one produces. */
export const RECEIPT_TYPES = [
	{ value: 'RECEIPT', label: 'Receipt', dsfinvk: 'Beleg' },
	{ value: 'TRAINING', label: 'Training', dsfinvk: 'AVTraining' },
	{ value: 'TRANSFER', label: 'Transfer', dsfinvk: 'AVTransfer' },
	{ value: 'ORDER', label: 'Order', dsfinvk: 'AVBestellung' },
	{ value: 'CANCELLATION', label: 'Cancellation', dsfinvk: 'AVBelegabbruch' },
	{ value: 'ABORT', label: 'Abort', dsfinvk: 'AVBelegabbruch' },
	{ value: 'BENEFIT_IN_KIND', label: 'Benefit in Kind', dsfinvk: 'AVSachbezug' },
	{ value: 'INVOICE', label: 'Invoice', dsfinvk: 'AVRechnung' },
	{ value: 'OTHER', label: 'Other', dsfinvk: 'AVSonstige' },
	{ value: 'ANNULATION', label: 'Annulation', dsfinvk: 'AVBelegstorno' },
] as const;
