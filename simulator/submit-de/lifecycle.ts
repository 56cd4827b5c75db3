// A submission's state at a given time, worked out from when it was created, when its transmission was
// started or cancelled, and how it ends (its outcome). No timers: the state is a function of the clock,
// so a replayed journal gives the same answers. [INFERRED] order and timing: each asynchronous state
// lasts the submission's `stepMs`:
//   CREATED → VALIDATION_TRIGGERED → (INTERNAL_/EXTERNAL_VALIDATION_FAILED | ERROR)
//   → VALIDATION_SUCCEEDED → (XML_GENERATION_FAILED) → XML_GENERATION_SUCCEEDED → READY_FOR_TRANSMISSION
//   start: → TRANSMISSION_PENDING (cancel: TRANSMISSION_CANCELLED) → TRANSMISSION_IN_PROGRESS
//   → TRANSMISSION_SUCCEEDED | TRANSMISSION_FAILED

import { FINAL_STATES, type Outcome, type Submission, type SubmissionState } from './model';

export interface Progress {
	state: SubmissionState;
	/** milliseconds */
	generatedAt?: number;
	transmittedAt?: number;
	errorAt?: number;
}

const VALIDATION_FAILURES: readonly Outcome[] = [
	'INTERNAL_VALIDATION_FAILED',
	'EXTERNAL_VALIDATION_FAILED',
	'ERROR',
];

/** When validation ends, the XML is generated and the submission is ready (ms after creation). */
function milestones(submission: Submission) {
	const step = submission.stepMs;
	const start = submission.createdAt;
	return { validated: start + 2 * step, generated: start + 3 * step, ready: start + 4 * step };
}

export function progressAt(submission: Submission, now: number): Progress {
	const step = submission.stepMs;
	const { validated, generated, ready } = milestones(submission);
	const { outcome } = submission;
	if (now < submission.createdAt + step) return { state: 'CREATED' };
	if (now < validated) return { state: 'VALIDATION_TRIGGERED' };
	if (VALIDATION_FAILURES.includes(outcome))
		return { state: outcome as SubmissionState, errorAt: validated };
	if (now < generated) return { state: 'VALIDATION_SUCCEEDED' };
	if (outcome === 'XML_GENERATION_FAILED') return { state: outcome, errorAt: generated };
	if (now < ready) return { state: 'XML_GENERATION_SUCCEEDED', generatedAt: generated };
	const start = submission.transmissionAt;
	if (start === undefined) return { state: 'READY_FOR_TRANSMISSION', generatedAt: generated };
	const sent = { generatedAt: generated };
	if (submission.cancelledAt !== undefined) return { ...sent, state: 'TRANSMISSION_CANCELLED' };
	if (now < start + step) return { ...sent, state: 'TRANSMISSION_PENDING' };
	if (outcome === 'TRANSMISSION_CANCELLED') return { ...sent, state: 'TRANSMISSION_CANCELLED' };
	if (now < start + 2 * step) return { ...sent, state: 'TRANSMISSION_IN_PROGRESS' };
	if (outcome === 'TRANSMISSION_FAILED')
		return { ...sent, state: 'TRANSMISSION_FAILED', errorAt: start + 2 * step };
	return { ...sent, state: 'TRANSMISSION_SUCCEEDED', transmittedAt: start + 2 * step };
}

/**
 * Why `outcome` can no longer be forced on this submission at `now` (its moment has passed, or it
 * already ends otherwise), or undefined when it still can.
 */
export function tooLateFor(
	submission: Submission,
	outcome: Outcome,
	now: number,
): string | undefined {
	if (submission.problems.length > 0)
		return `it already fails validation with ${submission.outcome} (its data is invalid)`;
	const { validated, generated } = milestones(submission);
	const step = submission.stepMs;
	const start = submission.transmissionAt;
	const state = progressAt(submission, now).state;
	if (FINAL_STATES.includes(state)) return `it is already ${state}`;
	let deadline: number | undefined;
	if (VALIDATION_FAILURES.includes(outcome)) deadline = validated;
	else if (outcome === 'XML_GENERATION_FAILED') deadline = generated;
	else if (outcome === 'TRANSMISSION_CANCELLED')
		deadline = start === undefined ? undefined : start + step;
	else deadline = start === undefined ? undefined : start + 2 * step;
	if (deadline !== undefined && now >= deadline) return `it is already ${state}`;
	return undefined;
}
