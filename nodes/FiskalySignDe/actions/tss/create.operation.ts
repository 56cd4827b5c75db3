import { randomUUID } from 'crypto';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions, metadataField } from '../../../shared/descriptions';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { uuidOrGenerated } from '../../../shared/validation';
import { ADMIN_PUK_NOTICE, tssIdField } from './shared';

const properties: INodeProperties[] = [tssIdField, metadataField, concurrencyOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = checked(this, itemIndex, () =>
		uuidOrGenerated(getParameter(this, 'tssId', itemIndex, ''), 'TSS ID', randomUUID),
	);
	const metadata = getMetadata(this, itemIndex);
	const tss = await fiskalyApiRequest.call(this, {
		method: 'PUT',
		path: `/tss/${tssId}`,
		body: metadata ? { metadata } : {},
		itemIndex,
	});
	return itemsFor({ ...tss, admin_puk_notice: ADMIN_PUK_NOTICE }, itemIndex);
}
