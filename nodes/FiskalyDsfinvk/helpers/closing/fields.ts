/**
 * DSFinV-K enums of the closing body (REFERENCE §6.1). A line's business cases live with the line
 * reader in nodes/shared/saleLine.ts.
 */

export const PAYMENT_TYPES: readonly string[] = [
	'Bar',
	'Unbar',
	'ECKarte',
	'Kreditkarte',
	'ElZahlungsdienstleister',
	'GuthabenKarte',
	'Keine',
];

/**
 * Cash movements without receipt lines (DSFinV-K's cash-only business cases, plus employee tips),
 * with the sign their amount must have: money into the drawer positive, out of it negative.
 * The sign rule is [INFERRED] from DSFinV-K semantics (fiskaltrust's checker warns on wrong signs).
 */
export const CASH_MOVEMENT_TYPES: ReadonlyArray<{
	value: string;
	name: string;
	sign: 'in' | 'out' | 'either';
}> = [
	{ value: 'Anfangsbestand', name: 'Opening Float (Anfangsbestand)', sign: 'in' },
	{ value: 'Einzahlung', name: 'Deposit (Einzahlung)', sign: 'in' },
	{ value: 'Auszahlung', name: 'Withdrawal (Auszahlung)', sign: 'out' },
	{ value: 'Privateinlage', name: 'Owner Deposit (Privateinlage)', sign: 'in' },
	{ value: 'Privatentnahme', name: 'Owner Withdrawal (Privatentnahme)', sign: 'out' },
	{ value: 'Geldtransit', name: 'Cash Transit (Geldtransit)', sign: 'either' },
	{ value: 'Lohnzahlung', name: 'Wage Payment (Lohnzahlung)', sign: 'out' },
	{ value: 'DifferenzSollIst', name: 'Cash Difference (DifferenzSollIst)', sign: 'either' },
	{ value: 'TrinkgeldAN', name: 'Employee Tip (TrinkgeldAN)', sign: 'either' },
];
