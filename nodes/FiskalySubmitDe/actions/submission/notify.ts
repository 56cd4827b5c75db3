import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { fiskalyCodeOf } from '../../../shared/errors';
import { fiskalyApiRequest } from '../../../shared/transport';
import { downloadSubmissionFile } from './files';
import {
	FINDINGS_STATES,
	findingsOf,
	getSubmission,
	TRANSMITTING_STATES,
	VALIDATING_STATES,
	waitWhile,
} from './lifecycle';
import { startTransmission } from './transmission';

/** PUT /submission/{id}: fiskaly answers the stored submission when the ID exists already. */
export async function createSubmission(
	ctx: IExecuteFunctions,
	id: string,
	establishmentId: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await fiskalyApiRequest.call(ctx, {
		api: 'submitDe',
		method: 'PUT',
		path: `/submission/${id}`,
		body: { establishment_id: establishmentId },
		itemIndex,
	});
}

/** The submission under `id`, or undefined when there is none yet. */
async function findSubmission(
	ctx: IExecuteFunctions,
	id: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	try {
		return await getSubmission(ctx, id, itemIndex);
	} catch (error) {
		if (fiskalyCodeOf(error) === 'E_SUBMISSION_NOT_FOUND') return undefined;
		// NodeApiError hands back the error it is given, so this rethrows the transport's error.
		throw new NodeApiError(ctx.getNode(), error as JsonObject);
	}
}

const NEW_ATTEMPT =
	'Nothing was notified by this submission. Once the cause is fixed, set Options › Attempt one higher and run again: that sends a new submission with the same data (the same Attempt only reports this one again).';

/** Why a submission ended without notifying the tax office, and what to do. */
const FAILURES: Record<string, string> = {
	TRANSMISSION_FAILED: `ELSTER could not be reached or did not accept the transmission. Download the ELSTER Answer XML (Submission › Download) for details. ${NEW_ATTEMPT}`,
	TRANSMISSION_CANCELLED: `The transmission was cancelled (Submission › Cancel Transmission). ${NEW_ATTEMPT}`,
	XML_GENERATION_FAILED: `fiskaly could not generate the notification XML from validated data, which should not happen. ${NEW_ATTEMPT} If it fails again, contact fiskaly support with the submission ID.`,
	ERROR: `fiskaly reported an internal error. ${NEW_ATTEMPT} If it fails again, contact fiskaly support with the submission ID.`,
};

export interface NotifyOptions {
	timeoutMs: number;
	binaryField: string;
}

/**
 * Drives the submission `id` of the establishment to its end: creates it if this is the first run,
 * waits through validation, stops with the findings when it fails, otherwise starts the transmission
 * (only from READY_FOR_TRANSMISSION, so a submission in flight or sent is never sent again), waits
 * for ELSTER's answer and returns the receipt PDF with the submission.
 */
export async function driveNotification(
	ctx: IExecuteFunctions,
	target: { id: string; establishmentId: string },
	options: NotifyOptions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const found = await findSubmission(ctx, target.id, itemIndex);
	const resumed = found !== undefined;
	let submission =
		found ?? (await createSubmission(ctx, target.id, target.establishmentId, itemIndex));
	const wait = { timeoutMs: options.timeoutMs, itemIndex };
	submission = await waitWhile(ctx, submission, VALIDATING_STATES, {
		...wait,
		waitingFor: 'the validation',
	});
	const state = String(submission.state);
	if (FINDINGS_STATES.includes(state)) {
		return findingsOf(submission.error_description).map((finding) => ({
			json: { notified: false, submission_id: target.id, state, ...finding },
			pairedItem: { item: itemIndex },
		}));
	}
	let transmittedNow = false;
	if (state === 'READY_FOR_TRANSMISSION') {
		try {
			submission = await startTransmission(ctx, target.id, itemIndex);
			transmittedNow = true;
		} catch (error) {
			// Another run started it in between: follow that transmission instead.
			if (fiskalyCodeOf(error) !== 'E_CONFLICT')
				throw new NodeApiError(ctx.getNode(), error as JsonObject);
			submission = await getSubmission(ctx, target.id, itemIndex);
		}
	}
	submission = await waitWhile(ctx, submission, TRANSMITTING_STATES, {
		...wait,
		waitingFor: "ELSTER's answer",
	});
	const final = String(submission.state);
	if (final !== 'TRANSMISSION_SUCCEEDED') {
		const said = submission.error_description ? `: ${String(submission.error_description)}` : '';
		throw new NodeOperationError(
			ctx.getNode(),
			`The tax office was not notified: submission ${target.id} ended ${final}${said} [item ${itemIndex}]`,
			{
				itemIndex,
				description: FAILURES[final] ?? `Submission › Get shows the submission. ${NEW_ATTEMPT}`,
			},
		);
	}
	const receipt = await downloadSubmissionFile(ctx, target.id, 'receiptPdf', itemIndex);
	return [
		{
			json: {
				notified: true,
				transmittedNow,
				resumed,
				submission_id: target.id,
				state: final,
				submission,
			},
			binary: { [options.binaryField]: receipt },
			pairedItem: { item: itemIndex },
		},
	];
}
