/**
 * The 20 tables of a fiskaly DSFinV-K export and their columns in the order of the official
 * index.xml (REFERENCE §9.3): A = AlphaNumeric with its MaxLength, N = Numeric with its decimals;
 * M = mandatory (Anhang G). Pure data.
 */

export interface ColumnSpec {
	name: string;
	/** Decimals of a Numeric column; undefined for AlphaNumeric. */
	accuracy?: number;
	/** MaxLength of an AlphaNumeric column. */
	maxLength?: number;
	mandatory: boolean;
}

export interface TableSpec {
	file: string;
	/** The logical name index.xml gives the table (GDPdU `Name`). */
	name: string;
	columns: ColumnSpec[];
	/** Columns fiskaly writes after the official ones (TSE_ZERTIFIKAT_III…V, REFERENCE §9.3). */
	optionalTrailing?: string[];
}

function column(definition: string): ColumnSpec {
	const [name, type, flag] = definition.split(':');
	const size = Number(type.slice(1));
	return type.startsWith('N')
		? { name, accuracy: size, mandatory: flag === 'M' }
		: { name, maxLength: size, mandatory: flag === 'M' };
}

const CLOSING_KEY = ['Z_KASSE_ID:A50:M', 'Z_ERSTELLUNG:A30:M', 'Z_NR:N0:M'];
const BON_KEY = [...CLOSING_KEY, 'BON_ID:A40:M'];

function table(file: string, name: string, prefix: string[], columns: string): TableSpec {
	return { file, name, columns: [...prefix, ...columns.split(' ')].map(column) };
}

export const TABLES: TableSpec[] = [
	table(
		'cashpointclosing.csv',
		'Stamm_Abschluss',
		CLOSING_KEY,
		'Z_BUCHUNGSTAG:A25 TAXONOMIE_VERSION:A10:M Z_START_ID:A40:M Z_ENDE_ID:A40:M NAME:A60:M STRASSE:A60:M PLZ:A10:M ORT:A62:M LAND:A3:M STNR:A20 USTID:A15 Z_SE_ZAHLUNGEN:N2:M Z_SE_BARZAHLUNGEN:N2:M',
	),
	table(
		'location.csv',
		'Stamm_Orte',
		CLOSING_KEY,
		'LOC_NAME:A60:M LOC_STRASSE:A60:M LOC_PLZ:A10:M LOC_ORT:A62:M LOC_LAND:A3:M LOC_USTID:A15',
	),
	table(
		'cashregister.csv',
		'Stamm_Kassen',
		CLOSING_KEY,
		'KASSE_BRAND:A50 KASSE_MODELL:A50 KASSE_SERIENNR:A70:M KASSE_SW_BRAND:A50 KASSE_SW_VERSION:A50 KASSE_BASISWAEH_CODE:A3:M KEINE_UST_ZUORDNUNG:A1',
	),
	table(
		'slaves.csv',
		'Stamm_Terminals',
		CLOSING_KEY,
		'TERMINAL_ID:A50:M TERMINAL_BRAND:A50 TERMINAL_MODELL:A50 TERMINAL_SERIENNR:A70:M TERMINAL_SW_BRAND:A50 TERMINAL_SW_VERSION:A50',
	),
	table(
		'pa.csv',
		'Stamm_Agenturen',
		CLOSING_KEY,
		'AGENTUR_ID:N0:M AGENTUR_NAME:A60:M AGENTUR_STRASSE:A60:M AGENTUR_PLZ:A10:M AGENTUR_ORT:A62:M AGENTUR_LAND:A3:M AGENTUR_STNR:A20 AGENTUR_USTID:A15',
	),
	{
		// [INFERRED] TSE_ZERTIFIKAT_II is left empty when the certificate fits into part I.
		...table(
			'tse.csv',
			'Stamm_TSE',
			CLOSING_KEY,
			'TSE_ID:N0:M TSE_SERIAL:A68:M TSE_SIG_ALGO:A21:M TSE_ZEITFORMAT:A31:M TSE_PD_ENCODING:A5:M TSE_PUBLIC_KEY:A512:M TSE_ZERTIFIKAT_I:A1000:M TSE_ZERTIFIKAT_II:A1000',
		),
		optionalTrailing: ['TSE_ZERTIFIKAT_III', 'TSE_ZERTIFIKAT_IV', 'TSE_ZERTIFIKAT_V'],
	},
	table('vat.csv', 'Stamm_USt', CLOSING_KEY, 'UST_SCHLUESSEL:N0:M UST_SATZ:N2:M UST_BESCHR:A55:M'),
	table(
		'businesscases.csv',
		'Z_GV_Typ',
		CLOSING_KEY,
		'GV_TYP:A30:M GV_NAME:A40 AGENTUR_ID:N0 UST_SCHLUESSEL:N0:M Z_UMS_BRUTTO:N5:M Z_UMS_NETTO:N5:M Z_UST:N5:M',
	),
	table(
		'payment.csv',
		'Z_Zahlart',
		CLOSING_KEY,
		'ZAHLART_TYP:A25:M ZAHLART_NAME:A60 Z_ZAHLART_BETRAG:N2:M',
	),
	table(
		'cash_per_currency.csv',
		'Z_Waehrungen',
		CLOSING_KEY,
		'ZAHLART_WAEH:A3:M ZAHLART_BETRAG_WAEH:N2:M',
	),
	table(
		'transactions.csv',
		'Bonkopf',
		BON_KEY,
		'BON_NR:N0:M BON_TYP:A30:M BON_NAME:A60 TERMINAL_ID:A50 BON_STORNO:A1 BON_START:A30:M BON_ENDE:A30:M BEDIENER_ID:A50:M BEDIENER_NAME:A50 UMS_BRUTTO:N2:M KUNDE_NAME:A50:M KUNDE_ID:A50:M KUNDE_TYP:A50:M KUNDE_STRASSE:A60 KUNDE_PLZ:A10 KUNDE_ORT:A62 KUNDE_LAND:A3 KUNDE_USTID:A15 BON_NOTIZ:A255',
	),
	table(
		'datapayment.csv',
		'Bonkopf_Zahlarten',
		BON_KEY,
		'ZAHLART_TYP:A25:M ZAHLART_NAME:A60 ZAHLWAEH_CODE:A3:M ZAHLWAEH_BETRAG:N2 BASISWAEH_BETRAG:N2:M',
	),
	table(
		'lines.csv',
		'Bonpos',
		BON_KEY,
		'POS_ZEILE:A50:M GUTSCHEIN_NR:A50 ARTIKELTEXT:A255:M POS_TERMINAL_ID:A50 GV_TYP:A30:M GV_NAME:A40 INHAUS:A1 P_STORNO:A1 AGENTUR_ID:N0 ART_NR:A50 GTIN:A50 WARENGR_ID:A40 WARENGR:A50 MENGE:N3 FAKTOR:N3 EINHEIT:A50 STK_BR:N5',
	),
	table(
		'itemamounts.csv',
		'Bonpos_Preisfindung',
		BON_KEY,
		'POS_ZEILE:A50:M TYP:A20:M UST_SCHLUESSEL:N0:M PF_BRUTTO:N5:M PF_NETTO:N5:M PF_UST:N5:M',
	),
	table(
		'subitems.csv',
		'Bonpos_Zusatzinfo',
		BON_KEY,
		'POS_ZEILE:A50:M ZI_ART_NR:A50:M ZI_GTIN:A50 ZI_NAME:A60 ZI_WARENGR_ID:A40 ZI_WARENGR:A50 ZI_MENGE:N3:M ZI_FAKTOR:N3 ZI_EINHEIT:A50 ZI_UST_SCHLUESSEL:N0:M ZI_BASISPREIS_BRUTTO:N5 ZI_BASISPREIS_NETTO:N5 ZI_BASISPREIS_UST:N5',
	),
	table(
		'transactions_tse.csv',
		'TSE_Transaktionen',
		BON_KEY,
		'TSE_ID:N0:M TSE_TANR:N0:M TSE_TA_START:A30:M TSE_TA_ENDE:A30:M TSE_TA_VORGANGSART:A30:M TSE_TA_SIGZ:N0:M TSE_TA_SIG:A512:M TSE_TA_FEHLER:A200 TSE_VORGANGSDATEN:A1000',
	),
	table(
		'transactions_vat.csv',
		'Bonkopf_USt',
		BON_KEY,
		'UST_SCHLUESSEL:N0:M BON_BRUTTO:N5:M BON_NETTO:N5:M BON_UST:N5:M',
	),
	table(
		'lines_vat.csv',
		'Bonpos_USt',
		BON_KEY,
		'POS_ZEILE:A50:M UST_SCHLUESSEL:N0:M POS_BRUTTO:N5:M POS_NETTO:N5:M POS_UST:N5:M',
	),
	table('allocation_groups.csv', 'Bonkopf_AbrKreis', BON_KEY, 'ABRECHNUNGSKREIS:A50'),
	table(
		'references.csv',
		'Bon_Referenzen',
		BON_KEY,
		'POS_ZEILE:A50 REF_TYP:A20:M REF_NAME:A40 REF_DATUM:A30 REF_Z_KASSE_ID:A50 REF_Z_NR:N0 REF_BON_ID:A40:M',
	),
];

export const TABLE_BY_FILE = new Map(TABLES.map((spec) => [spec.file, spec]));

/**
 * Columns of the TSE table that a TSE failure leaves empty: the row then carries TSE_TA_FEHLER
 * instead of a signature (REFERENCE §6.5 security.error_message). [INFERRED]
 */
export const SIGNATURE_COLUMNS = new Set([
	'TSE_TANR',
	'TSE_TA_START',
	'TSE_TA_ENDE',
	'TSE_TA_VORGANGSART',
	'TSE_TA_SIGZ',
	'TSE_TA_SIG',
]);
