// The 20 tables of a DSFinV-K export in the order of the official index.xml, with their columns, types
// and widths (REFERENCE §9.3: A = AlphaNumeric with MaxLength, N = Numeric with Accuracy decimals).
// Every table starts with Z_KASSE_ID, Z_ERSTELLUNG, Z_NR.

export interface Column {
	name: string;
	kind: 'A' | 'N';
	/** MaxLength for A, Accuracy (decimals) for N. */
	size: number;
}

export interface Table {
	file: string;
	/** Logical name in index.xml. */
	name: string;
	description: string;
	columns: Column[];
}

const COMMON = 'Z_KASSE_ID:A50 Z_ERSTELLUNG:A30 Z_NR:N0';

function table(file: string, name: string, description: string, columns: string): Table {
	return {
		file,
		name,
		description,
		columns: `${COMMON} ${columns}`.split(/\s+/).map((spec) => {
			const [columnName, type] = spec.split(':');
			return { name: columnName, kind: type[0] as 'A' | 'N', size: Number(type.slice(1)) };
		}),
	};
}

export const TABLES: readonly Table[] = [
	table(
		'cashpointclosing.csv',
		'Stamm_Abschluss',
		'Stammdaten Kassenabschluss',
		'Z_BUCHUNGSTAG:A25 TAXONOMIE_VERSION:A10 Z_START_ID:A40 Z_ENDE_ID:A40 NAME:A60 STRASSE:A60 PLZ:A10 ORT:A62 LAND:A3 STNR:A20 USTID:A15 Z_SE_ZAHLUNGEN:N2 Z_SE_BARZAHLUNGEN:N2',
	),
	table(
		'location.csv',
		'Stamm_Orte',
		'Stammdaten Verkaufsort',
		'LOC_NAME:A60 LOC_STRASSE:A60 LOC_PLZ:A10 LOC_ORT:A62 LOC_LAND:A3 LOC_USTID:A15',
	),
	table(
		'cashregister.csv',
		'Stamm_Kassen',
		'Stammdaten Kasse',
		'KASSE_BRAND:A50 KASSE_MODELL:A50 KASSE_SERIENNR:A70 KASSE_SW_BRAND:A50 KASSE_SW_VERSION:A50 KASSE_BASISWAEH_CODE:A3 KEINE_UST_ZUORDNUNG:A1',
	),
	table(
		'slaves.csv',
		'Stamm_Terminals',
		'Stammdaten Terminals',
		'TERMINAL_ID:A50 TERMINAL_BRAND:A50 TERMINAL_MODELL:A50 TERMINAL_SERIENNR:A70 TERMINAL_SW_BRAND:A50 TERMINAL_SW_VERSION:A50',
	),
	table(
		'pa.csv',
		'Stamm_Agenturen',
		'Stammdaten Agenturen',
		'AGENTUR_ID:N0 AGENTUR_NAME:A60 AGENTUR_STRASSE:A60 AGENTUR_PLZ:A10 AGENTUR_ORT:A62 AGENTUR_LAND:A3 AGENTUR_STNR:A20 AGENTUR_USTID:A15',
	),
	table(
		'tse.csv',
		'Stamm_TSE',
		'Stammdaten TSE',
		'TSE_ID:N0 TSE_SERIAL:A68 TSE_SIG_ALGO:A21 TSE_ZEITFORMAT:A31 TSE_PD_ENCODING:A5 TSE_PUBLIC_KEY:A512 TSE_ZERTIFIKAT_I:A1000 TSE_ZERTIFIKAT_II:A1000',
	),
	table(
		'vat.csv',
		'Stamm_USt',
		'Stammdaten Umsatzsteuer',
		'UST_SCHLUESSEL:N0 UST_SATZ:N2 UST_BESCHR:A55',
	),
	table(
		'businesscases.csv',
		'Z_GV_Typ',
		'Kassenabschluss Geschäftsvorfalltypen',
		'GV_TYP:A30 GV_NAME:A40 AGENTUR_ID:N0 UST_SCHLUESSEL:N0 Z_UMS_BRUTTO:N5 Z_UMS_NETTO:N5 Z_UST:N5',
	),
	table(
		'payment.csv',
		'Z_Zahlart',
		'Kassenabschluss Zahlarten',
		'ZAHLART_TYP:A25 ZAHLART_NAME:A60 Z_ZAHLART_BETRAG:N2',
	),
	table(
		'cash_per_currency.csv',
		'Z_Waehrungen',
		'Kassenabschluss Bargeld je Währung',
		'ZAHLART_WAEH:A3 ZAHLART_BETRAG_WAEH:N2',
	),
	table(
		'transactions.csv',
		'Bonkopf',
		'Bonkopf',
		'BON_ID:A40 BON_NR:N0 BON_TYP:A30 BON_NAME:A60 TERMINAL_ID:A50 BON_STORNO:A1 BON_START:A30 BON_ENDE:A30 BEDIENER_ID:A50 BEDIENER_NAME:A50 UMS_BRUTTO:N2 KUNDE_NAME:A50 KUNDE_ID:A50 KUNDE_TYP:A50 KUNDE_STRASSE:A60 KUNDE_PLZ:A10 KUNDE_ORT:A62 KUNDE_LAND:A3 KUNDE_USTID:A15 BON_NOTIZ:A255',
	),
	table(
		'datapayment.csv',
		'Bonkopf_Zahlarten',
		'Bonkopf Zahlarten',
		'BON_ID:A40 ZAHLART_TYP:A25 ZAHLART_NAME:A60 ZAHLWAEH_CODE:A3 ZAHLWAEH_BETRAG:N2 BASISWAEH_BETRAG:N2',
	),
	table(
		'lines.csv',
		'Bonpos',
		'Bonpositionen',
		'BON_ID:A40 POS_ZEILE:A50 GUTSCHEIN_NR:A50 ARTIKELTEXT:A255 POS_TERMINAL_ID:A50 GV_TYP:A30 GV_NAME:A40 INHAUS:A1 P_STORNO:A1 AGENTUR_ID:N0 ART_NR:A50 GTIN:A50 WARENGR_ID:A40 WARENGR:A50 MENGE:N3 FAKTOR:N3 EINHEIT:A50 STK_BR:N5',
	),
	table(
		'itemamounts.csv',
		'Bonpos_Preisfindung',
		'Bonpositionen Preisfindung',
		'BON_ID:A40 POS_ZEILE:A50 TYP:A20 UST_SCHLUESSEL:N0 PF_BRUTTO:N5 PF_NETTO:N5 PF_UST:N5',
	),
	table(
		'subitems.csv',
		'Bonpos_Zusatzinfo',
		'Bonpositionen Zusatzinformationen',
		'BON_ID:A40 POS_ZEILE:A50 ZI_ART_NR:A50 ZI_GTIN:A50 ZI_NAME:A60 ZI_WARENGR_ID:A40 ZI_WARENGR:A50 ZI_MENGE:N3 ZI_FAKTOR:N3 ZI_EINHEIT:A50 ZI_UST_SCHLUESSEL:N0 ZI_BASISPREIS_BRUTTO:N5 ZI_BASISPREIS_NETTO:N5 ZI_BASISPREIS_UST:N5',
	),
	table(
		'transactions_tse.csv',
		'TSE_Transaktionen',
		'TSE Transaktionen',
		'BON_ID:A40 TSE_ID:N0 TSE_TANR:N0 TSE_TA_START:A30 TSE_TA_ENDE:A30 TSE_TA_VORGANGSART:A30 TSE_TA_SIGZ:N0 TSE_TA_SIG:A512 TSE_TA_FEHLER:A200 TSE_VORGANGSDATEN:A1000',
	),
	table(
		'transactions_vat.csv',
		'Bonkopf_USt',
		'Bonkopf Umsatzsteuer',
		'BON_ID:A40 UST_SCHLUESSEL:N0 BON_BRUTTO:N5 BON_NETTO:N5 BON_UST:N5',
	),
	table(
		'lines_vat.csv',
		'Bonpos_USt',
		'Bonpositionen Umsatzsteuer',
		'BON_ID:A40 POS_ZEILE:A50 UST_SCHLUESSEL:N0 POS_BRUTTO:N5 POS_NETTO:N5 POS_UST:N5',
	),
	table(
		'allocation_groups.csv',
		'Bonkopf_AbrKreis',
		'Bonkopf Abrechnungskreis',
		'BON_ID:A40 ABRECHNUNGSKREIS:A50',
	),
	table(
		'references.csv',
		'Bon_Referenzen',
		'Bon Referenzen',
		'BON_ID:A40 POS_ZEILE:A50 REF_TYP:A20 REF_NAME:A40 REF_DATUM:A30 REF_Z_KASSE_ID:A50 REF_Z_NR:N0 REF_BON_ID:A40',
	),
];
