import { formatUnits, sumOf, unitsOf } from './decimals';
import type { Findings } from './findings';
import { bonKey, closingKey, groupBy, lineKey, rowsOf } from './keys';
import type { Row, Tables } from './structure';

/**
 * Whether the amounts of an export agree (REFERENCE §8.2 rules 1–5) across receipts (Bonkopf),
 * their VAT (Bonkopf_USt), lines (Bonpos, Bonpos_USt), payments (Bonkopf_Zahlarten) and the
 * closing (Z_GV_Typ, Z_Zahlart, Z_Waehrungen, Stamm_Abschluss). Exact integers in 10^-5, never
 * floats. Pure.
 */

/** §8.2 rule 1: gross = net + VAT "within 0.01". */
const VAT_SPLIT_TOLERANCE = BigInt(1000);
const ZERO = BigInt(0);

/**
 * Business cases that move cash without a sale, so a closing may hold them without receipt lines
 * (REFERENCE §6.1, TWEE enums.go).
 */
const CASH_ONLY_BUSINESS_CASES = new Set([
	'Anfangsbestand',
	'Privatentnahme',
	'Privateinlage',
	'Geldtransit',
	'Lohnzahlung',
	'Einzahlung',
	'Auszahlung',
	'DifferenzSollIst',
]);

const VAT_SPLITS: Array<[string, string, string, string]> = [
	['businesscases.csv', 'Z_UMS_BRUTTO', 'Z_UMS_NETTO', 'Z_UST'],
	['transactions_vat.csv', 'BON_BRUTTO', 'BON_NETTO', 'BON_UST'],
	['lines_vat.csv', 'POS_BRUTTO', 'POS_NETTO', 'POS_UST'],
	['itemamounts.csv', 'PF_BRUTTO', 'PF_NETTO', 'PF_UST'],
	['subitems.csv', 'ZI_BASISPREIS_BRUTTO', 'ZI_BASISPREIS_NETTO', 'ZI_BASISPREIS_UST'],
];

/** Units of a column; 0 when empty or not a number (the format check reports those). */
function units(row: Row, column: string): bigint {
	return unitsOf(row.values[column] ?? '') ?? ZERO;
}

function total(rows: Row[], column: string): bigint {
	return sumOf(rows.map((row) => units(row, column)));
}

function compare(
	findings: Findings,
	at: { table: string; row?: number; column: string },
	message: string,
	expected: bigint,
	found: bigint,
): void {
	if (expected !== found)
		findings.add({
			check: 'sum',
			...at,
			message,
			expected: formatUnits(expected),
			found: formatUnits(found),
		});
}

function checkVatSplits(tables: Tables, findings: Findings): void {
	for (const [file, gross, net, vat] of VAT_SPLITS) {
		for (const row of rowsOf(tables, file)) {
			if (row.values[gross] === '' && row.values[net] === '' && row.values[vat] === '') continue;
			const expected = units(row, net) + units(row, vat);
			const difference = units(row, gross) - expected;
			if (difference > VAT_SPLIT_TOLERANCE || -difference > VAT_SPLIT_TOLERANCE)
				findings.add({
					check: 'sum',
					table: file,
					row: row.row,
					column: gross,
					message: `is not ${net} + ${vat}`,
					expected: formatUnits(expected),
					found: formatUnits(units(row, gross)),
				});
		}
	}
}

/** Per receipt: UMS_BRUTTO = Σ VAT rows = Σ payments; per VAT key: receipt = Σ its lines. */
function checkReceipts(tables: Tables, findings: Findings): void {
	const vatByBon = groupBy(rowsOf(tables, 'transactions_vat.csv'), bonKey);
	const paymentsByBon = groupBy(rowsOf(tables, 'datapayment.csv'), bonKey);
	const lineVatByBon = groupBy(rowsOf(tables, 'lines_vat.csv'), bonKey);
	const lineVatKeys = new Set(rowsOf(tables, 'lines_vat.csv').map((row) => lineKey(row.values)));
	for (const line of rowsOf(tables, 'lines.csv')) {
		if (!lineVatKeys.has(lineKey(line.values)))
			findings.add({
				check: 'sum',
				table: 'lines.csv',
				row: line.row,
				column: 'POS_ZEILE',
				message: 'has no amounts in lines_vat.csv (Bonpos_USt)',
				found: line.values.POS_ZEILE,
			});
	}
	for (const bon of rowsOf(tables, 'transactions.csv')) {
		const key = bonKey(bon.values);
		const vatRows = vatByBon.get(key) ?? [];
		const gross = units(bon, 'UMS_BRUTTO');
		const at = { table: 'transactions.csv', row: bon.row, column: 'UMS_BRUTTO' };
		compare(
			findings,
			at,
			'differs from the sum of BON_BRUTTO in transactions_vat.csv',
			total(vatRows, 'BON_BRUTTO'),
			gross,
		);
		const payments = paymentsByBon.get(key) ?? [];
		// [INFERRED] Only Beleg takes money; other types (AV…) are checked when they list payments.
		if (bon.values.BON_TYP === 'Beleg' || payments.length > 0)
			compare(
				findings,
				at,
				'differs from the sum of BASISWAEH_BETRAG in datapayment.csv',
				total(payments, 'BASISWAEH_BETRAG'),
				gross,
			);
		const linesByVat = groupBy(lineVatByBon.get(key) ?? [], (values) => values.UST_SCHLUESSEL);
		for (const vatRow of vatRows) {
			const lines = linesByVat.get(vatRow.values.UST_SCHLUESSEL) ?? [];
			linesByVat.delete(vatRow.values.UST_SCHLUESSEL);
			for (const [receiptColumn, lineColumn] of [
				['BON_BRUTTO', 'POS_BRUTTO'],
				['BON_NETTO', 'POS_NETTO'],
				['BON_UST', 'POS_UST'],
			])
				compare(
					findings,
					{ table: 'transactions_vat.csv', row: vatRow.row, column: receiptColumn },
					`differs from the sum of ${lineColumn} of the Bon's lines with UST_SCHLUESSEL ${vatRow.values.UST_SCHLUESSEL}`,
					total(lines, lineColumn),
					units(vatRow, receiptColumn),
				);
		}
		for (const [vatId, lines] of linesByVat) {
			findings.add({
				check: 'sum',
				table: 'transactions_vat.csv',
				column: 'UST_SCHLUESSEL',
				message: `Bon ${bon.values.BON_ID} has lines with UST_SCHLUESSEL ${vatId} (lines_vat.csv row ${lines[0].row}) but no VAT row for it`,
				expected: formatUnits(total(lines, 'POS_BRUTTO')),
				found: 'no row',
			});
		}
	}
}

type Totals = Map<string, { gross: bigint; net: bigint; vat: bigint }>;

/** Σ of the Beleg lines of each closing by (GV_TYP, GV_NAME, AGENTUR_ID, UST_SCHLUESSEL). */
function businessCasesFromLines(tables: Tables): Map<string, Totals> {
	const belege = new Set(
		rowsOf(tables, 'transactions.csv')
			.filter((row) => row.values.BON_TYP === 'Beleg')
			.map((row) => bonKey(row.values)),
	);
	const lines = new Map(
		rowsOf(tables, 'lines.csv').map((row) => [lineKey(row.values), row.values]),
	);
	const byClosing = new Map<string, Totals>();
	for (const row of rowsOf(tables, 'lines_vat.csv')) {
		const line = lines.get(lineKey(row.values));
		if (!line || !belege.has(bonKey(row.values))) continue;
		const closing = closingKey(row.values);
		const totals = byClosing.get(closing) ?? new Map();
		byClosing.set(closing, totals);
		const key = [line.GV_TYP, line.GV_NAME, line.AGENTUR_ID, row.values.UST_SCHLUESSEL].join(
			'\u0000',
		);
		const sum = totals.get(key) ?? { gross: ZERO, net: ZERO, vat: ZERO };
		totals.set(key, {
			gross: sum.gross + units(row, 'POS_BRUTTO'),
			net: sum.net + units(row, 'POS_NETTO'),
			vat: sum.vat + units(row, 'POS_UST'),
		});
	}
	return byClosing;
}

/** §8.2 rule 4: Z_GV_Typ = the Beleg lines aggregated, plus cash-only movements. */
function checkBusinessCases(tables: Tables, findings: Findings): void {
	const fromLines = businessCasesFromLines(tables);
	const rows = groupBy(rowsOf(tables, 'businesscases.csv'), closingKey);
	for (const closing of rowsOf(tables, 'cashpointclosing.csv')) {
		const closingId = closingKey(closing.values);
		const expected = new Map(fromLines.get(closingId) ?? []);
		for (const row of rows.get(closingId) ?? []) {
			const { GV_TYP, GV_NAME, AGENTUR_ID, UST_SCHLUESSEL } = row.values;
			const key = [GV_TYP, GV_NAME, AGENTUR_ID, UST_SCHLUESSEL].join('\u0000');
			const sum = expected.get(key);
			expected.delete(key);
			if (!sum) {
				// [INFERRED] A warning, not an error: tips and the like may be booked without lines too.
				if (!CASH_ONLY_BUSINESS_CASES.has(GV_TYP))
					findings.add({
						severity: 'warning',
						check: 'sum',
						table: 'businesscases.csv',
						row: row.row,
						column: 'GV_TYP',
						message: `${GV_TYP} with UST_SCHLUESSEL ${UST_SCHLUESSEL} has no Beleg lines, and it is no cash-only movement`,
						expected: '0,00',
						found: row.values.Z_UMS_BRUTTO,
					});
				continue;
			}
			const at = (column: string) => ({ table: 'businesscases.csv', row: row.row, column });
			compare(
				findings,
				at('Z_UMS_BRUTTO'),
				`differs from the sum of POS_BRUTTO of the closing's ${GV_TYP} lines with UST_SCHLUESSEL ${UST_SCHLUESSEL}`,
				sum.gross,
				units(row, 'Z_UMS_BRUTTO'),
			);
			compare(
				findings,
				at('Z_UMS_NETTO'),
				`differs from the sum of POS_NETTO of the closing's ${GV_TYP} lines with UST_SCHLUESSEL ${UST_SCHLUESSEL}`,
				sum.net,
				units(row, 'Z_UMS_NETTO'),
			);
			compare(
				findings,
				at('Z_UST'),
				`differs from the sum of POS_UST of the closing's ${GV_TYP} lines with UST_SCHLUESSEL ${UST_SCHLUESSEL}`,
				sum.vat,
				units(row, 'Z_UST'),
			);
		}
		for (const [key, sum] of expected) {
			const [type, name, agency, vatId] = key.split('\u0000');
			const what = [type, name && `"${name}"`, agency && `agency ${agency}`]
				.filter(Boolean)
				.join(' ');
			findings.add({
				check: 'sum',
				table: 'businesscases.csv',
				column: 'GV_TYP',
				message: `Closing Z_NR ${closing.values.Z_NR} has Beleg lines of ${what} with UST_SCHLUESSEL ${vatId} but no business case row for them`,
				expected: formatUnits(sum.gross),
				found: 'no row',
			});
		}
	}
}

/** §8.2 rule 5: Z_Zahlart = Beleg payments aggregated; Stamm_Abschluss totals; Z_Waehrungen. */
function checkPayments(tables: Tables, findings: Findings): void {
	const belege = new Set(
		rowsOf(tables, 'transactions.csv')
			.filter((row) => row.values.BON_TYP === 'Beleg')
			.map((row) => bonKey(row.values)),
	);
	const payments = groupBy(
		rowsOf(tables, 'datapayment.csv').filter((row) => belege.has(bonKey(row.values))),
		closingKey,
	);
	const closingPayments = groupBy(rowsOf(tables, 'payment.csv'), closingKey);
	const currencies = groupBy(rowsOf(tables, 'cash_per_currency.csv'), closingKey);
	const registers = new Map(
		rowsOf(tables, 'cashregister.csv').map((row) => [
			closingKey(row.values),
			row.values.KASSE_BASISWAEH_CODE,
		]),
	);
	for (const closing of rowsOf(tables, 'cashpointclosing.csv')) {
		const id = closingKey(closing.values);
		const byType = groupBy(
			payments.get(id) ?? [],
			(values) => `${values.ZAHLART_TYP}\u0000${values.ZAHLART_NAME}`,
		);
		const rows = closingPayments.get(id) ?? [];
		for (const row of rows) {
			const key = `${row.values.ZAHLART_TYP}\u0000${row.values.ZAHLART_NAME}`;
			compare(
				findings,
				{ table: 'payment.csv', row: row.row, column: 'Z_ZAHLART_BETRAG' },
				`differs from the sum of the closing's ${row.values.ZAHLART_TYP} payments in datapayment.csv`,
				total(byType.get(key) ?? [], 'BASISWAEH_BETRAG'),
				units(row, 'Z_ZAHLART_BETRAG'),
			);
			byType.delete(key);
		}
		for (const [key, missing] of byType) {
			findings.add({
				check: 'sum',
				table: 'payment.csv',
				column: 'ZAHLART_TYP',
				message: `Closing Z_NR ${closing.values.Z_NR} has ${key.split('\u0000')[0]} payments in datapayment.csv but no payment row for them`,
				expected: formatUnits(total(missing, 'BASISWAEH_BETRAG')),
				found: 'no row',
			});
		}
		const at = (column: string) => ({ table: 'cashpointclosing.csv', row: closing.row, column });
		compare(
			findings,
			at('Z_SE_ZAHLUNGEN'),
			'differs from the sum of Z_ZAHLART_BETRAG in payment.csv',
			total(rows, 'Z_ZAHLART_BETRAG'),
			units(closing, 'Z_SE_ZAHLUNGEN'),
		);
		const cash = total(
			rows.filter((row) => row.values.ZAHLART_TYP === 'Bar'),
			'Z_ZAHLART_BETRAG',
		);
		compare(
			findings,
			at('Z_SE_BARZAHLUNGEN'),
			'differs from the sum of the Bar payments in payment.csv',
			cash,
			units(closing, 'Z_SE_BARZAHLUNGEN'),
		);
		checkCurrencies(
			closing,
			currencies.get(id) ?? [],
			payments.get(id) ?? [],
			registers.get(id) || 'EUR',
			findings,
		);
	}
}

/** Z_Waehrungen: cash per currency, in that currency (ZAHLWAEH_BETRAG for a foreign one). */
function checkCurrencies(
	closing: Row,
	rows: Row[],
	payments: Row[],
	base: string,
	findings: Findings,
): void {
	const cash = groupBy(
		payments.filter((row) => row.values.ZAHLART_TYP === 'Bar'),
		(values) => values.ZAHLWAEH_CODE || base,
	);
	for (const row of rows) {
		const currency = row.values.ZAHLART_WAEH;
		const paid = cash.get(currency) ?? [];
		cash.delete(currency);
		const expected =
			currency === base ? total(paid, 'BASISWAEH_BETRAG') : total(paid, 'ZAHLWAEH_BETRAG');
		compare(
			findings,
			{ table: 'cash_per_currency.csv', row: row.row, column: 'ZAHLART_BETRAG_WAEH' },
			`differs from the closing's cash payments in ${currency} in datapayment.csv`,
			expected,
			units(row, 'ZAHLART_BETRAG_WAEH'),
		);
	}
	for (const [currency, paid] of cash) {
		if (total(paid, 'BASISWAEH_BETRAG') === ZERO) continue;
		findings.add({
			check: 'sum',
			table: 'cash_per_currency.csv',
			column: 'ZAHLART_WAEH',
			message: `Closing Z_NR ${closing.values.Z_NR} has cash payments in ${currency} but no row for that currency`,
			expected: formatUnits(
				total(paid, currency === base ? 'BASISWAEH_BETRAG' : 'ZAHLWAEH_BETRAG'),
			),
			found: 'no row',
		});
	}
}

export function checkSums(tables: Tables, findings: Findings): void {
	checkVatSplits(tables, findings);
	checkReceipts(tables, findings);
	checkBusinessCases(tables, findings);
	checkPayments(tables, findings);
}
