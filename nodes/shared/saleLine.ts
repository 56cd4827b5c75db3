import type { IDataObject } from 'n8n-workflow';

import { centsOf, formatAmount, formatQuantity } from './amounts';
import { FieldError } from './errors';
import { optionalText, textOf } from './validation';
import { divideRounded, lineVat, vatOfGross, type LineVat } from './vatIds';

/**
 * One sold line (text, quantity, price per unit, VAT rate or ID, item number, GTIN, group, an
 * optional line total) read into integer cents with its VAT. SIGN DE's Sign Receipt (Amounts From
 * › Line Items) and DSFinV-K's Close Day both read lines here, so grammar, checks and rounding
 * cannot drift apart. Pure: no n8n context.
 */

/** DSFinV-K business cases of a line (GV_TYP, REFERENCE §6.1); a line without one is Umsatz. */
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

export interface SaleLine {
	text: string;
	quantity: string;
	pricePerUnitCents: bigint;
	grossCents: bigint;
	vatCents: bigint;
	vat: LineVat;
	businessCase: { type: string; name?: string };
	storno: boolean;
	item: { number: string; gtin?: string; groupId?: string; groupName?: string };
}

const THOUSAND = BigInt(1000);

export const LINE_HINT =
	'Give each line as { text, quantity, price_per_unit, vat_rate } (optional: number, gtin, group_id, group_name, business_case, amount, vat_id).';

function decimalMillis(quantity: string): bigint {
	const [whole, fraction = ''] = quantity.replace('-', '').split('.');
	const millis = BigInt(whole) * THOUSAND + BigInt(fraction.padEnd(3, '0'));
	return quantity.startsWith('-') ? -millis : millis;
}

/** One line item, as Close Day and Sign Receipt read it: both sum their lines alike. */
export function readLine(line: unknown, where: string, businessDate: string): SaleLine {
	if (typeof line !== 'object' || line === null || Array.isArray(line)) {
		throw new FieldError(where, 'is not an object', LINE_HINT);
	}
	const entry = line as IDataObject;
	const text = textOf(entry.text, `${where} › text`, 255);
	if (/[\r\n]/.test(text))
		throw new FieldError(`${where} › text`, 'contains a line break', 'Write the text on one line.');
	const quantity = formatQuantity(entry.quantity, `${where} › quantity`);
	if (/\.\d{4,}$/.test(quantity)) {
		throw new FieldError(
			`${where} › quantity`,
			`${quantity} has more than 3 decimals`,
			'DSFinV-K keeps quantities to 3 decimals (e.g. 0.125 kg).',
		);
	}
	const price = centsOf(
		formatAmount(entry.price_per_unit ?? entry.unit_price, `${where} › price_per_unit`),
	);
	const vat = lineVat(
		{ rate: entry.vat_rate, id: entry.vat_id ?? entry.vat_definition_export_id },
		businessDate,
		{ rate: `${where} › vat_rate`, id: `${where} › vat_id` },
	);
	// A given line total (after a line discount) wins; otherwise quantity × gross unit price.
	const grossCents =
		entry.amount === undefined || entry.amount === null || entry.amount === ''
			? divideRounded(decimalMillis(quantity) * price, THOUSAND)
			: centsOf(formatAmount(entry.amount, `${where} › amount`));
	const type = entry.business_case === undefined ? 'Umsatz' : String(entry.business_case);
	if (!BUSINESS_CASE_TYPES.includes(type)) {
		throw new FieldError(
			`${where} › business_case`,
			`"${type}" is not a DSFinV-K business case`,
			`Use one of: ${BUSINESS_CASE_TYPES.join(', ')} (empty means Umsatz).`,
		);
	}
	const itemNumber = optionalText(entry.number ?? entry.item_number, `${where} › number`, 50);
	return {
		text,
		quantity,
		pricePerUnitCents: price,
		grossCents,
		vatCents: vatOfGross(grossCents, vat.rate),
		vat,
		businessCase: {
			type,
			name: optionalText(entry.business_case_name, `${where} › business_case_name`, 40),
		},
		storno: entry.storno === true,
		item: {
			// ART_NR is required; without an item number the line's position stands in.
			number: itemNumber ?? '',
			gtin: optionalText(entry.gtin, `${where} › gtin`, 50),
			groupId: optionalText(entry.group_id, `${where} › group_id`, 40),
			groupName: optionalText(entry.group_name, `${where} › group_name`, 50),
		},
	};
}
