import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';
import { checked, getParameter, valueAtPath } from '../../../shared/parameters';
import { refusePaymentsOutsideBeleg } from '../../helpers/fiscalRules';
import { buildReceiptSchema } from '../../helpers/receipt';
import { RECEIPT_TYPES } from '../../../shared/receiptVocabulary';
import { linePayments, sumSaleLines, type LinePaymentMode } from '../../helpers/saleLines';

/**
 * Sign Receipt's other ways to give a receipt: line items (the shape DSFinV-K › Close Day reads),
 * mapped as JSON or named as an input field, from which the node computes the amounts per VAT
 * rate and the payment.
 */

/** The Amounts From values that give the receipt as lines: mapped, or read from an input field. */
export const LINE_ITEM_MODES = ['lineItems', 'lineItemsField'];

const lineItemsMode = { schemaType: ['receipt'], amountsFrom: LINE_ITEM_MODES };

export const amountsFromFields: INodeProperties[] = [
	{
		displayName: 'Amounts From',
		name: 'amountsFrom',
		type: 'options',
		options: [
			{
				name: 'Amounts per VAT Rate',
				value: 'vatRates',
				description: 'Type in the gross total per VAT rate and the payments',
			},
			{
				name: 'Line Items',
				value: 'lineItems',
				description:
					'Map the sold lines; the node sums them per VAT rate in cents and passes them on as line_items for DSFinV-K › Close Day',
			},
			{
				name: 'Line Items in an Input Field',
				value: 'lineItemsField',
				description:
					'Name the input field that holds the sold lines, e.g. body.line_items of a webhook order: as Line Items, without an expression to evaluate per item (faster under load)',
			},
		],
		default: 'vatRates',
		description: 'Whether the receipt is given as totals per VAT rate or as the sold lines',
		displayOptions: { show: { schemaType: ['receipt'] } },
	},
	{
		displayName: 'Line Items',
		name: 'saleLineItems',
		type: 'json',
		default: '[]',
		placeholder: 'e.g. {{ $json.lines }}',
		description:
			'A JSON array of lines: { "text", "quantity", "price_per_unit", "vat_rate" } and optionally number, gtin, group_id, group_name, and amount (the line total after a discount). vat_rate is 19, 7, 10.7, 5.5, 0 or a SIGN DE rate name (NORMAL, REDUCED_1, …). Each line is quantity × price_per_unit, rounded to the cent half away from zero; quantity up to 3 decimals, negative for refunds.',
		displayOptions: { show: { schemaType: ['receipt'], amountsFrom: ['lineItems'] } },
	},
	{
		displayName: 'Line Items Field',
		name: 'saleLineItemsField',
		type: 'string',
		default: 'line_items',
		required: true,
		requiresDataPath: 'single',
		placeholder: 'e.g. body.line_items',
		description:
			'The input field that holds the lines, as a JSON array in the shape of Line Items; use dots for a nested field (a webhook puts the posted JSON under body)',
		displayOptions: { show: { schemaType: ['receipt'], amountsFrom: ['lineItemsField'] } },
	},
	{
		displayName: 'Payment',
		name: 'linePayment',
		type: 'options',
		options: [
			{ name: 'Cash (Whole Total)', value: 'CASH', description: 'Paid in cash' },
			{
				name: 'Non-Cash (Whole Total)',
				value: 'NON_CASH',
				description: 'Paid by card or another non-cash means',
			},
			{
				name: 'None',
				value: 'none',
				description: 'No payment is signed, e.g. for an Order or an Abort',
			},
			{
				name: 'Payments (JSON)',
				value: 'list',
				description: 'Several payments, mapped as a JSON array',
			},
			{
				name: 'Payments in an Input Field',
				value: 'field',
				description:
					'Several payments, as a JSON array in an input field (e.g. body.payments), without an expression to evaluate',
			},
		],
		default: 'CASH',
		description: 'How the total of the lines was paid',
		displayOptions: { show: lineItemsMode },
	},
	{
		displayName: 'Payments',
		name: 'linePaymentList',
		type: 'json',
		default: '[]',
		placeholder: 'e.g. {{ $json.payments }}',
		description:
			'A JSON array of { "payment_type": "CASH" or "NON_CASH", "amount": "5.00" } (optional currency_code); in EUR they must add up to the total of the lines',
		displayOptions: { show: { ...lineItemsMode, linePayment: ['list'] } },
	},
	{
		displayName: 'Payments Field',
		name: 'linePaymentsField',
		type: 'string',
		default: 'payments',
		required: true,
		requiresDataPath: 'single',
		placeholder: 'e.g. body.payments',
		description:
			'The input field that holds the payments, as a JSON array in the shape of Payments; use dots for a nested field',
		displayOptions: { show: { ...lineItemsMode, linePayment: ['field'] } },
	},
];

export interface LineItemSale {
	schema: IDataObject;
	lineItems: IDataObject[];
}

/**
 * The list in the input field a field parameter names (`body.line_items`): read from the item
 * itself, so no expression runs per item. A missing field is refused with the fields there are.
 */
export function inputFieldList(json: IDataObject, path: string, field: string): unknown[] {
	const name = path.trim();
	if (name === '')
		throw new FieldError(field, 'is empty', 'Name the input field, e.g. body.line_items.');
	const value = valueAtPath(json, name);
	if (value === undefined) {
		const present = Object.keys(json).slice(0, 10);
		throw new FieldError(
			field,
			`the input item has no field "${name}"`,
			`Name a field of the input item (${present.length > 0 ? `it has ${present.join(', ')}` : 'it has none'}); use dots for a nested field, e.g. body.line_items for the JSON a webhook received.`,
		);
	}
	if (!Array.isArray(value))
		throw new FieldError(
			field,
			`"${name}" holds ${value === null ? 'null' : typeof value}, not a list`,
			'Name the field that holds the JSON array itself (e.g. body.line_items, not body).',
		);
	return value;
}

/** The receipt built from line items, or undefined when the receipt is given per VAT rate. */
export function readLineItemSale(
	ctx: IExecuteFunctions,
	itemIndex: number,
	saleTime: Date,
): LineItemSale | undefined {
	const get = (name: string, fallback: unknown) => getParameter(ctx, name, itemIndex, fallback);
	const amountsFrom = get('amountsFrom', 'vatRates') as string;
	if (get('schemaType', 'receipt') !== 'receipt' || !LINE_ITEM_MODES.includes(amountsFrom))
		return undefined;
	return checked(ctx, itemIndex, () => {
		const input = () => ctx.getInputData()[itemIndex]?.json ?? {};
		const lines =
			amountsFrom === 'lineItemsField'
				? inputFieldList(input(), String(get('saleLineItemsField', '')), 'Line Items Field')
				: get('saleLineItems', '[]');
		// [INFERRED] A percentage stands for the SIGN DE rate valid on the UTC day of signing.
		const sums = sumSaleLines(lines, saleTime.toISOString().slice(0, 10));
		const paymentMode = get('linePayment', 'CASH') as LinePaymentMode | 'field';
		const payments = linePayments(
			paymentMode === 'field' ? 'list' : paymentMode,
			sums.totalCents,
			paymentMode === 'field'
				? inputFieldList(input(), String(get('linePaymentsField', '')), 'Payments Field')
				: get('linePaymentList', '[]'),
		);
		const receiptType = get('receiptType', 'RECEIPT');
		// Named after this mode's field; an unknown receipt type is buildReceiptSchema's to refuse.
		if (RECEIPT_TYPES.some((type) => type.value === receiptType))
			refusePaymentsOutsideBeleg(receiptType as string, payments.length, 'Payment');
		const schema = buildReceiptSchema({
			receiptType,
			amountsPerVatRate: sums.amountsPerVatRate,
			amountsPerPaymentType: payments,
		});
		return { schema, lineItems: sums.lineItems };
	});
}
