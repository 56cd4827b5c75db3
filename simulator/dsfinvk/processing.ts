// What the service's worker checks while a closing is PENDING/WORKING (REFERENCE §8.1, §12): purchaser
// agencies, VAT ids, the cash registers of the transactions, and — because SIGN DE runs in the same
// process — every `security.tss_tx_id` against the TSS of the register that signed it. The first
// problem found is the closing's `error`. The service raises these inside its asynchronous job, so the
// closing is accepted as PENDING and ends in ERROR.

import type { JsonObject } from '../core/validate';
import { berlinDate, endOfBerlinDay } from './berlinTime';
import { formatDecimal, parseDecimal } from './decimal';
import { tssOfRegister } from './masterData';
import type { ClosingError } from './model';
import type { SignedTransaction } from './signDeLookup';
import type { DsfinvkStore } from './store';
import { builtInVatDefinition, vatSlotOf } from './vat';

type VatAmount = { vat_definition_export_id: number; incl_vat: number };
type Payment = { type: string; currency_code: string; amount: number };

/** The closing's reference time for master-data revisions and VAT rates: business_date 23:59:59, else the creation date (SRV-INSERT). */
export function referenceTime(body: JsonObject): number {
	const head = body.head as JsonObject;
	return typeof head.business_date === 'string'
		? endOfBerlinDay(head.business_date)
		: (head.export_creation_date as number);
}

/** COALESCE(business_date, export_creation_date) as a date, for business-date filters. */
export function businessDateOf(body: JsonObject): string {
	const head = body.head as JsonObject;
	return typeof head.business_date === 'string'
		? head.business_date
		: berlinDate(head.export_creation_date as number);
}

/** Every VAT id and agency a closing names, wherever it names them. */
export function collectReferences(body: JsonObject): {
	vatIds: Set<number>;
	agencies: Set<string>;
} {
	const vatIds = new Set<number>();
	const agencies = new Set<string>();
	const addCase = (businessCase: JsonObject) => {
		if (typeof businessCase.purchaser_agency_id === 'string')
			agencies.add(businessCase.purchaser_agency_id);
		for (const row of businessCase.amounts_per_vat_id as VatAmount[])
			vatIds.add(row.vat_definition_export_id);
	};
	const addRows = (rows: unknown) => {
		for (const row of (rows as VatAmount[] | undefined) ?? [])
			vatIds.add(row.vat_definition_export_id);
	};
	for (const businessCase of (body.cash_statement as JsonObject).business_cases as JsonObject[])
		addCase(businessCase);
	for (const transaction of body.transactions as JsonObject[]) {
		const data = transaction.data as JsonObject;
		addRows(data.amounts_per_vat_id);
		for (const line of data.lines as JsonObject[]) {
			addCase(line.business_case as JsonObject);
			const item = line.item as JsonObject;
			addRows(item.base_amounts_per_vat_id);
			addRows(item.discounts_per_vat_id);
			addRows(item.extra_amounts_per_vat_id);
			for (const sub of (item.sub_items as JsonObject[] | undefined) ?? [])
				addRows([sub.amount_per_vat_id]);
		}
	}
	return { vatIds, agencies };
}

const cents = (value: number | string, field: string) =>
	parseDecimal(value, field, 5, '99999999999');

/** Signed processData `Beleg^a_b_c_d_e^x:Bar_y:Unbar:USD` → type, VAT slots, payments by key. */
function parseReceiptProcessData(processData: string) {
	const [type, vat = '', payments = ''] = processData.split('^');
	const slots = vat.split('_').map((amount, index) => cents(amount || '0', `slot ${index}`));
	const byKey = new Map<string, bigint>();
	for (const entry of payments ? payments.split('_') : []) {
		const [amount, kind, currency = 'EUR'] = entry.split(':');
		byKey.set(
			`${kind}:${currency}`,
			(byKey.get(`${kind}:${currency}`) ?? BigInt(0)) + cents(amount, 'payment'),
		);
	}
	return { type, slots, byKey };
}

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, BigInt(0));
const show = (units: bigint) => formatDecimal(units, 2, '.');

/**
 * [INFERRED] E_TX_AMOUNTS_MISMATCH: a Beleg whose type, VAT amounts or payments differ from the
 * Kassenbeleg-V1 process data the TSS signed. VAT ids map to SIGN DE's five slots (vat.ts); with a custom
 * id only the total is compared. Payments: Bar stays Bar, every other type is Unbar (TWEE enums.go).
 */
export function amountMismatch(
	transaction: JsonObject,
	signed: SignedTransaction,
): string | undefined {
	const head = transaction.head as JsonObject;
	const data = transaction.data as JsonObject;
	const parsed = parseReceiptProcessData(signed.processData);
	if (parsed.type !== head.type)
		return `the TSS signed a ${parsed.type}, the closing says ${String(head.type)}`;
	const rows = data.amounts_per_vat_id as VatAmount[];
	const slots = [BigInt(0), BigInt(0), BigInt(0), BigInt(0), BigInt(0)];
	let allMapped = true;
	for (const row of rows) {
		const slot = vatSlotOf(row.vat_definition_export_id);
		if (slot === undefined) allMapped = false;
		else slots[slot] += cents(row.incl_vat, 'incl_vat');
	}
	const signedTotal = sum(parsed.slots);
	const closingTotal = sum(rows.map((row) => cents(row.incl_vat, 'incl_vat')));
	if (signedTotal !== closingTotal)
		return `the TSS signed ${show(signedTotal)} gross, the closing's amounts_per_vat_id add up to ${show(closingTotal)}`;
	if (allMapped) {
		const differing = slots.findIndex(
			(value, index) => value !== (parsed.slots[index] ?? BigInt(0)),
		);
		if (differing !== -1)
			return `VAT slot ${differing + 1} of the signed process data is ${show(parsed.slots[differing] ?? BigInt(0))}, the closing has ${show(slots[differing])}`;
	}
	const payments = new Map<string, bigint>();
	for (const payment of data.payment_types as Payment[]) {
		const key = `${payment.type === 'Bar' ? 'Bar' : 'Unbar'}:${payment.currency_code}`;
		payments.set(key, (payments.get(key) ?? BigInt(0)) + cents(payment.amount, 'amount'));
	}
	for (const key of new Set([...payments.keys(), ...parsed.byKey.keys()])) {
		const mine = payments.get(key) ?? BigInt(0);
		const theirs = parsed.byKey.get(key) ?? BigInt(0);
		if (mine !== theirs)
			return `the TSS signed ${show(theirs)} ${key}, the closing's payment_types have ${show(mine)}`;
	}
	return undefined;
}

function checkSecurity(
	store: DsfinvkStore,
	transaction: JsonObject,
	index: number,
): ClosingError | undefined {
	const head = transaction.head as JsonObject;
	const security = transaction.security as JsonObject;
	if (typeof security.tss_tx_id !== 'string') return undefined;
	const where = `transactions[${index}] (transaction_export_id ${String(head.transaction_export_id)})`;
	const registerId = head.closing_client_id as string;
	const tssId = tssOfRegister(store, registerId);
	if (!tssId) return undefined; // a register with an external TSS: nothing to look up [INFERRED]
	const signed = store.signDe.transaction(tssId, security.tss_tx_id);
	const notFound = (why: string): ClosingError => ({
		code: 'E_TX_NOT_FOUND',
		message: `Transaction not found in SIGN DE: ${where} names tss_tx_id ${security.tss_tx_id}, ${why}`,
	});
	if (!signed) return notFound(`which TSS ${tssId} does not hold`);
	if (signed.state !== 'FINISHED') return notFound(`which is ${signed.state}, not FINISHED`);
	const signDeClient = store.signDe.client(registerId);
	if (signDeClient && signed.clientId !== registerId)
		return notFound(
			`which client ${signed.clientId} signed, not the closing_client_id ${registerId}`,
		);
	if (head.type !== 'Beleg' || signed.processType !== 'Kassenbeleg-V1') return undefined;
	const mismatch = amountMismatch(transaction, signed);
	return mismatch
		? {
				code: 'E_TX_AMOUNTS_MISMATCH',
				message: `${where} does not match its SIGN DE transaction ${signed.txId}: ${mismatch}`,
			}
		: undefined;
}

/** The first problem the worker would find, or undefined when the closing completes. */
export function processClosing(store: DsfinvkStore, body: JsonObject): ClosingError | undefined {
	const { vatIds, agencies } = collectReferences(body);
	for (const agency of agencies) {
		if (!store.model.purchaserAgencies.has(agency))
			return {
				code: 'E_PURCHASER_AGENCY_NOT_FOUND',
				message: `Purchaser Agency does not exist. (${agency})`,
			};
	}
	const at = referenceTime(body);
	for (const id of [...vatIds].sort((a, b) => a - b)) {
		if (!builtInVatDefinition(id, at) && !store.model.vatDefinitions.has(String(id)))
			return {
				code: 'E_VAT_DEFINITION_NOT_FOUND',
				message: `VAT Definition does not exist. (${id})`,
			};
	}
	const transactions = body.transactions as JsonObject[];
	for (const transaction of transactions) {
		const registerId = (transaction.head as JsonObject).closing_client_id as string;
		if (!store.model.cashRegisters.has(registerId))
			return {
				code: 'E_CASH_REGISTER_NOT_FOUND',
				message: `Cash Register does not exist! Check for a matching sign_api_version. (${registerId})`,
			};
	}
	for (const [index, transaction] of transactions.entries()) {
		const problem = checkSecurity(store, transaction, index);
		if (problem) return problem;
	}
	return undefined;
}

/** Revision of every master-data resource the closing uses, as of now (the insert). */
export function boundRevisions(store: DsfinvkStore, body: JsonObject): Record<string, number> {
	const revisions: Record<string, number> = {};
	const bind = (key: string, resource: { revisions: unknown[] } | undefined) => {
		if (resource) revisions[key] = resource.revisions.length - 1;
	};
	const registers = new Set([body.client_id as string]);
	for (const transaction of body.transactions as JsonObject[])
		registers.add((transaction.head as JsonObject).closing_client_id as string);
	for (const id of registers) bind(`cashRegister:${id}`, store.model.cashRegisters.get(id));
	const { vatIds, agencies } = collectReferences(body);
	for (const id of vatIds) bind(`vatDefinition:${id}`, store.model.vatDefinitions.get(String(id)));
	for (const id of agencies) bind(`purchaserAgency:${id}`, store.model.purchaserAgencies.get(id));
	return revisions;
}
