import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { looksLikeTar } from '../../../shared/tar';
import { checkExportArchive } from '../../helpers/exportArchive';
import { parseTrustedKey } from '../../helpers/verification';
import { TRUSTED_KEY_FIELD, trustedKeyOption } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the export TAR, e.g. from Export › Download',
	},
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
	const binaryPropertyName = String(
		getParameter(this, 'binaryPropertyName', itemIndex, 'data'),
	).trim();
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
	const binary = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	const archive = await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
	if (!looksLikeTar(archive)) {
		const what = [binary.fileName, binary.mimeType].filter(Boolean).join(', ');
		throw new NodeOperationError(
			this.getNode(),
			`Input Binary Field: "${binaryPropertyName}" holds no TAR archive${what ? ` (${what})` : ''} [item ${itemIndex}]`,
			{
				itemIndex,
				description:
					'Verify File checks the TAR file of an export. Connect it to Export › Download, or name the binary field that holds the export.',
			},
		);
	}
	const summary = checkExportArchive(archive, { contiguousCounters, maxProblems, trusted });
	return itemsFor({ file_name: binary.fileName ?? null, ...summary }, itemIndex);
}
