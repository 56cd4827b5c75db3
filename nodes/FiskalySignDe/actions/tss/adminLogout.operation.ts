import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { adminLogout } from '../admin';
import { tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';

const properties: INodeProperties[] = [tssLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['adminLogout'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	await adminLogout.call(this, tssId, itemIndex);
	return itemsFor({ tss_id: tssId, admin_logged_in: false }, itemIndex);
}
