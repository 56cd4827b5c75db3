import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getParameter } from '../../shared/parameters';
import type { PostAddressInput } from '../helpers/legalFields';

/** The address fields of the taxpayer and of an establishment (checked by postAddress). */
export function addressFields(about: string): INodeProperties[] {
	return [
		{
			displayName: 'Street',
			name: 'street',
			type: 'string',
			default: '',
			required: true,
			description: `${about}: the street without the house number`,
		},
		{
			displayName: 'House Number',
			name: 'houseNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 12a',
		},
		{
			displayName: 'ZIP Code',
			name: 'zipCode',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 34117',
		},
		{
			displayName: 'Town',
			name: 'town',
			type: 'string',
			default: '',
			required: true,
		},
	];
}

export function addressInput(ctx: IExecuteFunctions, itemIndex: number): PostAddressInput {
	return {
		street: getParameter(ctx, 'street', itemIndex, ''),
		houseNumber: getParameter(ctx, 'houseNumber', itemIndex, ''),
		zipCode: getParameter(ctx, 'zipCode', itemIndex, ''),
		town: getParameter(ctx, 'town', itemIndex, ''),
	};
}
