import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions, locator } from '../../../shared/descriptions';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { uuidOrGenerated, validateUuid } from '../../../shared/validation';
import { derivedExportId, exportTriggerBody } from '../../helpers/exportRange';
import type { ArchiveFormat } from '../../helpers/exportRange';
import { dsfinvkMetadataField, MAX_METADATA_ENTRIES } from '../common.descriptions';
import { putOnce } from '../insertOnce';
import { getWaitForCompletion, waitFields } from '../waiting';
import { completedExport, exportPath } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Start',
		name: 'start',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			'Export the closings inserted from this time on. fiskaly selects by insert time, not business date: a closing of the 31st inserted after midnight belongs to the next day.',
	},
	{
		displayName: 'End',
		name: 'end',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Export the closings inserted up to this time',
	},
	{
		...locator(
			'cashRegister',
			'Cash Register',
			'searchCashRegisters',
			'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
			false,
		),
		description: 'Export only the closings of this register. Leave empty for every register.',
	},
	{
		displayName: 'Export ID',
		name: 'exportId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 81f2f226-4bbf-421b-8583-76d39ca3be31',
		description:
			'UUID for the export. Leave empty to derive it from register, Start, End and format, so triggering the same export again returns the first one instead of building another.',
	},
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'Default (TAR)', value: '' },
			{ name: 'TAR', value: 'tar' },
			{ name: 'ZIP', value: 'zip' },
		],
		default: '',
		description:
			'Archive format. fiskaly builds TAR by default; ZIP is newer and read by more audit tools.',
	},
	...waitFields('export'),
	dsfinvkMetadataField,
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['trigger'] } },
	properties,
);

function optionalRegister(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const value = getParameter(ctx, 'cashRegister', itemIndex, '', { extractValue: true });
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	return checked(ctx, itemIndex, () => validateUuid(value, 'Cash Register'));
}

/**
 * Asks fiskaly to build the DSFinV-K archive of a time range and, with Wait for Completion, waits
 * until it is ready. An Export ID used before (a re-run) returns that export.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const clientId = optionalRegister(this, itemIndex);
	const format = (getParameter(this, 'format', itemIndex, '') as ArchiveFormat | '') || undefined;
	const metadata = getMetadata(this, itemIndex, MAX_METADATA_ENTRIES);
	const body = checked(this, itemIndex, () =>
		exportTriggerBody({
			start: getParameter(this, 'start', itemIndex, ''),
			end: getParameter(this, 'end', itemIndex, ''),
			clientId,
			format,
			metadata,
		}),
	);
	const exportId = checked(this, itemIndex, () =>
		uuidOrGenerated(getParameter(this, 'exportId', itemIndex, ''), 'Export ID', () =>
			derivedExportId(body),
		),
	);
	const triggered = await putOnce(
		this,
		{ path: exportPath(exportId), body, conflictCode: 'E_EXPORT_CONFLICT' },
		itemIndex,
	);
	let exported = triggered.resource;
	if (getWaitForCompletion(this, itemIndex))
		exported = await completedExport(this, exportId, exported, itemIndex);
	return itemsFor(
		{ export_id: exportId, ...exported, already_triggered: triggered.existed },
		itemIndex,
	);
}
