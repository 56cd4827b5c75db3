// The bad-input table of the Fiskaly SUBMIT DE node, in the style of badInput.test.ts: each case
// stops with a NodeOperationError that names the field and the item ("[item 0]") and says how to
// fix it, before any HTTP request to SUBMIT DE (the request log stays empty), and under
// continueOnFail it becomes an error item in its place.
import type { IDataObject } from 'n8n-workflow';

import { byId } from '../../scripts/n8n-engine';
import { EngineSession } from '../node/engine/session';
import { expectEveryResourceCovered, expectRefusedBeforeAnyRequest } from '../support/badInput';
import {
	legalTaxpayerParameters,
	startSubmitDeSession,
	submitDeNode,
	submitDeRequestLines,
} from '../node/engine/submitDeSession';

let session: EngineSession;

beforeAll(async () => {
	session = await startSubmitDeSession();
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
const someId = '0b7e4d2c-6f1a-4c3e-9a55-2f8d1e6b7c90';

const taxpayer = (extra: IDataObject) => ({ ...legalTaxpayerParameters, ...extra });
const naturalPerson = (extra: IDataObject) =>
	taxpayer({
		personType: 'natural',
		firstName: 'Erika',
		lastName: 'Mustermann',
		birthdate: '12.08.1964',
		identificationNumber: '86095742719',
		...extra,
	});
const establishment = (extra: IDataObject) => ({
	street: 'Bahnhofstraße',
	houseNumber: '7',
	zipCode: '34119',
	town: 'Kassel',
	...extra,
});
const register = (extra: IDataObject) => ({
	tss: byId(someId),
	client: byId(someId),
	establishment: byId(someId),
	registerType: '1',
	manufacturer: 'Acme',
	model: 'K-100',
	software: 'AcmePOS',
	acquisitionDate: '01.02.2026',
	commissioningDate: '15.02.2026',
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
		'Tax office number of no state',
		'taxpayer',
		'set',
		() => taxpayer({ taxOfficeNumber: '9981' }),
		'Tax Office Number',
	],
	[
		'Tax number of 12 digits',
		'taxpayer',
		'set',
		() => taxpayer({ taxNumber: '218108150815' }),
		/Tax Number: .*12 digits/,
	],
	[
		'Tax number of another tax office',
		'taxpayer',
		'set',
		() => taxpayer({ taxNumber: '2182081508150' }),
		/Tax Number: .*does not begin/,
	],
	[
		'VAT ID without DE',
		'taxpayer',
		'set',
		() => taxpayer({ additionalFields: { vatId: '123456789' } }),
		'VAT ID',
	],
	[
		'Company name empty',
		'taxpayer',
		'set',
		() => taxpayer({ companyName: expression('') }),
		'Company Name',
	],
	[
		'ZIP code of 4 digits',
		'taxpayer',
		'set',
		() => taxpayer({ zipCode: '3411' }),
		'Address › ZIP Code',
	],
	[
		'House number without digits',
		'taxpayer',
		'set',
		() => taxpayer({ houseNumber: 'a12' }),
		'Address › House Number',
	],
	[
		'Tax identification number mistyped',
		'taxpayer',
		'set',
		() => naturalPerson({ identificationNumber: '86095742718' }),
		'Tax Identification Number',
	],
	[
		'Birthdate no day of the calendar',
		'taxpayer',
		'set',
		() => naturalPerson({ birthdate: '31.02.1980' }),
		'Birthdate',
	],
	[
		'Establishment ID not a UUID',
		'establishment',
		'upsert',
		() => establishment({ establishmentId: 'filiale-1' }),
		'Establishment ID',
	],
	[
		'Establishment street empty',
		'establishment',
		'upsert',
		() => establishment({ street: expression('') }),
		'Address › Street',
	],
	[
		'Establishment locator not a UUID',
		'establishment',
		'get',
		() => ({ establishment: locatorFrom('nord') }),
		'Establishment',
	],
	[
		'Decommissioning date no date',
		'establishment',
		'decommission',
		() => ({ establishment: byId(someId), decommissioningDate: 'gestern' }),
		'Decommissioning Date',
	],
	[
		'Register commissioned before acquisition',
		'clientAdditionalData',
		'set',
		() => register({ commissioningDate: '01.01.2026' }),
		'Commissioning Date',
	],
	[
		'Register decommissioned without reason',
		'clientAdditionalData',
		'set',
		() => register({ additionalFields: { decommissioningDate: '2026-05-31' } }),
		'Decommissioning Reason',
	],
	[
		'Taximeter without remarks',
		'clientAdditionalData',
		'set',
		() => register({ registerType: '4' }),
		'Remarks',
	],
	[
		'Register type 7',
		'clientAdditionalData',
		'set',
		() => register({ registerType: expression('7') }),
		'Type',
	],
	[
		'Manufacturer empty',
		'clientAdditionalData',
		'set',
		() => register({ manufacturer: expression(' ') }),
		'Manufacturer',
	],
	[
		'TSS not a UUID',
		'clientAdditionalData',
		'get',
		() => ({ tss: locatorFrom('tss-1'), client: byId(someId) }),
		'TSS',
	],
	[
		'Submission not a UUID',
		'submission',
		'get',
		() => ({ submission: locatorFrom('meldung-1') }),
		'Submission',
	],
	[
		'Submission ID not a UUID',
		'submission',
		'create',
		() => ({ establishment: byId(someId), submissionId: 'meldung-1' }),
		'Submission ID',
	],
	[
		'Get Many establishment filter not a UUID',
		'submission',
		'getAll',
		() => ({ returnAll: true, filters: { establishmentId: 'nord' } }),
		'Establishment ID',
	],
	[
		'Notify without legal consent',
		'submission',
		'notifyTaxOffice',
		() => ({ establishment: byId(someId) }),
		'Legal Consent to Transmit',
	],
	[
		'Notify with consent from an expression that is not true',
		'submission',
		'notifyTaxOffice',
		() => ({ establishment: byId(someId), legalConsent: expression('yes') }),
		'Legal Consent to Transmit',
	],
	[
		'Notify attempt 0',
		'submission',
		'notifyTaxOffice',
		() => ({
			establishment: byId(someId),
			legalConsent: true,
			options: { attempt: expression(0) },
		}),
		'Attempt',
	],
	[
		'Start transmission without legal consent',
		'submission',
		'startTransmission',
		() => ({ submission: byId(someId) }),
		'Legal Consent to Transmit',
	],
];

describe(`SUBMIT DE bad input: ${cases.length} cases, refused before any request`, () => {
	it('covers every resource of the node', () => {
		expectEveryResourceCovered(
			session.engine.package.submitDeNodeType,
			cases.map(([, resource]) => resource),
		);
	});

	it.each(cases)('%s', async (_label, resource, operation, parameters, field) => {
		const run = (continueOnFail: boolean) =>
			session.engine.runNode(
				submitDeNode({ resource, operation, parameters: parameters(), continueOnFail }),
			);
		await expectRefusedBeforeAnyRequest(run, field, () => submitDeRequestLines(session));
	});
});
