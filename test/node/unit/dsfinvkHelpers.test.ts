// The pure DSFinV-K checks of the node: master data against fiskaly's schema limits, the closing
// body's shape, dates, the export range, derived IDs, and how processing states are reported.
import { FieldError } from '../../../nodes/shared/errors';
import {
	prepareClosingBody,
	derivedClosingId,
} from '../../../nodes/FiskalyDsfinvk/helpers/closingBody';
import { businessDateOf, unixSecondsOf } from '../../../nodes/FiskalyDsfinvk/helpers/dates';
import {
	archiveFormatOf,
	derivedExportId,
	exportTriggerBody,
} from '../../../nodes/FiskalyDsfinvk/helpers/exportRange';
import {
	cashRegisterBody,
	customVatDefinitionId,
	purchaserAgencyBody,
	vatDefinitionId,
	vatPercentage,
} from '../../../nodes/FiskalyDsfinvk/helpers/masterData';
import {
	backoffDelayMs,
	closingProblem,
	exportProblem,
} from '../../../nodes/FiskalyDsfinvk/helpers/processing';

const CLIENT = '9e6f21ab-2eb5-42e3-98f0-3879881dd51d';

function refusal(run: () => unknown): { field: string; message: string } {
	try {
		run();
	} catch (error) {
		if (error instanceof FieldError) return { field: error.field, message: error.message };
		throw error;
	}
	throw new Error('accepted');
}

describe('VAT definitions', () => {
	it.each([
		['1000', 1000],
		[1016, 1016],
		[' 9999999999 ', 9999999999],
	])('custom ID %p is %p', (given, id) => expect(customVatDefinitionId(given)).toBe(id));

	it.each([[1], [7], [999], ['1000.5'], ['x'], [''], [-1000], ['10000000000']])(
		'custom ID %p is refused',
		(given) => expect(refusal(() => customVatDefinitionId(given)).field).toBe('VAT Definition ID'),
	);

	it.each([[1], ['11'], [1000]])('ID %p can be read', (given) =>
		expect(vatDefinitionId(given)).toBe(Number(given)),
	);

	it.each([
		['19', 19],
		['10,7', 10.7],
		['7.00001', 7.00001],
		['0', 0],
		[100, 100],
	])('percentage %p is %p', (given, percentage) => expect(vatPercentage(given)).toBe(percentage));

	it.each([['100.00001'], ['101'], ['-7'], ['7.000001'], ['1e1'], [''], ['19 %']])(
		'percentage %p is refused',
		(given) => expect(refusal(() => vatPercentage(given)).field).toBe('Percentage'),
	);
});

describe('cash register body', () => {
	const base = {
		type: 'MASTER' as const,
		tssId: 'tss',
		brand: 'ACME',
		model: 'Till 1',
		softwareBrand: 'n8n',
		softwareVersion: '',
		baseCurrencyCode: 'eur',
	};

	it('links a master to its TSS, a slave to its master', () => {
		expect(cashRegisterBody(base)).toEqual({
			cash_register_type: { type: 'MASTER', tss_id: 'tss' },
			brand: 'ACME',
			model: 'Till 1',
			software: { brand: 'n8n' },
			base_currency_code: 'EUR',
		});
		expect(
			cashRegisterBody({ ...base, type: 'SLAVE_WITH_TSS', masterClientId: 'm' }).cash_register_type,
		).toEqual({ type: 'SLAVE_WITH_TSS', tss_id: 'tss', master_client_id: 'm' });
		expect(
			cashRegisterBody({
				...base,
				type: 'SLAVE_WITHOUT_TSS',
				tssId: undefined,
				masterClientId: 'm',
			}).cash_register_type,
		).toEqual({ type: 'SLAVE_WITHOUT_TSS', master_client_id: 'm' });
		expect(cashRegisterBody({ ...base, vatNotDeterminable: true }).processing_flags).toEqual({
			UmsatzsteuerNichtErmittelbar: true,
		});
	});

	it.each([
		[{ brand: '' }, 'Brand'],
		[{ model: 'x'.repeat(51) }, 'Model'],
		[{ softwareBrand: '', softwareVersion: ' ' }, 'Software Brand'],
		[{ softwareVersion: 'v'.repeat(51) }, 'Software Version'],
		[{ baseCurrencyCode: 'EURO' }, 'Base Currency'],
	])('refuses %p in %s', (change, field) =>
		expect(refusal(() => cashRegisterBody({ ...base, ...change })).field).toBe(field),
	);
});

describe('purchaser agency body', () => {
	const base = {
		name: 'Agentur',
		street: 'Hauptstr. 1',
		postalCode: '10115',
		city: 'Berlin',
		countryCode: 'deu',
		taxNumber: '12/345/67890',
		exportId: 3,
		clientId: CLIENT,
	};

	it('builds the body with a normalised country and VAT ID', () => {
		expect(purchaserAgencyBody({ ...base, vatIdNumber: 'de 123 456 789' })).toEqual({
			name: 'Agentur',
			address: { street: 'Hauptstr. 1', postal_code: '10115', city: 'Berlin', country_code: 'DEU' },
			tax_number: '12/345/67890',
			purchaser_agency_export_id: 3,
			client_id: CLIENT,
			vat_id_number: 'DE123456789',
		});
	});

	it.each([
		[{ name: 'x'.repeat(61) }, 'Name'],
		[{ postalCode: '12345678901' }, 'Postal Code'],
		[{ countryCode: 'DE' }, 'Country Code'],
		[{ taxNumber: '' }, 'Tax Number'],
		[{ exportId: 0 }, 'Purchaser Agency Export ID'],
		[{ exportId: '1.5' }, 'Purchaser Agency Export ID'],
		[{ vatIdNumber: '123' }, 'VAT ID Number'],
	])('refuses %p in %s', (change, field) =>
		expect(refusal(() => purchaserAgencyBody({ ...base, ...change })).field).toBe(field),
	);
});

describe('closing body', () => {
	const closing = () => ({
		cash_point_closing_export_id: 7,
		head: {
			export_creation_date: 1710543900,
			first_transaction_export_id: null,
			last_transaction_export_id: null,
		},
		cash_statement: {
			business_cases: [],
			payment: {
				full_amount: 0,
				cash_amount: 0,
				cash_amounts_by_currency: [],
				payment_types: [{ type: 'Keine', currency_code: 'EUR', amount: 0 }],
			},
		},
		transactions: [],
	});

	it('fills in the register and reads Z_NR, from JSON text or an object, numeric strings too', () => {
		expect(prepareClosingBody(JSON.stringify(closing()), CLIENT)).toEqual({
			body: { ...closing(), client_id: CLIENT },
			exportId: 7,
		});
		expect(
			prepareClosingBody(
				{ ...closing(), cash_point_closing_export_id: '7', client_id: CLIENT.toUpperCase() },
				CLIENT,
			).exportId,
		).toBe(7);
	});

	it.each([
		['not JSON', '{', /is not valid JSON/],
		['an array', '[]', /is not a JSON object/],
		[
			'another register',
			{ ...closing(), client_id: 'a1b2c3d4-0000-4000-8000-00000000c001' },
			/is not the chosen Cash Register/,
		],
		[
			'no Z_NR',
			{ ...closing(), cash_point_closing_export_id: undefined },
			/cash_point_closing_export_id is missing/,
		],
		[
			'a fractional Z_NR',
			{ ...closing(), cash_point_closing_export_id: 1.5 },
			/is not a whole number/,
		],
		['no head', { ...closing(), head: undefined }, /closing.head is missing/],
		[
			'no first transaction',
			{ ...closing(), head: { export_creation_date: 1 } },
			/head.first_transaction_export_id is missing/,
		],
		[
			'empty payment types',
			{ ...closing(), cash_statement: { business_cases: [], payment: { payment_types: [] } } },
			/payment_types is empty/,
		],
		[
			'transactions not a list',
			{ ...closing(), transactions: 'none' },
			/transactions is not a list/,
		],
	])('refuses %s', (_label, given, message) =>
		expect(refusal(() => prepareClosingBody(given, CLIENT)).message).toMatch(message),
	);

	it('derives one closing ID per register and Z_NR', () => {
		const id = derivedClosingId(CLIENT, 7);
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(derivedClosingId(CLIENT.toUpperCase(), 7)).toBe(id);
		expect(derivedClosingId(CLIENT, 8)).not.toBe(id);
	});
});

describe('dates and the export range', () => {
	it.each([
		['2024-03-01T00:00:00Z', 1709251200],
		['2024-03-01T01:00:00+01:00', 1709251200],
		['2024-03-01T00:00:00', 1709251200],
		['2024-03-01', 1709251200],
		[1709251200, 1709251200],
		['1709251200', 1709251200],
	])('%p is %p', (given, unix) => expect(unixSecondsOf(given, 'Start')).toBe(unix));

	it.each([['yesterday'], [''], [-1], ['03/01/2024']])('%p is not a time', (given) =>
		expect(refusal(() => unixSecondsOf(given, 'Start')).field).toBe('Start'),
	);

	it.each([['2024-02-29'], ['2024-03-15T10:00:00Z']])('%p is a business day', (given) =>
		expect(businessDateOf(given, 'Day')).toBe(String(given).slice(0, 10)),
	);

	it.each([['2023-02-29'], ['2024-13-01'], ['15.03.2024'], ['']])(
		'%p is not a business day',
		(given) => expect(refusal(() => businessDateOf(given, 'Day')).field).toBe('Day'),
	);

	it('builds the trigger body and refuses an end before the start', () => {
		expect(
			exportTriggerBody({
				start: '2024-03-01T00:00:00Z',
				end: '2024-04-01T00:00:00Z',
				clientId: CLIENT,
				format: 'zip',
			}),
		).toEqual({ start_date: 1709251200, end_date: 1711929600, client_id: CLIENT, format: 'zip' });
		expect(refusal(() => exportTriggerBody({ start: '2024-04-01', end: '2024-03-01' })).field).toBe(
			'End',
		);
	});

	it('derives the export ID from what is exported', () => {
		const march = { start_date: 1, end_date: 2 };
		expect(derivedExportId(march)).toBe(derivedExportId({ ...march, format: 'tar' }));
		expect(derivedExportId(march)).not.toBe(derivedExportId({ ...march, client_id: CLIENT }));
		expect(derivedExportId(march)).not.toBe(derivedExportId({ ...march, format: 'zip' }));
	});

	it('tells ZIP from TAR by the first bytes', () => {
		expect(archiveFormatOf(Buffer.from('PK\u0003\u0004'))).toBe('zip');
		expect(archiveFormatOf(Buffer.alloc(512))).toBe('tar');
	});
});

describe('processing states', () => {
	it('backs off 1 s, 2 s, 4 s … up to 15 s', () => {
		expect([1, 2, 3, 4, 5, 6].map(backoffDelayMs)).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
	});

	it('reports an ERROR closing with fiskaly’s code and the fix for it', () => {
		const problem = closingProblem({
			closing_id: 'c1',
			state: 'ERROR',
			error: { code: 'E_VAT_DEFINITION_NOT_FOUND', message: 'VAT Definition does not exist. (99)' },
		});
		expect(problem).toMatchObject({
			message:
				'Cash point closing c1 ended in ERROR: VAT Definition does not exist. (99) (E_VAT_DEFINITION_NOT_FOUND)',
			code: 'E_VAT_DEFINITION_NOT_FOUND',
		});
		expect(problem?.description).toMatch(/VAT Definition › Create or Update.*new Closing ID/);
		expect(closingProblem({ state: 'DELETED' })?.message).toMatch(/was deleted/);
		expect(closingProblem({ state: 'COMPLETED' })).toBeUndefined();
		expect(closingProblem({ state: 'PENDING' })).toBeUndefined();
	});

	it.each([
		['ERROR', /ended in ERROR: Unknown error\. \(E_UNKNOWN\)/],
		['EXPIRED', /has expired/],
		['CANCELLED', /was cancelled/],
	])('reports an export in %s', (state, message) => {
		const problem = exportProblem({
			_id: 'e1',
			state,
			error: { code: 'E_UNKNOWN', message: 'Unknown error.' },
		});
		expect(problem?.message).toMatch(message);
		expect(problem?.description).toMatch(/\S/);
	});
});
