/** The choices of the receipt builder: SIGN DE's VAT rates, payment types and receipt types. */

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

/**
 * SIGN DE receipt types with the DSFinV-K transaction type (Vorgangstyp) each one produces and when a
 * shop uses it. fiskaly maps both CANCELLATION and ABORT to AVBelegabbruch (OpenAPI 2.2.2), so the
 * two sign the same; which words DSFinV-K gives each Vorgangstyp is [INFERRED] from its names
 * (Belegabbruch: a receipt broken off; Belegstorno: a receipt voided as a whole).
 */
export const RECEIPT_TYPES = [
	{
		value: 'RECEIPT',
		label: 'Receipt',
		dsfinvk: 'Beleg',
		use: 'A sale. Also a refund or a return: a Receipt with negative amounts, e.g. -9.95',
	},
	{
		value: 'TRAINING',
		label: 'Training',
		dsfinvk: 'AVTraining',
		use: 'A sale typed in to train staff; no real sale',
	},
	{
		value: 'TRANSFER',
		label: 'Transfer',
		dsfinvk: 'AVTransfer',
		use: 'Items moved to another receipt or table, e.g. a bill split in a restaurant',
	},
	{
		value: 'ORDER',
		label: 'Order',
		dsfinvk: 'AVBestellung',
		use: 'An order taken before it is paid, e.g. at a restaurant table',
	},
	{
		value: 'CANCELLATION',
		label: 'Cancellation',
		dsfinvk: 'AVBelegabbruch',
		use: 'A sale broken off before it was completed: nothing sold, nothing paid. Signed exactly like Abort; Transaction › Cancel uses it. To give money back for a completed sale, sign a Receipt with negative amounts',
	},
	{
		value: 'ABORT',
		label: 'Abort',
		dsfinvk: 'AVBelegabbruch',
		use: 'A sale broken off before it was completed (customer walked away, till crashed): nothing sold, nothing paid. Signed exactly like Cancellation',
	},
	{
		value: 'BENEFIT_IN_KIND',
		label: 'Benefit in Kind',
		dsfinvk: 'AVSachbezug',
		use: 'Goods given to staff or the owner without a sale, e.g. staff meals',
	},
	{
		value: 'INVOICE',
		label: 'Invoice',
		dsfinvk: 'AVRechnung',
		use: 'An invoice written at the till and paid later',
	},
	{
		value: 'OTHER',
		label: 'Other',
		dsfinvk: 'AVSonstige',
		use: 'Any other till event with amounts that is none of the above',
	},
	{
		value: 'ANNULATION',
		label: 'Annulation',
		dsfinvk: 'AVBelegstorno',
		use: 'A completed receipt voided as a whole (Storno), e.g. typed in by mistake. For goods brought back later, sign a Receipt with negative amounts (refund)',
	},
] as const;
