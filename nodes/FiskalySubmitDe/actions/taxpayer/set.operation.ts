import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { trimmedText } from '../../../shared/validation';
import { germanDate } from '../../helpers/dates';
import {
	postAddress,
	taxIdentificationNumber,
	taxNumber,
	taxOfficeNumber,
	vatId,
} from '../../helpers/legalFields';
import { FieldError } from '../../../shared/errors';
import { addressFields, addressInput } from '../address';

const legal = { show: { personType: ['legal'] } };
const natural = { show: { personType: ['natural'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Person Type',
		name: 'personType',
		type: 'options',
		options: [
			{
				name: 'Legal Person',
				value: 'legal',
				description: 'A company (GmbH, AG, UG, …) or partnership',
			},
			{
				name: 'Natural Person',
				value: 'natural',
				description: 'A sole trader (Einzelunternehmer)',
			},
		],
		default: 'legal',
	},
	{
		displayName: 'Company Name',
		name: 'companyName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: legal,
	},
	{
		displayName: 'Legal Form',
		name: 'legalForm',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 20',
		description:
			"The ELSTER code of the legal form (Rechtsform key), as on the company's tax forms",
		displayOptions: legal,
	},
	{
		displayName: 'Salutation',
		name: 'salutation',
		type: 'options',
		options: [
			{ name: 'Diverse (Divers)', value: '3' },
			{ name: 'Mr (Herr)', value: '1' },
			{ name: 'Ms (Frau)', value: '2' },
		],
		default: '1',
		displayOptions: natural,
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: natural,
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: natural,
	},
	{
		displayName: 'Birthdate',
		name: 'birthdate',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: natural,
	},
	{
		displayName: 'Tax Identification Number',
		name: 'identificationNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 86095742719',
		description: 'The 11-digit Steuer-IdNr of the person',
		displayOptions: natural,
	},
	{
		displayName: 'Tax Office Number',
		name: 'taxOfficeNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 2181',
		description: 'The 4-digit number of the competent tax office (Bundesfinanzamtsnummer)',
	},
	{
		displayName: 'Tax Number',
		name: 'taxNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 2181081508150',
		description: 'The 13-digit ELSTER tax number: the tax office number, a 0, then 8 digits',
	},
	...addressFields('Address of the taxpayer'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Country',
				name: 'country',
				type: 'string',
				default: '',
				description: 'Only for an address outside Germany',
			},
			{
				displayName: 'VAT ID',
				name: 'vatId',
				type: 'string',
				default: '',
				placeholder: 'e.g. DE123456789',
				description: 'The USt-IdNr, if the taxpayer has one',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['taxpayer'], operation: ['set'] } },
	properties,
);

function text(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	return trimmedText(getParameter(ctx, name, itemIndex, ''));
}

function required(value: string, field: string, hint: string): string {
	if (value === '') throw new FieldError(field, 'is empty', hint);
	return value;
}

/** The taxpayer's general information, checked field by field before the call. */
function information(ctx: IExecuteFunctions, itemIndex: number, person: string): IDataObject {
	if (person === 'legal')
		return {
			company_name: required(
				text(ctx, 'companyName', itemIndex),
				'Company Name',
				'Enter the name as registered.',
			),
			legal_form: required(
				text(ctx, 'legalForm', itemIndex),
				'Legal Form',
				'Enter the ELSTER code of the legal form.',
			),
		};
	return {
		salutation: text(ctx, 'salutation', itemIndex) || '1',
		first_name: required(text(ctx, 'firstName', itemIndex), 'First Name', 'Enter the first name.'),
		last_name: required(text(ctx, 'lastName', itemIndex), 'Last Name', 'Enter the last name.'),
		birthdate: germanDate(getParameter(ctx, 'birthdate', itemIndex, ''), 'Birthdate'),
		identification_number: taxIdentificationNumber(
			getParameter(ctx, 'identificationNumber', itemIndex, ''),
			'Tax Identification Number',
		),
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = checked(this, itemIndex, () => {
		const person = text(this, 'personType', itemIndex) || 'legal';
		const additional = getParameter(this, 'additionalFields', itemIndex, {}) as IDataObject;
		const office = taxOfficeNumber(
			getParameter(this, 'taxOfficeNumber', itemIndex, ''),
			'Tax Office Number',
		);
		const taxpayer: IDataObject = {
			tax_office_number: office,
			tax_number: taxNumber(getParameter(this, 'taxNumber', itemIndex, ''), 'Tax Number', office),
			general_information: {
				person,
				information: information(this, itemIndex, person),
				address: {
					post_address: postAddress(
						{ ...addressInput(this, itemIndex), country: additional.country },
						'Address',
					),
				},
			},
		};
		const vat = vatId(additional.vatId, 'VAT ID');
		if (vat !== undefined) taxpayer.vat_number = vat;
		return taxpayer;
	});
	const taxpayer = await fiskalyApiRequest.call(this, {
		api: 'submitDe',
		method: 'PUT',
		path: '/taxpayer',
		body,
		itemIndex,
	});
	return itemsFor(taxpayer, itemIndex);
}
