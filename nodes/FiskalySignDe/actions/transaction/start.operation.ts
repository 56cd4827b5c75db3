import { randomUUID } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions, metadataField } from '../../../shared/descriptions';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { uuidOrGenerated } from '../../../shared/validation';
import { transactionOutput } from '../../helpers/receipt';
import { clientLocator, simplifyField, tssLocator } from '../common.descriptions';
import { getClientId, getTssId } from '../ids';
import {
	CANCELLED_ATTEMPT,
	metadataWithReference,
	onFirstOpenAttempt,
	readReferenceParameter,
	referenceField,
} from './reference';
import { newTransactionIdField } from './shared';
import { startOrFind } from './signing';
import { putRevision } from './upsert';

const properties: INodeProperties[] = [
	tssLocator,
	clientLocator,
	referenceField,
	newTransactionIdField,
	metadataField,
	simplifyField,
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['start'] } },
	properties,
);

/**
 * Revision 1, state ACTIVE, no data: DSFinV-K wants a start without process type and data. With a
 * Reference the order's open transaction is returned when it was started before; a cancelled one is
 * followed by the next derived ID; a finished one is refused (the order is signed already).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const clientId = getClientId(this, itemIndex);
	const reference = readReferenceParameter(this, itemIndex);
	const givenId = getParameter(this, 'transactionId', itemIndex, '');
	const transactionId = checked(this, itemIndex, () =>
		uuidOrGenerated(givenId, 'Transaction ID', randomUUID),
	);
	const metadata = metadataWithReference(
		this,
		getMetadata(this, itemIndex),
		reference,
		givenId,
		itemIndex,
	);
	const simplify = getParameter(this, 'simplify', itemIndex, false) as boolean;
	const body: IDataObject = { state: 'ACTIVE', client_id: clientId };
	if (metadata) body.metadata = metadata;
	if (reference === undefined) {
		const started = await putRevision.call(this, tssId, transactionId, 1, body, itemIndex);
		return itemsFor(transactionOutput(started, simplify), itemIndex);
	}
	const open = await onFirstOpenAttempt(this, tssId, reference, itemIndex, async (id) => {
		const started = await startOrFind.call(this, tssId, id, body, itemIndex);
		if (!('existing' in started)) return started.started;
		const { existing } = started;
		if (existing.state === 'CANCELLED') return CANCELLED_ATTEMPT;
		if (existing.state === 'ACTIVE' && existing.client_id === clientId) return existing;
		throw new NodeOperationError(
			this.getNode(),
			existing.state === 'FINISHED'
				? `Order ${reference} was already signed (transaction number ${String(existing.number)})`
				: `Order ${reference} is open on another client (${String(existing.client_id)})`,
			{ description: 'An order is signed once. Give a new sale its own Reference.', itemIndex },
		);
	});
	return itemsFor(transactionOutput(open, simplify), itemIndex);
}
