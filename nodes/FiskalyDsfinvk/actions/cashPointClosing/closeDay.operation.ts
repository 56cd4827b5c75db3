import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checked, getParameter } from '../../../shared/parameters';
import { readCashMovement } from '../../helpers/closing/cashStatement';
import { buildClosingBody, refuseDuplicates } from '../../helpers/closing/closingBody';
import { CASH_MOVEMENT_TYPES } from '../../helpers/closing/fields';
import { cashRegisterLocator } from '../common.descriptions';
import {
	closingNumber,
	insertOnce,
	readSales,
	readSettings,
	refuseMissing,
	processed,
} from './closeDay.requests';
import { waitFields } from '../waiting';

const properties: INodeProperties[] = [
	{
		displayName:
			'Each input item is one sale of the day: the output of Fiskaly SIGN DE › Sign Receipt (or an object with transaction_id) plus its line_items, each { text, quantity, price_per_unit, vat_rate } (optional: number, gtin, group_id, group_name, business_case, amount, vat_id). All items together make one closing.',
		name: 'salesNotice',
		type: 'notice',
		default: '',
	},
	cashRegisterLocator,
	{
		displayName: 'Business Date',
		name: 'businessDate',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 2024-03-15',
		description: 'The day to close (YYYY-MM-DD). One closing per register and day.',
	},
	{
		displayName: 'Cash Movements',
		name: 'cashMovements',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Cash Movement',
		default: {},
		description:
			'Money put into or taken out of the drawer without a sale. Into the drawer is positive, out of it negative.',
		options: [
			{
				displayName: 'Movement',
				name: 'entries',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: CASH_MOVEMENT_TYPES.map((movement) => ({
							name: movement.name,
							value: movement.value,
						})),
						default: 'Anfangsbestand',
					},
					{
						displayName: 'Amount',
						name: 'amount',
						type: 'string',
						default: '',
						placeholder: 'e.g. 150.00 or -50.00',
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'Optional subdivision of the type, e.g. the bank (up to 40 characters)',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Base Currency',
				name: 'baseCurrency',
				type: 'string',
				default: 'EUR',
				description: "The cash register's base currency (ISO 4217)",
			},
			{
				displayName: 'Closing Number',
				name: 'closingNumber',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 0 },
				default: 0,
				description:
					"The closing's number (Z_NR). Without it, the number after the register's highest closing is used.",
			},
			{
				displayName: 'Cross-Check With TSS',
				name: 'crossCheck',
				type: 'boolean',
				default: true,
				description:
					'Whether to refuse the closing when a transaction the client signed in the day (SIGN DE, FINISHED) is not among the sales',
			},
			{
				displayName: 'Default Operator ID',
				name: 'operatorId',
				type: 'string',
				default: '1',
				description: 'Operator (BEDIENER_ID) of sales that bring no user',
			},
			{
				displayName: 'Default Operator Name',
				name: 'operatorName',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Berlin',
				description:
					"Where the business day begins and ends, for the cross-check with the TSS. Empty: the workflow's time zone.",
			},
		],
	},
	...waitFields('closing'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['cashPointClosing'], operation: ['closeDay'] } },
	properties,
);

/**
 * Close Day: all input items (one sale each) become one cash point closing of the register and
 * business date, checked before any call, inserted once, and followed until fiskaly has processed it.
 */
export async function executeOnce(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const settings = readSettings(this);
	const movementEntries = getParameter(this, 'cashMovements.entries', 0, []) as IDataObject[];
	const movements = movementEntries.map((entry, index) =>
		checked(this, 0, () => readCashMovement(entry, `Cash Movements (entry ${index + 1})`)),
	);
	const sales = await readSales(this, settings);
	checked(this, 0, () => refuseDuplicates(sales));
	const warnings: string[] = sales
		.filter((sale) => sale.signed.clientId !== settings.clientId)
		.map(
			(sale) =>
				`The sale in item ${sale.itemIndex} was signed by client ${sale.signed.clientId}, not by the register: it must be a cash register of its own (a slave of this one).`,
		);
	const crossChecked =
		settings.options.crossCheck === false ? undefined : await refuseMissing(this, settings, sales);
	const exportId = await closingNumber(this, settings);
	const body = checked(this, 0, () =>
		buildClosingBody(
			{
				clientId: settings.clientId,
				exportId,
				businessDate: settings.defaults.businessDate,
				creationTime: Math.floor(Date.now() / 1000),
				baseCurrency: settings.defaults.baseCurrency,
			},
			sales,
			movements,
		),
	);
	const { closing, alreadyInserted, attempt } = await insertOnce(this, settings, body);
	const current = await processed(this, closing);
	const payment = (body.cash_statement as IDataObject).payment as IDataObject;
	return [
		{
			json: {
				closing_id: closing.closing_id,
				state: current.state,
				client_id: settings.clientId,
				business_date: settings.defaults.businessDate,
				cash_point_closing_export_id: current.cash_point_closing_export_id ?? exportId,
				already_inserted: alreadyInserted,
				attempt,
				transactions: sales.length,
				full_amount: payment.full_amount,
				cash_amount: payment.cash_amount,
				cross_check: crossChecked ?? null,
				warnings,
				closing: current,
			},
			pairedItem: this.getInputData().map((_item, item) => ({ item })),
		},
	];
}
