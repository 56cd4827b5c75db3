import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { attachItemDetails } from '../../shared/errors';
import { getNumber, getParameter } from '../../shared/parameters';
import { fiskalyApiRequest } from '../../shared/transport';
import { backoffDelayMs, isRunning } from '../helpers/processing';
import type { Problem } from '../helpers/processing';

/** Waiting until fiskaly has processed a closing or an export, with backoff and a deadline. */

export function waitFields(what: 'closing' | 'export'): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: true,
			description: `Whether to wait until fiskaly has processed the ${what} (COMPLETED), and to stop with fiskaly's error code and a fix when it ends in ERROR. Otherwise the node returns at once with the state PENDING.`,
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 600,
			description: `How long to wait at most. The ${what} keeps being processed at fiskaly afterwards; Get shows its state.`,
			displayOptions: { show: { waitForCompletion: [true] } },
		},
	];
}

export function getWaitForCompletion(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return getParameter(ctx, 'waitForCompletion', itemIndex, true) as boolean;
}

export function problemError(
	ctx: IExecuteFunctions,
	problem: Problem,
	itemIndex: number,
): NodeOperationError {
	const error = new NodeOperationError(ctx.getNode(), `${problem.message} [item ${itemIndex}]`, {
		itemIndex,
		description: problem.description,
	});
	if (problem.code) error.context.fiskalyCode = problem.code;
	return error;
}

/**
 * Reads `path` until the state is no longer PENDING or WORKING, waiting 1 s, 2 s, 4 s … (at most
 * 15 s) in between, for at most Max Wait; returns the last answer, finished or not.
 */
export async function waitWhileRunning(
	ctx: IExecuteFunctions,
	path: string,
	first: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const maxWaitSeconds = getNumber(
		ctx,
		itemIndex,
		{ name: 'maxWait', field: 'Max Wait (Seconds)', fallback: 600 },
		{ min: 1 },
		'Enter how many seconds to wait at most, e.g. 600.',
	);
	const deadline = Date.now() + maxWaitSeconds * 1000;
	let current = first;
	for (let polls = 1; isRunning(current.state); polls++) {
		const delay = backoffDelayMs(polls);
		if (Date.now() + delay > deadline) return current;
		await sleep(delay);
		current = await fiskalyApiRequest.call(ctx, { api: 'dsfinvk', method: 'GET', path, itemIndex });
	}
	return current;
}

/** Max Wait ran out; `details` (the ID) go into the item's error output so a workflow can look again. */
export function stillRunningError(
	ctx: IExecuteFunctions,
	what: string,
	resource: IDataObject,
	details: IDataObject,
	itemIndex: number,
): NodeOperationError {
	const error = new NodeOperationError(
		ctx.getNode(),
		`${what} is still ${String(resource.state)} after Max Wait [item ${itemIndex}]`,
		{
			itemIndex,
			description:
				'fiskaly keeps processing it. Raise Max Wait, or look again later with Get and the same ID.',
		},
	);
	attachItemDetails(error, details);
	return error;
}
