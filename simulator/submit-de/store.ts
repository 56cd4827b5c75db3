// The SUBMIT DE room's store: the model, its journal records and the lookups with fiskaly's 404s.
// Every change is one record: written to the journal (with a data directory) before it is applied,
// all synchronously, like the SIGN DE room. Records hold everything the change needs (a submission
// holds the SIGN DE data it read), so replaying them never depends on another room.

import type { Clock } from '../core/clock';
import { ApiError } from '../core/errors';
import { parseUuid, type JsonObject } from '../core/validate';
import {
	clientKey,
	DEFAULT_SUBMISSION_TIMING,
	type ClientAdditionalData,
	type Outcome,
	type SignDeReader,
	type Submission,
	type SubmissionTiming,
	type SubmitDeModel,
} from './model';

export type SubmitDeRecord =
	| { t: 'taxpayer'; body: JsonObject }
	| { t: 'establishment'; id: string; body: JsonObject }
	| { t: 'clientData'; tss: string; client: string; body: JsonObject }
	| { t: 'clientDataDeleted'; tss: string; client: string }
	| { t: 'submission'; submission: Submission }
	| { t: 'transmission'; id: string; at: number }
	| { t: 'cancel'; id: string; at: number }
	| { t: 'outcome'; id: string; outcome: Outcome };

function applyRecord(model: SubmitDeModel, record: SubmitDeRecord): void {
	switch (record.t) {
		case 'taxpayer':
			model.taxpayer = record.body;
			return;
		case 'establishment':
			model.establishments.set(record.id, record.body);
			return;
		case 'clientData':
			model.clientData.set(clientKey(record.tss, record.client), {
				tssId: record.tss,
				clientId: record.client,
				body: record.body,
			});
			return;
		case 'clientDataDeleted':
			model.clientData.delete(clientKey(record.tss, record.client));
			return;
		case 'submission':
			model.submissions.set(record.submission.id, record.submission);
			return;
		default: {
			const submission = model.submissions.get(record.id);
			if (!submission) throw new Error(`journal: ${record.t} of unknown submission ${record.id}`);
			if (record.t === 'transmission') submission.transmissionAt = record.at;
			else if (record.t === 'cancel') submission.cancelledAt = record.at;
			else {
				submission.outcome = record.outcome;
				submission.forced = true;
			}
		}
	}
}

export interface SubmitDeStoreOptions {
	clock: Clock;
	signDe: SignDeReader;
	timing?: Partial<SubmissionTiming>;
}

export class SubmitDeStore {
	readonly clock: Clock;
	readonly signDe: SignDeReader;
	readonly timing: SubmissionTiming;
	readonly model: SubmitDeModel = {
		establishments: new Map(),
		clientData: new Map(),
		submissions: new Map(),
	};
	private append?: (record: SubmitDeRecord) => void;

	constructor(options: SubmitDeStoreOptions) {
		this.clock = options.clock;
		this.signDe = options.signDe;
		this.timing = { ...DEFAULT_SUBMISSION_TIMING, ...options.timing };
		if (!Number.isInteger(this.timing.stepMs) || this.timing.stepMs < 0)
			throw new RangeError('SUBMIT DE stepMs must be an integer of at least 0');
	}

	/** The room's part of the journal. */
	readonly journal = {
		replay: (record: unknown): void => applyRecord(this.model, record as SubmitDeRecord),
		attach: (append: (record: unknown) => void): void => {
			this.append = append;
		},
		detach: (): void => {
			this.append = undefined;
		},
	};

	commit(record: SubmitDeRecord): void {
		this.append?.(record);
		applyRecord(this.model, record);
	}

	requireTaxpayer(): JsonObject {
		if (!this.model.taxpayer)
			throw new ApiError(
				404,
				'E_TAXPAYER_NOT_FOUND',
				'No taxpayer yet: create it with PUT /taxpayer',
			);
		return this.model.taxpayer;
	}

	requireEstablishment(
		rawId: string,
		field = 'establishment_id',
	): { id: string; body: JsonObject } {
		const id = parseUuid(rawId, field);
		const body = this.model.establishments.get(id);
		if (!body)
			throw new ApiError(
				404,
				'E_ESTABLISHMENT_NOT_FOUND',
				`Establishment ${id} not found: create it with PUT /establishment/${id}`,
			);
		return { id, body };
	}

	/**
	 * The SIGN DE TSS and client of a path, both of which must exist in SIGN DE. An unknown TSS is
	 * reported as E_CLIENT_NOT_FOUND too [INFERRED: SUBMIT DE documents no TSS error code].
	 */
	requireSignDeClient(rawTssId: string, rawClientId: string): { tssId: string; clientId: string } {
		const tssId = parseUuid(rawTssId, 'tss_id');
		const clientId = parseUuid(rawClientId, 'client_id');
		if (!this.signDe.tss(tssId))
			throw new ApiError(
				404,
				'E_CLIENT_NOT_FOUND',
				`Client ${clientId} not found: SIGN DE has no TSS ${tssId}`,
			);
		if (!this.signDe.client(tssId, clientId))
			throw new ApiError(
				404,
				'E_CLIENT_NOT_FOUND',
				`Client ${clientId} not found on SIGN DE TSS ${tssId}`,
			);
		return { tssId, clientId };
	}

	requireClientData(rawTssId: string, rawClientId: string): ClientAdditionalData {
		const { tssId, clientId } = this.requireSignDeClient(rawTssId, rawClientId);
		const data = this.model.clientData.get(clientKey(tssId, clientId));
		if (!data)
			throw new ApiError(
				404,
				'E_CLIENT_ADDITIONAL_DATA_NOT_FOUND',
				`Client ${clientId} of TSS ${tssId} has no additional data yet: create it with PUT`,
			);
		return data;
	}

	requireSubmission(rawId: string): Submission {
		const id = parseUuid(rawId, 'submission_id');
		const submission = this.model.submissions.get(id);
		if (!submission)
			throw new ApiError(404, 'E_SUBMISSION_NOT_FOUND', `Submission ${id} not found`);
		return submission;
	}
}
