import { randomUUID } from 'crypto';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions, metadataField } from '../../../shared/descriptions';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { uuidOrGenerated } from '../../../shared/validation';
import { buildExportQuery, MAX_EXPORT_RECORDS } from '../../helpers/exportFilters';
import type { ExportFilterInput } from '../../helpers/exportFilters';
import { tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';
import { exportPath } from './shared';

const wholeNumber = { typeOptions: { minValue: 1, numberPrecision: 0 } };

const properties: INodeProperties[] = [
	tssLocator,
	{
		displayName: 'Export ID',
		name: 'exportId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 81f2f226-4bbf-421b-8583-76d39ca3be31',
		description:
			'UUID for the new export. Leave empty to generate one. Triggering again with the same ID and filters returns the same export instead of starting another.',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'Which logs to export; none exports everything. A client filter stands alone, and only one kind of range (transaction numbers, dates or signature counters) applies at a time.',
		options: [
			{
				displayName: 'Client ID',
				name: 'clientId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 9e6f21ab-2eb5-42e3-98f0-3879881dd51d',
				description:
					'Only the logs of this client (cash register). Cannot be combined with other filters.',
			},
			{
				displayName: 'End Date',
				name: 'endDate',
				type: 'dateTime',
				default: '',
				description: 'Only logs signed up to this time',
			},
			{
				displayName: 'End Signature Counter',
				name: 'endSignatureCounter',
				type: 'number',
				...wholeNumber,
				default: 1,
				description: 'Only logs up to this signature counter',
			},
			{
				displayName: 'End Transaction Number',
				name: 'endTransactionNumber',
				type: 'number',
				...wholeNumber,
				default: 1,
				description: 'Only logs of transactions up to this number',
			},
			{
				displayName: 'Maximum Number of Records',
				name: 'maximumNumberRecords',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_EXPORT_RECORDS, numberPrecision: 0 },
				default: MAX_EXPORT_RECORDS,
				description:
					'The export fails (E_TOO_MANY_RECORDS) when more logs match. fiskaly allows at most 1,000,000.',
			},
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description: 'Only logs signed from this time on',
			},
			{
				displayName: 'Start Signature Counter',
				name: 'startSignatureCounter',
				type: 'number',
				...wholeNumber,
				default: 1,
				description: 'Only logs from this signature counter on',
			},
			{
				displayName: 'Start Transaction Number',
				name: 'startTransactionNumber',
				type: 'number',
				...wholeNumber,
				default: 1,
				description: 'Only logs of transactions from this number on',
			},
			{
				displayName: 'Transaction Number',
				name: 'transactionNumber',
				type: 'number',
				...wholeNumber,
				default: 1,
				description: 'Only the logs of this one transaction',
			},
		],
	},
	{
		...metadataField,
		description:
			'Your own key-value pairs stored with the export, e.g. the period it covers (up to 40)',
	},
	{
		displayName:
			'An export may slow down signing on this TSS while it runs. Trigger large exports when the tills are quiet.',
		name: 'exportNotice',
		type: 'notice',
		default: '',
	},
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['trigger'] } },
	properties,
);

/** Starts an export (PENDING); Export › Download waits for it and fetches the TAR. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tssId = getTssId(this, itemIndex);
	const exportId = checked(this, itemIndex, () =>
		uuidOrGenerated(getParameter(this, 'exportId', itemIndex, ''), 'Export ID', randomUUID),
	);
	const filters = getParameter(this, 'filters', itemIndex, {}) as ExportFilterInput;
	const qs = checked(this, itemIndex, () => buildExportQuery(filters));
	const metadata = getMetadata(this, itemIndex);
	const path = exportPath(tssId, exportId);
	let exported = await fiskalyApiRequest.call(this, {
		method: 'PUT',
		path,
		qs,
		body: {},
		itemIndex,
	});
	if (metadata) {
		// fiskaly's trigger takes an empty body; metadata is set right after.
		const stored = await fiskalyApiRequest.call(this, {
			method: 'PATCH',
			path: `${path}/metadata`,
			body: metadata,
			itemIndex,
		});
		exported = { ...exported, metadata: stored };
	}
	return itemsFor(exported, itemIndex);
}
