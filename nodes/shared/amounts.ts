import { FieldError } from './errors';

/**
 * SIGN DE money fields are strings matching `^-?\d+(\.\d{2,5})$`, quantities `^-?\d+(\.\d{1,5})?$`.
 * Users type strings ("19.99", "19,99") or map numbers from earlier nodes (0.1 + 0.2); both become
 * exact decimal strings here, never floats. Negative values are allowed everywhere fiskaly allows
 * them (amounts, prices, quantities), because refunds and cancellations need them.
 */

const MAX_DECIMALS = 5;
/** Beyond this a double cannot hold 5 exact decimals; such values must be given as strings. */
const LARGEST_SAFE_NUMBER = Number.MAX_SAFE_INTEGER / 10 ** MAX_DECIMALS;

interface DecimalParts {
	negative: boolean;
	integer: string;
	fraction: string;
}

const AMOUNT_HINT =
	'Use a number or a decimal string such as 19.99 or -4.50, with at most 5 decimals.';

function partsFromNumber(value: number, field: string): DecimalParts {
	if (!Number.isFinite(value)) {
		throw new FieldError(field, `${String(value)} is not an amount`, AMOUNT_HINT);
	}
	if (Math.abs(value) > LARGEST_SAFE_NUMBER) {
		throw new FieldError(
			field,
			`${value} is too large to be exact as a number`,
			'Give amounts this large as a decimal string, e.g. "123456789012.50".',
		);
	}
	const fixed = value.toFixed(MAX_DECIMALS);
	// A float that differs from its 5-decimal rounding only by binary noise (0.1 + 0.2) is that
	// rounding; a real sixth decimal (1.123456) is an input mistake.
	if (Math.abs(value - Number(fixed)) > 1e-9 * Math.max(1, Math.abs(value))) {
		throw new FieldError(field, `${value} has more than ${MAX_DECIMALS} decimals`, AMOUNT_HINT);
	}
	const match = /^(-?)(\d+)\.(\d+)$/.exec(fixed) as RegExpExecArray;
	return { negative: match[1] === '-', integer: match[2], fraction: match[3] };
}

function partsFromString(raw: string, field: string, hint: string): DecimalParts {
	let text = raw.trim();
	if (text === '') throw new FieldError(field, 'is empty', hint);
	// German users type a decimal comma; accept it when it is the only separator.
	if (!text.includes('.') && (text.match(/,/g) ?? []).length === 1) text = text.replace(',', '.');
	const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
	if (!match) throw new FieldError(field, `"${raw}" is not a decimal number`, hint);
	const fraction = match[3] ?? '';
	if (fraction.length > MAX_DECIMALS) {
		throw new FieldError(field, `"${raw}" has more than ${MAX_DECIMALS} decimals`, hint);
	}
	return { negative: match[1] === '-', integer: match[2], fraction };
}

function toParts(value: unknown, field: string, hint: string): DecimalParts {
	if (typeof value === 'number') return partsFromNumber(value, field);
	if (typeof value === 'string') return partsFromString(value, field, hint);
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

/** A money amount as SIGN DE wants it: a string with 2 to 5 decimals ("19.90", "0.30", "1.005"). */
export function formatAmount(value: unknown, field: string): string {
	return render(toParts(value, field, AMOUNT_HINT), 2);
}

/** A line-item quantity: an integer or up to 5 decimals ("2", "0.5", "-1"). */
export function formatQuantity(value: unknown, field: string): string {
	return render(
		toParts(
			value,
			field,
			'Use a number or a decimal string such as 2 or 0.5, with at most 5 decimals.',
		),
		0,
	);
}
