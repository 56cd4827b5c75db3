import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { uuidFromText } from '../../../shared/derivedId';
import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { trimmedText, uuidOrGenerated } from '../../../shared/validation';
import { postAddress } from '../../helpers/legalFields';
import { addressFields, addressInput } from '../address';

const properties: INodeProperties[] = [
	{
		displayName: 'Establishment ID',
		name: 'establishmentId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 0b7e4d2c-6f1a-4c3e-9a55-2f8d1e6b7c90',
		description:
			'The ID (UUID) of the establishment to create or update. Leave empty to derive it from the address, so that running this again updates the same establishment.',
	},
	...addressFields('Address of the establishment'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Designation',
				name: 'designation',
				type: 'string',
				default: '',
				placeholder: 'e.g. Café am Markt',
				description: 'The name of the site',
			},
			{
				displayName: 'Remarks',
				name: 'remarks',
				type: 'string',
				default: '',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['establishment'], operation: ['upsert'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { id, body } = checked(this, itemIndex, () => {
		const address = postAddress(addressInput(this, itemIndex), 'Address');
		const additional = getParameter(this, 'additionalFields', itemIndex, {}) as IDataObject;
		const establishment: IDataObject = { address };
		for (const key of ['designation', 'remarks']) {
			const value = trimmedText(additional[key]);
			if (value !== '') establishment[key] = value;
		}
		const establishmentId = uuidOrGenerated(
			getParameter(this, 'establishmentId', itemIndex, ''),
			'Establishment ID',
			() =>
				uuidFromText(
					`submit-de establishment|${address.street}|${address.house_number}|${address.house_number_suffix ?? ''}|${address.zip_code}|${address.town}`,
				),
		);
		return { id: establishmentId.toLowerCase(), body: establishment };
	});
	const establishment = await fiskalyApiRequest.call(this, {
		api: 'submitDe',
		method: 'PUT',
		path: `/establishment/${id}`,
		body,
		itemIndex,
	});
	return itemsFor({ id, ...establishment }, itemIndex);
}
