// The files of a submission, all built from the data frozen when it was created: the notification XML,
// the validation result (XML) and preview (PDF), and ELSTER's answer (XML) and receipt (PDF).
// [INFERRED] Their content: the real notification follows ELSTER's §146a(4) AO dataset, whose schema
// the reference does not give; these files use the API's field names and say they come from the
// simulator. They carry no legal or fiscal meaning.

import * as crypto from 'node:crypto';

import type { JsonObject } from '../core/validate';
import type { Submission } from './model';
import { textPdf } from './pdf';
import { objectAt } from './validation';

type XmlChild = XmlNode | undefined;
interface XmlNode {
	name: string;
	attributes?: Record<string, string>;
	text?: string;
	children?: XmlChild[];
}

const SIMULATOR_NOTE = 'fiskaly simulator: not an ELSTER document, no fiscal value';

function escapeXml(value: string): string {
	return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function render(node: XmlNode, indent = ''): string {
	const attributes = Object.entries(node.attributes ?? {})
		.map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
		.join('');
	const children = (node.children ?? []).filter((child): child is XmlNode => child !== undefined);
	if (children.length > 0) {
		const inner = children.map((child) => render(child, `${indent}\t`)).join('');
		return `${indent}<${node.name}${attributes}>\n${inner}${indent}</${node.name}>\n`;
	}
	if (node.text === undefined) return `${indent}<${node.name}${attributes}/>\n`;
	return `${indent}<${node.name}${attributes}>${escapeXml(node.text)}</${node.name}>\n`;
}

function xmlDocument(root: XmlNode): Buffer {
	return Buffer.from(
		`<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${SIMULATOR_NOTE} -->\n${render(root)}`,
		'utf8',
	);
}

/** Elements for the string fields of `object`, in the given order, skipping the absent ones. */
function fields(object: JsonObject, keys: readonly string[]): XmlChild[] {
	return keys.map((key) =>
		typeof object[key] === 'string' ? { name: key, text: object[key] as string } : undefined,
	);
}

const ADDRESS = [
	'street',
	'house_number',
	'house_number_suffix',
	'address_additional',
	'zip_code',
	'town',
	'country',
];
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const isoDate = (unixSeconds: number | undefined) =>
	unixSeconds === undefined ? undefined : new Date(unixSeconds * 1000).toISOString().slice(0, 10);

/** The taxpayer's name as the notification gives it: the company, or the person's names. */
export function taxpayerName(taxpayer: JsonObject | undefined): string {
	const information = objectAt(objectAt(taxpayer, 'general_information'), 'information');
	if (typeof information.company_name === 'string') return information.company_name;
	return [information.first_name, information.last_name]
		.filter((part) => typeof part === 'string')
		.join(' ');
}

export function notificationXml(submission: Submission): Buffer {
	const { taxpayer = {}, establishment, clients } = submission.snapshot;
	const general = objectAt(taxpayer, 'general_information');
	return xmlDocument({
		name: 'notification',
		attributes: { submission_id: submission.id, law: '§146a(4) AO' },
		children: [
			{
				name: 'taxpayer',
				children: [
					{ name: 'name', text: taxpayerName(taxpayer) },
					...fields(taxpayer, ['tax_number', 'tax_office_number', 'vat_number']),
					{ name: 'person', text: String(general.person ?? '') },
					{
						name: 'address',
						children: fields(objectAt(objectAt(general, 'address'), 'post_address'), ADDRESS),
					},
				],
			},
			{
				name: 'establishment',
				attributes: { id: submission.establishmentId },
				children: [
					...fields(establishment, ['designation', 'remarks', 'decommissioning_date']),
					{ name: 'address', children: fields(objectAt(establishment, 'address'), ADDRESS) },
				],
			},
			{
				name: 'recording_systems',
				attributes: { count: String(clients.length) },
				children: clients.map((client) => ({
					name: 'recording_system',
					attributes: { client_id: client.client_id },
					children: [
						{ name: 'serial_number', text: client.serial_number },
						...fields(client.data, [
							'type',
							'manufacturer',
							'model',
							'software',
							'software_version',
							'date_acquisition',
							'date_commissioning',
							'date_decommissioning',
							'decommissioning_reason',
							'remarks',
						]),
						{
							name: 'tse',
							attributes: { tss_id: client.tss_id },
							children: [
								{ name: 'serial_number', text: client.tss_serial_number },
								client.bsi_certification_id === undefined
									? undefined
									: { name: 'bsi_certification_id', text: client.bsi_certification_id },
								client.tss_time_init === undefined
									? undefined
									: { name: 'date_commissioning', text: isoDate(client.tss_time_init) },
							],
						},
					],
				})),
			},
		],
	});
}

/** The validation result: every problem found (an empty list when it passed). */
export function validationXml(
	submission: Submission,
	state: string,
	problems: readonly string[],
): Buffer {
	return xmlDocument({
		name: 'validation_result',
		attributes: { submission_id: submission.id, state },
		children: problems.map((problem) => ({ name: 'error', text: problem })),
	});
}

export function validationPdf(submission: Submission): Buffer {
	const { taxpayer, clients } = submission.snapshot;
	return textPdf('Validation preview of the notification (fiskaly simulator)', [
		SIMULATOR_NOTE,
		`Submission ${submission.id}`,
		`Taxpayer: ${taxpayerName(taxpayer)}, tax number ${String(taxpayer?.tax_number ?? '')}`,
		`Establishment ${submission.establishmentId}`,
		`Recording systems: ${clients.length}`,
		...clients.map((client) => `  ${client.serial_number} (TSE ${client.tss_serial_number})`),
	]);
}

/** ELSTER's transfer ticket for the transmission, the same for a submission on every call. */
export function transferTicket(submission: Submission): string {
	return `sim-${crypto.createHash('sha256').update(submission.id).digest('hex').slice(0, 24)}`;
}

/** ELSTER's raw answer to the transmission: the ticket, or the errors when it failed. */
export function transmissionXml(
	submission: Submission,
	state: string,
	problems: readonly string[],
	transmittedAt?: number,
): Buffer {
	const succeeded = state === 'TRANSMISSION_SUCCEEDED';
	return xmlDocument({
		name: 'elster_response',
		attributes: { submission_id: submission.id, state },
		children: [
			{ name: 'status', text: succeeded ? 'accepted' : 'rejected' },
			succeeded ? { name: 'transfer_ticket', text: transferTicket(submission) } : undefined,
			succeeded ? { name: 'time_transmitted', text: iso(transmittedAt) } : undefined,
			...problems.map((problem) => ({ name: 'error', text: problem })),
		],
	});
}

export function transmissionPdf(submission: Submission, transmittedAt: number): Buffer {
	const { taxpayer, clients } = submission.snapshot;
	return textPdf('ELSTER transmission receipt (fiskaly simulator)', [
		SIMULATOR_NOTE,
		`Transfer ticket: ${transferTicket(submission)}`,
		`Transmitted: ${iso(transmittedAt) ?? ''}`,
		`Taxpayer: ${taxpayerName(taxpayer)}, tax number ${String(taxpayer?.tax_number ?? '')}`,
		`Establishment ${submission.establishmentId}, ${clients.length} recording system(s)`,
	]);
}
