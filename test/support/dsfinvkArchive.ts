// The worked example of the DSFinV-K REFERENCE §10 as an export archive, written by hand from §9.2,
// §9.3 and §10.3 (not with the node's or the simulator's code), plus TAR/ZIP writers and the edits
// the tamper tests make. Signatures are real: a P-256 key of the test signs TR-03151 Finish logs
// built by the tests' own TR-03151 code.
import * as crypto from 'crypto';
import { deflateRawSync } from 'zlib';

import { buildTar } from '../../simulator/core/tar';
import { transactionDtbs } from './tr03151';

export type ArchiveFiles = Map<string, Buffer>;

/** Columns per table, REFERENCE §9.3 (common prefix first). */
const PREFIX = 'Z_KASSE_ID;Z_ERSTELLUNG;Z_NR';
const BON = `${PREFIX};BON_ID`;
export const HEADERS: Record<string, string> = {
	'cashpointclosing.csv': `${PREFIX};Z_BUCHUNGSTAG;TAXONOMIE_VERSION;Z_START_ID;Z_ENDE_ID;NAME;STRASSE;PLZ;ORT;LAND;STNR;USTID;Z_SE_ZAHLUNGEN;Z_SE_BARZAHLUNGEN`,
	'location.csv': `${PREFIX};LOC_NAME;LOC_STRASSE;LOC_PLZ;LOC_ORT;LOC_LAND;LOC_USTID`,
	'cashregister.csv': `${PREFIX};KASSE_BRAND;KASSE_MODELL;KASSE_SERIENNR;KASSE_SW_BRAND;KASSE_SW_VERSION;KASSE_BASISWAEH_CODE;KEINE_UST_ZUORDNUNG`,
	'slaves.csv': `${PREFIX};TERMINAL_ID;TERMINAL_BRAND;TERMINAL_MODELL;TERMINAL_SERIENNR;TERMINAL_SW_BRAND;TERMINAL_SW_VERSION`,
	'pa.csv': `${PREFIX};AGENTUR_ID;AGENTUR_NAME;AGENTUR_STRASSE;AGENTUR_PLZ;AGENTUR_ORT;AGENTUR_LAND;AGENTUR_STNR;AGENTUR_USTID`,
	'tse.csv': `${PREFIX};TSE_ID;TSE_SERIAL;TSE_SIG_ALGO;TSE_ZEITFORMAT;TSE_PD_ENCODING;TSE_PUBLIC_KEY;TSE_ZERTIFIKAT_I;TSE_ZERTIFIKAT_II`,
	'vat.csv': `${PREFIX};UST_SCHLUESSEL;UST_SATZ;UST_BESCHR`,
	'businesscases.csv': `${PREFIX};GV_TYP;GV_NAME;AGENTUR_ID;UST_SCHLUESSEL;Z_UMS_BRUTTO;Z_UMS_NETTO;Z_UST`,
	'payment.csv': `${PREFIX};ZAHLART_TYP;ZAHLART_NAME;Z_ZAHLART_BETRAG`,
	'cash_per_currency.csv': `${PREFIX};ZAHLART_WAEH;ZAHLART_BETRAG_WAEH`,
	'transactions.csv': `${BON};BON_NR;BON_TYP;BON_NAME;TERMINAL_ID;BON_STORNO;BON_START;BON_ENDE;BEDIENER_ID;BEDIENER_NAME;UMS_BRUTTO;KUNDE_NAME;KUNDE_ID;KUNDE_TYP;KUNDE_STRASSE;KUNDE_PLZ;KUNDE_ORT;KUNDE_LAND;KUNDE_USTID;BON_NOTIZ`,
	'datapayment.csv': `${BON};ZAHLART_TYP;ZAHLART_NAME;ZAHLWAEH_CODE;ZAHLWAEH_BETRAG;BASISWAEH_BETRAG`,
	'lines.csv': `${BON};POS_ZEILE;GUTSCHEIN_NR;ARTIKELTEXT;POS_TERMINAL_ID;GV_TYP;GV_NAME;INHAUS;P_STORNO;AGENTUR_ID;ART_NR;GTIN;WARENGR_ID;WARENGR;MENGE;FAKTOR;EINHEIT;STK_BR`,
	'itemamounts.csv': `${BON};POS_ZEILE;TYP;UST_SCHLUESSEL;PF_BRUTTO;PF_NETTO;PF_UST`,
	'subitems.csv': `${BON};POS_ZEILE;ZI_ART_NR;ZI_GTIN;ZI_NAME;ZI_WARENGR_ID;ZI_WARENGR;ZI_MENGE;ZI_FAKTOR;ZI_EINHEIT;ZI_UST_SCHLUESSEL;ZI_BASISPREIS_BRUTTO;ZI_BASISPREIS_NETTO;ZI_BASISPREIS_UST`,
	'transactions_tse.csv': `${BON};TSE_ID;TSE_TANR;TSE_TA_START;TSE_TA_ENDE;TSE_TA_VORGANGSART;TSE_TA_SIGZ;TSE_TA_SIG;TSE_TA_FEHLER;TSE_VORGANGSDATEN`,
	'transactions_vat.csv': `${BON};UST_SCHLUESSEL;BON_BRUTTO;BON_NETTO;BON_UST`,
	'lines_vat.csv': `${BON};POS_ZEILE;UST_SCHLUESSEL;POS_BRUTTO;POS_NETTO;POS_UST`,
	'allocation_groups.csv': `${BON};ABRECHNUNGSKREIS`,
	'references.csv': `${BON};POS_ZEILE;REF_TYP;REF_NAME;REF_DATUM;REF_Z_KASSE_ID;REF_Z_NR;REF_BON_ID`,
};

/** Numeric columns and their decimals (REFERENCE §9.3); every other column is AlphaNumeric. */
const NUMERIC: Record<string, number> = {
	Z_NR: 0,
	Z_SE_ZAHLUNGEN: 2,
	Z_SE_BARZAHLUNGEN: 2,
	AGENTUR_ID: 0,
	TSE_ID: 0,
	UST_SCHLUESSEL: 0,
	UST_SATZ: 2,
	Z_UMS_BRUTTO: 5,
	Z_UMS_NETTO: 5,
	Z_UST: 5,
	Z_ZAHLART_BETRAG: 2,
	ZAHLART_BETRAG_WAEH: 2,
	BON_NR: 0,
	UMS_BRUTTO: 2,
	ZAHLWAEH_BETRAG: 2,
	BASISWAEH_BETRAG: 2,
	MENGE: 3,
	FAKTOR: 3,
	STK_BR: 5,
	PF_BRUTTO: 5,
	PF_NETTO: 5,
	PF_UST: 5,
	ZI_MENGE: 3,
	ZI_FAKTOR: 3,
	ZI_UST_SCHLUESSEL: 0,
	ZI_BASISPREIS_BRUTTO: 5,
	ZI_BASISPREIS_NETTO: 5,
	ZI_BASISPREIS_UST: 5,
	TSE_TANR: 0,
	TSE_TA_SIGZ: 0,
	BON_BRUTTO: 5,
	BON_NETTO: 5,
	BON_UST: 5,
	POS_BRUTTO: 5,
	POS_NETTO: 5,
	POS_UST: 5,
	REF_Z_NR: 0,
};
const NAMES: Record<string, string> = {
	'cashpointclosing.csv': 'Stamm_Abschluss',
	'location.csv': 'Stamm_Orte',
	'cashregister.csv': 'Stamm_Kassen',
	'slaves.csv': 'Stamm_Terminals',
	'pa.csv': 'Stamm_Agenturen',
	'tse.csv': 'Stamm_TSE',
	'vat.csv': 'Stamm_USt',
	'businesscases.csv': 'Z_GV_Typ',
	'payment.csv': 'Z_Zahlart',
	'cash_per_currency.csv': 'Z_Waehrungen',
	'transactions.csv': 'Bonkopf',
	'datapayment.csv': 'Bonkopf_Zahlarten',
	'lines.csv': 'Bonpos',
	'itemamounts.csv': 'Bonpos_Preisfindung',
	'subitems.csv': 'Bonpos_Zusatzinfo',
	'transactions_tse.csv': 'TSE_Transaktionen',
	'transactions_vat.csv': 'Bonkopf_USt',
	'lines_vat.csv': 'Bonpos_USt',
	'allocation_groups.csv': 'Bonkopf_AbrKreis',
	'references.csv': 'Bon_Referenzen',
};

/** index.xml per REFERENCE §9.4 for the tables given (their headers as written). */
export function indexXml(headers: Record<string, string>): Buffer {
	const column = (name: string) =>
		name in NUMERIC
			? `<VariableColumn><Name>${name}</Name>${NUMERIC[name] === 0 ? '<Numeric />' : `<Numeric><Accuracy>${NUMERIC[name]}</Accuracy></Numeric>`}</VariableColumn>`
			: `<VariableColumn><Name>${name}</Name><AlphaNumeric /></VariableColumn>`;
	const tables = Object.entries(headers).map(
		([file, header]) =>
			`<Table><URL>${file}</URL><Name>${NAMES[file] ?? file}</Name><Description /><UTF8 /><DecimalSymbol>,</DecimalSymbol><DigitGroupingSymbol>.</DigitGroupingSymbol><Range><From>2</From></Range><VariableLength><ColumnDelimiter>;</ColumnDelimiter><RecordDelimiter>&#xD;&#xA;</RecordDelimiter><TextEncapsulator>"</TextEncapsulator>${header.split(';').map(column).join('')}</VariableLength></Table>`,
	);
	const xml = `<?xml version="1.0" encoding="UTF-8"?>\r\n<!DOCTYPE DataSet SYSTEM "gdpdu-01-09-2004.dtd">\r\n<DataSet><Version>1.0</Version><DataSupplier><Name>ACME GmbH</Name><Location>Berlin</Location><Comment /></DataSupplier><Media><Name>DSFinV-K</Name>${tables.join('\r\n')}</Media></DataSet>\r\n`;
	return Buffer.from(`\uFEFF${xml}`, 'utf8');
}

export function csv(file: string, rows: string[]): Buffer {
	return Buffer.from([HEADERS[file], ...rows].map((row) => `${row}\r\n`).join(''), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// The worked example (REFERENCE §10)

export const REGISTER = 'a1b2c3d4-0000-4000-8000-00000000c001';
export const CLIENT_SERIAL = 'ACME-TILL-1';
const CLOSING = `${REGISTER};2024-03-15T23:05:00;42`;

export interface Tse {
	privateKey: crypto.KeyObject;
	publicKey: string;
	serial: string;
}

export function newTse(): Tse {
	const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const jwk = publicKey.export({ format: 'jwk' });
	const point = Buffer.concat([
		Buffer.from([4]),
		Buffer.from(jwk.x as string, 'base64url'),
		Buffer.from(jwk.y as string, 'base64url'),
	]);
	return {
		privateKey,
		publicKey: point.toString('base64'),
		serial: crypto.createHash('sha256').update(point).digest('hex'),
	};
}

/** A Finish log signature, ecdsa-plain-SHA256 over the tests' own TR-03151 encoding. */
export function signFinish(
	tse: Tse,
	log: {
		number: number;
		counter: number;
		logTime: number;
		processData: string;
		processType?: string;
	},
): string {
	const dtbs = transactionDtbs({
		operationType: 'FinishTransaction',
		clientSerialNumber: CLIENT_SERIAL,
		processData: Buffer.from(log.processData, 'utf8'),
		processType: log.processType ?? 'Kassenbeleg-V1',
		transactionNumber: log.number,
		tssSerialNumberHex: tse.serial,
		signatureCounter: log.counter,
		logTimeUnix: log.logTime,
	});
	return crypto
		.sign('sha256', dtbs, { key: tse.privateKey, dsaEncoding: 'ieee-p1363' })
		.toString('base64');
}

const iso = (unix: number) => new Date(unix * 1000).toISOString();

export function workedExample(tse: Tse = newTse()): ArchiveFiles {
	const receipts = [
		{
			id: '1001',
			number: 1,
			counter: 101,
			start: 1710522130,
			end: 1710522161,
			data: 'Beleg^11.90_0.00_0.00_0.00_0.00^11.90:Bar',
		},
		{
			id: '1002',
			number: 2,
			counter: 102,
			start: 1710523805,
			end: 1710523852,
			data: 'Beleg^0.00_10.70_0.00_0.00_0.00^10.70:Unbar',
		},
	];
	const tseRows = receipts.map(
		(r) =>
			`${CLOSING};${r.id};1;${r.number};${iso(r.start)};${iso(r.end)};Kassenbeleg-V1;${r.counter};${signFinish(tse, { number: r.number, counter: r.counter, logTime: r.end, processData: r.data })};;${r.data}`,
	);
	const tables: Record<string, string[]> = {
		'cashpointclosing.csv': [
			`${CLOSING};2024-03-15;2.1.1;1001;1002;ACME GmbH;Hauptstr. 1;10115;Berlin;DEU;27/123/45678;DE123456789;22,60;11,90`,
		],
		'location.csv': [`${CLOSING};ACME Laden;Hauptstr. 1;10115;Berlin;DEU;DE123456789`],
		'cashregister.csv': [`${CLOSING};ACME;Till 1;${CLIENT_SERIAL};ACME POS;3.2.0;EUR;0`],
		'slaves.csv': [],
		'pa.csv': [],
		'tse.csv': [
			`${CLOSING};1;${tse.serial};ecdsa-plain-SHA256;unixTime;UTF-8;${tse.publicKey};MIIBcertificatepartone;`,
		],
		'vat.csv': [`${CLOSING};1;19,00;Regelsteuersatz`, `${CLOSING};2;7,00;Ermäßigter Steuersatz`],
		'businesscases.csv': [
			`${CLOSING};Umsatz;;;1;11,90000;10,00000;1,90000`,
			`${CLOSING};Umsatz;;;2;10,70000;10,00000;0,70000`,
		],
		'payment.csv': [`${CLOSING};Bar;;11,90`, `${CLOSING};ECKarte;;10,70`],
		'cash_per_currency.csv': [`${CLOSING};EUR;11,90`],
		'transactions.csv': [
			`${CLOSING};1001;1;Beleg;;;0;2024-03-15T18:02:10;2024-03-15T18:02:41;7;Anna;11,90;Barverkauf;0;Kunde;;;;;;`,
			`${CLOSING};1002;2;Beleg;;;0;2024-03-15T18:30:05;2024-03-15T18:30:52;7;Anna;10,70;Barverkauf;0;Kunde;;;;;;`,
		],
		'datapayment.csv': [`${CLOSING};1001;Bar;;EUR;;11,90`, `${CLOSING};1002;ECKarte;;EUR;;10,70`],
		'lines.csv': [
			`${CLOSING};1001;1;;Weißwein 0,2l;;Umsatz;;1;0;;WW-02;;;;2,000;;;5,95000`,
			`${CLOSING};1002;1;;Brezel;;Umsatz;;1;0;;BR-01;;;;5,000;;;2,14000`,
		],
		'itemamounts.csv': [],
		'subitems.csv': [],
		'transactions_tse.csv': tseRows,
		'transactions_vat.csv': [
			`${CLOSING};1001;1;11,90000;10,00000;1,90000`,
			`${CLOSING};1002;2;10,70000;10,00000;0,70000`,
		],
		'lines_vat.csv': [
			`${CLOSING};1001;1;1;11,90000;10,00000;1,90000`,
			`${CLOSING};1002;1;2;10,70000;10,00000;0,70000`,
		],
		'allocation_groups.csv': [],
		'references.csv': [],
	};
	const files: ArchiveFiles = new Map();
	files.set('index.xml', indexXml(HEADERS));
	files.set('gdpdu-01-09-2004.dtd', Buffer.from('<!-- GDPdU DTD placeholder -->\r\n'));
	for (const [file, rows] of Object.entries(tables)) files.set(file, csv(file, rows));
	return files;
}

// ---------------------------------------------------------------------------------------------
// Edits for tamper tests: cells addressed by record number (1 = header) and column name

function records(data: Buffer): string[][] {
	return data
		.toString('utf8')
		.split('\r\n')
		.filter((line) => line !== '')
		.map((line) => line.split(';'));
}

function write(rows: string[][]): Buffer {
	return Buffer.from(rows.map((row) => `${row.join(';')}\r\n`).join(''), 'utf8');
}

/** The value of a cell (record number as in the findings: 1 is the header). */
export function cell(files: ArchiveFiles, file: string, row: number, column: string): string {
	const rows = records(files.get(file) as Buffer);
	return rows[row - 1][rows[0].indexOf(column)];
}

export function setCell(
	files: ArchiveFiles,
	file: string,
	row: number,
	column: string,
	value: string,
): ArchiveFiles {
	const rows = records(files.get(file) as Buffer);
	rows[row - 1][rows[0].indexOf(column)] = value;
	return new Map(files).set(file, write(rows));
}

export function removeRow(files: ArchiveFiles, file: string, row: number): ArchiveFiles {
	const rows = records(files.get(file) as Buffer);
	rows.splice(row - 1, 1);
	return new Map(files).set(file, write(rows));
}

/** The signature with one bit flipped: still base64 of 64 bytes, no longer valid. */
export function flipSignature(signature: string): string {
	const bytes = Buffer.from(signature, 'base64');
	bytes[10] ^= 0x01;
	return bytes.toString('base64');
}

// ---------------------------------------------------------------------------------------------
// Containers

export function tarOf(files: ArchiveFiles, prefix = './'): Buffer {
	return buildTar(
		[...files].map(([name, data]) => ({ name: `${prefix}${name}`, data, mtime: 1710540300 })),
	);
}

function crc32(data: Buffer): number {
	let crc = ~0;
	for (const byte of data) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
	}
	return ~crc >>> 0;
}

/** A ZIP with each entry deflated (method 8) or stored (method 0). */
export function zipOf(files: ArchiveFiles, method: 0 | 8 = 8): Buffer {
	const locals: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const [name, data] of files) {
		const body = method === 8 ? deflateRawSync(data) : data;
		const nameBytes = Buffer.from(name, 'utf8');
		const crc = crc32(data);
		// [offset, bytes, value] of the fields both headers carry; the central one has 16 bytes more in front.
		const fields = (shift: number): Array<[number, 2 | 4, number]> => [
			[6 + shift, 2, 0x0800],
			[8 + shift, 2, method],
			[14 + shift, 4, crc],
			[18 + shift, 4, body.length],
			[22 + shift, 4, data.length],
			[26 + shift, 2, nameBytes.length],
		];
		const header = (size: number, signature: number, shift: number) => {
			const bytes = Buffer.alloc(size);
			bytes.writeUInt32LE(signature, 0);
			for (const [at, width, value] of fields(shift)) {
				if (width === 2) bytes.writeUInt16LE(value, at);
				else bytes.writeUInt32LE(value, at);
			}
			return bytes;
		};
		const local = header(30, 0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		const entry = header(46, 0x02014b50, 2);
		entry.writeUInt16LE(20, 4);
		entry.writeUInt16LE(20, 6);
		entry.writeUInt32LE(offset, 42);
		locals.push(local, nameBytes, body);
		central.push(entry, nameBytes);
		offset += local.length + nameBytes.length + body.length;
	}
	const directory = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(files.size, 8);
	end.writeUInt16LE(files.size, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}
