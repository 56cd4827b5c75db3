import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checked, getParameter } from '../../../shared/parameters';
import { PAYMENT_TYPES, RECEIPT_TYPES, VAT_RATES } from '../../../shared/receiptVocabulary';
import {
	buildOrderSchema,
	buildOtherSchema,
	buildRawSchema,
	buildReceiptSchema,
	parseSchemaJson,
} from '../../helpers/receipt';
import type { LineItemInput, PaymentInput, VatAmountInput } from '../../helpers/receipt';
import { LINE_ITEM_MODES } from './lineItems';

/** The receipt builder: UI fields for the data a transaction signs, and their reader. */

const byLabel = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

const AMOUNT_DESCRIPTION =
	'Gross amount, e.g. 19.99 or 19,99: a number or a decimal string with at most two decimals and no thousands separator; negative for refunds.';

/** Sign Receipt's line-item modes replace both; other operations have no such parameter. */
const SIGNED_FROM_LINES = { amountsFrom: LINE_ITEM_MODES };

export const transactionDataFields: INodeProperties[] = [
	{
		displayName: 'Transaction Data',
		name: 'schemaType',
		type: 'options',
		options: [
			{
				name: 'Order (Bestellung)',
				value: 'order',
				description: 'Ordered line items (DSFinV-K Bestellung-V1), e.g. for restaurants',
			},
			{
				name: 'Other',
				value: 'other',
				description:
					'A business event that is no sale and does not change the cash stock (SonstigerVorgang), e.g. opening the cash drawer without a sale. Cash deposits and withdrawals change the cash stock: sign them as a Receipt at 0%.',
			},
			{
				name: 'Raw Process Data',
				value: 'raw',
				description: 'A TR-03151 process type and base64 process data, for power users',
			},
			{
				name: 'Receipt (Kassenbeleg)',
				value: 'receipt',
				description: 'Totals per VAT rate and payment type (DSFinV-K Kassenbeleg-V1)',
			},
			{
				name: 'Schema JSON',
				value: 'json',
				description: 'The whole SIGN DE schema object as JSON, for power users',
			},
		],
		default: 'receipt',
		description: 'What the signature covers',
	},
	{
		displayName: 'Receipt Type',
		name: 'receiptType',
		type: 'options',
		options: RECEIPT_TYPES.map((type) => ({
			name: type.label,
			value: type.value,
			description: `${type.use} (DSFinV-K ${type.dsfinvk})`,
		})).sort(byLabel),
		default: 'RECEIPT',
		description:
			'Kind of receipt: Receipt is a sale, and a refund is a Receipt with negative amounts',
		displayOptions: { show: { schemaType: ['receipt'] } },
	},
	{
		displayName:
			'Refund or return? Sign a Receipt with negative amounts (e.g. -9.95). Cancellation and Abort are for a sale broken off before it was completed; Annulation voids a whole receipt (Storno).',
		name: 'refundNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { schemaType: ['receipt'] } },
	},
	{
		displayName: 'Amounts per VAT Rate',
		name: 'amountsPerVatRate',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Amount',
		default: {},
		description: 'Gross total of the receipt for each VAT rate it contains',
		displayOptions: { show: { schemaType: ['receipt'] }, hide: SIGNED_FROM_LINES },
		options: [
			{
				displayName: 'Amount',
				name: 'amounts',
				values: [
					{
						displayName: 'VAT Rate',
						name: 'vatRate',
						type: 'options',
						options: VAT_RATES.map((rate) => ({ name: rate.label, value: rate.value })).sort(
							byLabel,
						),
						default: 'NORMAL',
						description: 'SIGN DE VAT rate category',
					},
					{
						displayName: 'Amount',
						name: 'amount',
						type: 'string',
						default: '',
						placeholder: 'e.g. 19.99',
						description: AMOUNT_DESCRIPTION,
					},
				],
			},
		],
	},
	{
		displayName: 'Amounts per Payment Type',
		name: 'amountsPerPaymentType',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Payment',
		default: {},
		description: 'How the receipt was paid (optional)',
		displayOptions: { show: { schemaType: ['receipt'] }, hide: SIGNED_FROM_LINES },
		options: [
			{
				displayName: 'Payment',
				name: 'payments',
				values: [
					{
						displayName: 'Payment Type',
						name: 'paymentType',
						type: 'options',
						options: PAYMENT_TYPES.map((type) => ({ name: type.label, value: type.value })),
						default: 'CASH',
						description: 'Cash, or any non-cash means such as card',
					},
					{
						displayName: 'Amount',
						name: 'amount',
						type: 'string',
						default: '',
						placeholder: 'e.g. 19.99',
						description: AMOUNT_DESCRIPTION,
					},
					{
						displayName: 'Currency Code',
						name: 'currencyCode',
						type: 'string',
						default: '',
						placeholder: 'e.g. EUR',
						description: 'ISO 4217 code. Leave empty for EUR.',
					},
				],
			},
		],
	},
	{
		displayName: 'Line Items',
		name: 'lineItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Line Item',
		default: {},
		description: 'The ordered items',
		displayOptions: { show: { schemaType: ['order'] } },
		options: [
			{
				displayName: 'Line Item',
				name: 'items',
				values: [
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'string',
						default: '1',
						placeholder: 'e.g. 2',
						description: 'Number of units, up to 5 decimals; negative for returns',
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						default: '',
						placeholder: 'e.g. Cappuccino',
						description: 'Item description, up to 255 characters',
					},
					{
						displayName: 'Price per Unit',
						name: 'pricePerUnit',
						type: 'string',
						default: '',
						placeholder: 'e.g. 3.20',
						description: 'Gross price of one unit, e.g. 3.20 (at most two decimals)',
					},
				],
			},
		],
	},
	{
		displayName: 'Other Data',
		name: 'otherData',
		type: 'json',
		default: '{}',
		description:
			'JSON object describing the event, signed as SonstigerVorgang (e.g. {"description": "cash drawer opened"}). A cash deposit or withdrawal is a Receipt at 0%, not Other.',
		displayOptions: { show: { schemaType: ['other'] } },
	},
	{
		displayName: 'Process Type',
		name: 'processType',
		type: 'string',
		default: 'Kassenbeleg-V1',
		placeholder: 'e.g. Kassenbeleg-V1',
		description: 'TR-03151 process type',
		displayOptions: { show: { schemaType: ['raw'] } },
	},
	{
		displayName: 'Process Data',
		name: 'processData',
		type: 'string',
		default: '',
		placeholder: 'e.g. QmVsZWdeMTkuOTlfMC4wMF8wLjAwXzAuMDBfMC4wMF4xOS45OTpCYXI=',
		description: 'TR-03151 process data, base64-encoded',
		displayOptions: { show: { schemaType: ['raw'] } },
	},
	{
		displayName: 'Schema (JSON)',
		name: 'schemaJson',
		type: 'json',
		default:
			'{\n  "standard_v1": {\n    "receipt": {\n      "receipt_type": "RECEIPT",\n      "amounts_per_vat_rate": [{ "vat_rate": "NORMAL", "amount": "19.99" }]\n    }\n  }\n}',
		description: 'The SIGN DE schema object with exactly one key: standard_v1, dsfinvtw_v1 or raw',
		displayOptions: { show: { schemaType: ['json'] } },
	},
];

/** Builds and validates the `schema` of a transaction from the receipt builder's fields. */
export function readTransactionSchema(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const schemaType = getParameter(ctx, 'schemaType', itemIndex, 'receipt') as string;
	const get = (name: string, fallback: unknown) => getParameter(ctx, name, itemIndex, fallback);
	return checked(ctx, itemIndex, () => {
		switch (schemaType) {
			case 'order':
				return buildOrderSchema(get('lineItems.items', []) as LineItemInput[]);
			case 'other':
				return buildOtherSchema(get('otherData', '{}'));
			case 'raw':
				return buildRawSchema(get('processType', ''), get('processData', ''));
			case 'json':
				return parseSchemaJson(get('schemaJson', ''));
			default:
				return buildReceiptSchema({
					receiptType: get('receiptType', 'RECEIPT'),
					amountsPerVatRate: get('amountsPerVatRate.amounts', []) as VatAmountInput[],
					amountsPerPaymentType: get('amountsPerPaymentType.payments', []) as PaymentInput[],
				});
		}
	});
}
