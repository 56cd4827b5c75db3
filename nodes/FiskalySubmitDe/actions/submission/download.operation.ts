import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getParameter } from '../../../shared/parameters';
import { binaryPropertyField, submissionLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { downloadSubmissionFile, SUBMISSION_FILE_OPTIONS, type SubmissionFile } from './files';

const properties: INodeProperties[] = [
	submissionLocator,
	{
		displayName: 'File',
		name: 'file',
		type: 'options',
		options: SUBMISSION_FILE_OPTIONS,
		default: 'receiptPdf',
	},
	binaryPropertyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['submission'], operation: ['download'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = getLocatorId(this, itemIndex, 'submission', 'Submission');
	const file = getParameter(this, 'file', itemIndex, 'receiptPdf') as SubmissionFile;
	const field = String(getParameter(this, 'binaryPropertyName', itemIndex, 'data'));
	const binary = await downloadSubmissionFile(this, id, file, itemIndex);
	return [
		{
			json: { submission_id: id, file, fileName: binary.fileName },
			binary: { [field]: binary },
			pairedItem: { item: itemIndex },
		},
	];
}
