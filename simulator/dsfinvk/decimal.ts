// Exact decimals for DSFinV-K amounts, quantities and percentages. JSON numbers (or the numeric strings
// fiskaly also accepts, REFERENCE §4.5) become integers of 1/100000 (the finest step the schema allows,
// multipleOf 0.00001) as BigInt; the export writes them with the comma and the accuracy of its column.

import { schemaError } from '../core/errors';
import { describe } from '../core/validate';

/** Units per 1: 5 decimals. */
export const SCALE = 5;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The value in 1/100000 units, refusing what the schema refuses: no number, more than `decimals`
 * decimals (multipleOf), or outside ±`max`. Numeric strings are coerced like the real service does.
 */
export function parseDecimal(value: unknown, field: string, decimals: number, max: string): bigint {
	let text: string | undefined;
	if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
	else if (typeof value === 'string' && value.trim() !== '') text = value.trim();
	const match = text === undefined ? null : DECIMAL.exec(text);
	if (!match) throw schemaError(`${field} should be number, got ${describe(value)}`);
	const [, sign, whole, fraction = ''] = match;
	const significant = fraction.replace(/0+$/, '');
	if (significant.length > decimals)
		throw schemaError(
			`${field} should be multiple of ${(10 ** -decimals).toFixed(decimals)}, got ${text}`,
		);
	const units = BigInt(whole + significant.padEnd(SCALE, '0'));
	const signed = sign ? -units : units;
	const limit = unitsOf(max);
	if (signed > limit) throw schemaError(`${field} should be <= ${max}, got ${text}`);
	if (signed < -limit) throw schemaError(`${field} should be >= -${max}, got ${text}`);
	return signed;
}

/** Units of a literal decimal string (for constants such as limits). */
export function unitsOf(text: string): bigint {
	const [whole, fraction = ''] = text.split('.');
	return BigInt(whole + fraction.padEnd(SCALE, '0'));
}

/**
 * The value with `accuracy` decimals and a comma (DSFinV-K Numeric columns, REFERENCE §9.2). Values finer
 * than the column are rounded half away from zero [INFERRED: the export's rounding is not documented].
 */
export function formatDecimal(units: bigint, accuracy: number, separator = ','): string {
	const negative = units < BigInt(0);
	let magnitude = negative ? -units : units;
	const drop = BigInt(10) ** BigInt(SCALE - accuracy);
	magnitude = (magnitude + drop / BigInt(2)) / drop;
	let digits = magnitude.toString().padStart(accuracy + 1, '0');
	if (accuracy > 0) digits = `${digits.slice(0, -accuracy)}${separator}${digits.slice(-accuracy)}`;
	return negative && magnitude !== BigInt(0) ? `-${digits}` : digits;
}

/**
 * formatDecimal for a stored number or numeric string, without BigInt when the value already fits the
 * column (the export's hot path: most values have at most the column's decimals).
 */
export function formatNumber(value: number | string, accuracy: number): string {
	const match = DECIMAL.exec(typeof value === 'number' ? String(value) : value.trim());
	if (match && (match[3] ?? '').length <= accuracy && !/^0\d/.test(match[2])) {
		const [, sign, whole, fraction = ''] = match;
		const digits = accuracy > 0 ? `${whole},${fraction.padEnd(accuracy, '0')}` : whole;
		return sign && /[1-9]/.test(digits) ? `-${digits}` : digits;
	}
	return formatDecimal(parseDecimal(value, 'value', SCALE, '99999999999'), accuracy);
}

/** The value as the API shows it in JSON (a plain number, e.g. 22.6). */
export function decimalNumber(units: bigint): number {
	return Number(formatDecimal(units, SCALE, '.'));
}
