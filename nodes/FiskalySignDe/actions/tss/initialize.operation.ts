import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { validateTssDescription } from '../../helpers/validation';
import { getAdminPin, getTss, inAdminSession } from '../admin';
import { adminPinField, tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';

const properties: INodeProperties[] = [
	tssLocator,
	adminPinField,
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		placeholder: 'e.g. Store Berlin Mitte',
		description:
			"Description to store with the TSS (up to 100 characters). Leave empty for fiskaly's default.",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['initialize'] } },
	properties,
);

/** UNINITIALIZED → INITIALIZED. A TSS that is already initialized is returned unchanged. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const adminPin = getAdminPin(this, itemIndex);
	const tssDescription = checked(this, itemIndex, () =>
		validateTssDescription(getParameter(this, 'description', itemIndex, ''), 'Description'),
	);
	const tss = await getTss.call(this, tssId, itemIndex);
	if (tss.state === 'INITIALIZED') return itemsFor(tss, itemIndex);
	const body: IDataObject = { state: 'INITIALIZED' };
	if (tssDescription) body.description = tssDescription;
	const initialized = await inAdminSession.call(this, tssId, adminPin, itemIndex, async () =>
		fiskalyApiRequest.call(this, { method: 'PATCH', path: `/tss/${tssId}`, body, itemIndex }),
	);
	return itemsFor(initialized, itemIndex);
}
