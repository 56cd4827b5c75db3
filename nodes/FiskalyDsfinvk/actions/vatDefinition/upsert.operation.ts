import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { boundedText, customVatDefinitionId, vatPercentage } from '../../helpers/masterData';
import { dsfinvkMetadataField, MAX_METADATA_ENTRIES } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'VAT Definition ID',
		name: 'vatDefinitionId',
		type: 'number',
		typeOptions: { minValue: 1000, numberPrecision: 0 },
		default: 1000,
		required: true,
		description:
			'Your own ID, 1000 or more (vat_definition_export_id). fiskaly provides 1–7 for the standard rates; use those directly.',
	},
	{
		displayName: 'Percentage',
		name: 'percentage',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 16',
		description: 'The VAT rate in percent, 0 to 100 with up to 5 decimals',
	},
	{
		displayName: 'Description',
		name: 'vatDescription',
		type: 'string',
		default: '',
		placeholder: 'e.g. Regelsteuersatz 2020 (Corona)',
		description: 'What the rate is for, up to 55 characters; appears in the export',
	},
	dsfinvkMetadataField,
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['vatDefinition'], operation: ['upsert'] } },
	properties,
);

/** A custom VAT definition (ID ≥ 1000); a changed rate or description is a new revision. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = checked(this, itemIndex, () =>
		customVatDefinitionId(getParameter(this, 'vatDefinitionId', itemIndex, '')),
	);
	const percentage = checked(this, itemIndex, () =>
		vatPercentage(getParameter(this, 'percentage', itemIndex, '')),
	);
	const text = checked(this, itemIndex, () =>
		boundedText(getParameter(this, 'vatDescription', itemIndex, ''), 'Description', {
			max: 55,
			required: false,
		}),
	);
	const metadata = getMetadata(this, itemIndex, MAX_METADATA_ENTRIES);
	const definition = await fiskalyApiRequest.call(this, {
		api: 'dsfinvk',
		method: 'PUT',
		path: `/vat_definitions/${id}`,
		body: {
			percentage,
			...(text === undefined ? {} : { description: text }),
			...(metadata ? { metadata } : {}),
		},
		itemIndex,
	});
	return itemsFor(definition, itemIndex);
}
