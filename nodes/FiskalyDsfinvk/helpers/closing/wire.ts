import { amountOfCents } from '../../../shared/amounts';

/**
 * An amount as the DSFinV-K API takes it. Its schema types amounts as JSON numbers (REFERENCE
 * §6.1); computed in whole cents, an amount up to ±9,999,999,999.99 has at most 12 significant
 * digits, so the number's JSON text is exactly the decimal ("11.9" for 11.90): nothing is rounded.
 */
export function wireAmount(cents: bigint): number {
	return Number(amountOfCents(cents));
}
