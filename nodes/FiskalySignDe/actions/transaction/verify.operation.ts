import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { parseTrustedKey, TRUSTED_KEY_FIELD, trustedKeyOption } from '../../../shared/trustedKey';
import type { TrustedKey } from '../../../shared/trustedKey';
import { isTransaction, verifyQrCode, verifyTransaction } from '../../helpers/verification';

const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'Incoming Item',
				value: 'item',
				description: 'The transaction output by an earlier step, or a receipt with qr_code_data',
			},
			{
				name: 'Transaction JSON',
				value: 'json',
				description: 'A stored transaction (or receipt with qr_code_data) as JSON',
			},
			{
				name: 'QR Code',
				value: 'qrCode',
				description: 'The text of a receipt QR code (DSFinV-K "V0;…")',
			},
		],
		default: 'item',
		description: 'What to check',
	},
	{
		displayName: 'Transaction JSON',
		name: 'transactionJson',
		type: 'json',
		default: '',
		required: true,
		description: 'A transaction as SIGN DE returns it, e.g. from Transaction › Get',
		displayOptions: { show: { source: ['json'] } },
	},
	{
		displayName: 'QR Code',
		name: 'qrCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. V0;Kasse 1;Kassenbeleg-V1;Beleg^10.00_0.00_0.00_0.00_0.00^10.00:Bar;…',
		description: 'The text a receipt QR code holds',
		displayOptions: { show: { source: ['qrCode'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [trustedKeyOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['verify'] } },
	properties,
);

function parseJson(ctx: IExecuteFunctions, value: unknown, itemIndex: number): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		throw new NodeOperationError(
			ctx.getNode(),
			`Transaction JSON is not valid JSON [item ${itemIndex}]`,
			{
				itemIndex,
				description:
					'Enter the transaction as JSON, or map it with an expression such as {{ $json }}.',
			},
		);
	}
}

function verifyObject(
	ctx: IExecuteFunctions,
	value: unknown,
	trusted: TrustedKey | undefined,
	what: string,
	itemIndex: number,
): IDataObject {
	if (isTransaction(value)) return verifyTransaction(value, trusted);
	const qrCode = (value as IDataObject | undefined)?.qr_code_data;
	if (typeof qrCode === 'string' && qrCode !== '') return verifyQrCode(qrCode, trusted);
	throw new NodeOperationError(ctx.getNode(), `${what} is not a transaction [item ${itemIndex}]`, {
		itemIndex,
		description:
			'Give a transaction as SIGN DE returns it (with signature and log, e.g. from Transaction › Get or Sign Receipt) or a receipt with qr_code_data, or choose QR Code as the source.',
	});
}

/** Offline: no call to fiskaly. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const source = getParameter(this, 'source', itemIndex, 'item') as string;
	const trusted = checked(this, itemIndex, () =>
		parseTrustedKey(getParameter(this, 'options.trustedKey', itemIndex, ''), TRUSTED_KEY_FIELD),
	);
	if (source === 'qrCode') {
		const qrCode = String(getParameter(this, 'qrCode', itemIndex, '') ?? '').trim();
		if (qrCode === '') {
			throw new NodeOperationError(this.getNode(), `QR Code is empty [item ${itemIndex}]`, {
				itemIndex,
				description: 'Enter the text of the receipt QR code, or map it from an earlier step.',
			});
		}
		return itemsFor(verifyQrCode(qrCode, trusted), itemIndex);
	}
	if (source === 'json') {
		const value = parseJson(this, getParameter(this, 'transactionJson', itemIndex, ''), itemIndex);
		return itemsFor(verifyObject(this, value, trusted, 'Transaction JSON', itemIndex), itemIndex);
	}
	const item = this.getInputData()[itemIndex]?.json;
	return itemsFor(verifyObject(this, item, trusted, 'The incoming item', itemIndex), itemIndex);
}
