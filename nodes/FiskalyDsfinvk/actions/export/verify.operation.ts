import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { getParameter, itemsFor } from '../../../shared/parameters';
import { containerOf, verifyDsfinvkExport } from '../../helpers/exportCheck/verifyExport';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the export (TAR or ZIP), e.g. from Export › Download',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Findings Listed',
				name: 'maxFindings',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description: 'How many findings the report lists; all of them are counted',
			},
			{
				displayName: 'Output Findings as Items',
				name: 'findingsAsItems',
				type: 'boolean',
				default: false,
				description:
					'Whether to output one item per listed finding after the report, e.g. to write them to a spreadsheet',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['verify'] } },
	properties,
);

/** Offline: no call to fiskaly. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const binaryPropertyName = String(
		getParameter(this, 'binaryPropertyName', itemIndex, 'data'),
	).trim();
	const maxFindings = Math.max(
		1,
		Number(getParameter(this, 'options.maxFindings', itemIndex, 100)) || 100,
	);
	const findingsAsItems = getParameter(
		this,
		'options.findingsAsItems',
		itemIndex,
		false,
	) as boolean;
	const binary = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	const archive = await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
	if (!containerOf(archive)) {
		const what = [binary.fileName, binary.mimeType].filter(Boolean).join(', ');
		throw new NodeOperationError(
			this.getNode(),
			`Input Binary Field: "${binaryPropertyName}" holds neither a TAR nor a ZIP archive${what ? ` (${what})` : ''} [item ${itemIndex}]`,
			{
				itemIndex,
				description:
					'Verify checks the archive of a DSFinV-K export. Connect it to Export › Download, or name the binary field that holds the export.',
			},
		);
	}
	const report = verifyDsfinvkExport(archive, { maxFindings });
	const findings = findingsAsItems ? (report.findings as IDataObject[]) : [];
	return itemsFor(
		[
			{ file_name: binary.fileName ?? null, ...report },
			...findings.map((finding) => ({ finding })),
		],
		itemIndex,
	);
}
