import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { archiveInputField, readArchiveInput } from '../../../shared/archiveInput';
import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { parseTrustedKey, TRUSTED_KEY_FIELD, trustedKeyOption } from '../../../shared/trustedKey';
import { containerOf, verifyDsfinvkExport } from '../../helpers/exportCheck/verifyExport';

const properties: INodeProperties[] = [
	archiveInputField('the DSFinV-K export (TAR or ZIP)'),
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
			trustedKeyOption,
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
	const trusted = checked(this, itemIndex, () =>
		parseTrustedKey(getParameter(this, 'options.trustedKey', itemIndex, ''), TRUSTED_KEY_FIELD),
	);
	const { archive, fileName } = await readArchiveInput(this, itemIndex, {
		accepts: (bytes) => containerOf(bytes) !== undefined,
		kind: 'a TAR or ZIP archive',
		fix: 'Verify checks the archive of a DSFinV-K export. Connect it to Export › Download, or name the binary field that holds the export.',
	});
	const report = verifyDsfinvkExport(archive, { maxFindings, trusted });
	const findings = findingsAsItems ? (report.findings as IDataObject[]) : [];
	return itemsFor(
		[{ file_name: fileName, ...report }, ...findings.map((finding) => ({ finding }))],
		itemIndex,
	);
}
