import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { fiskalyCodeOf } from '../../../shared/errors';
import { getParameter } from '../../../shared/parameters';
import { parseRetryAfter } from '../../../shared/retry';
import { fiskalyApiDownload, fiskalyApiRequest } from '../../../shared/transport';
import type { FiskalyFile } from '../../../shared/transport';
import {
	exportEndProblem,
	exportFileName,
	MIN_POLL_SECONDS,
	nextPollDelayMs,
	TAR_MIME_TYPE,
} from '../../helpers/exports';
import { getTss } from '../admin';
import { tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';
import { exportIdField, exportPath, getExportId } from './shared';

const properties: INodeProperties[] = [
	tssLocator,
	exportIdField,
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the TAR file in',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until fiskaly has finished the export. Otherwise an export that is still running stops the node with a message.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: MIN_POLL_SECONDS },
		default: 10,
		description:
			'How often to check whether the export is done. fiskaly allows 12 checks a minute per export, so at least 5 seconds; a longer wait fiskaly asks for is honoured.',
		displayOptions: { show: { waitForCompletion: [true] } },
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWait',
		type: 'number',
		typeOptions: { minValue: MIN_POLL_SECONDS },
		default: 600,
		description:
			'How long to wait at most. The export keeps running at fiskaly afterwards; download it later with its Export ID.',
		displayOptions: { show: { waitForCompletion: [true] } },
	},
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['download'] } },
	properties,
);

function stillRunning(
	ctx: IExecuteFunctions,
	exported: IDataObject,
	itemIndex: number,
	waited?: number,
): NodeOperationError {
	const state = String(exported.state);
	const message = waited
		? `Export ${String(exported._id)} did not complete within ${waited} seconds (still ${state}) [item ${itemIndex}]`
		: `Export ${String(exported._id)} is not completed yet (${state}) [item ${itemIndex}]`;
	return new NodeOperationError(ctx.getNode(), message, {
		itemIndex,
		description: waited
			? 'The export keeps running at fiskaly. Raise Max Wait, or run Export › Download again later with this Export ID.'
			: 'Turn on Wait for Completion, or run Export › Download again later with this Export ID.',
	});
}

/**
 * The export TAR as binary data. With Wait for Completion it checks the export's state at the
 * poll interval (never faster than fiskaly's 12 reads a minute per export), honours a Retry-After
 * fiskaly sends, and gives up after Max Wait.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const exportId = getExportId(this, itemIndex);
	const binaryPropertyName = String(
		getParameter(this, 'binaryPropertyName', itemIndex, 'data'),
	).trim();
	if (binaryPropertyName === '') {
		throw new NodeOperationError(
			this.getNode(),
			`Put Output File in Field is empty [item ${itemIndex}]`,
			{
				itemIndex,
				description: 'Enter the name of the binary field for the TAR file, e.g. data.',
			},
		);
	}
	const wait = getParameter(this, 'waitForCompletion', itemIndex, true) as boolean;
	const pollIntervalMs =
		Math.max(MIN_POLL_SECONDS, Number(getParameter(this, 'pollInterval', itemIndex, 10))) * 1000;
	const maxWaitSeconds = Number(getParameter(this, 'maxWait', itemIndex, 600));
	const deadline = Date.now() + maxWaitSeconds * 1000;
	const path = exportPath(tssId, exportId);

	const tss = await getTss.call(this, tssId, itemIndex);
	for (;;) {
		const exported = await fiskalyApiRequest.call(this, { method: 'GET', path, itemIndex });
		const ended = exportEndProblem(exported);
		if (ended)
			throw new NodeOperationError(this.getNode(), `${ended.message} [item ${itemIndex}]`, {
				itemIndex,
				description: ended.description,
			});
		let retryAfterMs: number | undefined;
		if (exported.state === 'COMPLETED') {
			let file: FiskalyFile | undefined;
			try {
				file = await fiskalyApiDownload.call(this, {
					method: 'GET',
					path: `${path}/file`,
					itemIndex,
				});
			} catch (error) {
				// fiskaly may report COMPLETED a moment before the file can be fetched.
				if (!wait || fiskalyCodeOf(error) !== 'E_EXPORT_NOT_COMPLETED') {
					throw new NodeApiError(this.getNode(), error as JsonObject);
				}
				const retryAfter = (error as { context?: { retryAfter?: unknown } }).context?.retryAfter;
				retryAfterMs = parseRetryAfter(
					typeof retryAfter === 'string' ? retryAfter : undefined,
					Date.now(),
				);
			}
			if (file) {
				const completed =
					typeof exported.time_end === 'number' ? exported.time_end : Math.floor(Date.now() / 1000);
				const fileName = exportFileName(tss.serial_number, completed);
				const binary = await this.helpers.prepareBinaryData(file.data, fileName, TAR_MIME_TYPE);
				return [
					{
						json: {
							...exported,
							tss_serial_number: tss.serial_number,
							file_name: fileName,
							file_size: file.data.length,
						},
						binary: { [binaryPropertyName]: binary },
						pairedItem: { item: itemIndex },
					},
				];
			}
		} else if (!wait) {
			throw stillRunning(this, exported, itemIndex);
		}
		const delay = nextPollDelayMs(pollIntervalMs, retryAfterMs);
		if (Date.now() + delay > deadline)
			throw stillRunning(this, exported, itemIndex, maxWaitSeconds);
		await sleep(delay);
	}
}
