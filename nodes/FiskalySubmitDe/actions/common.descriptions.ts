import type { INodeProperties } from 'n8n-workflow';

import { locator } from '../../shared/descriptions';

/** SUBMIT DE parameters shared by several operations. Operation files pick and display them. */

export const establishmentLocator: INodeProperties = {
	...locator(
		'establishment',
		'Establishment',
		'searchEstablishments',
		'e.g. 0b7e4d2c-6f1a-4c3e-9a55-2f8d1e6b7c90',
		true,
	),
	description: 'The establishment (Betriebsstätte): one physical site where registers are used',
};

export const submissionLocator: INodeProperties = {
	...locator(
		'submission',
		'Submission',
		'searchSubmissions',
		'e.g. 5ae61c3f-45c3-4c5b-9f3e-0e6b2f4b1c9a',
		true,
	),
	description: 'The notification of one establishment to the tax office',
};

export const tssLocator: INodeProperties = {
	...locator('tss', 'TSS', 'searchTss', 'e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6', true),
	description: 'The SIGN DE TSS of the register',
};

export const clientLocator: INodeProperties = {
	...locator(
		'client',
		'Client',
		'searchClients',
		'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
		true,
	),
	description: 'The SIGN DE client: the cash register (POS) this data describes',
};

/** The explicit consent SUBMIT DE requires before it transmits (`legal_consent`). */
export const legalConsentField: INodeProperties = {
	displayName: 'Legal Consent to Transmit',
	name: 'legalConsent',
	type: 'boolean',
	default: false,
	required: true,
	description:
		"Whether you, on the taxpayer's behalf, consent to fiskaly sending this notification to the tax office via ELSTER. It is the taxpayer's legally binding notification under §146a(4) AO: check the data (Submission › Download › Validation Preview PDF) first. Nothing is sent while this is off.",
};

export const binaryPropertyField: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
};
