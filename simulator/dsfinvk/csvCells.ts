// Cells of the export's CSV records (REFERENCE §9.2): quoting, Numeric columns with a comma and their
// column's decimals, booleans 0/1, date-times in German local time `YYYY-MM-DDThh:mm:ss`, absent values
// empty. Choices where §14 lists a gap are marked [INFERRED] and listed in simulator/README.md.

import type { JsonObject } from '../core/validate';
import { berlinDateTime } from './berlinTime';
import { formatNumber } from './decimal';

/** A field quoted only when it holds the delimiter, the encapsulator or a line break [INFERRED, §10.3]. */
export function csvField(value: string): string {
	return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export type Cell = string | undefined;

export const text = (value: unknown): Cell =>
	value === undefined || value === null ? undefined : String(value);
export const flag = (value: unknown, fallback?: boolean): Cell =>
	value === undefined && fallback === undefined ? undefined : (value ?? fallback) ? '1' : '0';
/** Numeric with `accuracy` decimals and a comma. */
export const num = (value: unknown, accuracy: number): Cell =>
	value === undefined || value === null ? undefined : formatNumber(value as number, accuracy);
export const time = (unix: unknown): Cell =>
	typeof unix === 'number' ? berlinDateTime(unix) : undefined;
/** The part of the certificate's base64 a TSE_ZERTIFIKAT column holds (1000 characters each). */
export const chunk = (value: string, index: number): string =>
	value.slice(index * 1000, (index + 1) * 1000);

/** UST_SCHLUESSEL and the gross, net and VAT amounts (5 decimals) of one VatAmountGrossAndNet. */
export const vatCells = (row: JsonObject): Cell[] => [
	text(row.vat_definition_export_id),
	num(row.incl_vat, 5),
	num(row.excl_vat, 5),
	num(row.vat, 5),
];
