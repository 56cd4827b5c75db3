import { randomUUID } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions, metadataField } from '../../../shared/descriptions';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { uuidOrGenerated } from '../../../shared/validation';
import { transactionOutput } from '../../helpers/receipt';
import { clientLocator, simplifyField, tssLocator } from '../common.descriptions';
import { getClientId, getTssId } from '../ids';
import { newTransactionIdField } from './shared';
import { putRevision } from './upsert';

const properties: INodeProperties[] = [
	tssLocator,
	clientLocator,
	newTransactionIdField,
	metadataField,
	simplifyField,
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['start'] } },
	properties,
);

/** Revision 1, state ACTIVE, no data: DSFinV-K wants a start without process type and data. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const clientId = getClientId(this, itemIndex);
	const transactionId = checked(this, itemIndex, () =>
		uuidOrGenerated(
			getParameter(this, 'transactionId', itemIndex, ''),
			'Transaction ID',
			randomUUID,
		),
	);
	const metadata = getMetadata(this, itemIndex);
	const simplify = getParameter(this, 'simplify', itemIndex, false) as boolean;
	const body: IDataObject = { state: 'ACTIVE', client_id: clientId };
	if (metadata) body.metadata = metadata;
	const started = await putRevision.call(this, tssId, transactionId, 1, body, itemIndex);
	return itemsFor(transactionOutput(started, simplify), itemIndex);
}
