import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/concurrency';
import { attachItemDetails, fiskalyCodeOf } from '../../../shared/errors';
import { checked, getParameter } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import {
	closingDifferences,
	closingIdFor,
	FAILED_CLOSING_STATES,
	nextClosingNumber,
} from '../../helpers/closing/closingId';
import { crossCheck, dayWindow, pastDay } from '../../helpers/closing/crossCheck';
import { readSale, type Sale, type SaleDefaults } from '../../helpers/closing/sale';
import {
	readSignedTransaction,
	transactionSource,
	type TransactionSource,
} from '../../helpers/closing/signedData';
import { businessDateOf } from '../../helpers/dates';
import { closingProblem, isRunning } from '../../helpers/processing';
import { getLocatorId } from '../ids';
import {
	getWaitForCompletion,
	problemError,
	stillRunningError,
	waitWhileRunning,
} from '../waiting';
import { closingPath, getClosing } from './shared';

/**
 * Close Day's steps that call fiskaly (SIGN DE for the transactions, DSFinV-K for the closing);
 * the fiscal logic they feed is pure, in helpers/closing/.
 */

/** The buyer of sales that bring none: a walk-in cash customer [INFERRED default, as in REFERENCE §10]. */
const WALK_IN_BUYER = { name: 'Barverkauf', buyer_export_id: '0', type: 'Kunde' };
const FETCH_CONCURRENCY = 4;
const MAX_ATTEMPTS = 20;
const PAGE_SIZE = 100;

export interface Settings {
	clientId: string;
	defaults: SaleDefaults;
	options: IDataObject;
}

export function readSettings(ctx: IExecuteFunctions): Settings {
	const clientId = getLocatorId(ctx, 0, 'cashRegister', 'Cash Register');
	const businessDate = checked(ctx, 0, () =>
		businessDateOf(getParameter(ctx, 'businessDate', 0, ''), 'Business Date'),
	);
	const options = getParameter(ctx, 'options', 0, {}) as IDataObject;
	const baseCurrency = String(options.baseCurrency ?? 'EUR')
		.trim()
		.toUpperCase();
	const operatorName = String(options.operatorName ?? '').trim();
	return {
		clientId,
		options,
		defaults: {
			businessDate,
			baseCurrency,
			user: {
				user_export_id: String(options.operatorId ?? '1').trim() || '1',
				...(operatorName === '' ? {} : { name: operatorName }),
			},
			buyer: WALK_IN_BUYER,
		},
	};
}

/** Every item's sale, checked; items that only name their transaction are fetched from SIGN DE. */
export async function readSales(ctx: IExecuteFunctions, settings: Settings): Promise<Sale[]> {
	const items = ctx.getInputData();
	const sources = items.map((item, index) =>
		checked(ctx, index, () => transactionSource(item.json, `Sale in item ${index}`)),
	);
	const saleOf = (index: number, transaction: IDataObject) =>
		checked(ctx, index, () =>
			readSale(
				items[index].json,
				readSignedTransaction(transaction, `Sale in item ${index}`),
				index,
				settings.defaults,
			),
		);
	// Everything given in full is checked before the first call.
	const sales = sources.map((source, index) =>
		source.transaction ? saleOf(index, source.transaction) : undefined,
	);
	const toFetch = sources
		.map((source, index) => ({ source, index }))
		.filter((entry) => entry.source.transaction === undefined);
	if (toFetch.length > 0) {
		const tssId = await tssOf(ctx, settings, sources, sales);
		await mapWithConcurrency(toFetch, FETCH_CONCURRENCY, async ({ source, index }) => {
			const transaction = await fiskalyApiRequest.call(ctx, {
				method: 'GET',
				path: `/tss/${source.tssId ?? tssId}/tx/${source.id as string}`,
				itemIndex: index,
			});
			sales[index] = saleOf(index, transaction);
		});
	}
	return sales as Sale[];
}

/** The TSS of the register: named by a sale, else read from the DSFinV-K cash register. */
async function tssOf(
	ctx: IExecuteFunctions,
	settings: Settings,
	sources: TransactionSource[],
	sales: Array<Sale | undefined>,
): Promise<string> {
	const named =
		sales.find((sale) => sale?.signed.tssId)?.signed.tssId ??
		sources.find((source) => source.tssId)?.tssId;
	if (named) return named;
	const register = await fiskalyApiRequest.call(ctx, {
		api: 'dsfinvk',
		method: 'GET',
		path: `/cash_registers/${settings.clientId}`,
	});
	const tssId = register.tss_id;
	if (typeof tssId !== 'string' || tssId === '') {
		throw new NodeOperationError(
			ctx.getNode(),
			`The cash register ${settings.clientId} names no TSS`,
			{
				description:
					'Give the sales their tss_id, or link the cash register to its TSS with Cash Register › Create or Update.',
			},
		);
	}
	return tssId;
}

/** FINISHED transactions of the client, newest first, until the pages are past the business day. */
async function tssTransactionsOfDay(
	ctx: IExecuteFunctions,
	tssId: string,
	clientId: string,
	window: { start: number; end: number },
): Promise<IDataObject[]> {
	const found: IDataObject[] = [];
	for (let offset = 0; ; offset += PAGE_SIZE) {
		const page = await fiskalyApiRequest.call(ctx, {
			method: 'GET',
			path: `/tss/${tssId}/client/${clientId}/tx`,
			qs: { states: ['FINISHED'], order_by: 'time_start', order: 'desc', limit: PAGE_SIZE, offset },
		});
		const data = Array.isArray(page.data) ? (page.data as IDataObject[]) : [];
		found.push(...data);
		if (data.length < PAGE_SIZE || pastDay(data, window)) return found;
	}
}

export async function refuseMissing(
	ctx: IExecuteFunctions,
	settings: Settings,
	sales: Sale[],
): Promise<IDataObject> {
	const tssId = await tssOf(ctx, settings, [], sales);
	const zone = String(settings.options.timeZone ?? '').trim() || ctx.getTimezone();
	const window = checked(ctx, 0, () => dayWindow(settings.defaults.businessDate, zone));
	const listed = await tssTransactionsOfDay(ctx, tssId, settings.clientId, window);
	const result = crossCheck(
		listed,
		sales.map((sale) => ({
			id: sale.signed.id,
			number: sale.signed.number,
			timeEnd: sale.signed.timeEnd,
		})),
		window,
	);
	if (result.missing.length > 0) {
		const shown = result.missing
			.slice(0, 20)
			.map((tx) => `number ${String(tx.number)} (${String(tx.transaction_id)})`);
		throw new NodeOperationError(
			ctx.getNode(),
			`${result.missing.length} transaction(s) the TSS signed for register ${settings.clientId} on ${settings.defaults.businessDate} are not among the sales: ${shown.join(', ')}${result.missing.length > 20 ? ', …' : ''}`,
			{
				description:
					'A closing must hold every signed sale of the day and cannot be changed later. Add the missing sales (with their line items) to the input, or turn off Options › Cross-Check With TSS if they belong to another day.',
			},
		);
	}
	return { tss_transactions: result.tssTransactions, missing: [], outside_day: result.outsideDay };
}

export async function closingNumber(ctx: IExecuteFunctions, settings: Settings): Promise<number> {
	const given = settings.options.closingNumber;
	if (typeof given === 'number' && given > 0) return given;
	const page = await fiskalyApiRequest.call(ctx, {
		api: 'dsfinvk',
		method: 'GET',
		path: '/cash_point_closings',
		qs: {
			client_id: settings.clientId,
			order_by: 'time_creation',
			order: 'desc',
			limit: PAGE_SIZE,
		},
	});
	return nextClosingNumber(Array.isArray(page.data) ? (page.data as IDataObject[]) : []);
}

/**
 * Inserts the closing under the register's and day's derived ID. A 409 means it is already there
 * (a re-run, or a retry after a lost answer): that closing is used, unless it failed.
 */
export async function insertOnce(
	ctx: IExecuteFunctions,
	settings: Settings,
	body: IDataObject,
): Promise<{ closing: IDataObject; alreadyInserted: boolean; attempt: number }> {
	const { clientId, defaults } = settings;
	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		const closingId = closingIdFor(clientId, defaults.businessDate, attempt);
		try {
			const closing = await fiskalyApiRequest.call(ctx, {
				api: 'dsfinvk',
				method: 'PUT',
				path: closingPath(closingId),
				body,
			});
			return { closing: { closing_id: closingId, ...closing }, alreadyInserted: false, attempt };
		} catch (error) {
			const conflict =
				fiskalyCodeOf(error) === 'E_CASH_POINT_CLOSING_CONFLICT' ||
				(error as { httpCode?: string }).httpCode === '409';
			if (!conflict) throw new NodeApiError(ctx.getNode(), error as JsonObject);
		}
		const stored = await getClosing(ctx, closingId, 0);
		if (FAILED_CLOSING_STATES.includes(String(stored.state))) continue;
		const differences = closingDifferences(stored, body);
		if (differences.length > 0) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Register ${clientId} already has a closing for ${defaults.businessDate} (closing_id ${closingId}, number ${String(stored.cash_point_closing_export_id)}) with other data: ${differences.join('; ')}`,
				{
					description:
						'A closing cannot be changed. If the stored one is wrong, delete it (Cash Point Closing › Delete) and run Close Day again: it then inserts a new closing. Otherwise correct the sales on the next day.',
				},
			);
		}
		return { closing: { closing_id: closingId, ...stored }, alreadyInserted: true, attempt };
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`${MAX_ATTEMPTS} closings of register ${clientId} for ${defaults.businessDate} failed`,
		{
			description:
				'Get the closings of this register (Cash Point Closing › Get Many) and read their errors.',
		},
	);
}

/**
 * Waits (Wait for Completion, Max Wait) until fiskaly has processed the closing. ERROR or DELETED
 * becomes an error with fiskaly's code and the fix; a closing still running after Max Wait too,
 * naming its ID (a re-run picks it up).
 */
export async function processed(
	ctx: IExecuteFunctions,
	closing: IDataObject,
): Promise<IDataObject> {
	const closingId = String(closing.closing_id);
	let current = closing;
	if (getWaitForCompletion(ctx, 0) && isRunning(current.state)) {
		current = await waitWhileRunning(ctx, closingPath(closingId), current, 0);
		if (isRunning(current.state))
			throw stillRunningError(
				ctx,
				`Cash point closing ${closingId}`,
				current,
				{ closing_id: closingId },
				0,
			);
	}
	const problem = closingProblem({ closing_id: closingId, ...current });
	if (problem) {
		const error = problemError(
			ctx,
			{
				...problem,
				description: `${problem.description.replace(/ An ERROR closing is not exported:.*$/, '')} Then run Close Day again: a closing in ERROR (or deleted) does not count, so the next run inserts a new one.`,
			},
			0,
		);
		attachItemDetails(error, { closing_id: closingId, state: current.state });
		throw error;
	}
	return current;
}
