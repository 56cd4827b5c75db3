// The request bodies of the DSFinV-K API as schemas, with the limits of REFERENCE §4.2–§4.6 and §6
// (SRV-TYPES): cash point closing, cash register, VAT definition, purchaser agency, export trigger.

import { arr, bool, dec, int, nullable, obj, oneOfValues, str, uuid, type Schema } from './schema';

const UNIX = int(0, 2147483647);
const CURRENCY = str(3, 3, /^[A-Z]{3}$/);
const COUNTRY = str(3, 3, /^[A-Z]{3}$/);
const AMOUNT = dec(5, '9999999999.99');
const AMOUNT_5 = dec(5, '9999999999.99999');
const QUANTITY = dec(3, '9999999999.999');
const BUSINESS_DATE = str(10, 10, /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
export const VAT_ID = int(1, 9999999999);
const VAT_ID_NUMBER = str(1, 15, /^[A-Z]{2}.{1,13}$/);

export const METADATA: Schema = { t: 'object', props: {} }; // keys and values: see parseMetadata

export const TRANSACTION_TYPES = [
	'Beleg',
	'AVTransfer',
	'AVBestellung',
	'AVTraining',
	'AVBelegstorno',
	'AVBelegabbruch',
	'AVSachbezug',
	'AVSonstige',
	'AVRechnung',
] as const;
export const BUSINESS_CASE_TYPES = [
	'Anfangsbestand',
	'Umsatz',
	'Pfand',
	'PfandRueckzahlung',
	'MehrzweckgutscheinKauf',
	'MehrzweckgutscheinEinloesung',
	'EinzweckgutscheinKauf',
	'EinzweckgutscheinEinloesung',
	'Forderungsentstehung',
	'Forderungsaufloesung',
	'Anzahlungseinstellung',
	'Anzahlungsaufloesung',
	'Privateinlage',
	'Privatentnahme',
	'Geldtransit',
	'DifferenzSollIst',
	'TrinkgeldAG',
	'TrinkgeldAN',
	'Auszahlung',
	'Einzahlung',
	'Rabatt',
	'Aufschlag',
	'Lohnzahlung',
	'ZuschussEcht',
	'ZuschussUnecht',
] as const;
export const PAYMENT_TYPES = [
	'Bar',
	'Unbar',
	'ECKarte',
	'Kreditkarte',
	'ElZahlungsdienstleister',
	'GuthabenKarte',
	'Keine',
] as const;

const vatAmounts = (amount: Schema): Schema =>
	arr(
		obj({ vat_definition_export_id: VAT_ID, incl_vat: amount, excl_vat: amount, vat: amount }, [
			'vat_definition_export_id',
			'incl_vat',
			'excl_vat',
			'vat',
		]),
	);
const VAT_AMOUNTS = vatAmounts(AMOUNT_5);
const VAT_AMOUNT_SINGLE = obj(
	{ vat_definition_export_id: VAT_ID, incl_vat: AMOUNT_5, excl_vat: AMOUNT_5, vat: AMOUNT_5 },
	['vat_definition_export_id', 'incl_vat', 'excl_vat', 'vat'],
);

const ADDRESS = obj({
	street: str(1, 60),
	postal_code: str(1, 10),
	city: str(1, 62),
	country_code: COUNTRY,
});

const PAYMENT_TYPE_ITEM = obj(
	{
		type: oneOfValues(PAYMENT_TYPES),
		name: str(1, 60),
		currency_code: CURRENCY,
		foreign_amount: AMOUNT,
		amount: AMOUNT,
	},
	['type', 'currency_code', 'amount'],
);

const BUSINESS_CASE = obj(
	{
		type: oneOfValues(BUSINESS_CASE_TYPES),
		name: str(1, 40),
		purchaser_agency_id: uuid,
		amounts_per_vat_id: VAT_AMOUNTS,
	},
	['type', 'amounts_per_vat_id'],
);

const REFERENCE_VARIANTS: Record<string, Schema> = {
	ExterneRechnung: obj({ external_export_id: str(1, 40), date: UNIX }, [
		'type',
		'external_export_id',
	]),
	ExternerLieferschein: obj({ external_export_id: str(1, 40), date: UNIX }, [
		'type',
		'external_export_id',
	]),
	ExterneSonstige: obj({ name: str(1, 40), external_other_export_id: str(1, 40), date: UNIX }, [
		'type',
		'name',
		'external_other_export_id',
	]),
	Transaktion: obj(
		{
			cash_point_closing_export_id: int(0),
			cash_register_export_id: str(1, 50),
			transaction_export_id: str(1, 40),
			date: UNIX,
		},
		['type', 'cash_point_closing_export_id', 'cash_register_export_id', 'transaction_export_id'],
	),
	InterneTransaktion: obj({ tx_id: uuid }, ['type', 'tx_id']),
};
const REFERENCES = arr(
	{
		t: 'variant',
		pick: (value) => REFERENCE_VARIANTS[String(value.type)],
		expected: `type one of ${Object.keys(REFERENCE_VARIANTS).join(', ')}`,
	},
	1,
);

const ITEM_COMMON = {
	number: str(1, 50),
	gtin: str(1, 50),
	quantity: QUANTITY,
	quantity_factor: {
		t: 'decimal',
		decimals: 3,
		max: '99999.999',
		min: '0',
		exclusiveMin: true,
	} as Schema,
	quantity_measure: str(1, 50),
	group_id: str(1, 40),
	group_name: str(1, 50),
};
const SUB_ITEM = obj({ ...ITEM_COMMON, name: str(1, 60), amount_per_vat_id: VAT_AMOUNT_SINGLE }, [
	'number',
	'quantity',
	'amount_per_vat_id',
]);
const ITEM = obj(
	{
		...ITEM_COMMON,
		price_per_unit: AMOUNT_5,
		base_amounts_per_vat_id: VAT_AMOUNTS,
		discounts_per_vat_id: VAT_AMOUNTS,
		extra_amounts_per_vat_id: VAT_AMOUNTS,
		sub_items: arr(SUB_ITEM, 1),
	},
	['number', 'quantity', 'price_per_unit'],
);

const LINE = obj(
	{
		business_case: BUSINESS_CASE,
		lineitem_export_id: str(1, 50),
		storno: bool,
		text: str(0, 255),
		in_house: bool,
		voucher_id: str(1, 50),
		references: REFERENCES,
		item: ITEM,
	},
	['business_case', 'lineitem_export_id', 'storno', 'text', 'item'],
);

const TSE_TIME = str(24, 24, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const SECURITY: Schema = {
	t: 'variant',
	expected: 'tss_tx_id, error_message, or the fields of an external TSS',
	pick: (value) => {
		if (value.tss_tx_id !== undefined) return obj({ tss_tx_id: uuid }, ['tss_tx_id']);
		if (value.tx_number !== undefined || value.signature !== undefined)
			return obj(
				{
					tx_number: str(1, undefined, /^\d+$/),
					tx_start: TSE_TIME,
					tx_end: TSE_TIME,
					process_type: oneOfValues(['Kassenbeleg-V1', 'Bestellung-V1', 'SonstigerVorgang']),
					process_data: str(0),
					signature_counter: str(1, undefined, /^\d+$/),
					signature: str(1, 512, /^[A-Za-z0-9+/]*={0,2}$/),
					error_message: str(1, 200),
				},
				['tx_number', 'tx_start', 'tx_end', 'signature_counter', 'signature'],
			);
		if (value.error_message !== undefined)
			return obj({ error_message: str(1, 200) }, ['error_message']);
		return undefined;
	},
};

const TRANSACTION = obj(
	{
		head: obj(
			{
				tx_id: uuid,
				transaction_export_id: str(1, 40),
				closing_client_id: uuid,
				type: oneOfValues(TRANSACTION_TYPES),
				name: str(1, 60),
				storno: bool,
				number: int(0),
				timestamp_start: UNIX,
				timestamp_end: UNIX,
				user: obj({ user_export_id: str(1, 50), name: str(1, 50) }, ['user_export_id']),
				buyer: obj(
					{
						name: str(1, 50),
						buyer_export_id: str(1, 50),
						type: oneOfValues(['Kunde', 'Mitarbeiter']),
						address: ADDRESS,
						vat_id_number: VAT_ID_NUMBER,
					},
					['name', 'buyer_export_id', 'type'],
				),
				references: REFERENCES,
				allocation_groups: arr(str(1, 50)),
			},
			[
				'tx_id',
				'transaction_export_id',
				'closing_client_id',
				'type',
				'storno',
				'number',
				'timestamp_start',
				'timestamp_end',
				'user',
				'buyer',
			],
		),
		data: obj(
			{
				full_amount_incl_vat: AMOUNT,
				payment_types: arr(PAYMENT_TYPE_ITEM),
				amounts_per_vat_id: vatAmounts(dec(5, '9999999999.99')),
				notes: str(1, 255),
				lines: arr(LINE),
			},
			['full_amount_incl_vat', 'payment_types', 'amounts_per_vat_id', 'lines'],
		),
		security: SECURITY,
	},
	['head', 'data', 'security'],
);

export const CLOSING_BODY = obj(
	{
		client_id: uuid,
		cash_point_closing_export_id: int(0),
		head: obj(
			{
				export_creation_date: UNIX,
				first_transaction_export_id: nullable(str(1, 40)),
				last_transaction_export_id: nullable(str(1, 40)),
				business_date: BUSINESS_DATE,
			},
			['export_creation_date', 'first_transaction_export_id', 'last_transaction_export_id'],
		),
		cash_statement: obj(
			{
				business_cases: arr(BUSINESS_CASE),
				payment: obj(
					{
						full_amount: AMOUNT,
						cash_amount: AMOUNT,
						cash_amounts_by_currency: arr(
							obj({ currency_code: CURRENCY, amount: AMOUNT }, ['currency_code', 'amount']),
						),
						payment_types: arr(PAYMENT_TYPE_ITEM),
					},
					['full_amount', 'cash_amount', 'cash_amounts_by_currency', 'payment_types'],
				),
			},
			['business_cases', 'payment'],
		),
		transactions: arr(TRANSACTION),
		sign_api_version: int(1, 2),
	},
	['client_id', 'cash_point_closing_export_id', 'head', 'cash_statement', 'transactions'],
);

const EXTERNAL_TSS_MASTER = obj(
	{
		type: oneOfValues(['MASTER']),
		serial_number: str(1, 68, /^[0-9a-fA-F]+$/),
		signature_algorithm: str(1, 21),
		signature_timestamp_format: oneOfValues([
			'unixTime',
			'utcTime',
			'utcTimeWithSeconds',
			'generalizedTime',
			'generalizedTimeWithMilliseconds',
		]),
		transaction_data_encoding: oneOfValues(['UTF-8', 'ASCII']),
		public_key: str(1, 512),
		certificate: str(1),
	},
	[
		'type',
		'serial_number',
		'signature_algorithm',
		'signature_timestamp_format',
		'transaction_data_encoding',
		'public_key',
		'certificate',
	],
);
const CASH_REGISTER_TYPE: Schema = {
	t: 'variant',
	expected: 'MASTER with tss_id, MASTER with an external TSS, SLAVE_WITHOUT_TSS or SLAVE_WITH_TSS',
	pick: (value) => {
		if (value.type === 'MASTER')
			return value.tss_id !== undefined
				? obj({ tss_id: uuid }, ['type', 'tss_id'])
				: EXTERNAL_TSS_MASTER;
		if (value.type === 'SLAVE_WITHOUT_TSS')
			return obj({ master_client_id: uuid }, ['type', 'master_client_id']);
		if (value.type === 'SLAVE_WITH_TSS')
			return obj({ master_client_id: uuid, tss_id: uuid }, ['type', 'master_client_id', 'tss_id']);
		return undefined;
	},
};
export const CASH_REGISTER_BODY = obj(
	{
		cash_register_type: CASH_REGISTER_TYPE,
		brand: str(1, 50),
		model: str(1, 50),
		software: {
			t: 'object',
			props: { brand: str(1, 50), version: str(1, 50) },
			atLeastOne: ['brand', 'version'],
		},
		base_currency_code: CURRENCY,
		processing_flags: obj({ UmsatzsteuerNichtErmittelbar: bool }),
		sign_api_version: int(1, 2),
	},
	['cash_register_type', 'brand', 'model', 'software', 'base_currency_code'],
);

export const VAT_DEFINITION_BODY = obj(
	{ percentage: { t: 'decimal', decimals: 5, max: '100', min: '0' }, description: str(1, 55) },
	['percentage'],
);

export const PURCHASER_AGENCY_BODY = obj(
	{
		name: str(1, 60),
		address: obj(
			{ street: str(1, 60), postal_code: str(1, 10), city: str(1, 62), country_code: COUNTRY },
			['street', 'postal_code', 'city', 'country_code'],
		),
		tax_number: str(1, 20),
		vat_id_number: VAT_ID_NUMBER,
		purchaser_agency_export_id: int(0, 9999999999),
		client_id: uuid,
	},
	['name', 'address', 'tax_number', 'purchaser_agency_export_id', 'client_id'],
);

export const EXPORT_BODY = obj(
	{
		start_date: UNIX,
		end_date: UNIX,
		client_id: uuid,
		format: oneOfValues(['tar', 'zip']),
		business_date_start: BUSINESS_DATE,
		business_date_end: BUSINESS_DATE,
		sign_api_version: int(1, 2),
	},
	['start_date', 'end_date'],
);
