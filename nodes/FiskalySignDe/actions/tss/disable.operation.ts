import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { getAdminPin, getTss, inAdminSession } from '../admin';
import { adminPinField, tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';

const properties: INodeProperties[] = [
	tssLocator,
	adminPinField,
	{
		displayName:
			'Disabling is permanent: the TSS can never sign again. Exports of its data stay possible.',
		name: 'disableNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['disable'] } },
	properties,
);

/** → DISABLED. A TSS that is already disabled is returned unchanged. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const adminPin = getAdminPin(this, itemIndex);
	const tss = await getTss.call(this, tssId, itemIndex);
	if (tss.state === 'DISABLED') return itemsFor(tss, itemIndex);
	const disabled = await inAdminSession.call(this, tssId, adminPin, itemIndex, async () =>
		fiskalyApiRequest.call(this, {
			method: 'PATCH',
			path: `/tss/${tssId}`,
			body: { state: 'DISABLED' },
			itemIndex,
		}),
	);
	return itemsFor(disabled, itemIndex);
}
