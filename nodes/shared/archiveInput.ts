import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getParameter } from './parameters';

/** The offline verify operations' input: an export archive in a binary field of the item. */
export function archiveInputField(what: string): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: `The name of the input binary field holding ${what}, e.g. from Export › Download`,
	};
}

/**
 * The bytes of the Input Binary Field, refused before any check when `accepts` says they are not
 * the archive the operation reads (`kind`, e.g. "a TAR archive"), with `fix` as the description.
 */
export async function readArchiveInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	expected: { accepts: (bytes: Buffer) => boolean; kind: string; fix: string },
): Promise<{ archive: Buffer; fileName: string | null }> {
	const field = String(getParameter(ctx, 'binaryPropertyName', itemIndex, 'data')).trim();
	const binary = ctx.helpers.assertBinaryData(itemIndex, field);
	const archive = await ctx.helpers.getBinaryDataBuffer(itemIndex, field);
	if (!expected.accepts(archive)) {
		const what = [binary.fileName, binary.mimeType].filter(Boolean).join(', ');
		throw new NodeOperationError(
			ctx.getNode(),
			`Input Binary Field: "${field}" holds ${expected.kind.replace(/^an? /, 'no ')}${what ? ` (${what})` : ''} [item ${itemIndex}]`,
			{ itemIndex, description: expected.fix },
		);
	}
	return { archive, fileName: binary.fileName ?? null };
}
