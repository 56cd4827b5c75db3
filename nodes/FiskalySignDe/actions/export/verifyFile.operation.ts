import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { archiveInputField, readArchiveInput } from '../../../shared/archiveInput';
import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { looksLikeTar } from '../../../shared/tar';
import { parseTrustedKey, TRUSTED_KEY_FIELD, trustedKeyOption } from '../../../shared/trustedKey';
import { checkExportArchive } from '../../helpers/exportArchive';

const properties: INodeProperties[] = [
	archiveInputField('the export TAR'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Expect Contiguous Signature Counters',
				name: 'contiguousCounters',
				type: 'boolean',
				default: true,
				description:
					'Whether a missing signature counter between the first and the last is a problem. Turn off for exports filtered by client or transaction number, which leave out other logs.',
			},
			{
				displayName: 'Max Problems Listed',
				name: 'maxProblems',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 20,
				description: 'How many problems to list; all of them are counted',
			},
			trustedKeyOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['export'], operation: ['verifyFile'] } },
	properties,
);

/** Offline: no call to fiskaly. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const trusted = checked(this, itemIndex, () =>
		parseTrustedKey(getParameter(this, 'options.trustedKey', itemIndex, ''), TRUSTED_KEY_FIELD),
	);
	const contiguousCounters = getParameter(
		this,
		'options.contiguousCounters',
		itemIndex,
		true,
	) as boolean;
	const maxProblems = Math.max(
		1,
		Number(getParameter(this, 'options.maxProblems', itemIndex, 20)) || 20,
	);
	const { archive, fileName } = await readArchiveInput(this, itemIndex, {
		accepts: looksLikeTar,
		kind: 'a TAR archive',
		fix: 'Verify File checks the TAR file of an export. Connect it to Export › Download, or name the binary field that holds the export.',
	});
	const summary = checkExportArchive(archive, { contiguousCounters, maxProblems, trusted });
	return itemsFor({ file_name: fileName, ...summary }, itemIndex);
}
