// SUBMIT DE legal fields: tax office number, ELSTER tax number, VAT ID, tax identification number
// and addresses, each refused before any call with the field and the fix.
import { fieldErrorOf } from '../../support/fieldError';
import {
	postAddress,
	taxIdentificationNumber,
	taxNumber,
	taxOfficeNumber,
	vatId,
} from '../../../nodes/FiskalySubmitDe/helpers/legalFields';

describe('taxOfficeNumber', () => {
	test.each([
		['2181', '2181'],
		[' 9198 ', '9198'],
		['1010', '1010'],
		['5133', '5133'],
	])('accepts %p', (value, expected) => {
		expect(taxOfficeNumber(value, 'Tax Office Number')).toBe(expected);
	});

	test.each<[unknown, RegExp]>([
		['', /is empty/],
		['218', /"218" is not 4 digits/],
		['21811', /is not 4 digits/],
		['21a1', /is not 4 digits/],
		['2581', /names no German state \(it starts with 25\)/],
		['9981', /names no German state/],
	])('rejects %p', (value, problem) => {
		const error = fieldErrorOf(() => taxOfficeNumber(value, 'Tax Office Number'));
		expect(error.field).toBe('Tax Office Number');
		expect(error.message).toMatch(problem);
		expect(error.hint).toMatch(/4-digit number of the tax office/);
	});
});

describe('taxNumber', () => {
	test.each([
		['2181081508150', '2181081508150'],
		['2181 0815 08150', '2181081508150'],
		['2181/0/81508150', '2181081508150'],
	])('accepts %p', (value, expected) => {
		expect(taxNumber(value, 'Tax Number', '2181')).toBe(expected);
	});

	test.each<[unknown, RegExp]>([
		['', /is empty/],
		['21/815/08150', /has 10 digits, not 13/],
		['218108150815', /has 12 digits, not 13/],
		['218108150815X', /has characters other than digits/],
		['2182081508150', /does not begin with the tax office number 2181 and a 0/],
		['2181181508150', /does not begin with the tax office number 2181 and a 0/],
	])('rejects %p', (value, problem) => {
		const error = fieldErrorOf(() => taxNumber(value, 'Tax Number', '2181'));
		expect(error.field).toBe('Tax Number');
		expect(error.message).toMatch(problem);
		expect(error.hint).toMatch(/13-digit ELSTER tax number/);
	});
});

describe('vatId', () => {
	test.each([
		['DE123456789', 'DE123456789'],
		['de 123 456 789', 'DE123456789'],
		['', undefined],
		[undefined, undefined],
	])('accepts %p', (value, expected) => {
		expect(vatId(value, 'VAT ID')).toBe(expected);
	});

	test.each(['DE12345678', 'DE1234567890', 'AT U12345678', '123456789'])('rejects %p', (value) => {
		const error = fieldErrorOf(() => vatId(value, 'VAT ID'));
		expect(error.field).toBe('VAT ID');
		expect(error.message).toMatch(/is not a German VAT ID/);
		expect(error.hint).toMatch(/DE and 9 digits/);
	});
});

describe('taxIdentificationNumber', () => {
	test.each([
		'86095742719',
		'47036892816',
		'65929970489',
		'57549285017',
		'25768131411',
		'86 095 742 719',
	])('accepts %p (check digit right)', (value) => {
		expect(taxIdentificationNumber(value, 'Tax ID')).toBe(value.replace(/ /g, ''));
	});

	test.each<[unknown, RegExp]>([
		['', /is empty/],
		['8609574271', /is not 11 digits/],
		['06095742719', /is not 11 digits starting with 1 to 9/],
		['86095742718', /wrong check digit/],
		['86095724719', /wrong check digit/],
		['12345678901', /wrong check digit/],
	])('rejects %p', (value, problem) => {
		const error = fieldErrorOf(() => taxIdentificationNumber(value, 'Tax ID'));
		expect(error.field).toBe('Tax ID');
		expect(error.message).toMatch(problem);
		expect(error.hint).toMatch(/Steuer-IdNr/);
	});
});

describe('postAddress', () => {
	const german = { street: 'Hauptstraße', houseNumber: '12', town: 'Kassel', zipCode: '34117' };

	test.each<[string, Record<string, unknown>, Record<string, string>]>([
		[
			'a plain German address',
			german,
			{ street: 'Hauptstraße', house_number: '12', town: 'Kassel', zip_code: '34117' },
		],
		[
			'a house number with a letter',
			{ ...german, houseNumber: '12a' },
			{ house_number: '12', house_number_suffix: 'a' },
		],
		[
			'a house number range',
			{ ...german, houseNumber: '12 - 14' },
			{ house_number: '12', house_number_suffix: '- 14' },
		],
		[
			'an additional line',
			{ ...german, addressAdditional: ' Hinterhaus ' },
			{ address_additional: 'Hinterhaus' },
		],
		[
			'an address abroad',
			{ ...german, zipCode: '1010', country: 'AT' },
			{ zip_code: '1010', country: 'AT' },
		],
	])('builds %s', (_case, input, expected) => {
		expect(postAddress(input, 'Address')).toMatchObject(expected);
	});

	it('leaves out the optional parts it was not given', () => {
		expect(Object.keys(postAddress(german, 'Address')).sort()).toEqual([
			'house_number',
			'street',
			'town',
			'zip_code',
		]);
	});

	test.each<[string, Record<string, unknown>, string, RegExp]>([
		['no street', { ...german, street: ' ' }, 'Address › Street', /is empty/],
		['no town', { ...german, town: '' }, 'Address › Town', /is empty/],
		['no ZIP code', { ...german, zipCode: undefined }, 'Address › ZIP Code', /is empty/],
		[
			'a 4-digit German ZIP code',
			{ ...german, zipCode: '3411' },
			'Address › ZIP Code',
			/"3411" is not a German postal code/,
		],
		['no house number', { ...german, houseNumber: '' }, 'Address › House Number', /is empty/],
		[
			'a house number of 5 digits',
			{ ...german, houseNumber: '12345' },
			'Address › House Number',
			/does not start with 1 to 4 digits/,
		],
		[
			'a house number without digits',
			{ ...german, houseNumber: 'a' },
			'Address › House Number',
			/does not start with 1 to 4 digits/,
		],
	])('refuses %s', (_case, input, field, problem) => {
		const error = fieldErrorOf(() => postAddress(input, 'Address'));
		expect(error.field).toBe(field);
		expect(error.message).toMatch(problem);
		expect(error.hint.length).toBeGreaterThan(10);
	});
});
