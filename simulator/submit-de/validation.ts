// A submission's validation, run on the data frozen when it was created. Internal rules are
// fiskaly's own checks; the one external rule is the documented ELSTER rejection (REFERENCE §6.3:
// taximeter or odometer without remarks). [INFERRED] Every internal rule below is what NP Retail's
// client checks before sending (REFERENCE §6), not a list fiskaly publishes; each problem names the
// field and the fix.

import { isObject, type JsonObject } from '../core/validate';
import type { ClientSnapshot, SubmissionSnapshot } from './model';

const DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;
/** First two digits of a Bundesfinanzamtsnummer: the states' prefixes (NP Retail). */
const TAX_OFFICE_PREFIXES = new Set(
	'10 11 21 22 23 24 26 27 28 30 31 32 40 41 51 52 53 54 55 56 91 92'.split(' '),
);
const CLIENT_TYPES = ['1', '2', '3', '4', '5'];
/** ELSTER rejects taximeters (4) and odometers (5) without remarks (fiskaly's FAQ). */
const TYPES_NEEDING_REMARKS = ['4', '5'];

export interface ValidationResult {
	internal: string[];
	external: string[];
}

/** A `DD.MM.YYYY` date as the sortable number YYYYMMDD, or undefined when it is no calendar date. */
export function dayNumber(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const match = DATE.exec(value);
	if (!match) return undefined;
	const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	if (
		date.getUTCFullYear() !== year ||
		date.getUTCMonth() !== month - 1 ||
		date.getUTCDate() !== day
	)
		return undefined;
	return year * 10_000 + month * 100 + day;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
/** The object at `key`, or {} when there is none (missing data is reported, not thrown). */
export const objectAt = (value: unknown, key: string): JsonObject =>
	isObject(value) && isObject(value[key]) ? value[key] : {};

class Problems {
	readonly list: string[] = [];
	add(message: string): void {
		this.list.push(message);
	}
	required(object: JsonObject, key: string, where: string): void {
		if (!text(object[key])) this.add(`${where}.${key} is missing: set it`);
	}
	pattern(object: JsonObject, key: string, where: string, pattern: RegExp, fix: string): void {
		if (!text(object[key])) this.add(`${where}.${key} is missing: set it to ${fix}`);
		else if (!pattern.test(String(object[key])))
			this.add(`${where}.${key} "${String(object[key])}" is invalid: use ${fix}`);
	}
	date(object: JsonObject, key: string, where: string, required: boolean): number | undefined {
		if (object[key] === undefined) {
			if (required) this.add(`${where}.${key} is missing: set it as DD.MM.YYYY`);
			return undefined;
		}
		const day = dayNumber(object[key]);
		if (day === undefined)
			this.add(`${where}.${key} "${String(object[key])}" is not a date: use DD.MM.YYYY`);
		return day;
	}
	address(address: JsonObject, where: string): void {
		for (const key of ['street', 'town', 'zip_code']) this.required(address, key, where);
		this.pattern(
			address,
			'house_number',
			where,
			/^\d{1,4}$/,
			'1 to 4 digits (a suffix goes in house_number_suffix)',
		);
	}
}

function checkTaxpayer(taxpayer: JsonObject | undefined, problems: Problems): void {
	if (!taxpayer) {
		problems.add('taxpayer is not set: PUT /taxpayer first');
		return;
	}
	const office = text(taxpayer.tax_office_number);
	problems.pattern(
		taxpayer,
		'tax_office_number',
		'taxpayer',
		/^\d{4}$/,
		'the 4-digit number of the tax office (Bundesfinanzamtsnummer)',
	);
	if (/^\d{4}$/.test(office) && !TAX_OFFICE_PREFIXES.has(office.slice(0, 2)))
		problems.add(
			`taxpayer.tax_office_number "${office}" names no German state: its first two digits must be a state prefix such as 21 or 91`,
		);
	problems.pattern(
		taxpayer,
		'tax_number',
		'taxpayer',
		/^\d{13}$/,
		'the 13-digit ELSTER tax number: tax office number, 0, then 8 digits',
	);
	const taxNumber = text(taxpayer.tax_number);
	if (/^\d{13}$/.test(taxNumber) && /^\d{4}$/.test(office) && !taxNumber.startsWith(`${office}0`))
		problems.add(
			`taxpayer.tax_number "${taxNumber}" does not start with tax_office_number ${office} and 0: use the 13-digit ELSTER format`,
		);
	const general = objectAt(taxpayer, 'general_information');
	const information = objectAt(general, 'information');
	const where = 'taxpayer.general_information.information';
	if (general.person === 'legal') {
		problems.required(information, 'company_name', where);
		problems.required(information, 'legal_form', where);
	} else if (general.person === 'natural') {
		problems.required(information, 'first_name', where);
		problems.required(information, 'last_name', where);
		problems.date(information, 'birthdate', where, true);
		problems.pattern(
			information,
			'identification_number',
			where,
			/^\d{11}$/,
			'the 11-digit tax identification number (Steuer-IdNr)',
		);
		problems.pattern(
			information,
			'salutation',
			where,
			/^[123]$/,
			'"1" (Herr), "2" (Frau) or "3" (Divers)',
		);
	} else {
		problems.add(
			`taxpayer.general_information.person must be "natural" or "legal", got ${JSON.stringify(general.person ?? null)}`,
		);
	}
	problems.address(
		objectAt(objectAt(general, 'address'), 'post_address'),
		'taxpayer.general_information.address.post_address',
	);
}

function checkClient(client: ClientSnapshot, problems: Problems): void {
	const where = `client ${client.client_id} (TSS ${client.tss_id})`;
	const data = client.data;
	if (!CLIENT_TYPES.includes(text(data.type)))
		problems.add(
			`${where}: type must be "1" to "5" (PC, tablet/app, cash register, taximeter, odometer), got ${JSON.stringify(data.type ?? null)}`,
		);
	for (const key of ['manufacturer', 'model', 'software']) problems.required(data, key, where);
	const acquired = problems.date(data, 'date_acquisition', where, true);
	const commissioned = problems.date(data, 'date_commissioning', where, true);
	const decommissioned = problems.date(data, 'date_decommissioning', where, false);
	if (acquired !== undefined && commissioned !== undefined && commissioned < acquired)
		problems.add(
			`${where}: date_commissioning is before date_acquisition: a register is commissioned on or after it is acquired`,
		);
	if (commissioned !== undefined && decommissioned !== undefined && decommissioned < commissioned)
		problems.add(
			`${where}: date_decommissioning is before date_commissioning: fix one of the dates`,
		);
	if (data.date_decommissioning !== undefined && !text(data.decommissioning_reason))
		problems.add(
			`${where}: decommissioning_reason is missing: say why (e.g. sale, disposal, theft, defect)`,
		);
}

export function validateSnapshot(snapshot: SubmissionSnapshot): ValidationResult {
	const problems = new Problems();
	checkTaxpayer(snapshot.taxpayer, problems);
	const establishment = snapshot.establishment;
	problems.address(objectAt(establishment, 'address'), 'establishment.address');
	const closed = problems.date(establishment, 'decommissioning_date', 'establishment', false);
	if (snapshot.clients.length === 0)
		problems.add(
			`no client additional data names establishment ${String(establishment.id)}: PUT /sign-de-v2/tss/{tss_id}/client/{client_id}/additional_data with its establishment_id`,
		);
	for (const client of snapshot.clients) {
		checkClient(client, problems);
		if (
			establishment.decommissioning_date !== undefined &&
			client.data.date_decommissioning === undefined
		)
			problems.add(
				`client ${client.client_id}: date_decommissioning is missing although the establishment closes${closed ? ` on ${String(establishment.decommissioning_date)}` : ''}: decommission every register of a closing establishment`,
			);
	}
	const external = snapshot.clients
		.filter(
			(client) =>
				TYPES_NEEDING_REMARKS.includes(text(client.data.type)) && !text(client.data.remarks),
		)
		.map(
			(client) =>
				`client ${client.client_id}: ELSTER requires remarks for a taximeter or odometer (type ${text(client.data.type)})`,
		);
	return { internal: problems.list, external };
}
