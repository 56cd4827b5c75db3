import { randomUUID } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOption, concurrencyOptions, metadataField } from '../../../shared/descriptions';
import { asNodeError, isFiskalyUnavailable, itemDetailsOf } from '../../../shared/errors';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { uuidOrGenerated } from '../../../shared/validation';
import { transactionOutput } from '../../helpers/receipt';
import { tseFailureReceipt } from '../../helpers/tseFailure';
import { clientLocator, simplifyField, tssLocator } from '../common.descriptions';
import { getClientId, getTssId } from '../ids';
import { readTransactionSchema, transactionDataFields } from './schema';
import {
	metadataWithReference,
	onFirstOpenAttempt,
	readReferenceParameter,
	referenceField,
} from './reference';
import { newTransactionIdField } from './shared';
import { amountsFromFields, readLineItemSale, type LineItemSale } from './lineItems';
import { signOnce, type SignRequest } from './signing';

/** Amounts From and its fields go right below the receipt type and its notice. */
function withAmountsFrom(fields: INodeProperties[]): INodeProperties[] {
	const at = fields.findIndex((field) => field.name === 'refundNotice') + 1;
	return [...fields.slice(0, at), ...amountsFromFields, ...fields.slice(at)];
}

const properties: INodeProperties[] = [
	tssLocator,
	clientLocator,
	referenceField,
	newTransactionIdField,
	...withAmountsFrom(transactionDataFields),
	metadataField,
	simplifyField,
	{
		...concurrencyOptions,
		options: [
			concurrencyOption,
			{
				displayName: 'Require Reference',
				name: 'requireReference',
				type: 'boolean',
				default: false,
				description:
					'Whether to refuse an item whose Reference is empty, before any call to fiskaly. Turn on when every order has a number: an order without one would otherwise be signed under a random ID, and a retry of it signed again.',
			},
			{
				displayName: 'On TSE Outage',
				name: 'onTseOutage',
				type: 'options',
				options: [
					{
						name: 'Stop With an Error',
						value: 'error',
						description: 'The item fails (or goes to the error output) like any other error',
					},
					{
						name: 'Output a TSE Failure Receipt',
						value: 'failureReceipt',
						description:
							'When fiskaly cannot be reached or keeps failing after the retries, output an item with tse_failure: true, the reason and the time, so the sale goes on and the receipt can say that the TSE failed',
					},
				],
				default: 'error',
				description:
					'What to do when the TSE (fiskaly) is unavailable. German law lets the sale go on if the receipt shows the TSE failure and the outage is documented.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['signReceipt'] } },
	properties,
);

/**
 * Start and finish in one step. With a Reference the transaction ID is derived from it, so the
 * same order is signed once however often it arrives; an attempt that was cancelled (an aborted
 * sale) is followed by the next derived ID, so a retry still signs it. Without one, the Transaction
 * ID (or a random one) is used, and a re-run with that ID continues where the last one stopped.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reference = readReferenceParameter(
		this,
		itemIndex,
		getParameter(this, 'options.requireReference', itemIndex, false) === true,
	);
	const lineSale = readLineItemSale(this, itemIndex, new Date());
	try {
		return await signReceipt.call(this, itemIndex, reference, lineSale);
	} catch (error) {
		const onOutage = getParameter(this, 'options.onTseOutage', itemIndex, 'error');
		if (onOutage !== 'failureReceipt' || !isFiskalyUnavailable(error)) {
			throw asNodeError(this.getNode(), error, itemIndex);
		}
		const receipt = tseFailureReceipt((error as Error).message, new Date(), reference);
		const simplify = getParameter(this, 'simplify', itemIndex, false) as boolean;
		const details = itemDetailsOf(error);
		return itemsFor(
			withLines(
				simplify
					? receipt
					: {
							tse_failure: true,
							reason: receipt.tse_failure_reason,
							time: receipt.tse_failure_time,
							reference: reference ?? null,
							transaction_id: details?.transaction_id ?? null,
							receipt,
						},
				lineSale,
			),
			itemIndex,
		);
	}
}

/**
 * The lines go out beside the receipt block, so Close Day can take the item unchanged; also with a
 * TSE-failure receipt, since the sale happened either way.
 */
function withLines(json: IDataObject, lineSale: LineItemSale | undefined): IDataObject {
	return lineSale ? { ...json, line_items: lineSale.lineItems } : json;
}

async function signReceipt(
	this: IExecuteFunctions,
	itemIndex: number,
	reference: string | undefined,
	lineSale: LineItemSale | undefined,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const clientId = getClientId(this, itemIndex);
	const givenId = getParameter(this, 'transactionId', itemIndex, '');
	const transactionId = checked(this, itemIndex, () =>
		uuidOrGenerated(givenId, 'Transaction ID', randomUUID),
	);
	const schema = lineSale?.schema ?? readTransactionSchema(this, itemIndex);
	const metadata = metadataWithReference(
		this,
		getMetadata(this, itemIndex),
		reference,
		givenId,
		itemIndex,
	);
	const simplify = getParameter(this, 'simplify', itemIndex, false) as boolean;

	const startBody: IDataObject = { state: 'ACTIVE', client_id: clientId };
	if (metadata) startBody.metadata = metadata;
	const request: SignRequest = {
		tssId,
		clientId,
		transactionId,
		schema,
		startBody,
		reference,
		itemIndex,
	};
	const output = (signed: IDataObject) =>
		itemsFor(withLines(transactionOutput(signed, simplify), lineSale), itemIndex);
	if (reference === undefined) return output((await signOnce.call(this, request)) as IDataObject);
	return output(
		await onFirstOpenAttempt(this, tssId, reference, itemIndex, async (id) =>
			signOnce.call(this, { ...request, transactionId: id }),
		),
	);
}
