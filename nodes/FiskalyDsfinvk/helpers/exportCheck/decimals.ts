/**
 * Numbers of the DSFinV-K CSV dialect (decimal symbol ",", no digit grouping, REFERENCE §9.2) as
 * exact integers in units of 10^-5, the finest accuracy a table declares. Never floats. Pure.
 */

export const SCALE = 5;
const UNIT = BigInt(10) ** BigInt(SCALE);

/** Why the text is not a number of `accuracy` decimals, or undefined when it is one. */
export function numberProblem(text: string, accuracy: number): string | undefined {
	if (/^-?\d+\.\d+$/.test(text) && !/^-?\d{1,3}(\.\d{3})+$/.test(text))
		return 'uses "." as the decimal symbol, index.xml declares ","';
	if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) return 'uses digit grouping';
	const match = /^-?\d+(?:,(\d+))?$/.exec(text);
	if (!match) return 'is not a number';
	const decimals = match[1]?.length ?? 0;
	if (accuracy === 0 && decimals > 0) return 'has decimals in a whole-number column';
	if (decimals > accuracy) return `has ${decimals} decimals, the column has ${accuracy}`;
	return undefined;
}

/** The value in units of 10^-5; undefined when it is not a number of at most 5 decimals. */
export function unitsOf(text: string): bigint | undefined {
	const match = /^(-?)(\d+)(?:[,.](\d{1,5}))?$/.exec(text.trim());
	if (!match) return undefined;
	const units = BigInt(match[2]) * UNIT + BigInt((match[3] ?? '').padEnd(SCALE, '0'));
	return match[1] === '-' ? -units : units;
}

/** Units as the CSV writes them: "," and 2 decimals, or 5 when a part of a cent is left. */
export function formatUnits(units: bigint, minimumDecimals = 2): string {
	const sign = units < BigInt(0) ? '-' : '';
	const magnitude = units < BigInt(0) ? -units : units;
	const whole = magnitude / UNIT;
	let fraction = (magnitude % UNIT).toString().padStart(SCALE, '0');
	while (fraction.length > minimumDecimals && fraction.endsWith('0'))
		fraction = fraction.slice(0, -1);
	return `${sign}${whole}${fraction ? `,${fraction}` : ''}`;
}

export function sumOf(values: bigint[]): bigint {
	return values.reduce((total, value) => total + value, BigInt(0));
}
