// Submissions: create (reads the stored data and SIGN DE's, frozen for this submission), retrieve,
// list, the files, and starting or cancelling the transmission, each gated by the state (GATES).

import { ApiError, schemaError } from '../core/errors';
import { parseUuid, type JsonObject } from '../core/validate';
import {
	notificationXml,
	transmissionPdf,
	transmissionXml,
	validationPdf,
	validationXml,
} from './documents';
import { progressAt, tooLateFor } from './lifecycle';
import {
	GATES,
	type GatedCall,
	type Outcome,
	type Submission,
	type SubmissionSnapshot,
} from './model';
import { checkLegalConsent, checkShape, SUBMISSION_SPEC } from './shapes';
import type { SubmitDeStore } from './store';
import { validateSnapshot } from './validation';

export interface FileAnswer {
	bytes: Buffer;
	contentType: 'application/xml' | 'application/pdf';
}

/** What the control API forced: the reason the submission's error_description gives. */
const FORCED_DESCRIPTIONS: Record<Outcome, string> = {
	SUCCEEDED: '',
	INTERNAL_VALIDATION_FAILED: 'Internal validation failed (forced by the simulator control API)',
	EXTERNAL_VALIDATION_FAILED:
		'ELSTER rejected the notification (forced by the simulator control API)',
	XML_GENERATION_FAILED:
		'The notification XML could not be generated (forced by the simulator control API)',
	TRANSMISSION_FAILED: 'Communication with ELSTER failed (forced by the simulator control API)',
	TRANSMISSION_CANCELLED: 'The transmission was cancelled (forced by the simulator control API)',
	ERROR: 'Internal error (forced by the simulator control API)',
};

const iso = (ms: number) => new Date(ms).toISOString();

export class SubmissionResource {
	/** Outcomes forced for submissions not created yet: by id, and for whichever comes next. */
	private readonly forcedById = new Map<string, Outcome>();
	private readonly forcedNext: Outcome[] = [];

	constructor(private readonly store: SubmitDeStore) {}

	private problemsOf(submission: Submission): string[] {
		if (submission.problems.length > 0) return submission.problems;
		return submission.forced ? [FORCED_DESCRIPTIONS[submission.outcome]] : [];
	}

	view(submission: Submission): JsonObject {
		const progress = progressAt(submission, this.store.clock());
		const view: JsonObject = {
			id: submission.id,
			establishment_id: submission.establishmentId,
			state: progress.state,
			time_created: iso(submission.createdAt),
			metadata: submission.metadata,
		};
		if (progress.generatedAt !== undefined) view.time_generated = iso(progress.generatedAt);
		if (progress.transmittedAt !== undefined) view.time_transmitted = iso(progress.transmittedAt);
		if (progress.errorAt !== undefined) {
			view.time_error = iso(progress.errorAt);
			view.error_description = this.problemsOf(submission).join('; ');
		}
		return view;
	}

	/** The data the submission covers: the taxpayer, the establishment, every client linked to it. */
	private snapshot(establishmentId: string, establishment: JsonObject): SubmissionSnapshot {
		const clients = [...this.store.model.clientData.values()]
			.filter((entry) => entry.body.establishment_id === establishmentId)
			.map(({ tssId, clientId, body }) => {
				const tss = this.store.signDe.tss(tssId);
				const client = this.store.signDe.client(tssId, clientId);
				return {
					tss_id: tssId,
					client_id: clientId,
					data: body,
					serial_number: client?.serial_number ?? '',
					client_state: client?.state ?? 'UNKNOWN',
					tss_serial_number: tss?.serial_number ?? '',
					bsi_certification_id: tss?.bsi_certification_id,
					tss_time_init: tss?.time_init,
				};
			});
		return {
			taxpayer: this.store.model.taxpayer,
			establishment: { ...establishment, id: establishmentId },
			clients,
		};
	}

	/**
	 * PUT /submission/{id}: a new submission starts CREATED. The same id again answers the stored
	 * submission unchanged (a retry creates nothing) unless it names another establishment: 409
	 * [INFERRED].
	 */
	create(rawId: string, value: unknown): JsonObject {
		const id = parseUuid(rawId, 'submission_id');
		const body = checkShape(value, SUBMISSION_SPEC);
		if (body.establishment_id === undefined)
			throw schemaError('establishment_id is required: the establishment this notification covers');
		const existing = this.store.model.submissions.get(id);
		if (existing) {
			if (existing.establishmentId !== body.establishment_id)
				throw new ApiError(
					409,
					'E_CONFLICT',
					`Submission ${id} already exists for establishment ${existing.establishmentId}`,
				);
			return this.view(existing);
		}
		const establishment = this.store.requireEstablishment(body.establishment_id as string);
		const snapshot = this.snapshot(establishment.id, establishment.body);
		const { internal, external } = validateSnapshot(snapshot);
		const forced = this.forcedById.get(id) ?? this.forcedNext.shift();
		this.forcedById.delete(id);
		let outcome: Outcome = forced ?? 'SUCCEEDED';
		if (internal.length > 0) outcome = 'INTERNAL_VALIDATION_FAILED';
		else if (external.length > 0) outcome = 'EXTERNAL_VALIDATION_FAILED';
		const submission: Submission = {
			id,
			establishmentId: establishment.id,
			metadata: (body.metadata as JsonObject | undefined) ?? {},
			createdAt: this.store.clock(),
			stepMs: this.store.timing.stepMs,
			snapshot,
			problems: internal.length > 0 ? internal : external,
			outcome,
		};
		if (forced !== undefined && submission.problems.length === 0) submission.forced = true;
		this.store.commit({ t: 'submission', submission });
		return this.view(submission);
	}

	get(rawId: string): JsonObject {
		return this.view(this.store.requireSubmission(rawId));
	}

	/** Every submission in creation order; paging and filters are [UNKNOWN], so there are none. */
	list(): JsonObject {
		return {
			results: [...this.store.model.submissions.values()].map((submission) =>
				this.view(submission),
			),
		};
	}

	/** The submission, if its state allows `call`; else 409 E_CONFLICT naming the states that would. */
	private gated(rawId: string, call: GatedCall, what: string) {
		const submission = this.store.requireSubmission(rawId);
		const progress = progressAt(submission, this.store.clock());
		const allowed = GATES[call];
		if (!allowed.includes(progress.state))
			throw new ApiError(
				409,
				'E_CONFLICT',
				`Submission ${submission.id} is ${progress.state}: ${what} needs the state ${allowed.join(' or ')}`,
			);
		return { submission, progress };
	}

	/** PUT …/transmission with `legal_consent: true`: READY_FOR_TRANSMISSION → TRANSMISSION_PENDING. */
	startTransmission(rawId: string, value: unknown): JsonObject {
		checkLegalConsent(value);
		const { submission } = this.gated(rawId, 'startTransmission', 'starting the transmission');
		this.store.commit({ t: 'transmission', id: submission.id, at: this.store.clock() });
		return this.view(submission);
	}

	/** DELETE …/transmission: TRANSMISSION_PENDING → TRANSMISSION_CANCELLED (final [INFERRED]). */
	cancelTransmission(rawId: string): JsonObject {
		const { submission } = this.gated(rawId, 'cancelTransmission', 'cancelling the transmission');
		this.store.commit({ t: 'cancel', id: submission.id, at: this.store.clock() });
		return this.view(submission);
	}

	file(rawId: string, call: GatedCall): FileAnswer {
		const { submission, progress } = this.gated(rawId, call, `this file (${call})`);
		const xml = (bytes: Buffer): FileAnswer => ({ bytes, contentType: 'application/xml' });
		const pdf = (bytes: Buffer): FileAnswer => ({ bytes, contentType: 'application/pdf' });
		const problems = this.problemsOf(submission);
		switch (call) {
			case 'file':
				return xml(notificationXml(submission));
			case 'validationPdf':
				return pdf(validationPdf(submission));
			case 'validationXml':
				return xml(validationXml(submission, progress.state, problems));
			case 'transmissionPdf':
				return pdf(transmissionPdf(submission, progress.transmittedAt as number));
			default: {
				const elsterProblems = progress.state === 'TRANSMISSION_SUCCEEDED' ? [] : problems;
				return xml(
					transmissionXml(submission, progress.state, elsterProblems, progress.transmittedAt),
				);
			}
		}
	}

	// ----------------------------------------------------------------------------------------------
	// The control API's forced outcomes (simulator only)

	/**
	 * Forces how a submission ends. With an id of an existing submission it applies now (journaled),
	 * unless its moment has passed (409); with an id not yet used, it waits for that submission; without
	 * an id it applies to the next submission created. Answers where it went.
	 */
	force(outcome: Outcome, rawId: string | undefined): JsonObject {
		if (rawId === undefined) {
			this.forcedNext.push(outcome);
			return { outcome, applies_to: 'next submission' };
		}
		const id = parseUuid(rawId, 'submission_id');
		const submission = this.store.model.submissions.get(id);
		if (!submission) {
			this.forcedById.set(id, outcome);
			return { outcome, submission_id: id, applies_to: 'submission when created' };
		}
		const reason = tooLateFor(submission, outcome, this.store.clock());
		if (reason)
			throw new ApiError(
				409,
				'E_CONFLICT',
				`Submission ${id} cannot be forced to ${outcome}: ${reason}`,
			);
		this.store.commit({ t: 'outcome', id, outcome });
		return {
			outcome,
			submission_id: id,
			applies_to: 'submission',
			submission: this.view(submission),
		};
	}

	pendingForced(): JsonObject {
		return {
			next: [...this.forcedNext],
			by_submission: Object.fromEntries(this.forcedById),
		};
	}

	clearForced(): JsonObject {
		const cleared = this.forcedNext.length + this.forcedById.size;
		this.forcedNext.length = 0;
		this.forcedById.clear();
		return { cleared };
	}
}
