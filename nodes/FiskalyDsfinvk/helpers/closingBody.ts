import type { IDataObject } from 'n8n-workflow';

import { uuidFromText } from '../../shared/derivedId';
import { FieldError } from '../../shared/errors';

/**
 * The body of PUT /cash_point_closings/{closing_id} as given in JSON (REFERENCE §6), checked for
 * what fiskaly would refuse or store unusably, before any call. The consistency of the amounts is
 * Close Day's business; this checks the shape. Pure.
 */

export const CLOSING_FIELD = 'Cash Point Closing (JSON)';

function asObject(value: unknown): IDataObject | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

function jsonOf(text: string): { json?: unknown; problem?: string } {
	try {
		return { json: JSON.parse(text) as unknown };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}

function parsed(value: unknown): IDataObject {
	const { json, problem } = typeof value === 'string' ? jsonOf(value) : { json: value };
	if (problem !== undefined) {
		throw new FieldError(
			CLOSING_FIELD,
			`is not valid JSON (${problem})`,
			'Enter the closing as a JSON object with cash_point_closing_export_id, head, cash_statement and transactions.',
		);
	}
	const object = asObject(json);
	if (!object) {
		throw new FieldError(
			CLOSING_FIELD,
			'is not a JSON object',
			'Enter the closing as a JSON object with cash_point_closing_export_id, head, cash_statement and transactions.',
		);
	}
	return object;
}

/** fiskaly coerces numeric strings (REFERENCE §4.5), so "42" counts like 42. */
function wholeNumberOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
	return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

function required(object: IDataObject | undefined, key: string, where: string): unknown {
	const value = object?.[key];
	if (value === undefined) {
		throw new FieldError(
			CLOSING_FIELD,
			`${where}.${key} is missing`,
			'DSFinV-K needs it; see the README section DSFinV-K for the closing body.',
		);
	}
	return value;
}

export interface PreparedClosing {
	body: IDataObject;
	/** Z_NR, the register's consecutive closing number. */
	exportId: number;
}

export function prepareClosingBody(value: unknown, clientId: string): PreparedClosing {
	const body = parsed(value);
	if (body.client_id !== undefined && String(body.client_id).toLowerCase() !== clientId) {
		throw new FieldError(
			CLOSING_FIELD,
			`client_id ${String(body.client_id)} is not the chosen Cash Register (${clientId})`,
			'Remove client_id from the JSON (the node fills it in from Cash Register), or choose that register.',
		);
	}
	const givenExportId = required(body, 'cash_point_closing_export_id', 'closing');
	const exportId = wholeNumberOf(givenExportId);
	if (exportId === undefined) {
		throw new FieldError(
			CLOSING_FIELD,
			`cash_point_closing_export_id ${JSON.stringify(givenExportId)} is not a whole number of 0 or more`,
			"Number the register's closings 1, 2, 3, … without gaps or repeats (Z_NR).",
		);
	}
	const head = asObject(required(body, 'head', 'closing'));
	const creation = required(head, 'export_creation_date', 'head');
	if (wholeNumberOf(creation) === undefined) {
		throw new FieldError(
			CLOSING_FIELD,
			`head.export_creation_date ${JSON.stringify(creation)} is not a Unix time in seconds`,
			'Give the moment the closing was made as whole seconds since 1970, e.g. 1710543900.',
		);
	}
	required(head, 'first_transaction_export_id', 'head');
	required(head, 'last_transaction_export_id', 'head');
	const statement = asObject(required(body, 'cash_statement', 'closing'));
	if (!Array.isArray(required(statement, 'business_cases', 'cash_statement'))) {
		throw new FieldError(
			CLOSING_FIELD,
			'cash_statement.business_cases is not a list',
			'Give an array.',
		);
	}
	const payment = asObject(required(statement, 'payment', 'cash_statement'));
	const paymentTypes = required(payment, 'payment_types', 'cash_statement.payment');
	if (!Array.isArray(paymentTypes) || paymentTypes.length === 0) {
		throw new FieldError(
			CLOSING_FIELD,
			'cash_statement.payment.payment_types is empty',
			'fiskaly refuses a closing without payment types since July 2024. List the payments of the day per type and currency, e.g. [{ "type": "Bar", "currency_code": "EUR", "amount": 11.9 }].',
		);
	}
	if (!Array.isArray(required(body, 'transactions', 'closing'))) {
		throw new FieldError(
			CLOSING_FIELD,
			'transactions is not a list',
			'Give the receipts of the closing as an array (DSFinV-K needs every single receipt).',
		);
	}
	return { body: { ...body, client_id: clientId }, exportId };
}

/**
 * The Closing ID when none is given: derived from the register and its closing number (Z_NR,
 * unique per register), so inserting the same closing again finds the first one.
 */
export function derivedClosingId(clientId: string, exportId: number): string {
	return uuidFromText(`dsfinvk cash point closing\n${clientId.toLowerCase()}\n${exportId}`);
}
