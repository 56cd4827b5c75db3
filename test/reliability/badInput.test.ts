// The bad-input table, across every operation of the node (the one place for it): each case must
// stop with a NodeOperationError that names the field and the item ("[item 0]") and says how to
// fix it, before any HTTP request (the simulator's request log stays empty), and under
// continueOnFail it must become an error item in its place instead of failing the workflow.
import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { byId } from '../../scripts/n8n-engine';
import {
	EngineSession,
	fieldError,
	type PreparedClient,
	type PreparedTss,
} from '../node/engine/session';
import { expectEveryOperationCovered, expectRefusedBeforeAnyRequest } from '../support/badInput';

let session: EngineSession;
let tss: PreparedTss;
let client: PreparedClient;

beforeAll(async () => {
	session = await EngineSession.start();
	tss = await session.prepareTss();
	client = await session.prepareClient(tss);
});

afterAll(async () => {
	await session?.close();
});

beforeEach(async () => {
	await session.resetTraffic();
});

const tssRef = () => byId(tss.tssId);
const clientRef = () => byId(client.clientId);
/** A value that reaches the node through an expression, as mapped data does (n8n checks typed-in IDs itself). */
const expression = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;
const locatorFrom = (value: unknown) => ({ __rl: true, mode: 'id', value: expression(value) });

const receipt = (amounts: IDataObject[], extra: IDataObject = {}) => ({
	tss: tssRef(),
	client: clientRef(),
	amountsPerVatRate: { amounts },
	...extra,
});
const oneAmount = (amount: string) => receipt([{ vatRate: 'NORMAL', amount }]);
const payment = (paymentType: string, amount: string) =>
	receipt([{ vatRate: 'NORMAL', amount: '1.00' }], {
		amountsPerPaymentType: { payments: [{ paymentType, amount }] },
	});
const order = (items: IDataObject[]) => ({
	tss: tssRef(),
	client: clientRef(),
	schemaType: 'order',
	lineItems: { items },
});
/** Sign Receipt with Amounts From › Line Items, the lines mapped by an expression as from a shop. */
const saleLines = (lines: unknown, extra: IDataObject = {}) => ({
	tss: tssRef(),
	client: clientRef(),
	amountsFrom: 'lineItems',
	saleLineItems: expression(lines),
	...extra,
});
const coffee = { text: 'Kaffee', quantity: 1, price_per_unit: '2.50', vat_rate: 19 };
const schemaJson = (text: string) => ({
	tss: tssRef(),
	client: clientRef(),
	schemaType: 'json',
	schemaJson: text,
});
const entries = (count: number, make = (i: number) => ({ key: `k${i}`, value: 'v' })) => ({
	entries: Array.from({ length: count }, (_, i) => make(i)),
});
const binaryItem = (bytes: Buffer, fileName: string, mimeType: string): INodeExecutionData => ({
	json: {},
	binary: { data: { data: bytes.toString('base64'), mimeType, fileName } },
});

type Case = {
	label: string;
	resource: string;
	operation: string;
	parameters: () => IDataObject;
	field: string | RegExp;
	items?: () => INodeExecutionData[];
};

const cases: Case[] = [
	// --- one refusal per field, operation by operation -----------------------------------------
	{
		label: 'Get TSS: TSS ID not a UUID',
		resource: 'tss',
		operation: 'get',
		parameters: () => ({ tss: locatorFrom('1234') }),
		field: 'TSS',
	},
	{
		label: 'Start: TSS ID empty',
		resource: 'transaction',
		operation: 'start',
		parameters: () => ({ tss: locatorFrom(''), client: clientRef() }),
		field: 'TSS',
	},
	{
		label: 'Get Client: client ID not a UUID',
		resource: 'client',
		operation: 'get',
		parameters: () => ({ tss: tssRef(), client: locatorFrom('kasse-1') }),
		field: 'Client',
	},
	{
		label: 'Create TSS: TSS ID not a UUID',
		resource: 'tss',
		operation: 'create',
		parameters: () => ({ tssId: 'my-tss' }),
		field: 'TSS ID',
	},
	{
		label: 'Set Up: Admin PIN too short',
		resource: 'tss',
		operation: 'setUp',
		parameters: () => ({ adminPin: '12345' }),
		field: 'Admin PIN',
	},
	{
		label: 'Set Up: Admin PUK too short',
		resource: 'tss',
		operation: 'setUp',
		parameters: () => ({ adminPuk: '123' }),
		field: 'Admin PUK',
	},
	{
		label: 'Set Up: Description with forbidden characters',
		resource: 'tss',
		operation: 'setUp',
		parameters: () => ({ description: 'Café am Markt' }),
		field: 'Description',
	},
	{
		label: 'Initialize: Description too long',
		resource: 'tss',
		operation: 'initialize',
		parameters: () => ({ tss: tssRef(), adminPin: tss.adminPin, description: 'x'.repeat(101) }),
		field: 'Description',
	},
	{
		label: 'Disable: Admin PIN empty',
		resource: 'tss',
		operation: 'disable',
		parameters: () => ({ tss: tssRef(), adminPin: expression('') }),
		field: 'Admin PIN',
	},
	{
		label: 'Change Admin PIN: new PIN too short',
		resource: 'tss',
		operation: 'changeAdminPin',
		parameters: () => ({ tss: tssRef(), adminPuk: tss.adminPuk, newAdminPin: '12' }),
		field: 'New Admin PIN',
	},
	{
		label: 'Update TSS: no metadata',
		resource: 'tss',
		operation: 'update',
		parameters: () => ({ tss: tssRef() }),
		field: 'Metadata',
	},
	{
		label: 'Update TSS: more than 40 metadata entries',
		resource: 'tss',
		operation: 'update',
		parameters: () => ({ tss: tssRef(), metadata: entries(41) }),
		field: 'Metadata',
	},
	{
		label: 'Update TSS: metadata key too long',
		resource: 'tss',
		operation: 'update',
		parameters: () => ({
			tss: tssRef(),
			metadata: { entries: [{ key: 'k'.repeat(41), value: 'v' }] },
		}),
		field: 'Metadata (entry 1)',
	},
	{
		label: 'Create Client: serial with underscore',
		resource: 'client',
		operation: 'create',
		parameters: () => ({ tss: tssRef(), serialNumber: 'Kasse_1', adminPin: tss.adminPin }),
		field: 'Serial Number',
	},
	{
		label: 'Create Client: serial with leading space',
		resource: 'client',
		operation: 'create',
		parameters: () => ({ tss: tssRef(), serialNumber: ' Kasse 1', adminPin: tss.adminPin }),
		field: 'Serial Number',
	},
	{
		label: 'Create Client: serial longer than 70',
		resource: 'client',
		operation: 'create',
		parameters: () => ({ tss: tssRef(), serialNumber: 'K'.repeat(71), adminPin: tss.adminPin }),
		field: 'Serial Number',
	},
	{
		label: 'Create Client: Client ID not a UUID',
		resource: 'client',
		operation: 'create',
		parameters: () => ({
			tss: tssRef(),
			serialNumber: 'Kasse 9',
			clientId: 'till-9',
			adminPin: tss.adminPin,
		}),
		field: 'Client ID',
	},
	{
		label: 'Update Client: register without PIN',
		resource: 'client',
		operation: 'update',
		parameters: () => ({
			tss: tssRef(),
			client: clientRef(),
			state: 'REGISTERED',
			adminPin: expression(''),
		}),
		field: 'Admin PIN',
	},
	{
		label: 'Sign Receipt: no amounts',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => receipt([]),
		field: 'Amounts per VAT Rate',
	},
	{
		label: 'Sign Receipt: six decimals',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => oneAmount('1.234567'),
		field: 'Amounts per VAT Rate (entry 1) › Amount',
	},
	{
		label: 'Sign Receipt: amount not a number',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => oneAmount('zehn'),
		field: 'Amount',
	},
	{
		label: 'Sign Receipt: amount empty',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => oneAmount(''),
		field: 'Amount',
	},
	{
		label: 'Sign Receipt: number with six decimals',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => oneAmount('={{ 1.000001 }}'),
		field: 'Amount',
	},
	{
		label: 'Sign Receipt: unknown VAT rate',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => receipt([{ vatRate: '={{ "SUPER" }}', amount: '1.00' }]),
		field: 'VAT Rate',
	},
	{
		label: 'Sign Receipt: VAT rate twice',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () =>
			receipt([
				{ vatRate: 'NORMAL', amount: '1.00' },
				{ vatRate: 'NORMAL', amount: '2.00' },
			]),
		field: 'VAT Rate',
	},
	{
		label: 'Sign Receipt: unknown receipt type',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () =>
			receipt([{ vatRate: 'NORMAL', amount: '1.00' }], { receiptType: '={{ "GIFT" }}' }),
		field: 'Receipt Type',
	},
	{
		label: 'Sign Receipt: unknown payment type',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () =>
			receipt([{ vatRate: 'NORMAL', amount: '1.00' }], {
				amountsPerPaymentType: { payments: [{ paymentType: '={{ "CARD" }}', amount: '1.00' }] },
			}),
		field: 'Payment Type',
	},
	{
		label: 'Sign Receipt: payment amount malformed',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () =>
			receipt([{ vatRate: 'NORMAL', amount: '1.00' }], {
				amountsPerPaymentType: { payments: [{ paymentType: 'CASH', amount: '1.0.0' }] },
			}),
		field: 'Amounts per Payment Type (entry 1) › Amount',
	},
	{
		label: 'Sign Receipt: currency code',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () =>
			receipt([{ vatRate: 'NORMAL', amount: '1.00' }], {
				amountsPerPaymentType: {
					payments: [{ paymentType: 'CASH', amount: '1.00', currencyCode: 'EURO' }],
				},
			}),
		field: 'Currency Code',
	},
	{
		label: 'Sign Receipt: order without line items',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => ({ tss: tssRef(), client: clientRef(), schemaType: 'order' }),
		field: 'Line Items',
	},
	{
		label: 'Sign Receipt: order quantity',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => order([{ quantity: 'two', text: 'Tea', pricePerUnit: '2.00' }]),
		field: 'Quantity',
	},
	{
		label: 'Sign Receipt: order text empty',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => order([{ quantity: '1', text: '', pricePerUnit: '2.00' }]),
		field: 'Text',
	},
	{
		label: 'Sign Receipt: order price',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => order([{ quantity: '1', text: 'Tea', pricePerUnit: '2,00,0' }]),
		field: 'Price per Unit',
	},
	{
		label: 'Sign Receipt: other data not JSON',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => ({
			tss: tssRef(),
			client: clientRef(),
			schemaType: 'other',
			otherData: '{description: deposit}',
		}),
		field: 'Other Data',
	},
	{
		label: 'Sign Receipt: other data an array',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => ({
			tss: tssRef(),
			client: clientRef(),
			schemaType: 'other',
			otherData: '[1, 2]',
		}),
		field: 'Other Data',
	},
	{
		label: 'Sign Receipt: raw process data not base64',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => ({
			tss: tssRef(),
			client: clientRef(),
			schemaType: 'raw',
			processType: 'Kassenbeleg-V1',
			processData: 'Beleg^1.00',
		}),
		field: 'Process Data',
	},
	{
		label: 'Sign Receipt: raw process type empty',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => ({
			tss: tssRef(),
			client: clientRef(),
			schemaType: 'raw',
			processType: '',
			processData: 'dGVzdA==',
		}),
		field: 'Process Type',
	},
	{
		label: 'Sign Receipt: schema JSON with two kinds',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => schemaJson('{"standard_v1": {}, "raw": {}}'),
		field: 'Schema (JSON)',
	},
	{
		label: 'Sign Receipt: Transaction ID not a UUID',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () =>
			receipt([{ vatRate: 'NORMAL', amount: '1.00' }], { transactionId: 'order-17' }),
		field: 'Transaction ID',
	},
	{
		label: 'Finish: bad amount',
		resource: 'transaction',
		operation: 'finish',
		parameters: () =>
			receipt([{ vatRate: 'NORMAL', amount: '-' }], { transactionId: randomUUID() }),
		field: 'Amount',
	},
	{
		label: 'Update: Transaction ID empty',
		resource: 'transaction',
		operation: 'update',
		parameters: () =>
			receipt([{ vatRate: 'NORMAL', amount: '1.00' }], { transactionId: expression('') }),
		field: 'Transaction ID',
	},
	{
		label: 'Cancel: Transaction ID malformed',
		resource: 'transaction',
		operation: 'cancel',
		parameters: () => ({ tss: tssRef(), transactionId: '12a' }),
		field: 'Transaction ID',
	},
	{
		label: 'Get: Transaction ID malformed',
		resource: 'transaction',
		operation: 'get',
		parameters: () => ({ tss: tssRef(), transactionId: 'last' }),
		field: 'Transaction ID',
	},
	{
		label: 'Update Metadata: no metadata',
		resource: 'transaction',
		operation: 'updateMetadata',
		parameters: () => ({ tss: tssRef(), transactionId: randomUUID() }),
		field: 'Metadata',
	},
	{
		label: 'Update Client: nothing to change',
		resource: 'client',
		operation: 'update',
		parameters: () => ({ tss: tssRef(), client: clientRef(), state: 'unchanged' }),
		field: /Nothing to update/,
	},
	// --- amount formats (Sign Receipt, Start, Update, Finish) ----------------------------------
	...(
		[
			['thousands separator', '1,234.56'],
			['German thousands separator', '1.234,56'],
			['currency sign', '€ 5.00'],
			['exponent', '1e3'],
			['two minus signs', '--5.00'],
			['spaces inside', '12 .50'],
			['negative with six decimals', '-0.000001'],
		] as const
	).map(
		([what, amount]): Case => ({
			label: `Sign Receipt: amount with ${what} (${amount})`,
			resource: 'transaction',
			operation: 'signReceipt',
			parameters: () => oneAmount(amount),
			field: 'Amounts per VAT Rate (entry 1) › Amount',
		}),
	),
	{
		label: 'Sign Receipt: amount Infinity from an expression',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => oneAmount('={{ 1 / 0 }}'),
		field: 'Amount',
	},
	{
		label: 'Sign Receipt: amount true from an expression',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => oneAmount('={{ true }}'),
		field: 'Amount',
	},
	{
		label: 'Sign Receipt: second VAT amount malformed',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () =>
			receipt([
				{ vatRate: 'NORMAL', amount: '1.00' },
				{ vatRate: 'REDUCED_1', amount: '0,5,0' },
			]),
		field: 'Amounts per VAT Rate (entry 2) › Amount',
	},
	{
		label: 'Start: client ID with a space inside',
		resource: 'transaction',
		operation: 'start',
		parameters: () => ({ tss: tssRef(), client: locatorFrom(client.clientId.replace('-', ' -')) }),
		field: 'Client',
	},
	{
		label: 'Update: amount not a number',
		resource: 'transaction',
		operation: 'update',
		parameters: () => ({ ...oneAmount('ten'), transactionId: randomUUID() }),
		field: 'Amount',
	},
	{
		label: 'Finish: payment amount with six decimals',
		resource: 'transaction',
		operation: 'finish',
		parameters: () => ({ ...payment('CASH', '2.000001'), transactionId: randomUUID() }),
		field: 'Amounts per Payment Type (entry 1) › Amount',
	},
	{
		label: 'Sign Receipt: order quantity with six decimals',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => order([{ quantity: '0.1234567', text: 'Tea', pricePerUnit: '2.00' }]),
		field: 'Quantity',
	},
	{
		label: 'Sign Receipt: order price with currency',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => order([{ quantity: '1', text: 'Tea', pricePerUnit: '2.00 EUR' }]),
		field: 'Price per Unit',
	},
	// --- line items (Amounts From › Line Items) ------------------------------------------------
	{
		label: 'Sign Receipt: line items not a list',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => saleLines(coffee),
		field: 'Line Items: is not a list',
	},
	{
		label: 'Sign Receipt: line items an empty list',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => saleLines([]),
		field: 'Line Items: is an empty list',
	},
	{
		label: 'Sign Receipt: second line with an ambiguous price 1.000',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => saleLines([coffee, { ...coffee, price_per_unit: '1.000' }]),
		field: 'Line Items › line 1 › price_per_unit',
	},
	{
		label: 'Sign Receipt: line without text',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => saleLines([{ ...coffee, text: '' }]),
		field: 'Line Items › line 0 › text',
	},
	{
		label: 'Sign Receipt: line quantity with four decimals',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => saleLines([{ ...coffee, quantity: '0.1255' }]),
		field: 'Line Items › line 0 › quantity',
	},
	{
		label: 'Sign Receipt: line VAT rate that is no German rate',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => saleLines([{ ...coffee, vat_rate: 20 }]),
		field: 'Line Items › line 0 › vat_rate',
	},
	{
		label: 'Sign Receipt: line payments that do not add up to the lines',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () =>
			saleLines([coffee], {
				linePayment: 'list',
				linePaymentList: expression([{ payment_type: 'CASH', amount: '2.00' }]),
			}),
		field: 'Payments: add up to 2.00, but the line items total 2.50',
	},
	{
		label: 'Sign Receipt: line items paid on an Abort',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => saleLines([coffee], { receiptType: 'ABORT' }),
		field: 'Payment: must be empty for the receipt type ABORT',
	},
	// --- unknown VAT rates, payment and receipt types ------------------------------------------
	{
		label: 'Sign Receipt: VAT rate given as a percentage',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => receipt([{ vatRate: expression('19%'), amount: '1.00' }]),
		field: 'VAT Rate',
	},
	{
		label: 'Sign Receipt: VAT rate that SIGN DE does not have (REDUCED_2)',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => receipt([{ vatRate: expression('REDUCED_2'), amount: '1.00' }]),
		field: 'VAT Rate',
	},
	{
		label: 'Finish: unknown payment type',
		resource: 'transaction',
		operation: 'finish',
		parameters: () => ({
			...payment(expression('CREDIT_CARD'), '1.00'),
			transactionId: randomUUID(),
		}),
		field: 'Payment Type',
	},
	// --- empty receipts and JSON mode ----------------------------------------------------------
	{
		label: 'Finish: receipt without amounts',
		resource: 'transaction',
		operation: 'finish',
		parameters: () => ({ ...receipt([]), transactionId: randomUUID() }),
		field: 'Amounts per VAT Rate',
	},
	{
		label: 'Sign Receipt: schema JSON cut off',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => schemaJson('{"standard_v1": {"receipt": {'),
		field: 'Schema (JSON)',
	},
	{
		label: 'Sign Receipt: schema JSON with single quotes',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => schemaJson("{'standard_v1': {}}"),
		field: 'Schema (JSON)',
	},
	{
		label: 'Sign Receipt: schema JSON an empty object',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => schemaJson('{}'),
		field: 'Schema (JSON)',
	},
	{
		label: 'Sign Receipt: schema JSON an array',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => schemaJson('[{"standard_v1": {}}]'),
		field: 'Schema (JSON)',
	},
	{
		label: 'Update: schema JSON null',
		resource: 'transaction',
		operation: 'update',
		parameters: () => ({ ...schemaJson('null'), transactionId: randomUUID() }),
		field: 'Schema (JSON)',
	},
	{
		label: 'Verify Signature: Transaction JSON broken',
		resource: 'transaction',
		operation: 'verify',
		parameters: () => ({ source: 'json', transactionJson: '{"_id": "x", "signature": ' }),
		field: 'Transaction JSON',
	},
	{
		label: 'Verify Signature: Trusted key malformed',
		resource: 'transaction',
		operation: 'verify',
		parameters: () => ({
			source: 'qrCode',
			qrCode: 'V0;Kasse 1',
			options: { trustedKey: 'not-a-key' },
		}),
		field: 'TSS Public Key or Serial Number',
	},
	{
		label: 'Initialize: admin PIN shorter than 6',
		resource: 'tss',
		operation: 'initialize',
		parameters: () => ({ tss: tssRef(), adminPin: '={{ "1234" }}' }),
		field: 'Admin PIN',
	},
	{
		label: 'Disable: TSS ID with a space inside',
		resource: 'tss',
		operation: 'disable',
		parameters: () => ({ tss: locatorFrom(tss.tssId.replace('-', ' ')), adminPin: tss.adminPin }),
		field: 'TSS',
	},
	{
		label: 'Get Client: UUID one character short',
		resource: 'client',
		operation: 'get',
		parameters: () => ({ tss: tssRef(), client: locatorFrom(client.clientId.slice(1)) }),
		field: 'Client',
	},
	// --- client serial numbers -----------------------------------------------------------------
	{
		label: 'Create Client: serial with "/"',
		resource: 'client',
		operation: 'create',
		parameters: () => ({ tss: tssRef(), serialNumber: 'Kasse/1', adminPin: tss.adminPin }),
		field: 'Serial Number',
	},
	{
		label: 'Create Client: serial with an umlaut',
		resource: 'client',
		operation: 'create',
		parameters: () => ({ tss: tssRef(), serialNumber: 'Kasse Müller', adminPin: tss.adminPin }),
		field: 'Serial Number',
	},
	{
		label: 'Create Client: serial with a trailing space',
		resource: 'client',
		operation: 'create',
		parameters: () => ({ tss: tssRef(), serialNumber: 'Kasse 1 ', adminPin: tss.adminPin }),
		field: 'Serial Number',
	},
	{
		label: 'Create Client: serial of 71 characters with "_" from an expression',
		resource: 'client',
		operation: 'create',
		parameters: () => ({
			tss: tssRef(),
			serialNumber: expression(`ERS_${'9'.repeat(67)}`),
			adminPin: tss.adminPin,
		}),
		field: 'Serial Number',
	},
	// --- malformed UUIDs and transaction references --------------------------------------------
	{
		label: 'Get TSS: UUID with a trailing character',
		resource: 'tss',
		operation: 'get',
		parameters: () => ({ tss: locatorFrom(`${randomUUID()}x`) }),
		field: 'TSS',
	},
	{
		label: 'Admin Logout: UUID without dashes',
		resource: 'tss',
		operation: 'adminLogout',
		parameters: () => ({ tss: locatorFrom(randomUUID().replace(/-/g, '')) }),
		field: 'TSS',
	},
	{
		label: 'Admin Login: UUID in braces',
		resource: 'tss',
		operation: 'adminLogin',
		parameters: () => ({ tss: locatorFrom(`{${randomUUID()}}`), adminPin: tss.adminPin }),
		field: 'TSS',
	},
	{
		label: 'Update Client: client ID malformed',
		resource: 'client',
		operation: 'update',
		parameters: () => ({
			tss: tssRef(),
			client: locatorFrom('kasse-1'),
			state: 'DEREGISTERED',
			adminPin: tss.adminPin,
		}),
		field: 'Client',
	},
	{
		label: 'Finish: transaction ID malformed',
		resource: 'transaction',
		operation: 'finish',
		parameters: () => ({ ...oneAmount('1.00'), transactionId: 'tx-17' }),
		field: 'Transaction ID',
	},
	{
		label: 'Cancel: transaction number 0',
		resource: 'transaction',
		operation: 'cancel',
		parameters: () => ({ tss: tssRef(), transactionId: '0' }),
		field: 'Transaction ID',
	},
	{
		label: 'Get Transaction: negative transaction number',
		resource: 'transaction',
		operation: 'get',
		parameters: () => ({ tss: tssRef(), transactionId: '-5' }),
		field: 'Transaction ID',
	},
	{
		label: 'Get Export: export ID malformed',
		resource: 'export',
		operation: 'get',
		parameters: () => ({ tss: tssRef(), exportId: 'export-1' }),
		field: 'Export ID',
	},
	{
		label: 'Cancel Export: export ID malformed',
		resource: 'export',
		operation: 'cancel',
		parameters: () => ({ tss: tssRef(), exportId: '1234' }),
		field: 'Export ID',
	},
	{
		label: 'Download Export: export ID malformed',
		resource: 'export',
		operation: 'download',
		parameters: () => ({ tss: tssRef(), exportId: 'latest' }),
		field: 'Export ID',
	},
	{
		label: 'Trigger Export: export ID malformed',
		resource: 'export',
		operation: 'trigger',
		parameters: () => ({ tss: tssRef(), exportId: 'nightly' }),
		field: 'Export ID',
	},
	{
		label: 'Trigger Export: filter client ID malformed',
		resource: 'export',
		operation: 'trigger',
		parameters: () => ({ tss: tssRef(), filters: { clientId: 'till-1' } }),
		field: 'Filters › Client ID',
	},
	{
		label: 'Get Many Transactions: client malformed',
		resource: 'transaction',
		operation: 'getAll',
		parameters: () => ({ scope: 'client', tss: tssRef(), client: locatorFrom('till') }),
		field: 'Client',
	},
	// --- wrong revision types ------------------------------------------------------------------
	{
		label: 'Get Transaction: revision a word',
		resource: 'transaction',
		operation: 'get',
		parameters: () => ({ tss: tssRef(), transactionId: randomUUID(), revision: expression('two') }),
		field: 'Revision',
	},
	{
		label: 'Get Transaction: revision a fraction',
		resource: 'transaction',
		operation: 'get',
		parameters: () => ({ tss: tssRef(), transactionId: randomUUID(), revision: '={{ 1.5 }}' }),
		field: 'Revision',
	},
	{
		label: 'Get Transaction: revision negative',
		resource: 'transaction',
		operation: 'get',
		parameters: () => ({ tss: tssRef(), transactionId: randomUUID(), revision: '={{ -1 }}' }),
		field: 'Revision',
	},
	// --- zero and negative numbers where they are not allowed ----------------------------------
	{
		label: 'Trigger Export: transaction number 0',
		resource: 'export',
		operation: 'trigger',
		parameters: () => ({ tss: tssRef(), filters: { transactionNumber: 0 } }),
		field: 'Filters › Transaction Number',
	},
	{
		label: 'Trigger Export: negative start signature counter',
		resource: 'export',
		operation: 'trigger',
		parameters: () => ({ tss: tssRef(), filters: { startSignatureCounter: -3 } }),
		field: 'Filters › Start Signature Counter',
	},
	{
		label: 'Trigger Export: maximum number of records 0',
		resource: 'export',
		operation: 'trigger',
		parameters: () => ({ tss: tssRef(), filters: { maximumNumberRecords: 0 } }),
		field: 'Filters › Maximum Number of Records',
	},
	{
		label: 'Trigger Export: start transaction number after end',
		resource: 'export',
		operation: 'trigger',
		parameters: () => ({
			tss: tssRef(),
			filters: { startTransactionNumber: 9, endTransactionNumber: 3 },
		}),
		field: 'Filters › Start Transaction Number',
	},
	{
		label: 'Trigger Export: client filter with a date range',
		resource: 'export',
		operation: 'trigger',
		parameters: () => ({
			tss: tssRef(),
			filters: { clientId: client.clientId, startDate: '2026-01-01T00:00:00Z' },
		}),
		field: 'Filters › Client ID',
	},
	{
		label: 'Trigger Export: dates and signature counters together',
		resource: 'export',
		operation: 'trigger',
		parameters: () => ({
			tss: tssRef(),
			filters: { startDate: '2026-01-01T00:00:00Z', endSignatureCounter: 100 },
		}),
		field: 'Filters',
	},
	{
		label: 'Trigger Export: start date not a date',
		resource: 'export',
		operation: 'trigger',
		parameters: () => ({ tss: tssRef(), filters: { startDate: expression('last monday') } }),
		field: 'Filters › Start Date',
	},
	{
		label: 'Get Many Transactions: limit 0',
		resource: 'transaction',
		operation: 'getAll',
		parameters: () => ({ scope: 'tss', tss: tssRef(), returnAll: false, limit: '={{ 0 }}' }),
		field: 'Limit',
	},
	{
		label: 'Get Many Clients: negative limit',
		resource: 'client',
		operation: 'getAll',
		parameters: () => ({ scope: 'tss', tss: tssRef(), returnAll: false, limit: '={{ -10 }}' }),
		field: 'Limit',
	},
	{
		label: 'Get Many TSS: limit a fraction',
		resource: 'tss',
		operation: 'getAll',
		parameters: () => ({ returnAll: false, limit: '={{ 2.5 }}' }),
		field: 'Limit',
	},
	{
		label: 'Get Many Exports: limit 0',
		resource: 'export',
		operation: 'getAll',
		parameters: () => ({ scope: 'tss', tss: tssRef(), returnAll: false, limit: '={{ 0 }}' }),
		field: 'Limit',
	},
	// --- metadata over the limits --------------------------------------------------------------
	{
		label: 'Sign Receipt: 41 metadata entries',
		resource: 'transaction',
		operation: 'signReceipt',
		parameters: () => ({ ...oneAmount('1.00'), metadata: entries(41) }),
		field: 'Metadata',
	},
	{
		label: 'Update Transaction Metadata: value of 501 characters',
		resource: 'transaction',
		operation: 'updateMetadata',
		parameters: () => ({
			tss: tssRef(),
			transactionId: randomUUID(),
			metadata: entries(1, () => ({ key: 'note', value: 'x'.repeat(501) })),
		}),
		field: 'Metadata (entry 1)',
	},
	{
		label: 'Start: metadata key twice',
		resource: 'transaction',
		operation: 'start',
		parameters: () => ({
			tss: tssRef(),
			client: clientRef(),
			metadata: entries(2, () => ({ key: 'order', value: '1' })),
		}),
		field: 'Metadata (entry 2)',
	},
	{
		label: 'Update TSS: metadata key empty',
		resource: 'tss',
		operation: 'update',
		parameters: () => ({ tss: tssRef(), metadata: entries(1, () => ({ key: ' ', value: 'v' })) }),
		field: 'Metadata (entry 1)',
	},
	{
		label: 'Trigger Export: metadata key of 41 characters',
		resource: 'export',
		operation: 'trigger',
		parameters: () => ({
			tss: tssRef(),
			metadata: entries(1, () => ({ key: 'k'.repeat(41), value: 'v' })),
		}),
		field: 'Metadata (entry 1)',
	},
	{
		label: 'Update Export Metadata: 41 entries',
		resource: 'export',
		operation: 'updateMetadata',
		parameters: () => ({ tss: tssRef(), exportId: randomUUID(), metadata: entries(41) }),
		field: 'Metadata',
	},
	// --- TSS secrets and descriptions ----------------------------------------------------------
	{
		label: 'Admin Login: PIN shorter than 6',
		resource: 'tss',
		operation: 'adminLogin',
		parameters: () => ({ tss: tssRef(), adminPin: '12345' }),
		field: 'Admin PIN',
	},
	{
		label: 'Change Admin PIN: PUK empty from an expression',
		resource: 'tss',
		operation: 'changeAdminPin',
		parameters: () => ({ tss: tssRef(), adminPuk: '={{ "" }}', newAdminPin: 'Neu-123456' }),
		field: 'Admin PUK',
	},
	{
		label: 'Create TSS: TSS ID in braces',
		resource: 'tss',
		operation: 'create',
		parameters: () => ({ tssId: `{${randomUUID()}}` }),
		field: 'TSS ID',
	},
	{
		label: 'Set Up: description of 101 characters',
		resource: 'tss',
		operation: 'setUp',
		parameters: () => ({ description: 'D'.repeat(101) }),
		field: 'Description',
	},
	// --- housekeeping ----------------------------------------------------------------------------
	{
		label: 'Cancel Stale: TSS ID malformed',
		resource: 'transaction',
		operation: 'cancelStale',
		parameters: () => ({ tss: locatorFrom('tss-1'), olderThanMinutes: 60 }),
		field: 'TSS',
	},
	{
		label: 'Cancel Stale: client ID malformed',
		resource: 'transaction',
		operation: 'cancelStale',
		parameters: () => ({ tss: tssRef(), client: locatorFrom('till 1'), olderThanMinutes: 60 }),
		field: 'Client',
	},
	{
		label: 'Cancel Stale: older than a negative number of minutes',
		resource: 'transaction',
		operation: 'cancelStale',
		parameters: () => ({ tss: tssRef(), olderThanMinutes: '={{ -30 }}' }),
		field: 'Older Than (Minutes)',
	},
	{
		label: 'Cancel Stale: older than a word',
		resource: 'transaction',
		operation: 'cancelStale',
		parameters: () => ({ tss: tssRef(), olderThanMinutes: expression('an hour') }),
		field: 'Older Than (Minutes)',
	},
	{
		label: 'Get Health: TSS ID malformed',
		resource: 'tss',
		operation: 'getHealth',
		parameters: () => ({ scope: 'tss', tss: locatorFrom(`${tss.tssId}0`) }),
		field: 'TSS',
	},
	{
		label: 'Get Health: usage warning above 100 %',
		resource: 'tss',
		operation: 'getHealth',
		parameters: () => ({ scope: 'tss', tss: tssRef(), options: { usagePercent: '={{ 150 }}' } }),
		field: 'Usage Warning (%)',
	},
	{
		label: 'Get Health: stale after 0 minutes',
		resource: 'tss',
		operation: 'getHealth',
		parameters: () => ({ scope: 'tss', tss: tssRef(), options: { staleMinutes: '={{ 0 }}' } }),
		field: 'Stale After (Minutes)',
	},
	// --- binary input --------------------------------------------------------------------------
	{
		label: 'Verify File: binary input is a PDF, not a TAR',
		resource: 'export',
		operation: 'verifyFile',
		parameters: () => ({}),
		items: () => [
			binaryItem(Buffer.from('%PDF-1.7\n% receipt\n'.repeat(40)), 'receipt.pdf', 'application/pdf'),
		],
		field: 'Input Binary Field',
	},
	{
		label: 'Verify File: binary input is JSON text, not a TAR',
		resource: 'export',
		operation: 'verifyFile',
		parameters: () => ({}),
		items: () => [
			binaryItem(
				Buffer.from(JSON.stringify({ state: 'COMPLETED' })),
				'export.json',
				'application/json',
			),
		],
		field: 'Input Binary Field',
	},
	{
		label: 'Verify File: no binary field of that name',
		resource: 'export',
		operation: 'verifyFile',
		parameters: () => ({ binaryPropertyName: 'export' }),
		items: () => [binaryItem(Buffer.alloc(1024), 'empty.tar', 'application/x-tar')],
		field: 'export',
	},
];

describe(`bad input: ${cases.length} cases, refused before any request`, () => {
	it('covers every operation the node offers', () => {
		expectEveryOperationCovered(session.engine.package.nodeType, cases);
	});

	it.each(cases.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
		const run = (continueOnFail: boolean) =>
			session.engine.runNode({
				resource: c.resource,
				operation: c.operation,
				parameters: c.parameters() as any,
				items: c.items?.(),
				continueOnFail,
			});
		await expectRefusedBeforeAnyRequest(run, c.field, () => session.requestLines());
	});
});

describe('bad input outside the table', () => {
	it('names the item that was bad', async () => {
		const { error } = await session.engine.runNode({
			resource: 'transaction',
			operation: 'signReceipt',
			items: [
				{ json: { amount: '1.00' } },
				{ json: { amount: '2.00' } },
				{ json: { amount: '3,000,00' } },
			],
			parameters: oneAmount('={{ $json.amount }}'),
		});
		expect(error).toEqual(fieldError('Amount'));
		expect(error?.message).toContain('[item 2]');
		expect(error?.context.itemIndex).toBe(2);
	});

	it('typed-in IDs that are not UUIDs and empty required fields are stopped by n8n itself', async () => {
		const run = (operation: string, parameters: IDataObject) =>
			session.engine.runNode({ resource: 'tss', operation, parameters: parameters as any });
		await expect(run('get', { tss: byId('not-a-uuid') })).rejects.toThrow(/Not a valid ID/);
		await expect(run('disable', { tss: tssRef(), adminPin: '' })).rejects.toThrow(
			/"Admin PIN" is required/,
		);
		expect(await session.requestLines()).toEqual([]);
	});
});

describe('bad items in a batch under continueOnFail', () => {
	it('refuses each bad item in its place without a request for it, and signs the good ones', async () => {
		const amounts = ['1.00', '1,234.56', '2.50', '3.1234567', '={{ "x" }}', '4,20', '', '5'];
		const good = [true, false, true, false, false, true, false, true];
		const { error, items, rawPairedItems } = await session.engine.runNode({
			resource: 'transaction',
			operation: 'signReceipt',
			items: amounts.map((amount) => ({ json: { amount } })),
			continueOnFail: true,
			parameters: { ...oneAmount('={{ $json.amount }}'), options: { concurrency: 3 } } as any,
		});
		expect(error).toBeUndefined();
		expect(rawPairedItems).toEqual(amounts.map((_, item) => ({ item })));
		items.forEach((item, index) => {
			if (good[index]) expect(item.json.state).toBe('FINISHED');
			else
				expect((item.json.error as { message?: string }).message).toMatch(
					/^Amounts per VAT Rate \(entry 1\) › Amount\b.*\[item \d+\]$/,
				);
		});
		expect(
			items
				.filter((item) => item.json.error)
				.map((item) => (item.json.error as { message?: string }).message),
		).toEqual([1, 3, 4, 6].map((index) => expect.stringContaining(`[item ${index}]`)));
		// Two upserts per good item, none for a bad one.
		const lines = await session.requestLines();
		expect(lines.filter((line) => line.startsWith('PUT /tss/'))).toHaveLength(
			2 * good.filter(Boolean).length,
		);
		expect(lines.filter((line) => !line.startsWith('PUT /tss/') && line !== 'POST /auth')).toEqual(
			[],
		);
	});
});
