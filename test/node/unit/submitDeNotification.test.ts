// The derived submission ID of Notify Tax Office and the reading of validation findings: the same
// establishment and data give the same ID whatever the order, any notified change gives a new one.
import { findingsOf } from '../../../nodes/FiskalySubmitDe/actions/submission/lifecycle';
import {
	canonicalJson,
	notificationId,
	type NotifiedData,
} from '../../../nodes/FiskalySubmitDe/helpers/notificationId';

const establishmentId = '0b7e4d2c-6f1a-4c3e-9a55-2f8d1e6b7c90';
const register = (clientId: string, model = 'K-100') => ({
	tss_id: 'a1',
	client_id: clientId,
	data: { type: '1', model, establishment_id: establishmentId },
});
const data = (change: Partial<NotifiedData> = {}): NotifiedData => ({
	taxpayer: { tax_number: '2181081508150', metadata: { run: 1 } },
	establishment: { address: { street: 'Am Ring', town: 'Kassel' } },
	registers: [register('c1'), register('c2')],
	...change,
});

describe('notificationId', () => {
	const base = notificationId(establishmentId, data());
	// Every row gives all four values (`undefined` = the default attempt): jest takes a callback
	// parameter beyond the row's length for `done` and waits for it until the test times out.
	type Row = [
		label: string,
		establishmentId: string,
		notified: NotifiedData,
		attempt: number | undefined,
	];

	it('is a UUIDv4', () => {
		expect(base).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});

	test.each<Row>([
		['the establishment ID in capitals', establishmentId.toUpperCase(), data(), undefined],
		[
			'registers in another order',
			establishmentId,
			data({ registers: [register('c2'), register('c1')] }),
			undefined,
		],
		[
			'keys in another order',
			establishmentId,
			data({ establishment: { address: { town: 'Kassel', street: 'Am Ring' } } }),
			undefined,
		],
		[
			'other metadata',
			establishmentId,
			data({ taxpayer: { tax_number: '2181081508150', metadata: { run: 2 } } }),
			undefined,
		],
		['attempt 1 given', establishmentId, data(), 1],
	])('stays the same for %s', (_label, id, notified, attempt) => {
		expect(notificationId(id, notified, attempt)).toBe(base);
	});

	test.each<Row>([
		['another establishment', '7d1f7a52-9a43-4f0e-8d4b-1c2e3f4a5b6c', data(), undefined],
		[
			'a changed register',
			establishmentId,
			data({ registers: [register('c1', 'K-200'), register('c2')] }),
			undefined,
		],
		[
			'a register more',
			establishmentId,
			data({ registers: [register('c1'), register('c2'), register('c3')] }),
			undefined,
		],
		['a register less', establishmentId, data({ registers: [register('c1')] }), undefined],
		[
			'another tax number',
			establishmentId,
			data({ taxpayer: { tax_number: '2181081508151' } }),
			undefined,
		],
		['attempt 2', establishmentId, data(), 2],
	])('changes for %s', (_label, id, notified, attempt) => {
		expect(notificationId(id, notified, attempt)).not.toBe(base);
	});

	it('canonical JSON sorts keys and leaves out metadata and undefined', () => {
		expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }], metadata: { x: 1 } })).toBe(
			'{"a":[{"d":2}],"b":1}',
		);
	});
});

describe('findingsOf', () => {
	test.each([
		[
			'taxpayer.tax_number "123" is invalid: use 13 digits',
			[
				{
					finding: 'taxpayer.tax_number "123" is invalid: use 13 digits',
					field: 'taxpayer.tax_number',
					fix: 'use 13 digits',
				},
			],
		],
		[
			'a; b.c is missing: set it',
			[
				{ finding: 'a', fix: expect.stringContaining('run Notify Tax Office again') },
				{ finding: 'b.c is missing: set it', field: 'b.c', fix: 'set it' },
			],
		],
		['', [{ finding: expect.stringContaining('without a description'), fix: expect.any(String) }]],
		[
			undefined,
			[{ finding: expect.stringContaining('without a description'), fix: expect.any(String) }],
		],
	])('reads %p', (description, findings) => {
		expect(findingsOf(description)).toEqual(findings);
	});
});
