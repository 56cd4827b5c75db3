import { derivedTransactionId } from '../../support/reference';
import { FieldError } from '../../../nodes/shared/errors';
import {
	readReference,
	referenceTransactionId,
} from '../../../nodes/FiskalySignDe/helpers/transactionReference';

const TSS = '5ad1d1a5-0e71-4ec1-a6a0-1e5c7f0f9d0e';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('referenceTransactionId', () => {
	it.each([
		['A-1001', 1],
		['A-1001', 2],
		['A-1001', 17],
		['Bestellung Nr. 4711 – Köln', 1],
		['1', 1],
	])('derives %s attempt %i as the README says, in UUIDv4 shape', (reference, attempt) => {
		const id = referenceTransactionId(TSS, reference, attempt);
		expect(id).toBe(derivedTransactionId(TSS, reference, attempt));
		expect(id).toMatch(UUID_V4);
	});

	it('is the same for the same order and TSS, whatever the TSS ID case', () => {
		expect(referenceTransactionId(TSS.toUpperCase(), 'A-1001')).toBe(
			referenceTransactionId(TSS, 'A-1001'),
		);
	});

	it('differs per order, per TSS and per attempt', () => {
		const ids = new Set([
			referenceTransactionId(TSS, 'A-1001'),
			referenceTransactionId(TSS, 'A-1002'),
			referenceTransactionId(TSS, 'a-1001'),
			referenceTransactionId('0f1e2d3c-4b5a-4968-8776-655443322110', 'A-1001'),
			referenceTransactionId(TSS, 'A-1001', 2),
			referenceTransactionId(TSS, 'A-1001', 3),
		]);
		expect(ids.size).toBe(6);
	});

	it('keeps the version nibble 4 and the RFC 4122 variant across many references', () => {
		for (let i = 0; i < 2000; i++)
			expect(referenceTransactionId(TSS, `order-${i}`)).toMatch(UUID_V4);
	});
});

describe('readReference', () => {
	it.each([
		[undefined, undefined],
		[null, undefined],
		['', undefined],
		['   ', undefined],
		[' A-1001 ', 'A-1001'],
		[1001, '1001'],
		['x'.repeat(500), 'x'.repeat(500)],
	])('reads %p as %p', (value, expected) => {
		expect(readReference(value)).toBe(expected);
	});

	it.each([
		['A-1\n001', 'Reference: contains a line break or another control character'],
		['A\t1001', 'Reference: contains a line break or another control character'],
		['x'.repeat(501), 'Reference: is 501 characters long, more than 500'],
		[{ id: 1 }, 'Reference: must be text or a number (got object)'],
	])('refuses %p', (value, message) => {
		expect(() => readReference(value)).toThrow(
			new FieldError('Reference', '', '').constructor as never,
		);
		expect(() => readReference(value)).toThrow(message);
	});
});
