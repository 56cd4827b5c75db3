import type { INodeProperties } from 'n8n-workflow';

import { concurrencyOption, locator, metadataField } from '../../shared/descriptions';

/** DSFinV-K parameters shared by several operations. Operation files pick and display them. */

export const cashRegisterLocator: INodeProperties = {
	...locator(
		'cashRegister',
		'Cash Register',
		'searchCashRegisters',
		'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
		true,
	),
	description: 'The DSFinV-K cash register, identified by the ID of its SIGN DE client',
};

/** SIGN DE's TSS and client, for linking a cash register to them. */
export const tssLocator: INodeProperties = {
	...locator('tss', 'TSS', 'searchTss', 'e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6', true),
	description: 'The SIGN DE TSS that signs the transactions of this cash register',
};

export const clientLocator: INodeProperties = {
	...locator(
		'client',
		'Client',
		'searchClients',
		'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
		true,
	),
	description:
		'The SIGN DE client (cash register) that signs the transactions. Its ID becomes the ID of the DSFinV-K cash register.',
};

export const closingLocator: INodeProperties = {
	...locator(
		'closing',
		'Cash Point Closing',
		'searchClosings',
		'e.g. 5ae61c3f-45c3-4c5b-9f3e-0e6b2f4b1c9a',
		true,
	),
	description: 'The cash point closing (daily closing, Kassenabschluss)',
};

export const exportLocator: INodeProperties = {
	...locator(
		'export',
		'Export',
		'searchExports',
		'e.g. 81f2f226-4bbf-421b-8583-76d39ca3be31',
		true,
	),
	description: 'The DSFinV-K export',
};

/** Options › Revision and Concurrency, for Get of revisioned master data. */
export const purchaserAgencyLocator: INodeProperties = {
	...locator(
		'purchaserAgency',
		'Purchaser Agency',
		'searchPurchaserAgencies',
		'e.g. 2b1f4e38-7a0c-4c43-9a1e-5d8f0c6b7e21',
		true,
	),
	description: 'The purchaser agency (a business selling in your name, e.g. shop-in-shop)',
};

export const revisionOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		concurrencyOption,
		{
			displayName: 'Revision',
			name: 'revision',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 0,
			description:
				'Return this revision instead of the latest (the first is 0). fiskaly writes a new revision whenever the master data changes; metadata changes do not count.',
		},
	],
};

/** fiskaly's states of closings and exports (one enum for both). */
export const PROCESSING_STATES = [
	{ name: 'Cancelled', value: 'CANCELLED' },
	{ name: 'Completed', value: 'COMPLETED' },
	{ name: 'Deleted', value: 'DELETED' },
	{ name: 'Error', value: 'ERROR' },
	{ name: 'Expired', value: 'EXPIRED' },
	{ name: 'Pending', value: 'PENDING' },
	{ name: 'Working', value: 'WORKING' },
];

/** DSFinV-K keeps up to 20 metadata entries per resource (REFERENCE §3). */
export const MAX_METADATA_ENTRIES = 20;

export const dsfinvkMetadataField: INodeProperties = {
	...metadataField,
	description:
		'Your own key-value pairs stored with the resource (up to 20). Changing only metadata writes no new revision.',
};

/** The business-day range filter of the closing and export lists (fiskaly's YYYY-MM-DD). */
export function businessDateFilters(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Business Date From',
			name: 'businessDateStart',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2024-03-01',
			description: `Only ${what} of this business day (YYYY-MM-DD) or later`,
		},
		{
			displayName: 'Business Date To',
			name: 'businessDateEnd',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2024-03-31',
			description: `Only ${what} of this business day (YYYY-MM-DD) or earlier`,
		},
	];
}
