import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { adminLogin, getAdminPin, getTss } from '../admin';
import { adminPinField, tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';

const properties: INodeProperties[] = [
	tssLocator,
	{ ...adminPinField, description: 'Admin PIN of the TSS' },
	{
		displayName:
			'The admin session belongs to the access token of this credential. Operations that need it (Initialize, Disable, Client › Create/Update) log in and out by themselves.',
		name: 'sessionNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['adminLogin'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const adminPin = getAdminPin(this, itemIndex);
	await getTss.call(this, tssId, itemIndex);
	await adminLogin.call(this, tssId, adminPin, itemIndex);
	return itemsFor({ tss_id: tssId, admin_logged_in: true }, itemIndex);
}
