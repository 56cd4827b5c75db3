import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { readSubmitDe } from '../read';

/**
 * The submission's states and how long the node waits through them (REFERENCE SUBMIT DE §7; the
 * order of the asynchronous steps is [INFERRED] there).
 */

/** fiskaly is validating the data and generating the notification XML. */
export const VALIDATING_STATES = [
	'CREATED',
	'VALIDATION_TRIGGERED',
	'VALIDATION_SUCCEEDED',
	'XML_GENERATION_SUCCEEDED',
];
/** The transmission was started and ELSTER has not answered yet. */
export const TRANSMITTING_STATES = ['TRANSMISSION_PENDING', 'TRANSMISSION_IN_PROGRESS'];
/** The data failed fiskaly's (internal) or ELSTER's (external) checks: fix it, then notify again. */
export const FINDINGS_STATES = ['INTERNAL_VALIDATION_FAILED', 'EXTERNAL_VALIDATION_FAILED'];

export const ALL_STATES = [
	...VALIDATING_STATES,
	...FINDINGS_STATES,
	'XML_GENERATION_FAILED',
	'READY_FOR_TRANSMISSION',
	...TRANSMITTING_STATES,
	'TRANSMISSION_SUCCEEDED',
	'TRANSMISSION_FAILED',
	'TRANSMISSION_CANCELLED',
	'ERROR',
];

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;

export async function getSubmission(
	ctx: IExecuteFunctions,
	id: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await readSubmitDe(ctx, `/submission/${id}`, itemIndex);
}

/**
 * Polls the submission while its state is one of `passing`, with a delay that doubles from 250 ms
 * up to 5 s, for at most `timeoutMs`. Running out of time is an error that tells the user the next
 * run continues this submission (its ID is derived, so the re-run finds it).
 */
export async function waitWhile(
	ctx: IExecuteFunctions,
	submission: IDataObject,
	passing: string[],
	options: { timeoutMs: number; itemIndex: number; waitingFor: string },
): Promise<IDataObject> {
	const deadline = Date.now() + options.timeoutMs;
	let current = submission;
	let delay = FIRST_DELAY_MS;
	while (passing.includes(String(current.state))) {
		if (Date.now() + delay > deadline) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Submission ${String(current.id)} is still ${String(current.state)} after waiting ${Math.round(options.timeoutMs / 1000)} s for ${options.waitingFor}`,
				{
					itemIndex: options.itemIndex,
					description:
						'fiskaly is still working on it. Run the node again later with the same data: it continues this submission instead of creating or sending another one. Options › Wait Timeout sets how long it waits.',
				},
			);
		}
		await sleep(delay);
		delay = Math.min(delay * 2, MAX_DELAY_MS);
		current = await getSubmission(ctx, String(current.id), options.itemIndex);
	}
	return current;
}

export interface Finding {
	finding: string;
	/** The field named at the start of the finding (e.g. `taxpayer.tax_number`), when one is. */
	field?: string;
	fix: string;
}

const GENERIC_FIX =
	'Correct the data (Taxpayer › Set, Establishment › Create or Update, Client Additional Data › Set) and run Notify Tax Office again: changed data makes a new submission.';

/**
 * The findings of a failed validation, one per problem in `error_description` (problems are
 * separated by "; " and read "<field> <problem>: <fix>"; the separator and form are [INFERRED]
 * from the simulator, fiskaly documents only the field).
 */
export function findingsOf(errorDescription: unknown): Finding[] {
	const text = typeof errorDescription === 'string' ? errorDescription.trim() : '';
	if (text === '')
		return [{ finding: 'The validation failed without a description', fix: GENERIC_FIX }];
	return text.split('; ').map((finding) => {
		const field = /^([a-z_]+(?:\.[a-z_\d[\]]+)+)\b/i.exec(finding)?.[1];
		const colon = finding.indexOf(': ');
		const fix = colon >= 0 ? finding.slice(colon + 2) : GENERIC_FIX;
		return field ? { finding, field, fix } : { finding, fix };
	});
}
