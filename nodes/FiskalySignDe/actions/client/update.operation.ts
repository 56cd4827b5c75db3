import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { metadataField } from '../../../shared/descriptions';
import { getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { getAdminPin, getTss, inAdminSession } from '../admin';
import { adminPinField, clientLocator, tssLocator } from '../common.descriptions';
import { getClientId, getTssId } from '../ids';

const properties: INodeProperties[] = [
	tssLocator,
	clientLocator,
	{
		displayName: 'State',
		name: 'state',
		type: 'options',
		options: [
			{
				name: 'Deregistered',
				value: 'DEREGISTERED',
				description: 'The client can no longer sign (reversible)',
			},
			{ name: 'Keep Current State', value: 'unchanged', description: 'Only change metadata' },
			{ name: 'Registered', value: 'REGISTERED', description: 'The client can sign' },
		],
		default: 'unchanged',
		description: 'Register or deregister the client. This needs the admin PIN.',
	},
	{ ...adminPinField, displayOptions: { hide: { state: ['unchanged'] } } },
	metadataField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const clientId = getClientId(this, itemIndex);
	const state = getParameter(this, 'state', itemIndex, 'unchanged') as string;
	const metadata = getMetadata(this, itemIndex);
	const clientPath = `/tss/${tssId}/client/${clientId}`;

	if (state === 'unchanged') {
		if (!metadata) {
			throw new NodeOperationError(this.getNode(), `Nothing to update [item ${itemIndex}]`, {
				itemIndex,
				description: 'Choose a new State or add Metadata entries.',
			});
		}
		await fiskalyApiRequest.call(this, {
			method: 'PATCH',
			path: `${clientPath}/metadata`,
			body: metadata,
			itemIndex,
		});
		return itemsFor(
			await fiskalyApiRequest.call(this, { method: 'GET', path: clientPath, itemIndex }),
			itemIndex,
		);
	}

	const adminPin = getAdminPin(this, itemIndex);
	const body: IDataObject = { state };
	if (metadata) body.metadata = metadata;
	await getTss.call(this, tssId, itemIndex);
	const client = await inAdminSession.call(this, tssId, adminPin, itemIndex, async () =>
		fiskalyApiRequest.call(this, { method: 'PATCH', path: clientPath, body, itemIndex }),
	);
	return itemsFor(client, itemIndex);
}
