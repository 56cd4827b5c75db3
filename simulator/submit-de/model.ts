// The SUBMIT DE room's model: taxpayer, establishments, client additional data and submissions, the
// 14 submission states and which call each state allows (REFERENCE §5–§7).
//
// Only the paths, field names, state names, the client-side gates and the error codes come from the
// reference. Marked [INFERRED] here and in simulator/README.md: the order and timing of the
// asynchronous steps, the gate statuses (409), and the gates widened beyond the one state NP Retail
// checks.

import type { JsonObject } from '../core/validate';

export const SUBMISSION_STATES = [
	'CREATED',
	'VALIDATION_TRIGGERED',
	'INTERNAL_VALIDATION_FAILED',
	'EXTERNAL_VALIDATION_FAILED',
	'VALIDATION_SUCCEEDED',
	'XML_GENERATION_SUCCEEDED',
	'XML_GENERATION_FAILED',
	'READY_FOR_TRANSMISSION',
	'TRANSMISSION_PENDING',
	'TRANSMISSION_IN_PROGRESS',
	'TRANSMISSION_FAILED',
	'TRANSMISSION_SUCCEEDED',
	'TRANSMISSION_CANCELLED',
	'ERROR',
] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** States a submission never leaves. */
export const FINAL_STATES: readonly SubmissionState[] = [
	'INTERNAL_VALIDATION_FAILED',
	'EXTERNAL_VALIDATION_FAILED',
	'XML_GENERATION_FAILED',
	'TRANSMISSION_FAILED',
	'TRANSMISSION_SUCCEEDED',
	'TRANSMISSION_CANCELLED',
	'ERROR',
];

/** How a submission ends; the control API can force every one but SUCCEEDED on a submission. */
export const OUTCOMES = [
	'SUCCEEDED',
	'INTERNAL_VALIDATION_FAILED',
	'EXTERNAL_VALIDATION_FAILED',
	'XML_GENERATION_FAILED',
	'TRANSMISSION_FAILED',
	'TRANSMISSION_CANCELLED',
	'ERROR',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Each asynchronous state lasts `stepMs` [INFERRED: fiskaly documents no timing]. */
export interface SubmissionTiming {
	stepMs: number;
}

export const DEFAULT_SUBMISSION_TIMING: SubmissionTiming = { stepMs: 200 };

const AFTER_XML = [
	'XML_GENERATION_SUCCEEDED',
	'READY_FOR_TRANSMISSION',
	'TRANSMISSION_PENDING',
	'TRANSMISSION_IN_PROGRESS',
	'TRANSMISSION_FAILED',
	'TRANSMISSION_SUCCEEDED',
	'TRANSMISSION_CANCELLED',
] as const;

/**
 * The submission calls that depend on the state, and the states that allow them (else 409). The
 * reference gives NP Retail's gates: validation PDF in VALIDATION_SUCCEEDED, validation XML in the
 * two validation failures, start in READY_FOR_TRANSMISSION, cancel in TRANSMISSION_PENDING, receipt
 * PDF in TRANSMISSION_SUCCEEDED, transmission XML in TRANSMISSION_FAILED (and, per fiskaly's error
 * page, after EXTERNAL_VALIDATION_FAILED). [INFERRED] widenings so a poller that was late still gets
 * its file: the validation PDF and the notification XML stay available in every later state; the
 * transmission XML also after TRANSMISSION_SUCCEEDED (ELSTER answered).
 */
export type GatedCall =
	| 'file'
	| 'validationPdf'
	| 'validationXml'
	| 'startTransmission'
	| 'cancelTransmission'
	| 'transmissionPdf'
	| 'transmissionXml';

export const GATES: Record<GatedCall, readonly SubmissionState[]> = {
	file: AFTER_XML,
	validationPdf: ['VALIDATION_SUCCEEDED', 'XML_GENERATION_FAILED', ...AFTER_XML],
	validationXml: ['INTERNAL_VALIDATION_FAILED', 'EXTERNAL_VALIDATION_FAILED'],
	startTransmission: ['READY_FOR_TRANSMISSION'],
	cancelTransmission: ['TRANSMISSION_PENDING'],
	transmissionPdf: ['TRANSMISSION_SUCCEEDED'],
	transmissionXml: ['EXTERNAL_VALIDATION_FAILED', 'TRANSMISSION_FAILED', 'TRANSMISSION_SUCCEEDED'],
};

/** What SIGN DE held for one client when a submission was created (its validation reads this). */
export interface ClientSnapshot {
	tss_id: string;
	client_id: string;
	/** The client additional data as stored. */
	data: JsonObject;
	/** From SIGN DE: the client's serial number (ERS serial) and state. */
	serial_number: string;
	client_state: string;
	tss_serial_number: string;
	bsi_certification_id?: string;
	/** The TSS's initialisation (unix seconds): the TSE commissioning date [INFERRED]. */
	tss_time_init?: number;
}

/** Everything a submission's notification is built from, frozen when it was created. */
export interface SubmissionSnapshot {
	taxpayer?: JsonObject;
	establishment: JsonObject;
	clients: ClientSnapshot[];
}

export interface Submission {
	id: string;
	establishmentId: string;
	metadata: JsonObject;
	/** milliseconds */
	createdAt: number;
	/** How long each asynchronous state lasts, fixed when it was created. */
	stepMs: number;
	snapshot: SubmissionSnapshot;
	/** Internal or external validation errors found in the snapshot. */
	problems: string[];
	outcome: Outcome;
	/** Set when the outcome was forced through the control API. */
	forced?: boolean;
	transmissionAt?: number;
	cancelledAt?: number;
}

export interface ClientAdditionalData {
	tssId: string;
	clientId: string;
	body: JsonObject;
}

export interface SubmitDeModel {
	taxpayer?: JsonObject;
	establishments: Map<string, JsonObject>;
	/** Keyed by `${tssId}/${clientId}`. */
	clientData: Map<string, ClientAdditionalData>;
	submissions: Map<string, Submission>;
}

export function clientKey(tssId: string, clientId: string): string {
	return `${tssId}/${clientId}`;
}

/**
 * What this room reads from SIGN DE in the same process (simulator/sign-de/lookup.ts provides it):
 * fiskaly takes TSS and client data from SIGN DE v2 for its customers (REFERENCE §9).
 */
export interface SignDeReader {
	tss(
		tssId: string,
	):
		| { state: string; serial_number: string; bsi_certification_id?: string; time_init?: number }
		| undefined;
	client(tssId: string, clientId: string): { state: string; serial_number: string } | undefined;
}
