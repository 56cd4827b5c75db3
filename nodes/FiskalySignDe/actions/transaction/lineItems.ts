import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checked, getParameter } from '../../../shared/parameters';
import { refusePaymentsOutsideBeleg } from '../../helpers/fiscalRules';
import { buildReceiptSchema } from '../../helpers/receipt';
import { RECEIPT_TYPES } from '../../../shared/receiptVocabulary';
import { linePayments, sumSaleLines, type LinePaymentMode } from '../../helpers/saleLines';

/**
 * Sign Receipt's second way to give a receipt: line items (the shape DSFinV-K › Close Day reads)
 * from which the node computes the amounts per VAT rate and the payment.
 */

const lineItemsMode = { schemaType: ['receipt'], amountsFrom: ['lineItems'] };

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
		displayOptions: { show: lineItemsMode },
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
				name: 'Payments (JSON)',
				value: 'list',
				description: 'Several payments, mapped as a JSON array',
			},
			{
				name: 'None',
				value: 'none',
				description: 'No payment is signed, e.g. for an Order or an Abort',
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
];

export interface LineItemSale {
	schema: IDataObject;
	lineItems: IDataObject[];
}

/** The receipt built from line items, or undefined when the receipt is given per VAT rate. */
export function readLineItemSale(
	ctx: IExecuteFunctions,
	itemIndex: number,
	saleTime: Date,
): LineItemSale | undefined {
	const get = (name: string, fallback: unknown) => getParameter(ctx, name, itemIndex, fallback);
	if (get('schemaType', 'receipt') !== 'receipt' || get('amountsFrom', 'vatRates') !== 'lineItems')
		return undefined;
	return checked(ctx, itemIndex, () => {
		// [INFERRED] A percentage stands for the SIGN DE rate valid on the UTC day of signing.
		const sums = sumSaleLines(get('saleLineItems', '[]'), saleTime.toISOString().slice(0, 10));
		const payments = linePayments(
			get('linePayment', 'CASH') as LinePaymentMode,
			sums.totalCents,
			get('linePaymentList', '[]'),
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
