// Exact decimal amounts for DSFinV-K process data: decimal strings summed as integer cents or scaled
// BigInts — never floats — and cut to two decimals as Anhang I prescribes.

const SCALE_DIGITS = 5;

/** "12.3456" → 1234560n (value × 10^5). The string must already match one of the decimal patterns. */
export function parseDecimal(text: string): bigint {
	const negative = text.startsWith('-');
	const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
	const scaled = BigInt(whole + fraction.padEnd(SCALE_DIGITS, '0'));
	return negative ? -scaled : scaled;
}

/**
 * Scaled value → exactly two decimals. Further decimals are cut off (toward zero), as DSFinV-K Anhang I
 * prescribes ("alle anderen Nachkommastellen werden ggf. abgeschnitten"); sums are taken at full precision
 * first and cut once. A result of zero is always "0.00", never "-0.00".
 */
export function formatTwoDecimals(scaled: bigint): string {
	const cents = scaled / 10n ** BigInt(SCALE_DIGITS - 2); // BigInt division truncates toward zero
	const magnitude = cents < 0n ? -cents : cents;
	const digits = magnitude.toString().padStart(3, '0');
	return `${cents < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * A running sum of amounts, exact either way. Amounts with exactly two decimals (what tills send) are
 * added as integer cents in a Number while the sum stays a safe integer; the first amount with more
 * decimals, or a sum beyond 2^53, switches to scaled BigInts. Same result, without BigInt work per upsert.
 */
export class AmountSum {
	private cents = 0;
	private scaled?: bigint;

	/** `amount` must already be a decimal with two to five decimals (fiscal.ts checks). */
	add(amount: string): void {
		if (this.scaled === undefined) {
			const point = amount.length - 3;
			if (amount.charCodeAt(point) === 0x2e /* . */) {
				const cents = Number(amount.slice(0, point) + amount.slice(point + 1));
				const sum = this.cents + cents;
				// Both safe and the sum safe ⇒ every step was exact.
				if (Number.isSafeInteger(cents) && Number.isSafeInteger(sum)) {
					this.cents = sum;
					return;
				}
			}
			this.scaled = BigInt(this.cents) * 10n ** BigInt(SCALE_DIGITS - 2);
		}
		this.scaled += parseDecimal(amount);
	}

	/** The sum cut to two decimals, as formatTwoDecimals does. */
	format(): string {
		if (this.scaled !== undefined) return formatTwoDecimals(this.scaled);
		const magnitude = this.cents < 0 ? -this.cents : this.cents;
		const digits = magnitude < 100 ? String(magnitude + 1000).slice(1) : String(magnitude);
		return `${this.cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
	}
}
