import { FieldError } from './errors';

/**
 * DSFinV-K VAT IDs (UST_SCHLUESSEL, REFERENCE §7) for a line's VAT rate on a business date, the
 * SIGN DE rate bucket each ID is signed under, and VAT computed from gross amounts in whole cents.
 * Pure: no n8n context. Rates are whole thousandths of a percent (19 % → 19000, 10.7 % → 10700).
 */

/** The five amounts of SIGN DE process data (Kassenbeleg-V1), in their signed order. */
export type SignDeBucket = 'NORMAL' | 'REDUCED_1' | 'SPECIAL_RATE_1' | 'SPECIAL_RATE_2' | 'NULL';

interface RatePeriod {
	/** Thousandths of a percent. */
	rate: number;
	/** First business date (inclusive) and first date no longer valid (exclusive), ISO `YYYY-MM-DD`. */
	from: string;
	until: string;
}

interface SystemVatId {
	id: number;
	bucket: SignDeBucket;
	periods: RatePeriod[];
}

const EVER = '0000-01-01';
const NEVER = '9999-12-31';

/**
 * IDs 1–7 name "the rate valid on that day" (fiskaly's system definitions, SRV-MIGVAT): 16 % and
 * 5 % in the second half of 2020. The average rate of ID 3 after 2022 (9.0 % from 2023, 8.4 % from
 * 2024-12-06, 7.8 % from 2025) is [INFERRED] from DSFinV-K Anlage 2 (TWEE); fiskaly's migrations
 * read only show 10.7 % and 9.5 %.
 */
const SYSTEM_IDS: SystemVatId[] = [
	{
		id: 1,
		bucket: 'NORMAL',
		periods: [
			{ rate: 19000, from: EVER, until: '2020-07-01' },
			{ rate: 16000, from: '2020-07-01', until: '2021-01-01' },
			{ rate: 19000, from: '2021-01-01', until: NEVER },
		],
	},
	{
		id: 2,
		bucket: 'REDUCED_1',
		periods: [
			{ rate: 7000, from: EVER, until: '2020-07-01' },
			{ rate: 5000, from: '2020-07-01', until: '2021-01-01' },
			{ rate: 7000, from: '2021-01-01', until: NEVER },
		],
	},
	{
		id: 3,
		bucket: 'SPECIAL_RATE_1',
		periods: [
			{ rate: 10700, from: EVER, until: '2022-01-01' },
			{ rate: 9500, from: '2022-01-01', until: '2023-01-01' },
			{ rate: 9000, from: '2023-01-01', until: '2024-12-06' },
			{ rate: 8400, from: '2024-12-06', until: '2025-01-01' },
			{ rate: 7800, from: '2025-01-01', until: NEVER },
		],
	},
	{ id: 4, bucket: 'SPECIAL_RATE_2', periods: [{ rate: 5500, from: EVER, until: NEVER }] },
	// 0 %: 5 Nicht steuerbar (the default for a 0 % line, as Odoo does), 6 steuerfrei, 7 nicht ermittelbar.
	{ id: 5, bucket: 'NULL', periods: [{ rate: 0, from: EVER, until: NEVER }] },
	{ id: 6, bucket: 'NULL', periods: [{ rate: 0, from: EVER, until: NEVER }] },
	{ id: 7, bucket: 'NULL', periods: [{ rate: 0, from: EVER, until: NEVER }] },
];

/** Historic IDs: a fixed rate, for lines taxed at a rate no longer valid (e.g. a late refund). */
const HISTORIC_IDS: Array<{ id: number; rate: number; bucket: SignDeBucket }> = [
	{ id: 11, rate: 19000, bucket: 'NORMAL' },
	{ id: 12, rate: 7000, bucket: 'REDUCED_1' },
	{ id: 13, rate: 10700, bucket: 'SPECIAL_RATE_1' },
	{ id: 14, rate: 5500, bucket: 'SPECIAL_RATE_2' },
	{ id: 21, rate: 16000, bucket: 'NORMAL' },
	{ id: 22, rate: 5000, bucket: 'REDUCED_1' },
	{ id: 23, rate: 9500, bucket: 'SPECIAL_RATE_1' },
	{ id: 33, rate: 9000, bucket: 'SPECIAL_RATE_1' },
	{ id: 43, rate: 8400, bucket: 'SPECIAL_RATE_1' },
];

/** Custom VAT definitions (VAT Definition › Upsert) start here; below are reserved. */
export const FIRST_CUSTOM_VAT_ID = 1000;

/** SIGN DE rate names stand for the system ID of the same bucket. */
const BUCKET_IDS: Record<SignDeBucket, number> = {
	NORMAL: 1,
	REDUCED_1: 2,
	SPECIAL_RATE_1: 3,
	SPECIAL_RATE_2: 4,
	NULL: 5,
};

export interface LineVat {
	/** vat_definition_export_id */
	id: number;
	/** Thousandths of a percent. */
	rate: number;
	/** The SIGN DE amount it is signed under; undefined for custom IDs (no fixed bucket). */
	bucket: SignDeBucket | undefined;
}

const RATE_HINT =
	'Give the VAT rate in percent (19, 7, 10.7, 5.5, 0), as a SIGN DE rate name (NORMAL, REDUCED_1, SPECIAL_RATE_1, SPECIAL_RATE_2, NULL), or give vat_id with the DSFinV-K VAT ID (a custom one of 1000 or more together with its rate).';

function rateOn(system: SystemVatId, businessDate: string): number {
	const period = system.periods.find((p) => p.from <= businessDate && businessDate < p.until);
	return (period as RatePeriod).rate;
}

function percentText(rate: number): string {
	return `${rate / 1000} %`;
}

/** A rate typed as 19, "19", "19 %", "10,7" or a SIGN DE name, as thousandths of a percent. */
export function parseRate(value: unknown, businessDate: string, field: string): number {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
	const name = text.trim().toUpperCase();
	if (name in BUCKET_IDS) {
		const system = SYSTEM_IDS.find((entry) => entry.id === BUCKET_IDS[name as SignDeBucket]);
		return rateOn(system as SystemVatId, businessDate);
	}
	const match = /^(\d{1,3})(?:[.,](\d{1,3}))?\s*%?$/.exec(name);
	if (!match) {
		const shown =
			value === undefined || value === null || text === ''
				? 'is empty'
				: `"${text}" is not a VAT rate`;
		throw new FieldError(field, shown, RATE_HINT);
	}
	const rate = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
	if (rate > 100000) throw new FieldError(field, `${text} is more than 100 %`, RATE_HINT);
	return rate;
}

/**
 * The VAT ID of a line: the system ID whose rate is valid on the business date, else the historic
 * ID of that rate; with an explicit ID, that ID checked against the rate. `rateField` and `idField`
 * name the fields for messages.
 */
export function lineVat(
	input: { rate: unknown; id: unknown },
	businessDate: string,
	fields: { rate: string; id: string },
): LineVat {
	const rateGiven = !(input.rate === undefined || input.rate === null || input.rate === '');
	const idGiven = !(input.id === undefined || input.id === null || input.id === '');
	const rate = rateGiven ? parseRate(input.rate, businessDate, fields.rate) : undefined;
	if (!idGiven) {
		if (rate === undefined) throw new FieldError(fields.rate, 'is empty', RATE_HINT);
		const system = SYSTEM_IDS.find((entry) => rateOn(entry, businessDate) === rate);
		if (system) return { id: system.id, rate, bucket: system.bucket };
		const historic = HISTORIC_IDS.find((entry) => entry.rate === rate);
		if (historic) return { id: historic.id, rate, bucket: historic.bucket };
		throw new FieldError(
			fields.rate,
			`${percentText(rate)} is no German VAT rate on ${businessDate}`,
			`Create a custom VAT definition with this rate (VAT Definition › Upsert, ID ${FIRST_CUSTOM_VAT_ID} or more) and give its ID as vat_id on the line.`,
		);
	}
	const id = Number(input.id);
	if (!Number.isInteger(id) || id < 1) {
		throw new FieldError(fields.id, `"${String(input.id)}" is not a VAT ID`, RATE_HINT);
	}
	const known =
		SYSTEM_IDS.find((entry) => entry.id === id) ?? HISTORIC_IDS.find((entry) => entry.id === id);
	if (known) {
		const knownRate = 'periods' in known ? rateOn(known, businessDate) : known.rate;
		if (rate !== undefined && rate !== knownRate) {
			throw new FieldError(
				fields.rate,
				`${percentText(rate)} does not match VAT ID ${id} (${percentText(knownRate)} on ${businessDate})`,
				'Leave vat_id empty to have it chosen from the rate, or correct the rate.',
			);
		}
		return { id, rate: knownRate, bucket: known.bucket };
	}
	if (id < FIRST_CUSTOM_VAT_ID) {
		throw new FieldError(
			fields.id,
			`${id} is a reserved DSFinV-K VAT ID`,
			`Use 1–7, a historic ID (11–14, 21–23, 33, 43) or a custom VAT definition of ${FIRST_CUSTOM_VAT_ID} or more.`,
		);
	}
	if (rate === undefined) {
		throw new FieldError(
			fields.rate,
			`is empty, but custom VAT ID ${id} needs it`,
			'Give the rate of the custom VAT definition too, so that the VAT can be computed.',
		);
	}
	return { id, rate, bucket: undefined };
}

const ZERO = BigInt(0);
const TWO = BigInt(2);
const RATE_SCALE = BigInt(100000);

/** numerator / denominator rounded half away from zero (denominator > 0). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
	const magnitude = numerator < ZERO ? -numerator : numerator;
	const rounded = (magnitude * TWO + denominator) / (denominator * TWO);
	return numerator < ZERO ? -rounded : rounded;
}

/** The VAT in a gross amount (cents), rounded half away from zero so a refund mirrors its sale. */
export function vatOfGross(grossCents: bigint, rate: number): bigint {
	const scaledRate = BigInt(rate);
	return divideRounded(grossCents * scaledRate, RATE_SCALE + scaledRate);
}
