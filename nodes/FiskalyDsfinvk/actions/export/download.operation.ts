import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { getParameter } from '../../../shared/parameters';
import { fiskalyApiDownload } from '../../../shared/transport';
import { ARCHIVE_MIME_TYPES, archiveFormatOf } from '../../helpers/exportRange';
import { exportProblem } from '../../helpers/processing';
import { exportLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { getWaitForCompletion, problemError, waitFields } from '../waiting';
import { completedExport, exportPath, getExport } from './shared';

const properties: INodeProperties[] = [
	exportLocator,
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the archive in',
	},
	...waitFields('export'),
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['download'] } },
	properties,
);

/** The DSFinV-K archive (TAR or ZIP with the CSV tables and index.xml) as binary data. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const exportId = getLocatorId(this, itemIndex, 'export', 'Export');
	const binaryPropertyName = String(
		getParameter(this, 'binaryPropertyName', itemIndex, 'data'),
	).trim();
	if (binaryPropertyName === '') {
		throw new NodeOperationError(
			this.getNode(),
			`Put Output File in Field is empty [item ${itemIndex}]`,
			{ itemIndex, description: 'Enter the name of the binary field for the archive, e.g. data.' },
		);
	}
	let exported = await getExport(this, exportId, itemIndex);
	if (getWaitForCompletion(this, itemIndex)) {
		exported = await completedExport(this, exportId, exported, itemIndex);
	} else {
		const problem = exportProblem({ _id: exportId, ...exported });
		if (problem) throw problemError(this, problem, itemIndex);
	}
	// Not COMPLETED without waiting: fiskaly answers E_DOWNLOAD_NOT_FOUND, whose fix says what to do.
	const file = await fiskalyApiDownload.call(this, {
		api: 'dsfinvk',
		method: 'GET',
		path: `${exportPath(exportId)}/download`,
		itemIndex,
	});
	const format = archiveFormatOf(file.data);
	const fileName = `dsfinvk-export_${exportId}.${format}`;
	const binary = await this.helpers.prepareBinaryData(
		file.data,
		fileName,
		ARCHIVE_MIME_TYPES[format],
	);
	return [
		{
			json: { export_id: exportId, ...exported, file_name: fileName, file_size: file.data.length },
			binary: { [binaryPropertyName]: binary },
			pairedItem: { item: itemIndex },
		},
	];
}
