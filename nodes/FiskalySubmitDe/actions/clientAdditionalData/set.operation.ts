import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';
import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { trimmedText } from '../../../shared/validation';
import { registerDates, registerRemarks } from '../../helpers/registers';
import { clientLocator, establishmentLocator, tssLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { additionalDataPath } from './ClientAdditionalData.resource';

/** ELSTER's register types (REFERENCE SUBMIT DE §6.3). */
const REGISTER_TYPES = ['1', '2', '3', '4', '5'];

const properties: INodeProperties[] = [
	tssLocator,
	clientLocator,
	{
		...establishmentLocator,
		description: 'The establishment (Betriebsstätte) where this register is used',
	},
	{
		displayName: 'Type',
		name: 'registerType',
		type: 'options',
		options: [
			{ name: 'Computer or PC Register', value: '1' },
			{ name: 'Electronic Cash Register', value: '3' },
			{ name: 'Odometer', value: '5' },
			{ name: 'Tablet or App Register', value: '2' },
			{ name: 'Taximeter', value: '4' },
		],
		default: '1',
		description: 'The kind of electronic recording system, as ELSTER names it',
	},
	{
		displayName: 'Manufacturer',
		name: 'manufacturer',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'Software',
		name: 'software',
		type: 'string',
		default: '',
		required: true,
		description: 'The name of the register software',
	},
	{
		displayName: 'Acquisition Date',
		name: 'acquisitionDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'The day the register was bought, rented or leased',
	},
	{
		displayName: 'Commissioning Date',
		name: 'commissioningDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'The day the register was put into service',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Decommissioning Date',
				name: 'decommissioningDate',
				type: 'dateTime',
				default: '',
				description:
					'The day the register left service; the tax office must be notified within one month',
			},
			{
				displayName: 'Decommissioning Reason',
				name: 'decommissioningReason',
				type: 'string',
				default: '',
				placeholder: 'e.g. sale, disposal, theft, defect',
			},
			{
				displayName: 'Remarks',
				name: 'remarks',
				type: 'string',
				default: '',
				description: 'Required for a taximeter or odometer (e.g. the vehicle registration)',
			},
			{
				displayName: 'Software Version',
				name: 'softwareVersion',
				type: 'string',
				default: '',
				placeholder: 'e.g. 4.2.1',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['clientAdditionalData'], operation: ['set'] } },
	properties,
);

function requiredText(value: unknown, field: string): string {
	const text = trimmedText(value);
	if (text === '')
		throw new FieldError(field, 'is empty', `Enter the ${field.toLowerCase()} of the register.`);
	return text;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getLocatorId(this, itemIndex, 'tss', 'TSS');
	const clientId = getLocatorId(this, itemIndex, 'client', 'Client');
	const establishmentId = getLocatorId(this, itemIndex, 'establishment', 'Establishment');
	const body = checked(this, itemIndex, () => {
		const type = trimmedText(getParameter(this, 'registerType', itemIndex, '1'));
		if (!REGISTER_TYPES.includes(type))
			throw new FieldError(
				'Type',
				`"${type}" is no register type`,
				'Use 1 to 5: 1 computer, 2 tablet/app, 3 electronic cash register, 4 taximeter, 5 odometer.',
			);
		const additional = getParameter(this, 'additionalFields', itemIndex, {}) as IDataObject;
		const data: IDataObject = {
			establishment_id: establishmentId,
			type,
			manufacturer: requiredText(getParameter(this, 'manufacturer', itemIndex, ''), 'Manufacturer'),
			model: requiredText(getParameter(this, 'model', itemIndex, ''), 'Model'),
			software: requiredText(getParameter(this, 'software', itemIndex, ''), 'Software'),
			...registerDates({
				acquisition: getParameter(this, 'acquisitionDate', itemIndex, ''),
				commissioning: getParameter(this, 'commissioningDate', itemIndex, ''),
				decommissioning: additional.decommissioningDate,
				decommissioningReason: additional.decommissioningReason,
			}),
		};
		const version = trimmedText(additional.softwareVersion);
		if (version !== '') data.software_version = version;
		const remarks = registerRemarks(type, additional.remarks);
		if (remarks !== undefined) data.remarks = remarks;
		return data;
	});
	const data = await fiskalyApiRequest.call(this, {
		api: 'submitDe',
		method: 'PUT',
		path: additionalDataPath(tssId, clientId),
		body,
		itemIndex,
	});
	return itemsFor(data, itemIndex);
}
