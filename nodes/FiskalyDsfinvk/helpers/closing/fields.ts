import { FieldError } from '../../../shared/errors';

/** DSFinV-K enums of the closing body (REFERENCE §6.1) and the text rule every text field shares. */

export const BUSINESS_CASE_TYPES: readonly string[] = [
	'Anfangsbestand',
	'Umsatz',
	'Pfand',
	'PfandRueckzahlung',
	'MehrzweckgutscheinKauf',
	'MehrzweckgutscheinEinloesung',
	'EinzweckgutscheinKauf',
	'EinzweckgutscheinEinloesung',
	'Forderungsentstehung',
	'Forderungsaufloesung',
	'Anzahlungseinstellung',
	'Anzahlungsaufloesung',
	'Privateinlage',
	'Privatentnahme',
	'Geldtransit',
	'DifferenzSollIst',
	'TrinkgeldAG',
	'TrinkgeldAN',
	'Auszahlung',
	'Einzahlung',
	'Rabatt',
	'Aufschlag',
	'Lohnzahlung',
	'ZuschussEcht',
	'ZuschussUnecht',
];

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

/** A text field: trimmed, at most `max` characters. */
export function textOf(value: unknown, field: string, max: number): string {
	if (
		value !== undefined &&
		value !== null &&
		typeof value !== 'string' &&
		typeof value !== 'number'
	) {
		throw new FieldError(field, `must be text (got ${typeof value})`, 'Give it as text.');
	}
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') throw new FieldError(field, 'is empty', 'Fill it in.');
	if (text.length > max)
		throw new FieldError(
			field,
			`is ${text.length} characters long (at most ${max})`,
			'Shorten it.',
		);
	return text;
}
