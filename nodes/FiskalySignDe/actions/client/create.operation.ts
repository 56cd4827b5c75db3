import { randomUUID } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { metadataField } from '../../../shared/descriptions';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { uuidOrGenerated, validateClientSerial } from '../../../shared/validation';
import { getAdminPin, getTss, inAdminSession } from '../admin';
import { adminPinField, tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';

const properties: INodeProperties[] = [
	tssLocator,
	{
		displayName: 'Serial Number',
		name: 'serialNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Kasse 1',
		description:
			"Serial number of the cash register, printed on receipts: up to 70 letters, digits, spaces or ' ( ) + , - . : = ?, unique within the TSS.",
	},
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
		description: 'UUID for the new client. Leave empty to generate one.',
	},
	adminPinField,
	metadataField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const serialNumber = checked(this, itemIndex, () =>
		validateClientSerial(getParameter(this, 'serialNumber', itemIndex, ''), 'Serial Number'),
	);
	const clientId = checked(this, itemIndex, () =>
		uuidOrGenerated(getParameter(this, 'clientId', itemIndex, ''), 'Client ID', randomUUID),
	);
	const adminPin = getAdminPin(this, itemIndex);
	const metadata = getMetadata(this, itemIndex);
	const body: IDataObject = { serial_number: serialNumber };
	if (metadata) body.metadata = metadata;

	await getTss.call(this, tssId, itemIndex);
	const client = await inAdminSession.call(this, tssId, adminPin, itemIndex, async () =>
		fiskalyApiRequest.call(this, {
			method: 'PUT',
			path: `/tss/${tssId}/client/${clientId}`,
			body,
			itemIndex,
		}),
	);
	return itemsFor(client, itemIndex);
}
