// VAT IDs per rate and business date (REFERENCE §7) and VAT computed from gross cents.
import { divideRounded, lineVat, parseRate, vatOfGross } from '../../../nodes/shared/vatIds';
import { FieldError } from '../../../nodes/shared/errors';

const FIELDS = { rate: 'vat_rate', id: 'vat_id' };

describe('lineVat: the VAT ID of a rate on a business date', () => {
	test.each([
		// rate, date, id, bucket
		[19, '2024-03-15', 1, 'NORMAL'],
		['19 %', '2024-03-15', 1, 'NORMAL'],
		['19.00', '2024-03-15', 1, 'NORMAL'],
		[7, '2024-03-15', 2, 'REDUCED_1'],
		['7,0', '2024-03-15', 2, 'REDUCED_1'],
		['NORMAL', '2024-03-15', 1, 'NORMAL'],
		['reduced_1', '2024-03-15', 2, 'REDUCED_1'],
		['SPECIAL_RATE_2', '2024-03-15', 4, 'SPECIAL_RATE_2'],
		[5.5, '2024-03-15', 4, 'SPECIAL_RATE_2'],
		[0, '2024-03-15', 5, 'NULL'],
		['NULL', '2024-03-15', 5, 'NULL'],
		// second half of 2020: 16 % and 5 % are IDs 1 and 2, 19 % and 7 % historic
		[16, '2020-09-01', 1, 'NORMAL'],
		[5, '2020-09-01', 2, 'REDUCED_1'],
		[19, '2020-09-01', 11, 'NORMAL'],
		[7, '2020-12-31', 12, 'REDUCED_1'],
		[19, '2020-06-30', 1, 'NORMAL'],
		[19, '2021-01-01', 1, 'NORMAL'],
		// a late refund at an old rate: historic IDs
		[16, '2024-03-15', 21, 'NORMAL'],
		[5, '2024-03-15', 22, 'REDUCED_1'],
		// the average rate of § 24 over time [INFERRED after 2022]
		[10.7, '2021-12-31', 3, 'SPECIAL_RATE_1'],
		[9.5, '2022-06-01', 3, 'SPECIAL_RATE_1'],
		[10.7, '2022-06-01', 13, 'SPECIAL_RATE_1'],
		[9, '2024-03-15', 3, 'SPECIAL_RATE_1'],
		[9.5, '2024-03-15', 23, 'SPECIAL_RATE_1'],
		[8.4, '2024-12-20', 3, 'SPECIAL_RATE_1'],
		[7.8, '2025-02-01', 3, 'SPECIAL_RATE_1'],
		[9, '2025-02-01', 33, 'SPECIAL_RATE_1'],
		['SPECIAL_RATE_1', '2021-06-01', 3, 'SPECIAL_RATE_1'],
	])('%s %% on %s → ID %s (%s)', (rate, date, id, bucket) => {
		expect(lineVat({ rate, id: undefined }, date, FIELDS)).toMatchObject({ id, bucket });
	});

	test.each([
		// rate, id, date, expected id, rate (thousandths), bucket
		[undefined, 6, '2024-03-15', 6, 0, 'NULL'],
		[0, 7, '2024-03-15', 7, 0, 'NULL'],
		[undefined, 1, '2020-09-01', 1, 16000, 'NORMAL'],
		[undefined, '11', '2024-03-15', 11, 19000, 'NORMAL'],
		[20, 1000, '2024-03-15', 1000, 20000, undefined],
		['13', '1013', '2024-03-15', 1013, 13000, undefined],
	])('rate %s with vat_id %s on %s → ID %s', (rate, id, date, expectedId, expectedRate, bucket) => {
		expect(lineVat({ rate, id }, date, FIELDS)).toEqual({
			id: expectedId,
			rate: expectedRate,
			bucket,
		});
	});

	test.each([
		[{ rate: 20, id: undefined }, 'vat_rate: 20 % is no German VAT rate on 2024-03-15'],
		[{ rate: 'abc', id: undefined }, 'vat_rate: "abc" is not a VAT rate'],
		[{ rate: undefined, id: undefined }, 'vat_rate: is empty'],
		[{ rate: '', id: '' }, 'vat_rate: is empty'],
		[{ rate: 101, id: undefined }, 'vat_rate: 101 is more than 100 %'],
		[{ rate: 7, id: 1 }, 'vat_rate: 7 % does not match VAT ID 1 (19 % on 2024-03-15)'],
		[{ rate: 19, id: 9 }, 'vat_id: 9 is a reserved DSFinV-K VAT ID'],
		[{ rate: undefined, id: 1000 }, 'vat_rate: is empty, but custom VAT ID 1000 needs it'],
		[{ rate: 19, id: 'x' }, 'vat_id: "x" is not a VAT ID'],
		[{ rate: 19, id: 0 }, 'vat_id: "0" is not a VAT ID'],
	])('%j is refused: %s', (input, message) => {
		let error: unknown;
		try {
			lineVat(input, '2024-03-15', FIELDS);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(FieldError);
		expect((error as FieldError).message).toBe(message);
		expect((error as FieldError).hint).not.toBe('');
	});
});

describe('VAT from gross cents', () => {
	test.each([
		// gross cents, rate (thousandths), VAT cents
		[1190, 19000, 190],
		[1070, 7000, 70],
		[99, 19000, 16], // 15.8 → 16
		[297, 19000, 47], // 47.42
		[-297, 19000, -47], // a refund mirrors its sale
		[50, 19000, 8], // 7.98
		[1, 19000, 0],
		[107, 7000, 7],
		[1107, 10700, 107], // 106.99
		[1055, 5500, 55],
		[1000, 0, 0],
		[999999999999, 19000, 159663865546], // 159663865546.07
	])('%s cents at %s/1000 %% hold %s cents VAT', (gross, rate, vat) => {
		expect(vatOfGross(BigInt(gross), rate)).toBe(BigInt(vat));
	});

	test.each([
		[5, 2, 3],
		[-5, 2, -3],
		[4, 3, 1],
		[-4, 3, -1],
		[0, 7, 0],
	])('%s / %s rounds half away from zero to %s', (numerator, denominator, expected) => {
		expect(divideRounded(BigInt(numerator), BigInt(denominator))).toBe(BigInt(expected));
	});

	test('rate names follow the business date', () => {
		expect(parseRate('NORMAL', '2020-10-01', 'vat_rate')).toBe(16000);
		expect(parseRate('NORMAL', '2021-10-01', 'vat_rate')).toBe(19000);
	});
});
