// VAT definitions (REFERENCE §7): the system ids 1–7 with the rate valid at a closing's reference date
// (SRV-MIGVAT), the historic ids with one fixed rate, and custom ids ≥ 1000 kept by the store.

/** [from, to) in unix seconds; percentage as a decimal string. */
interface SystemRate {
	from: number;
	to: number;
	percentage: string;
}

const T2020_07_01 = Date.UTC(2020, 6, 1) / 1000 - 7200; // midnight Europe/Berlin (CEST)
const T2021_01_01 = Date.UTC(2021, 0, 1) / 1000 - 3600; // midnight Europe/Berlin (CET)
const T2022_01_01 = Date.UTC(2022, 0, 1) / 1000 - 3600;
const FOREVER = 2147483648;

export const FIRST_CUSTOM_VAT_ID = 1000;

const SYSTEM_DESCRIPTIONS: Record<number, string> = {
	1: 'Regelsteuersatz',
	2: 'Ermäßigter Steuersatz',
	3: 'Durchschnittsatz (§ 24 Abs. 1 Nr. 3 UStG)',
	4: 'Durchschnittsatz (§ 24 Abs. 1 Nr. 1 UStG)',
	5: 'Nicht Steuerbar',
	6: 'Umsatzsteuerfrei',
	7: 'UmsatzsteuerNichtErmittelbar',
};

/** SRV-MIGVAT's seeded rows; later changes of id 3 are not in the sources (a §7 gap). */
const SYSTEM_RATES: Record<number, SystemRate[]> = {
	1: [
		{ from: 0, to: T2020_07_01, percentage: '19' },
		{ from: T2020_07_01, to: T2021_01_01, percentage: '16' },
		{ from: T2021_01_01, to: FOREVER, percentage: '19' },
	],
	2: [
		{ from: 0, to: T2020_07_01, percentage: '7' },
		{ from: T2020_07_01, to: T2021_01_01, percentage: '5' },
		{ from: T2021_01_01, to: FOREVER, percentage: '7' },
	],
	3: [
		{ from: 0, to: T2022_01_01, percentage: '10.7' },
		{ from: T2022_01_01, to: FOREVER, percentage: '9.5' },
	],
	4: [{ from: 0, to: FOREVER, percentage: '5.5' }],
	5: [{ from: 0, to: FOREVER, percentage: '0' }],
	6: [{ from: 0, to: FOREVER, percentage: '0' }],
	7: [{ from: 0, to: FOREVER, percentage: '0' }],
};

/** Historic ids: one fixed rate each (fiskaly's 11–14, 21–23; TWEE's 33 and 43). */
const HISTORIC: Record<number, { percentage: string; description: string }> = {
	11: { percentage: '19', description: 'Historischer Regelsteuersatz (19 %)' },
	12: { percentage: '7', description: 'Historischer ermäßigter Steuersatz (7 %)' },
	13: { percentage: '10.7', description: 'Historischer Durchschnittsatz (10,7 %)' },
	14: { percentage: '5.5', description: 'Historischer Durchschnittsatz (5,5 %)' },
	21: { percentage: '16', description: 'Historischer Regelsteuersatz (16 %)' },
	22: { percentage: '5', description: 'Historischer ermäßigter Steuersatz (5 %)' },
	23: { percentage: '9.5', description: 'Historischer Durchschnittsatz (9,5 %)' },
	33: { percentage: '9', description: 'Historischer Durchschnittsatz (9,0 %)' },
	43: { percentage: '8.4', description: 'Historischer Durchschnittsatz (8,4 %)' },
};

export interface VatDefinitionFacts {
	id: number;
	percentage: string;
	description: string;
	/** system (1–7), historic (11–999) or custom (≥ 1000). */
	kind: 'system' | 'historic' | 'custom';
}

/** A system or historic definition as it applies at `at` (unix seconds); undefined for other ids. */
export function builtInVatDefinition(id: number, at: number): VatDefinitionFacts | undefined {
	const rates = SYSTEM_RATES[id];
	if (rates) {
		const rate =
			rates.find((candidate) => at >= candidate.from && at < candidate.to) ??
			rates[rates.length - 1];
		return {
			id,
			percentage: rate.percentage,
			description: SYSTEM_DESCRIPTIONS[id],
			kind: 'system',
		};
	}
	const historic = HISTORIC[id];
	return historic ? { id, ...historic, kind: 'historic' } : undefined;
}

/** Every built-in id, ascending (for lists). */
export const BUILT_IN_VAT_IDS = [...Object.keys(SYSTEM_RATES), ...Object.keys(HISTORIC)].map(
	Number,
);

/**
 * The SIGN DE processData VAT slot an id stands for (NORMAL, REDUCED_1, SPECIAL_RATE_1, SPECIAL_RATE_2,
 * NULL = 0–4), to compare a closing's amounts with what the TSS signed. [INFERRED] historic ids count in
 * the slot of their kind; custom ids have no slot (only the receipt total is compared).
 */
export function vatSlotOf(id: number): number | undefined {
	const slots: Record<number, number> = { 1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 4, 7: 4 };
	const historicSlots: Record<number, number> = {
		11: 0,
		21: 0,
		12: 1,
		22: 1,
		13: 2,
		23: 2,
		33: 2,
		43: 2,
		14: 3,
	};
	return slots[id] ?? historicSlots[id];
}
