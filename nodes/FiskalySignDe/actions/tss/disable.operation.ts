import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { ADMIN_PIN_MIN_LENGTH, validateSecret } from '../../helpers/validation';
import { getTss, inAdminSession } from '../admin';
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
	const adminPin = checked(this, itemIndex, () =>
		validateSecret(
			getParameter(this, 'adminPin', itemIndex, ''),
			'Admin PIN',
			ADMIN_PIN_MIN_LENGTH,
		),
	);
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
