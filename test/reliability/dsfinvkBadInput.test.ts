// The bad-input table of the Fiskaly DSFinV-K node, in the style of badInput.test.ts: each case
// stops with a NodeOperationError that names the field and the item ("[item 0]") and says how to
// fix it, before any HTTP request to DSFinV-K (the request log stays empty), and under
// continueOnFail it becomes an error item in its place.
import type { IDataObject } from 'n8n-workflow';

import { byId } from '../../scripts/n8n-engine';
import {
	dsfinvkApi,
	dsfinvkNode,
	dsfinvkRequestLines,
	prepareRegister,
	type PreparedRegister,
	startDsfinvkSession,
} from '../node/engine/dsfinvkSession';
import { EngineSession } from '../node/engine/session';
import {
	expectEveryOperationCovered,
	expectEveryResourceCovered,
	expectRefusedBeforeAnyRequest,
} from '../support/badInput';

let session: EngineSession;
let register: PreparedRegister;

beforeAll(async () => {
	session = await startDsfinvkSession();
	register = await prepareRegister(session, await dsfinvkApi(session));
});

afterAll(async () => {
	await session?.close();
});

beforeEach(async () => {
	await session.resetTraffic();
});

/** A value that reaches the node through an expression, as mapped data does (n8n checks typed-in values itself). */
const expression = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;
const locatorFrom = (value: unknown) => ({ __rl: true, mode: 'id', value: expression(value) });
const registerRef = () => byId(register.client.clientId);

const validClosing = {
	cash_point_closing_export_id: 1,
	head: {
		export_creation_date: 1710543900,
		first_transaction_export_id: '1',
		last_transaction_export_id: '1',
	},
	cash_statement: {
		business_cases: [],
		payment: {
			full_amount: 1,
			cash_amount: 1,
			cash_amounts_by_currency: [],
			payment_types: [{ type: 'Bar', currency_code: 'EUR', amount: 1 }],
		},
	},
	transactions: [],
};
const closingWith = (change: (closing: any) => void) => {
	const closing = JSON.parse(JSON.stringify(validClosing));
	change(closing);
	return { cashRegister: registerRef(), closing: JSON.stringify(closing) };
};
const registerUpsert = (extra: IDataObject) => ({
	tss: byId(register.tss.tssId),
	client: registerRef(),
	brand: 'ACME',
	model: 'Till 1',
	...extra,
});
const agency = (extra: IDataObject) => ({
	purchaserAgency: byId('2b1f4e38-7a0c-4c43-9a1e-5d8f0c6b7e21'),
	cashRegister: registerRef(),
	purchaserAgencyExportId: 1,
	name: 'Agentur',
	street: 'Hauptstr. 1',
	postalCode: '10115',
	city: 'Berlin',
	countryCode: 'DEU',
	taxNumber: '12/345/67890',
	...extra,
});

type Case = [
	label: string,
	resource: string,
	operation: string,
	parameters: () => IDataObject,
	field: string | RegExp,
];

// field, wrong value, expected message: one row each.
const cases: Case[] = [
	[
		'Cash Register ID not a UUID',
		'cashRegister',
		'get',
		() => ({ cashRegister: locatorFrom('kasse-1') }),
		'Cash Register',
	],
	[
		'Revision negative',
		'cashRegister',
		'get',
		() => ({ cashRegister: registerRef(), options: { revision: expression(-1) } }),
		'Revision',
	],
	[
		'Brand empty',
		'cashRegister',
		'upsert',
		() => registerUpsert({ brand: expression('') }),
		'Brand',
	],
	[
		'Model over 50 characters',
		'cashRegister',
		'upsert',
		() => registerUpsert({ model: 'x'.repeat(51) }),
		/Model: is 51 characters/,
	],
	[
		'Software brand and version both empty',
		'cashRegister',
		'upsert',
		() => registerUpsert({ softwareBrand: '', softwareVersion: '' }),
		'Software Brand',
	],
	[
		'Base currency not three letters',
		'cashRegister',
		'upsert',
		() => registerUpsert({ baseCurrencyCode: 'Euro' }),
		'Base Currency',
	],
	[
		'TSS of a master not a UUID',
		'cashRegister',
		'upsert',
		() => registerUpsert({ tss: locatorFrom('tss-1') }),
		'TSS',
	],
	[
		'Master of a slave empty',
		'cashRegister',
		'upsert',
		() =>
			registerUpsert({ cashRegisterType: 'SLAVE_WITH_TSS', masterCashRegister: locatorFrom('') }),
		'Master Cash Register',
	],
	[
		'Metadata over 20 entries',
		'cashRegister',
		'upsert',
		() =>
			registerUpsert({
				metadata: { entries: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: 'v' })) },
			}),
		/Metadata: has 21 entries \(at most 20\)/,
	],
	[
		'Closing not JSON',
		'cashPointClosing',
		'insert',
		() => ({ cashRegister: registerRef(), closing: '{ head: ' }),
		/Cash Point Closing \(JSON\): is not valid JSON/,
	],
	[
		'Closing for another register',
		'cashPointClosing',
		'insert',
		() =>
			closingWith((c) => {
				c.client_id = '9e6f21ab-2eb5-42e3-98f0-3879881dd51d';
			}),
		/client_id .* is not the chosen Cash Register/,
	],
	[
		'Closing without Z_NR',
		'cashPointClosing',
		'insert',
		() =>
			closingWith((c) => {
				delete c.cash_point_closing_export_id;
			}),
		/cash_point_closing_export_id is missing/,
	],
	[
		'Z_NR negative',
		'cashPointClosing',
		'insert',
		() =>
			closingWith((c) => {
				c.cash_point_closing_export_id = -1;
			}),
		/cash_point_closing_export_id -1 is not a whole number/,
	],
	[
		'Creation date not Unix seconds',
		'cashPointClosing',
		'insert',
		() =>
			closingWith((c) => {
				c.head.export_creation_date = '2024-03-15';
			}),
		/export_creation_date .* is not a Unix time/,
	],
	[
		'Payment types empty',
		'cashPointClosing',
		'insert',
		() =>
			closingWith((c) => {
				c.cash_statement.payment.payment_types = [];
			}),
		/payment_types is empty/,
	],
	[
		'Transactions not a list',
		'cashPointClosing',
		'insert',
		() =>
			closingWith((c) => {
				c.transactions = {};
			}),
		/transactions is not a list/,
	],
	[
		'Closing ID not a UUID',
		'cashPointClosing',
		'insert',
		() => ({ ...closingWith(() => undefined), closingId: 'Z-1' }),
		'Closing ID',
	],
	[
		'Closing to get not a UUID',
		'cashPointClosing',
		'get',
		() => ({ closing: locatorFrom('42') }),
		'Cash Point Closing',
	],
	[
		'Business date not a day',
		'cashPointClosing',
		'getAll',
		() => ({ filters: { businessDateStart: '2024-02-30' } }),
		'Business Date From',
	],
	[
		'Inserted After not a time',
		'cashPointClosing',
		'getAll',
		() => ({ filters: { startDate: expression('yesterday') } }),
		'Inserted After',
	],
	[
		'List register not a UUID',
		'cashPointClosing',
		'getAll',
		() => ({ filters: { clientId: 'kasse-1' } }),
		'Cash Register ID',
	],
	['Limit zero', 'cashPointClosing', 'getAll', () => ({ limit: expression(0) }), 'Limit'],
	[
		'Closing for details not a UUID',
		'cashPointClosing',
		'getDetails',
		() => ({ closing: locatorFrom('Z 42') }),
		'Cash Point Closing',
	],
	[
		'Closing to delete empty',
		'cashPointClosing',
		'delete',
		() => ({ closing: locatorFrom('') }),
		'Cash Point Closing',
	],
	[
		'Register list Limit not a number',
		'cashRegister',
		'getAll',
		() => ({ limit: expression('all') }),
		'Limit',
	],
	['Export to get not a UUID', 'export', 'get', () => ({ export: locatorFrom('march') }), 'Export'],
	[
		'Export for a link not a UUID',
		'export',
		'getDownloadUrl',
		() => ({ export: locatorFrom('march') }),
		'Export',
	],
	[
		'VAT list Limit fractional',
		'vatDefinition',
		'getAll',
		() => ({ limit: expression(1.5) }),
		'Limit',
	],
	[
		'Agency list register not a UUID',
		'purchaserAgency',
		'getAll',
		() => ({ filters: { clientId: 'kasse-1' } }),
		'Cash Register ID',
	],
	[
		'Export End before Start',
		'export',
		'trigger',
		() => ({ start: '2024-03-02T00:00:00Z', end: '2024-03-01T00:00:00Z' }),
		/End: is before Start/,
	],
	[
		'Export Start empty',
		'export',
		'trigger',
		() => ({ start: expression(''), end: '2024-03-01T00:00:00Z' }),
		'Start',
	],
	[
		'Export register not a UUID',
		'export',
		'trigger',
		() => ({
			start: '2024-03-01T00:00:00Z',
			end: '2024-03-02T00:00:00Z',
			cashRegister: locatorFrom('kasse-1'),
		}),
		'Cash Register',
	],
	[
		'Export ID not a UUID',
		'export',
		'trigger',
		() => ({ start: '2024-03-01T00:00:00Z', end: '2024-03-02T00:00:00Z', exportId: 'march' }),
		'Export ID',
	],
	[
		'Export to download not a UUID',
		'export',
		'download',
		() => ({ export: locatorFrom('march') }),
		'Export',
	],
	[
		'Download field empty',
		'export',
		'download',
		() => ({
			export: byId('81f2f226-4bbf-421b-8583-76d39ca3be31'),
			binaryPropertyName: expression(' '),
		}),
		'Put Output File in Field',
	],
	[
		'Export list closing not a UUID',
		'export',
		'getAll',
		() => ({ filters: { closingId: 'Z-1' } }),
		'Cash Point Closing ID',
	],
	[
		'Custom VAT ID below 1000',
		'vatDefinition',
		'upsert',
		() => ({ vatDefinitionId: expression(7), percentage: '19' }),
		/VAT Definition ID: 7 is below 1000/,
	],
	[
		'VAT percentage over 100',
		'vatDefinition',
		'upsert',
		() => ({ vatDefinitionId: 1000, percentage: '119' }),
		/Percentage: 119 is more than 100/,
	],
	[
		'VAT percentage with 6 decimals',
		'vatDefinition',
		'upsert',
		() => ({ vatDefinitionId: 1000, percentage: '7.123456' }),
		'Percentage',
	],
	[
		'VAT description over 55 characters',
		'vatDefinition',
		'upsert',
		() => ({ vatDefinitionId: 1000, percentage: '7', vatDescription: 'x'.repeat(56) }),
		'Description',
	],
	[
		'VAT ID to get not a number',
		'vatDefinition',
		'get',
		() => ({ vatDefinitionId: expression('19%') }),
		'VAT Definition ID',
	],
	[
		'Agency name empty',
		'purchaserAgency',
		'upsert',
		() => agency({ name: expression(' ') }),
		'Name',
	],
	[
		'Agency country not alpha-3',
		'purchaserAgency',
		'upsert',
		() => agency({ countryCode: 'DE' }),
		'Country Code',
	],
	[
		'Agency export ID zero',
		'purchaserAgency',
		'upsert',
		() => agency({ purchaserAgencyExportId: expression(0) }),
		'Purchaser Agency Export ID',
	],
	[
		'Agency VAT ID without country',
		'purchaserAgency',
		'upsert',
		() => agency({ additionalFields: { vatIdNumber: '123456789' } }),
		'VAT ID Number',
	],
	[
		'Agency ID not a UUID',
		'purchaserAgency',
		'get',
		() => ({ purchaserAgency: locatorFrom('agentur-1') }),
		'Purchaser Agency',
	],
];

describe(`DSFinV-K bad input: ${cases.length} cases, refused before any request`, () => {
	it('covers every operation of this file’s resources that takes input', () => {
		const nodeType = session.engine.package.dsfinvkNodeType;
		const covered = cases.map(([, resource, operation]) => ({ resource, operation }));
		expectEveryResourceCovered(
			nodeType,
			covered.map((c) => c.resource),
		);
		// Close Day and Verify DSFinV-K Export keep their bad-input tables beside their own tests.
		expectEveryOperationCovered(nodeType, covered, ['closeDay', 'verify']);
	});

	it.each(cases)('%s', async (_label, resource, operation, parameters, field) => {
		const run = (continueOnFail: boolean) =>
			session.engine.runNode(
				dsfinvkNode({ resource, operation, parameters: parameters(), continueOnFail }),
			);
		await expectRefusedBeforeAnyRequest(run, field, () => dsfinvkRequestLines(session));
	});
});
