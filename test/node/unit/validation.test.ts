import { FieldError } from '../../../nodes/shared/errors';
import { buildMetadata, uuidOrGenerated, validateClientSerial, validateUuid } from '../../../nodes/shared/validation';
import { generateAdminPin, validateSecret, validateTransactionRef, validateTssDescription } from '../../../nodes/FiskalySignDe/helpers/validation';

function problemOf(run: () => unknown): FieldError {
	try {
		run();
	} catch (error) {
		if (error instanceof FieldError) return error;
		throw error;
	}
	throw new Error('expected a FieldError');
}

describe('validateClientSerial', () => {
	test.each(['Kasse 1', 'ERS f3ab7b96-6d82-433e-a87a-cccc8e001e20', "O'Brien (2) + 3,4.5:6=7?", 'x'.repeat(70)])('accepts %p', (serial) => {
		expect(validateClientSerial(serial, 'Serial Number')).toBe(serial);
	});

	test.each<[unknown, RegExp]>([
		['', /is empty/],
		['   ', /is empty/],
		[undefined, /is empty/],
		[' Kasse 1', /starts or ends with a space/],
		['Kasse 1 ', /starts or ends with a space/],
		['x'.repeat(71), /71 characters long \(at most 70\)/],
		['Kasse_1', /must not contain "_"/],
		['Kasse/1', /must not contain "\/"/],
		['Kässe 1', /must not contain "ä"/],
		['Kasse#1', /must not contain "#"/],
		['Kasse\t1', /must not contain "\t"/],
	])('rejects %p before any call', (serial, problem) => {
		const error = problemOf(() => validateClientSerial(serial, 'Serial Number'));
		expect(error.field).toBe('Serial Number');
		expect(error.message).toMatch(problem);
		expect(error.hint).toMatch(/70/);
	});
});

describe('IDs', () => {
	test('UUIDs are accepted in any case and lower-cased', () => {
		expect(validateUuid(' 3FA85F64-5717-4562-B3FC-2C963F66AFA6 ', 'TSS')).toBe('3fa85f64-5717-4562-b3fc-2c963f66afa6');
	});

	test.each(['', 'abc', '3fa85f64-5717-4562-b3fc-2c963f66afa', '3fa85f64571745 62b3fc2c963f66afa6'])('rejects %p as a UUID', (id) => {
		expect(problemOf(() => validateUuid(id, 'TSS')).field).toBe('TSS');
	});

	test('an empty optional ID is generated, a given one validated', () => {
		expect(uuidOrGenerated('', 'TSS ID', () => 'generated')).toBe('generated');
		expect(uuidOrGenerated(undefined, 'TSS ID', () => 'generated')).toBe('generated');
		expect(uuidOrGenerated('3FA85F64-5717-4562-B3FC-2C963F66AFA6', 'TSS ID', () => 'generated')).toBe('3fa85f64-5717-4562-b3fc-2c963f66afa6');
		expect(problemOf(() => uuidOrGenerated('order-42', 'TSS ID', () => 'generated')).field).toBe('TSS ID');
	});

	test.each<[unknown, string]>([
		['9e6f21ab-2eb5-42e3-98f0-3879881dd51d', '9e6f21ab-2eb5-42e3-98f0-3879881dd51d'],
		[17, '17'],
		['017', '17'],
	])('transaction reference %p → %p', (ref, expected) => {
		expect(validateTransactionRef(ref, 'Transaction ID')).toBe(expected);
	});

	test.each(['', '0', '-3', '1.5', 'tx-1'])('rejects transaction reference %p', (ref) => {
		expect(problemOf(() => validateTransactionRef(ref, 'Transaction ID')).field).toBe('Transaction ID');
	});
});

describe('secrets', () => {
	test('a short PIN is rejected without repeating it', () => {
		const error = problemOf(() => validateSecret('12345', 'Admin PIN', 6));
		expect(error.message).toBe('Admin PIN: is shorter than 6 characters');
		expect(`${error.message} ${error.hint}`).not.toContain('12345');
	});

	test('generated PINs are long, from an unambiguous alphabet, and differ', () => {
		const pins = Array.from({ length: 50 }, generateAdminPin);
		for (const pin of pins) expect(pin).toMatch(/^[A-HJ-NP-Za-km-z2-9]{10}$/);
		expect(new Set(pins).size).toBe(pins.length);
	});
});

describe('validateTssDescription', () => {
	test('empty means fiskaly’s default', () => {
		expect(validateTssDescription('  ', 'Description')).toBeUndefined();
		expect(validateTssDescription('Store Berlin/Mitte (1)', 'Description')).toBe('Store Berlin/Mitte (1)');
	});

	test.each([['x'.repeat(101)], ['Café'], ['a_b']])('rejects %p', (description) => {
		expect(problemOf(() => validateTssDescription(description, 'Description')).field).toBe('Description');
	});
});

describe('buildMetadata', () => {
	test('keys and values become strings', () => {
		expect(buildMetadata([{ key: 'store', value: 'Berlin' }, { key: 'till', value: 3 }], 'Metadata')).toEqual({ store: 'Berlin', till: '3' });
	});

	test.each<[string, Array<{ key?: unknown; value?: unknown }>, string]>([
		['an empty key', [{ key: ' ', value: 'x' }], 'Metadata (entry 1)'],
		['a long key', [{ key: 'k'.repeat(41), value: 'x' }], 'Metadata (entry 1)'],
		['a long value', [{ key: 'k', value: 'v'.repeat(501) }], 'Metadata (entry 1)'],
		['a repeated key', [{ key: 'a', value: '1' }, { key: 'a', value: '2' }], 'Metadata (entry 2)'],
		['41 entries', Array.from({ length: 41 }, (_, i) => ({ key: `k${i}`, value: 'v' })), 'Metadata'],
	])('rejects %s', (_case, entries, field) => {
		expect(problemOf(() => buildMetadata(entries, 'Metadata')).field).toBe(field);
	});
});
