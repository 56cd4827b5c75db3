import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { purchaserAgencyBody } from '../../helpers/masterData';
import {
	cashRegisterLocator,
	dsfinvkMetadataField,
	MAX_METADATA_ENTRIES,
	purchaserAgencyLocator,
} from '../common.descriptions';
import { getLocatorId } from '../ids';

const properties: INodeProperties[] = [
	{
		...purchaserAgencyLocator,
		description:
			'The agency to create or update: a UUID you choose for a new one (keep it to update the agency later), or pick an existing one',
	},
	{
		...cashRegisterLocator,
		description: 'The cash register the agency sells through',
	},
	{
		displayName: 'Purchaser Agency Export ID',
		name: 'purchaserAgencyExportId',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 1,
		required: true,
		description: 'Number your agencies 1, 2, 3, …; it appears in the export as AGENTUR_ID',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'Name of the agency, up to 60 characters',
	},
	{
		displayName: 'Street',
		name: 'street',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'Postal Code',
		name: 'postalCode',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'City',
		name: 'city',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'Country Code',
		name: 'countryCode',
		type: 'string',
		default: 'DEU',
		required: true,
		description: 'ISO 3166 alpha-3 code of the country, e.g. DEU',
	},
	{
		displayName: 'Tax Number',
		name: 'taxNumber',
		type: 'string',
		default: '',
		required: true,
		description: "The agency's tax number (Steuernummer), up to 20 characters",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'VAT ID Number',
				name: 'vatIdNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. DE123456789',
				description: "The agency's VAT identification number (USt-IdNr)",
			},
		],
	},
	dsfinvkMetadataField,
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['purchaserAgency'], operation: ['upsert'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const agencyId = getLocatorId(this, itemIndex, 'purchaserAgency', 'Purchaser Agency');
	const clientId = getLocatorId(this, itemIndex, 'cashRegister', 'Cash Register');
	const additional = getParameter(this, 'additionalFields', itemIndex, {}) as {
		vatIdNumber?: unknown;
	};
	const metadata = getMetadata(this, itemIndex, MAX_METADATA_ENTRIES);
	const body = checked(this, itemIndex, () =>
		purchaserAgencyBody({
			name: getParameter(this, 'name', itemIndex, ''),
			street: getParameter(this, 'street', itemIndex, ''),
			postalCode: getParameter(this, 'postalCode', itemIndex, ''),
			city: getParameter(this, 'city', itemIndex, ''),
			countryCode: getParameter(this, 'countryCode', itemIndex, 'DEU'),
			taxNumber: getParameter(this, 'taxNumber', itemIndex, ''),
			vatIdNumber: additional.vatIdNumber,
			exportId: getParameter(this, 'purchaserAgencyExportId', itemIndex, ''),
			clientId,
			metadata,
		}),
	);
	const agency = await fiskalyApiRequest.call(this, {
		api: 'dsfinvk',
		method: 'PUT',
		path: `/purchaser_agencies/${agencyId}`,
		body,
		itemIndex,
	});
	return itemsFor(agency, itemIndex);
}
