import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import {
	ADMIN_PIN_MIN_LENGTH,
	ADMIN_PUK_MIN_LENGTH,
	validateSecret,
} from '../../helpers/validation';
import { tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';

const properties: INodeProperties[] = [
	tssLocator,
	{
		displayName: 'Admin PUK',
		name: 'adminPuk',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'The admin_puk returned when the TSS was created',
	},
	{
		displayName: 'New Admin PIN',
		name: 'newAdminPin',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'The new admin PIN, at least 6 characters. This also unblocks a blocked PIN.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['changeAdminPin'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const adminPuk = checked(this, itemIndex, () =>
		validateSecret(
			getParameter(this, 'adminPuk', itemIndex, ''),
			'Admin PUK',
			ADMIN_PUK_MIN_LENGTH,
		),
	);
	const newAdminPin = checked(this, itemIndex, () =>
		validateSecret(
			getParameter(this, 'newAdminPin', itemIndex, ''),
			'New Admin PIN',
			ADMIN_PIN_MIN_LENGTH,
		),
	);
	await fiskalyApiRequest.call(this, {
		method: 'PATCH',
		path: `/tss/${tssId}/admin`,
		body: { admin_puk: adminPuk, new_admin_pin: newAdminPin },
		itemIndex,
	});
	return itemsFor({ tss_id: tssId, admin_pin_changed: true }, itemIndex);
}
