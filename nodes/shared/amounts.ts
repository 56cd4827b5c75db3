import { FieldError } from './errors';

/**
 * One amount grammar for every field that takes money or a quantity. Users type strings ("19.99",
 * "19,99") or map numbers from earlier nodes (0.1 + 0.2); both become exact decimal strings here,
 * never floats. Refused: spellings whose meaning is ambiguous (a single "." or "," followed by
 * exactly three digits could be a thousands separator: "1.000"), thousands separators ("1,234.56"),
 * and money with more than two decimals, because the signed amount must equal the printed one.
 * Negative values are allowed wherever fiskaly allows them (refunds, returns).
 */

/** Money: cents, as printed on a German receipt. */
const MONEY_DECIMALS = 2;
/** SIGN DE quantities allow up to five decimals (e.g. 0.125 kg written as 0.125 is fine as a number). */
const QUANTITY_DECIMALS = 5;

interface DecimalParts {
	negative: boolean;
	integer: string;
	fraction: string;
}

const MONEY_HINT =
	'Use a number or a decimal string with at most two decimals, such as 19.99, 19,99 or -4.50, without thousands separators.';
const QUANTITY_HINT =
	'Use a number or a decimal string such as 2, 0.5 or 1,25 (up to 5 decimals), without thousands separators.';

function partsFromNumber(
	value: number,
	field: string,
	maxDecimals: number,
	hint: string,
): DecimalParts {
	if (!Number.isFinite(value)) {
		throw new FieldError(field, `${String(value)} is not an amount`, hint);
	}
	if (Math.abs(value) > Number.MAX_SAFE_INTEGER / 10 ** maxDecimals) {
		throw new FieldError(
			field,
			`${value} is too large to be exact as a number`,
			'Give amounts this large as a decimal string, e.g. "123456789012.50".',
		);
	}
	const fixed = value.toFixed(maxDecimals);
	// A float that differs from its rounding only by binary noise (0.1 + 0.2) is that rounding;
	// a real further decimal (19.999) is an input mistake.
	if (Math.abs(value - Number(fixed)) > 1e-9 * Math.max(1, Math.abs(value))) {
		throw new FieldError(field, `${value} has more than ${maxDecimals} decimals`, hint);
	}
	const match = /^(-?)(\d+)\.(\d+)$/.exec(fixed) as RegExpExecArray;
	return { negative: match[1] === '-', integer: match[2], fraction: match[3] };
}

function partsFromString(
	raw: string,
	field: string,
	maxDecimals: number,
	hint: string,
): DecimalParts {
	const text = raw.trim();
	if (text === '') throw new FieldError(field, 'is empty', hint);
	if ((text.match(/[.,]/g) ?? []).length > 1 && /^-?\d{1,3}([.,]\d{3})*([.,]\d+)?$/.test(text)) {
		throw new FieldError(field, `"${raw}" uses a thousands separator`, hint);
	}
	const match = /^(-?)(\d+)(?:[.,](\d+))?$/.exec(text);
	if (!match) throw new FieldError(field, `"${raw}" is not a decimal number`, hint);
	const fraction = match[3] ?? '';
	if (fraction.length === 3) {
		const whole = `${match[2]}${fraction}`.replace(/^0+(?=\d)/, '');
		throw new FieldError(
			field,
			`"${raw}" is ambiguous: three digits after "." or "," could be decimals or a thousands group (${match[2]}.${fraction} or ${whole})`,
			hint,
		);
	}
	// Trailing zeros change nothing ("1.00000" is 1.00); any other further decimal does.
	if (fraction.length > maxDecimals && !/^0+$/.test(fraction.slice(maxDecimals))) {
		throw new FieldError(field, `"${raw}" has more than ${maxDecimals} decimals`, hint);
	}
	return { negative: match[1] === '-', integer: match[2], fraction };
}

function toParts(value: unknown, field: string, maxDecimals: number, hint: string): DecimalParts {
	if (typeof value === 'number') return partsFromNumber(value, field, maxDecimals, hint);
	if (typeof value === 'string') return partsFromString(value, field, maxDecimals, hint);
	if (value === undefined || value === null) throw new FieldError(field, 'is empty', hint);
	throw new FieldError(field, `must be a number or a decimal string (got ${typeof value})`, hint);
}

function render(parts: DecimalParts, minDecimals: number): string {
	let fraction = parts.fraction.replace(/0+$/, '');
	if (fraction.length < minDecimals) fraction = fraction.padEnd(minDecimals, '0');
	const integer = parts.integer.replace(/^0+(?=\d)/, '');
	const isZero = /^0*$/.test(integer) && /^0*$/.test(fraction);
	const sign = parts.negative && !isZero ? '-' : '';
	return fraction ? `${sign}${integer}.${fraction}` : `${sign}${integer}`;
}

/** A money amount as it is printed and signed: a string with exactly two decimals ("19.90"). */
export function formatAmount(value: unknown, field: string): string {
	return render(toParts(value, field, MONEY_DECIMALS, MONEY_HINT), MONEY_DECIMALS);
}

/** A line-item quantity: an integer or up to 5 decimals ("2", "0.5", "-1"). */
export function formatQuantity(value: unknown, field: string): string {
	return render(toParts(value, field, QUANTITY_DECIMALS, QUANTITY_HINT), 0);
}

// BigInt(…) instead of literals: the build targets ES2019.
const ZERO = BigInt(0);
const HUNDRED = BigInt(100);

/** A formatted amount ("-4.50") as whole cents, exact at any size. */
export function centsOf(amount: string): bigint {
	const match = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
	if (!match) throw new RangeError(`not a formatted amount: ${amount}`);
	const cents = BigInt(match[2]) * HUNDRED + BigInt(match[3]);
	return match[1] === '-' ? -cents : cents;
}

/** Whole cents as an amount string with two decimals ("-4.50"). */
export function amountOfCents(cents: bigint): string {
	const magnitude = cents < ZERO ? -cents : cents;
	const fraction = String(magnitude % HUNDRED).padStart(2, '0');
	return `${cents < ZERO ? '-' : ''}${magnitude / HUNDRED}.${fraction}`;
}
