// The example workflows in examples/: every file is one the real-n8n e2e suite imports and runs
// (scripts/real-n8n/examples.ts), its nodes of this package name operations and parameters the
// nodes have, its connections name its own nodes, and the shop and the daily closing agree on the
// data table between them. The shop's mapping expressions are run on an order, through the node's
// own line and payment readers, to check what it signs and records.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { INodeProperties } from 'n8n-workflow';

import { FiskalyDsfinvk } from '../../../nodes/FiskalyDsfinvk/FiskalyDsfinvk.node';
import { FiskalySignDe } from '../../../nodes/FiskalySignDe/FiskalySignDe.node';
import { FiskalySubmitDe } from '../../../nodes/FiskalySubmitDe/FiskalySubmitDe.node';
import { inputFieldList } from '../../../nodes/FiskalySignDe/actions/transaction/lineItems';
import { linePayments, sumSaleLines } from '../../../nodes/FiskalySignDe/helpers/saleLines';
import { readReference } from '../../../nodes/FiskalySignDe/helpers/transactionReference';
import { SALES_TABLE } from '../../../scripts/real-n8n/dataTables';
import {
	EXAMPLE_CREDENTIAL,
	EXAMPLES,
	loadExample,
	type ExampleName,
} from '../../../scripts/real-n8n/examples';
import type { WorkflowNode } from '../../../scripts/real-n8n/n8n';

const EXAMPLES_DIR = path.resolve(__dirname, '../../../examples');
const NODE_PROPERTIES: Record<string, INodeProperties[]> = {
	'n8n-nodes-fiskaly-sign-de.fiskalySignDe': new FiskalySignDe().description.properties,
	'n8n-nodes-fiskaly-sign-de.fiskalyDsfinvk': new FiskalyDsfinvk().description.properties,
	'n8n-nodes-fiskaly-sign-de.fiskalySubmitDe': new FiskalySubmitDe().description.properties,
};
const names = Object.keys(EXAMPLES) as ExampleName[];

function optionValues(property: INodeProperties): unknown[] {
	return (property.options ?? []).map((option) => (option as { value?: unknown }).value);
}

/** The node's operation choices for a resource. */
function operationsOf(properties: INodeProperties[], resource: unknown): unknown[] {
	return properties
		.filter(
			(property) =>
				property.name === 'operation' &&
				(property.displayOptions?.show?.resource ?? []).includes(resource as string),
		)
		.flatMap(optionValues);
}

function node(name: ExampleName, nodeName: string): WorkflowNode {
	const found = loadExample(name).nodes.find((candidate) => candidate.name === nodeName);
	if (!found) throw new Error(`${EXAMPLES[name]} has no node ${nodeName}`);
	return found;
}

test('every workflow in examples/ is run by the real-n8n e2e suite', () => {
	const files = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));
	expect(files.sort()).toEqual(Object.values(EXAMPLES).sort());
});

describe.each(names)('examples: %s', (name) => {
	const workflow = loadExample(name);

	test('connections join nodes of the workflow, whose names are unique', () => {
		const nodeNames = workflow.nodes.map((candidate) => candidate.name);
		expect(new Set(nodeNames).size).toBe(nodeNames.length);
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(nodeNames).toContain(from);
			const targets = Object.values(outputs as Record<string, Array<Array<{ node: string }>>>)
				.flat(2)
				.map((target) => target.node);
			for (const target of targets) expect(nodeNames).toContain(target);
		}
	});

	test("the package's nodes use operations and parameters the nodes have, with the example credential", () => {
		const ours = workflow.nodes.filter((candidate) => NODE_PROPERTIES[candidate.type]);
		expect(ours.length).toBeGreaterThan(0);
		for (const fiskaly of ours) {
			const properties = NODE_PROPERTIES[fiskaly.type];
			const { resource, operation } = fiskaly.parameters;
			const resources = properties.filter((property) => property.name === 'resource');
			expect(resources.flatMap(optionValues)).toContain(resource);
			expect(operationsOf(properties, resource)).toContain(operation);
			const known = new Set(properties.map((property) => property.name));
			const unknown = Object.keys(fiskaly.parameters).filter((parameter) => !known.has(parameter));
			expect({ node: fiskaly.name, unknown }).toEqual({ node: fiskaly.name, unknown: [] });
			expect(Object.values(fiskaly.credentials ?? {})).toEqual([EXAMPLE_CREDENTIAL]);
		}
	});
});

describe('the sales table between the shop and the daily closing', () => {
	/** An n8n expression of the example ("={{ … }}") evaluated on an item's JSON (and `$now`). */
	const evaluate = (expression: unknown, json: unknown, now?: unknown): unknown => {
		const body = /^=\{\{([\s\S]*)\}\}$/.exec(String(expression))?.[1];
		if (body === undefined) throw new Error(`not an expression: ${String(expression)}`);
		const run = new Function('$json', '$now', `return (${body});`);
		return (run as (json: unknown, now: unknown) => unknown)(json, now);
	};

	test('the shop writes the columns of the table, and the closing filters on them', () => {
		// Sale Row builds the row in one expression and the data table maps its fields by name.
		const record = node('shopOrderToReceipt', 'Record Sale for Closing');
		expect(record.parameters.columns).toMatchObject({ mappingMode: 'autoMapInputData' });
		const jsonOutput = node('shopOrderToReceipt', 'Sale Row').parameters.jsonOutput;
		const now = { toISODate: () => '2026-12-07' };
		const saleRow = (json: unknown, at: unknown) =>
			evaluate(jsonOutput, json, at) as Record<string, string>;
		const lines = [{ text: 'Tea', quantity: '1', price_per_unit: '3.50', vat_rate: 7 }];
		const signed = saleRow(
			{
				_id: 'tx-1',
				tss_id: 'tss-1',
				client_id: 'client-1',
				receipt: { reference: 'A-1', tse_failure: false },
				line_items: lines,
			},
			now,
		);
		expect(Object.keys(signed).sort()).toEqual([...SALES_TABLE.columns].sort());
		expect(signed).toEqual({
			business_date: '2026-12-07',
			client_id: 'client-1',
			tss_id: 'tss-1',
			transaction_id: 'tx-1',
			order_id: 'A-1',
			line_items: JSON.stringify(lines),
			tse_failure: 'false',
		});
		// Sign Receipt's item when the TSE was down: no transaction, the outage on record.
		const outage = saleRow(
			{
				tse_failure: true,
				reference: 'A-2',
				transaction_id: 'started-1',
				receipt: { reference: 'A-2', tse_failure: true },
				line_items: lines,
			},
			now,
		);
		expect(outage).toMatchObject({ transaction_id: '', order_id: 'A-2', tse_failure: 'true' });
		const read = node('dailyClosing', 'Sales of the Day');
		const filters = read.parameters.filters as { conditions: Array<{ keyName: string }> };
		expect(filters.conditions.map((condition) => condition.keyName)).toEqual([
			'client_id',
			'business_date',
		]);
	});

	test("the shop signs the order's lines and payments as they are, and they sum exactly", () => {
		// Sign Receipt reads both straight from the webhook's body: no expression per order.
		const sign = node('shopOrderToReceipt', 'Sign Receipt').parameters;
		expect(sign).toMatchObject({ amountsFrom: 'lineItemsField', linePayment: 'field' });
		const order = {
			order_id: 'A-1',
			line_items: [
				{ text: 'Coffee beans 1 kg', quantity: 2, price_per_unit: '14.90', vat_rate: 7, sku: 'C1' },
				{ text: 'Espresso cup', quantity: 1, price_per_unit: '9,95', vat_rate: '19%' },
				{ text: 'Refund', quantity: 1, price_per_unit: '-0.05', vat_rate: 'NULL' },
			],
			payments: [
				{ payment_type: 'NON_CASH', amount: '30.00' },
				{ payment_type: 'cash', amount: '9,70' },
			],
		};
		const item = { headers: {}, body: order };
		const field = (name: unknown, label: string) => inputFieldList(item, String(name), label);
		const sums = sumSaleLines(field(sign.saleLineItemsField, 'Line Items Field'), '2026-12-07');
		expect(sums.amountsPerVatRate).toEqual([
			{ vatRate: 'NORMAL', amount: '9.95' },
			{ vatRate: 'REDUCED_1', amount: '29.80' },
			{ vatRate: 'NULL', amount: '-0.05' },
		]);
		// What the closing reads later: the lines in the node's grammar, the shop's own fields kept.
		expect(sums.lineItems).toEqual([
			{ text: 'Coffee beans 1 kg', quantity: '2', price_per_unit: '14.90', vat_rate: 7, sku: 'C1' },
			{ text: 'Espresso cup', quantity: '1', price_per_unit: '9.95', vat_rate: '19%' },
			{ text: 'Refund', quantity: '1', price_per_unit: '-0.05', vat_rate: 'NULL' },
		]);
		const payments = linePayments(
			'list',
			sums.totalCents,
			field(sign.linePaymentsField, 'Payments Field'),
		);
		expect(payments.map(({ paymentType, amount }) => [paymentType, amount])).toEqual([
			['NON_CASH', '30.00'],
			['CASH', '9.70'],
		]);
		// The reference is the order ID, the same for the same order however it is typed.
		expect(readReference(evaluate(sign.reference, { body: { order_id: 1001 } }))).toBe('1001');
	});

	test("the shop answers with the order ID and the receipt block from Sign Receipt's item", () => {
		const answer = node('shopOrderToReceipt', 'Respond with Receipt').parameters;
		expect(answer.respondWith).toBe('json');
		const receipt = { reference: 'A-1', qr_code_data: 'V0;…', tse_failure: false };
		expect(evaluate(answer.responseBody, { _id: 'tx-1', line_items: [], receipt })).toEqual({
			order_id: 'A-1',
			receipt,
		});
	});

	test('the shop refuses an order without order_id before signing it', () => {
		const sign = node('shopOrderToReceipt', 'Sign Receipt');
		expect(sign.parameters.options).toMatchObject({ requireReference: true });
		// The order ID reaches the node as it is; the node reads it as the Reference (trimmed, a
		// number as text), and an absent or blank one is no Reference, which the option refuses.
		const reference = (body: unknown) =>
			readReference(evaluate(sign.parameters.reference, { body }));
		expect([reference({ order_id: ' A-1 ' }), reference({ order_id: 7 })]).toEqual(['A-1', '7']);
		expect([reference({}), reference({ order_id: ' ' })]).toEqual([undefined, undefined]);
		expect(() => reference({ order_id: { id: 1 } })).toThrow(/must be text or a number/);
	});

	test('the daily closing leaves out sales without a signed transaction and sales recorded twice', () => {
		const code = node('dailyClosing', 'Sales for Close Day').parameters.jsCode as string;
		const rows = (list: Array<Record<string, string>>) => ({
			all: () => list.map((json) => ({ json })),
		});
		const run = new Function('$input', code) as (input: unknown) => Array<{ json: unknown }>;
		const lines = JSON.stringify([
			{ text: 'Tea', quantity: 1, price_per_unit: '3.50', vat_rate: 7 },
		]);
		const sale = { transaction_id: 'tx-1', tss_id: 'tss', order_id: 'A-1', line_items: lines };
		expect(
			run(
				rows([
					sale,
					{ ...sale, transaction_id: '', order_id: 'A-2' },
					{ ...sale, transaction_id: 'tx-3', order_id: 'A-3', tse_failure: 'true' },
					sale,
				]),
			).map((item) => item.json),
		).toEqual([{ ...sale, line_items: JSON.parse(lines) }]);
		expect(run(rows([])).map((item) => item.json)).toEqual([{ no_sales: true }]);
	});
});

describe('notify-tax-office', () => {
	test('sets the legal consent explicitly and a sticky note says what it means', () => {
		const notify = node('notifyTaxOffice', 'Notify Tax Office');
		expect(notify.parameters).toMatchObject({
			resource: 'submission',
			operation: 'notifyTaxOffice',
			legalConsent: true,
			binaryPropertyName: 'elster_receipt',
		});
		const note = node('notifyTaxOffice', 'About the Legal Consent').parameters.content as string;
		expect(note).toMatch(/legal_consent/);
		expect(note).toMatch(/§146a\(4\) AO/);
	});

	test('lists the establishments once however many TSS changed state together', () => {
		expect(node('notifyTaxOffice', 'List Establishments').executeOnce).toBe(true);
	});
});
