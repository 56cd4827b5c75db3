// The rows one closing contributes to each table of the export (REFERENCE §9.3, §10.3). Values are
// formatted here: Numeric columns with a comma and their column's decimals, booleans 0/1, date-times in
// German local time `YYYY-MM-DDThh:mm:ss`, absent values empty. Choices where §14 lists a gap are marked
// [INFERRED] and listed in simulator/README.md.

import type { JsonObject } from '../core/validate';
import { berlinDateTime } from './berlinTime';
import { formatNumber } from './decimal';
import { tssOfRegister } from './masterData';
import { TAXONOMY_VERSION, latest, type Closing, type Revisioned } from './model';
import { collectReferences, referenceTime } from './processing';
import type { DsfinvkStore } from './store';
import { builtInVatDefinition } from './vat';

/** Encoded CSV records (without line ends) per table file. */
/** A field quoted only when it holds the delimiter, the encapsulator or a line break [INFERRED, §10.3]. */
export function csvField(value: string): string {
	return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export type Rows = Map<string, string[]>;
type Json = JsonObject;
type Cell = string | undefined;

const text = (value: unknown): Cell =>
	value === undefined || value === null ? undefined : String(value);
const flag = (value: unknown, fallback?: boolean): Cell =>
	value === undefined && fallback === undefined ? undefined : (value ?? fallback) ? '1' : '0';
/** Numeric with `accuracy` decimals and a comma. */
const num = (value: unknown, accuracy: number): Cell =>
	value === undefined || value === null ? undefined : formatNumber(value as number, accuracy);
const time = (unix: unknown): Cell => (typeof unix === 'number' ? berlinDateTime(unix) : undefined);
/** The part of the certificate's base64 a TSE_ZERTIFIKAT column holds (1000 characters each). */
const chunk = (value: string, index: number): string =>
	value.slice(index * 1000, (index + 1) * 1000);

/** A transaction of any stored closing by its tx_id (for InterneTransaktion references). */
function findTransaction(store: DsfinvkStore, txId: string) {
	for (const closing of store.model.closings.values()) {
		for (const transaction of closing.body.transactions as Json[]) {
			const head = transaction.head as Json;
			if (head.tx_id === txId)
				return {
					clientId: closing.clientId,
					exportId: closing.exportId,
					transactionExportId: String(head.transaction_export_id),
				};
		}
	}
	return undefined;
}

export class ClosingRows {
	private readonly rows: Rows;
	/** Z_KASSE_ID;Z_ERSTELLUNG;Z_NR, encoded once. */
	private readonly prefix: string;
	/** TSE_ID per TSS id (or per external register), numbered inside the closing from 1 [INFERRED]. */
	private readonly tseIds = new Map<string, number>();

	constructor(
		private readonly store: DsfinvkStore,
		private readonly closing: Closing,
		rows: Rows,
	) {
		this.rows = rows;
		const head = closing.body.head as Json;
		// Z_KASSE_ID: the closing register's client_id [INFERRED, §10.3]
		this.prefix = [
			closing.clientId,
			berlinDateTime(head.export_creation_date as number),
			String(closing.exportId),
		]
			.map(csvField)
			.join(';');
	}

	private add(file: string, cells: Cell[]): void {
		let record = this.prefix;
		for (const cell of cells) record += cell === undefined ? ';' : `;${csvField(cell)}`;
		this.rows.get(file)!.push(record);
	}

	private register(id: string): Revisioned['revisions'][number]['data'] | undefined {
		const resource = this.store.model.cashRegisters.get(id);
		if (!resource) return undefined;
		return (resource.revisions[this.closing.revisions[`cashRegister:${id}`]] ?? latest(resource))
			.data;
	}

	private agencyExportId(id: unknown): Cell {
		if (typeof id !== 'string') return undefined;
		const agency = this.store.model.purchaserAgencies.get(id);
		return agency ? String(latest(agency).data.purchaser_agency_export_id) : undefined;
	}

	/** Serial of a register: its SIGN DE client's serial number, else its client_id [INFERRED]. */
	private serial(id: string): string {
		return this.store.signDe.client(id)?.serialNumber ?? id;
	}

	build(): void {
		const body = this.closing.body;
		this.masterData();
		const statement = body.cash_statement as Json;
		for (const businessCase of statement.business_cases as Json[]) {
			for (const row of businessCase.amounts_per_vat_id as Json[])
				this.add('businesscases.csv', [
					text(businessCase.type),
					text(businessCase.name),
					this.agencyExportId(businessCase.purchaser_agency_id),
					text(row.vat_definition_export_id),
					num(row.incl_vat, 5),
					num(row.excl_vat, 5),
					num(row.vat, 5),
				]);
		}
		const payment = statement.payment as Json;
		for (const type of payment.payment_types as Json[])
			this.add('payment.csv', [text(type.type), text(type.name), num(type.amount, 2)]);
		for (const cash of payment.cash_amounts_by_currency as Json[])
			this.add('cash_per_currency.csv', [text(cash.currency_code), num(cash.amount, 2)]);
		for (const transaction of body.transactions as Json[]) this.transaction(transaction);
	}

	private masterData(): void {
		const body = this.closing.body;
		const head = body.head as Json;
		const payment = (body.cash_statement as Json).payment as Json;
		const org = this.store.organization;
		this.add('cashpointclosing.csv', [
			text(head.business_date),
			TAXONOMY_VERSION,
			text(head.first_transaction_export_id),
			text(head.last_transaction_export_id),
			org.name,
			org.street,
			org.postalCode,
			org.city,
			org.countryCode,
			org.taxNumber,
			org.vatIdNumber,
			num(payment.full_amount, 2),
			num(payment.cash_amount, 2),
		]);
		this.add('location.csv', [
			org.name,
			org.street,
			org.postalCode,
			org.city,
			org.countryCode,
			org.vatIdNumber,
		]);
		const master = this.register(this.closing.clientId);
		const software = (master?.software ?? {}) as Json;
		this.add('cashregister.csv', [
			text(master?.brand),
			text(master?.model),
			this.serial(this.closing.clientId),
			text(software.brand),
			text(software.version),
			text(master?.base_currency_code),
			flag((master?.processing_flags as Json | undefined)?.UmsatzsteuerNichtErmittelbar, false),
		]);
		this.tse(this.closing.clientId);
		const slaves = new Set<string>();
		for (const transaction of body.transactions as Json[]) {
			const id = (transaction.head as Json).closing_client_id as string;
			if (id !== this.closing.clientId) slaves.add(id);
		}
		for (const id of slaves) {
			const slave = this.register(id);
			const slaveSoftware = (slave?.software ?? {}) as Json;
			this.add('slaves.csv', [
				id,
				text(slave?.brand),
				text(slave?.model),
				this.serial(id),
				text(slaveSoftware.brand),
				text(slaveSoftware.version),
			]);
			this.tse(id);
		}
		const { vatIds, agencies } = collectReferences(body);
		for (const id of agencies) {
			const agency = this.store.model.purchaserAgencies.get(id);
			if (!agency) continue;
			const data = latest(agency).data;
			const address = data.address as Json;
			this.add('pa.csv', [
				text(data.purchaser_agency_export_id),
				text(data.name),
				text(address.street),
				text(address.postal_code),
				text(address.city),
				text(address.country_code),
				text(data.tax_number),
				text(data.vat_id_number),
			]);
		}
		// vat.csv: the ids this closing uses, ascending [INFERRED: unused ids are not listed]
		const at = referenceTime(body);
		for (const id of [...vatIds].sort((a, b) => a - b)) {
			const builtIn = builtInVatDefinition(id, at);
			const custom = this.store.model.vatDefinitions.get(String(id));
			const data =
				builtIn ??
				(custom
					? (custom.revisions[this.closing.revisions[`vatDefinition:${id}`]] ?? latest(custom)).data
					: {});
			this.add('vat.csv', [String(id), num(data.percentage, 2), text(data.description)]);
		}
	}

	/** The tse.csv row of the TSS a register signs with (once per closing); its TSE_ID. */
	private tse(registerId: string): number | undefined {
		const data = this.register(registerId);
		const type = (data?.cash_register_type ?? {}) as Json;
		let key: string | undefined;
		let cells: Cell[] | undefined;
		const tssId = typeof type.tss_id === 'string' ? type.tss_id : undefined;
		if (tssId) {
			key = tssId;
			const tss = this.store.signDe.tss(tssId);
			if (tss)
				cells = [
					tss.serialNumber,
					tss.signatureAlgorithm,
					tss.timestampFormat,
					tss.encoding,
					tss.publicKey,
					chunk(tss.certificate, 0),
					chunk(tss.certificate, 1),
				];
		} else if (typeof type.serial_number === 'string') {
			key = `external:${registerId}`;
			const certificate = String(type.certificate);
			cells = [
				type.serial_number,
				text(type.signature_algorithm),
				text(type.signature_timestamp_format),
				text(type.transaction_data_encoding),
				text(type.public_key),
				chunk(certificate, 0),
				chunk(certificate, 1),
			];
		} else if (typeof type.master_client_id === 'string' && type.master_client_id !== registerId) {
			return this.tse(type.master_client_id);
		}
		if (!key) return undefined;
		const known = this.tseIds.get(key);
		if (known !== undefined) return known;
		const id = this.tseIds.size + 1;
		this.tseIds.set(key, id);
		if (cells) this.add('tse.csv', [String(id), ...cells]);
		return id;
	}

	private transaction(transaction: Json): void {
		const head = transaction.head as Json;
		const data = transaction.data as Json;
		const bonId = text(head.transaction_export_id);
		const registerId = head.closing_client_id as string;
		const terminal = registerId === this.closing.clientId ? undefined : registerId;
		const user = head.user as Json;
		const buyer = head.buyer as Json;
		const address = (buyer.address ?? {}) as Json;
		this.add('transactions.csv', [
			bonId,
			text(head.number),
			text(head.type),
			text(head.name),
			terminal,
			flag(head.storno),
			time(head.timestamp_start),
			time(head.timestamp_end),
			text(user.user_export_id),
			text(user.name),
			num(data.full_amount_incl_vat, 2),
			text(buyer.name),
			text(buyer.buyer_export_id),
			text(buyer.type),
			text(address.street),
			text(address.postal_code),
			text(address.city),
			text(address.country_code),
			text(buyer.vat_id_number),
			text(data.notes),
		]);
		for (const payment of data.payment_types as Json[])
			this.add('datapayment.csv', [
				bonId,
				text(payment.type),
				text(payment.name),
				text(payment.currency_code),
				num(payment.foreign_amount, 2),
				num(payment.amount, 2),
			]);
		for (const row of data.amounts_per_vat_id as Json[])
			this.add('transactions_vat.csv', [
				bonId,
				text(row.vat_definition_export_id),
				num(row.incl_vat, 5),
				num(row.excl_vat, 5),
				num(row.vat, 5),
			]);
		for (const group of (head.allocation_groups as string[] | undefined) ?? [])
			this.add('allocation_groups.csv', [bonId, group]);
		for (const reference of (head.references as Json[] | undefined) ?? [])
			this.reference(bonId, undefined, reference);
		this.security(bonId, registerId, transaction.security as Json);
		for (const line of data.lines as Json[]) this.line(bonId, terminal, line);
	}

	private line(bonId: Cell, terminal: Cell, line: Json): void {
		const businessCase = line.business_case as Json;
		const item = line.item as Json;
		const position = text(line.lineitem_export_id);
		this.add('lines.csv', [
			bonId,
			position,
			text(line.voucher_id),
			text(line.text),
			terminal,
			text(businessCase.type),
			text(businessCase.name),
			flag(line.in_house, true),
			flag(line.storno),
			this.agencyExportId(businessCase.purchaser_agency_id),
			text(item.number),
			text(item.gtin),
			text(item.group_id),
			text(item.group_name),
			num(item.quantity, 3),
			num(item.quantity_factor, 3),
			text(item.quantity_measure),
			num(item.price_per_unit, 5),
		]);
		for (const row of businessCase.amounts_per_vat_id as Json[])
			this.add('lines_vat.csv', [
				bonId,
				position,
				text(row.vat_definition_export_id),
				num(row.incl_vat, 5),
				num(row.excl_vat, 5),
				num(row.vat, 5),
			]);
		// TYP: fiskaly's JSON names (TWEE also accepts Grundpreis/Rabatt/Zuschlag) [INFERRED]
		const amounts: [string, unknown][] = [
			['base_amount', item.base_amounts_per_vat_id],
			['discount', item.discounts_per_vat_id],
			['extra_amount', item.extra_amounts_per_vat_id],
		];
		for (const [type, rows] of amounts)
			for (const row of (rows as Json[] | undefined) ?? [])
				this.add('itemamounts.csv', [
					bonId,
					position,
					type,
					text(row.vat_definition_export_id),
					num(row.incl_vat, 5),
					num(row.excl_vat, 5),
					num(row.vat, 5),
				]);
		for (const sub of (item.sub_items as Json[] | undefined) ?? []) {
			const amount = sub.amount_per_vat_id as Json;
			this.add('subitems.csv', [
				bonId,
				position,
				text(sub.number),
				text(sub.gtin),
				text(sub.name),
				text(sub.group_id),
				text(sub.group_name),
				num(sub.quantity, 3),
				num(sub.quantity_factor, 3),
				text(sub.quantity_measure),
				text(amount.vat_definition_export_id),
				num(amount.incl_vat, 5),
				num(amount.excl_vat, 5),
				num(amount.vat, 5),
			]);
		}
		for (const reference of (line.references as Json[] | undefined) ?? [])
			this.reference(bonId, position, reference);
	}

	private reference(bonId: Cell, position: Cell, reference: Json): void {
		const type = String(reference.type);
		const date = time(reference.date);
		if (type === 'Transaktion')
			this.add('references.csv', [
				bonId,
				position,
				type,
				undefined,
				date,
				text(reference.cash_register_export_id),
				text(reference.cash_point_closing_export_id),
				text(reference.transaction_export_id),
			]);
		else if (type === 'InterneTransaktion') {
			// [INFERRED] written as a DSFinV-K "Transaktion" reference to the transaction's closing
			const target = findTransaction(this.store, String(reference.tx_id));
			this.add('references.csv', [
				bonId,
				position,
				'Transaktion',
				undefined,
				date,
				target?.clientId,
				target ? String(target.exportId) : undefined,
				target?.transactionExportId ?? text(reference.tx_id),
			]);
		} else
			this.add('references.csv', [
				bonId,
				position,
				type,
				text(reference.name),
				date,
				undefined,
				undefined,
				text(reference.external_export_id ?? reference.external_other_export_id),
			]);
	}

	/** transactions_tse.csv: from SIGN DE for tss_tx_id, from the body for an external TSS or a TSE failure. */
	private security(bonId: Cell, registerId: string, security: Json): void {
		const tseId = this.tse(registerId);
		const tseCell = tseId === undefined ? undefined : String(tseId);
		if (typeof security.tss_tx_id === 'string') {
			const tssId = tssOfRegister(this.store, registerId);
			const signed = tssId ? this.store.signDe.transaction(tssId, security.tss_tx_id) : undefined;
			if (signed) {
				// TSE_TA_START/ENDE in the TSS's own time format, unixTime (tse.csv TSE_ZEITFORMAT) [INFERRED]
				this.add('transactions_tse.csv', [
					bonId,
					tseCell,
					String(signed.number),
					String(signed.timeStart),
					text(signed.timeEnd),
					signed.processType,
					String(signed.signatureCounter),
					signed.signature,
					undefined,
					signed.processData,
				]);
				return;
			}
		}
		if (security.signature !== undefined) {
			this.add('transactions_tse.csv', [
				bonId,
				tseCell,
				text(security.tx_number),
				text(security.tx_start),
				text(security.tx_end),
				text(security.process_type),
				text(security.signature_counter),
				text(security.signature),
				text(security.error_message),
				text(security.process_data),
			]);
			return;
		}
		this.add('transactions_tse.csv', [
			bonId,
			tseCell,
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
			text(security.error_message),
			undefined,
		]);
	}
}
