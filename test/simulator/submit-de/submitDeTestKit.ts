// What the SUBMIT DE simulator tests share: a simulator on a test clock, a SIGN DE client to make TSS
// and clients, a SUBMIT DE client (raw mode: the SIGN DE OpenAPI document does not describe this API),
// valid master data, and independent readers of the XML and PDF files it serves.

import * as crypto from 'node:crypto';

import { XMLParser, XMLValidator } from 'fast-xml-parser';

import type { RunningSimulator } from '../../../simulator';
import {
	expectError,
	SimulatorClient,
	startTestSimulator,
	type Reply,
} from '../../support/simulatorClient';

export { expectError };

export const STEP_MS = 1_000;

export interface SubmitDeKit {
	simulator: RunningSimulator;
	signDe: SimulatorClient;
	submit: SubmitDeClient;
	/** Moves the simulator's clock forward. */
	advance(ms: number): void;
}

export class SubmitDeClient {
	constructor(readonly api: SimulatorClient) {}

	async login(): Promise<void> {
		const reply = await this.api.raw('POST', '/auth', {
			body: { api_key: this.api.apiKey, api_secret: this.api.apiSecret },
			token: null,
		});
		expect(reply.status).toBe(200);
		this.api.token = reply.body.access_token;
	}

	call(method: string, path: string, body?: unknown, token?: string | null): Promise<Reply> {
		return this.api.raw(method, path, { body, token });
	}

	control(method: string, path: string, body?: unknown): Promise<Reply> {
		return this.api.control(method, `/submit-de${path}`, body);
	}

	/** The submission's state (200 asserted). */
	async state(submissionId: string): Promise<string> {
		const reply = await this.call('GET', `/submission/${submissionId}`);
		expect(reply.status).toBe(200);
		return reply.body.state;
	}
}

export async function startSubmitDe(): Promise<SubmitDeKit> {
	let now = Date.parse('2026-03-02T09:00:00Z');
	const { simulator, api } = await startTestSimulator({
		clock: () => now,
		submissionTiming: { stepMs: STEP_MS },
	});
	const submit = new SubmitDeClient(new SimulatorClient(simulator.urls.submitDe, simulator));
	await submit.login();
	return { simulator, signDe: api, submit, advance: (ms) => (now += ms) };
}

export const legalTaxpayer = () => ({
	tax_number: '2181081508150',
	tax_office_number: '2181',
	vat_number: 'DE123456789',
	general_information: {
		person: 'legal',
		information: { company_name: 'Café Müller & Söhne GmbH', legal_form: '91' },
		address: {
			post_address: {
				street: 'Hauptstraße',
				house_number: '12',
				town: 'Kassel',
				zip_code: '34117',
			},
		},
	},
	metadata: { source: 'test' },
});

export const establishmentBody = (designation = 'Filiale Nord') => ({
	address: { street: 'Bahnhofstraße', house_number: '7', town: 'Kassel', zip_code: '34119' },
	designation,
});

export const clientData = (establishmentId: string, overrides: Record<string, string> = {}) => ({
	establishment_id: establishmentId,
	type: '1',
	manufacturer: 'Acme Kassen',
	model: 'K-100',
	software: 'AcmePOS',
	software_version: '4.2',
	date_acquisition: '01.02.2026',
	date_commissioning: '15.02.2026',
	...overrides,
});

export interface Establishment {
	establishmentId: string;
	tssId: string;
	clientIds: string[];
}

/** A taxpayer, an establishment and `clients` SIGN DE clients with additional data linked to it. */
export async function validEstablishment(
	kit: SubmitDeKit,
	clients = 1,
	overrides: Record<string, string> = {},
): Promise<Establishment> {
	const { submit, signDe } = kit;
	expect((await submit.call('PUT', '/taxpayer', legalTaxpayer())).status).toBe(200);
	const establishmentId = crypto.randomUUID();
	expect(
		(await submit.call('PUT', `/establishment/${establishmentId}`, establishmentBody())).status,
	).toBe(200);
	const { tssId, clientIds } = await signDe.initializedTss(clients);
	for (const clientId of clientIds) {
		const reply = await submit.call(
			'PUT',
			`/sign-de-v2/tss/${tssId}/client/${clientId}/additional_data`,
			clientData(establishmentId, overrides),
		);
		expect(reply.status).toBe(200);
	}
	return { establishmentId, tssId, clientIds };
}

/** Creates a submission for the establishment (200 asserted) and returns its id. */
export async function createSubmission(
	kit: SubmitDeKit,
	establishmentId: string,
	id = crypto.randomUUID(),
) {
	const reply = await kit.submit.call('PUT', `/submission/${id}`, {
		establishment_id: establishmentId,
	});
	expect(reply.status).toBe(200);
	expect(reply.body.state).toBe('CREATED');
	return id;
}

/** Parses XML after checking it is well-formed (an independent parser, not the simulator's code). */
export function parseXml(bytes: Buffer): any {
	const text = bytes.toString('utf8');
	const valid = XMLValidator.validate(text);
	if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}\n${text}`);
	return new XMLParser({
		ignoreAttributes: false,
		attributeNamePrefix: '@',
		parseTagValue: false,
	}).parse(text);
}

/**
 * Checks a PDF's frame: the header, the `%%EOF` end, and that startxref and every in-use entry of the
 * cross-reference table point at the objects they name. Returns the text of its page content.
 */
export function checkPdf(bytes: Buffer): string {
	const text = bytes.toString('latin1');
	expect(text.startsWith('%PDF-')).toBe(true);
	expect(text.endsWith('%%EOF')).toBe(true);
	const startxref = Number(/startxref\n(\d+)\n%%EOF$/.exec(text)?.[1]);
	expect(text.slice(startxref, startxref + 4)).toBe('xref');
	const table = /xref\n0 (\d+)\n([\s\S]*?)trailer/.exec(text.slice(startxref));
	expect(table).not.toBeNull();
	const entries = table![2].trim().split('\n').slice(1);
	expect(entries).toHaveLength(Number(table![1]) - 1);
	entries.forEach((entry, index) => {
		const offset = Number(entry.slice(0, 10));
		expect(text.slice(offset).startsWith(`${index + 1} 0 obj`)).toBe(true);
	});
	return [...text.matchAll(/\((.*?)\) Tj/g)].map((match) => match[1]).join('\n');
}
