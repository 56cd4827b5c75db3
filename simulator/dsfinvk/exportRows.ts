// The rows one closing contributes to each table of the export (REFERENCE §9.3, §10.3): its master
// data (closing, location, register, terminals, agencies, TSE, VAT), business cases, payments and cash
// per currency; transactionRows.ts adds each transaction's. Choices where §14 lists a gap are marked
// [INFERRED] and listed in simulator/README.md.

import type { JsonObject } from '../core/validate';
import { berlinDateTime } from './berlinTime';
import { chunk, csvField, flag, num, text, vatCells, type Cell } from './csvCells';
import { TAXONOMY_VERSION, latest, type Closing, type Revisioned } from './model';
import { collectReferences, referenceTime } from './processing';
import type { DsfinvkStore } from './store';
import { addTransactionRows } from './transactionRows';
import { builtInVatDefinition } from './vat';

/** Encoded CSV records (without line ends) per table file. */
export type Rows = Map<string, string[]>;
type Json = JsonObject;

export class ClosingRows {
	private readonly rows: Rows;
	/** Z_KASSE_ID;Z_ERSTELLUNG;Z_NR, encoded once. */
	private readonly prefix: string;
	/** TSE_ID per TSS id (or per external register), numbered inside the closing from 1 [INFERRED]. */
	private readonly tseIds = new Map<string, number>();

	constructor(
		readonly store: DsfinvkStore,
		readonly closing: Closing,
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

	add(file: string, cells: Cell[]): void {
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

	agencyExportId(id: unknown): Cell {
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
					...vatCells(row),
				]);
		}
		const payment = statement.payment as Json;
		for (const type of payment.payment_types as Json[])
			this.add('payment.csv', [text(type.type), text(type.name), num(type.amount, 2)]);
		for (const cash of payment.cash_amounts_by_currency as Json[])
			this.add('cash_per_currency.csv', [text(cash.currency_code), num(cash.amount, 2)]);
		for (const transaction of body.transactions as Json[]) addTransactionRows(this, transaction);
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
	tse(registerId: string): number | undefined {
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
}
