import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { cashRegisterBody } from '../../helpers/masterData';
import type { CashRegisterType } from '../../helpers/masterData';
import {
	cashRegisterLocator,
	clientLocator,
	dsfinvkMetadataField,
	MAX_METADATA_ENTRIES,
	tssLocator,
} from '../common.descriptions';
import { getLocatorId } from '../ids';

const withTss = { show: { cashRegisterType: ['MASTER', 'SLAVE_WITH_TSS'] } };
const isSlave = { show: { cashRegisterType: ['SLAVE_WITH_TSS', 'SLAVE_WITHOUT_TSS'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Cash Register Type',
		name: 'cashRegisterType',
		type: 'options',
		options: [
			{
				name: 'Master',
				value: 'MASTER',
				description: 'A register that closes the day, signing with a fiskaly TSS',
			},
			{
				name: 'Slave With TSS',
				value: 'SLAVE_WITH_TSS',
				description: 'A terminal of a master register that signs with its own TSS',
			},
			{
				name: 'Slave Without TSS',
				value: 'SLAVE_WITHOUT_TSS',
				description: "A terminal of a master register that signs through the master's TSS",
			},
		],
		default: 'MASTER',
		description: 'The role of the register in DSFinV-K',
	},
	{ ...tssLocator, displayOptions: withTss },
	{
		...clientLocator,
		hint: 'For a slave without its own TSS, enter the ID of its SIGN DE client By ID',
	},
	{
		...cashRegisterLocator,
		displayName: 'Master Cash Register',
		name: 'masterCashRegister',
		description: 'The master cash register this terminal belongs to',
		displayOptions: isSlave,
	},
	{
		displayName: 'Brand',
		name: 'brand',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ACME',
		description: 'Manufacturer of the cash register (up to 50 characters)',
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Till 1',
		description: 'Model of the cash register (up to 50 characters)',
	},
	{
		displayName: 'Software Brand',
		name: 'softwareBrand',
		type: 'string',
		default: 'n8n',
		description: 'Name of the cash register software (up to 50 characters)',
	},
	{
		displayName: 'Software Version',
		name: 'softwareVersion',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1.0',
		description: 'Version of the cash register software (up to 50 characters)',
	},
	{
		displayName: 'Base Currency',
		name: 'baseCurrencyCode',
		type: 'string',
		default: 'EUR',
		description: 'ISO 4217 code of the currency the register books in',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'VAT Not Determinable',
				name: 'vatNotDeterminable',
				type: 'boolean',
				default: false,
				description:
					'Whether the register cannot assign VAT when a receivable is settled (UmsatzsteuerNichtErmittelbar). fiskaly accepts a change only after a closing.',
			},
		],
	},
	dsfinvkMetadataField,
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['cashRegister'], operation: ['upsert'] } },
	properties,
);

/**
 * Creates the DSFinV-K cash register of a SIGN DE client, or writes a new revision of it. The
 * client's ID is the register's ID, so running it again updates instead of duplicating.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const type = getParameter(this, 'cashRegisterType', itemIndex, 'MASTER') as CashRegisterType;
	const clientId = getLocatorId(this, itemIndex, 'client', 'Client');
	const tssId =
		type === 'SLAVE_WITHOUT_TSS' ? undefined : getLocatorId(this, itemIndex, 'tss', 'TSS');
	const masterClientId =
		type === 'MASTER'
			? undefined
			: getLocatorId(this, itemIndex, 'masterCashRegister', 'Master Cash Register');
	const additional = getParameter(this, 'additionalFields', itemIndex, {}) as {
		vatNotDeterminable?: boolean;
	};
	const metadata = getMetadata(this, itemIndex, MAX_METADATA_ENTRIES);
	const body = checked(this, itemIndex, () =>
		cashRegisterBody({
			type,
			tssId,
			masterClientId,
			brand: getParameter(this, 'brand', itemIndex, ''),
			model: getParameter(this, 'model', itemIndex, ''),
			softwareBrand: getParameter(this, 'softwareBrand', itemIndex, ''),
			softwareVersion: getParameter(this, 'softwareVersion', itemIndex, ''),
			baseCurrencyCode: getParameter(this, 'baseCurrencyCode', itemIndex, 'EUR'),
			vatNotDeterminable: additional.vatNotDeterminable,
			metadata,
		}),
	);
	const register = await fiskalyApiRequest.call(this, {
		api: 'dsfinvk',
		method: 'PUT',
		path: `/cash_registers/${clientId}`,
		body,
		itemIndex,
	});
	return itemsFor(register, itemIndex);
}
