import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locator } from '../../../shared/descriptions';
import { checked, getParameter } from '../../../shared/parameters';
import { validateUuid } from '../../../shared/validation';

/** Pieces shared by the Export operations. */

/** A resource locator; workflows saved while Export ID was a plain string keep working (n8n passes strings through). */
export const exportIdField: INodeProperties = {
	...locator(
		'exportId',
		'Export ID',
		'searchExports',
		'e.g. 81f2f226-4bbf-421b-8583-76d39ca3be31',
		true,
	),
	description: 'The export of the TSS (its _id), e.g. from Export › Trigger',
};

export function getExportId(ctx: IExecuteFunctions, itemIndex: number): string {
	return checked(ctx, itemIndex, () =>
		validateUuid(getParameter(ctx, 'exportId', itemIndex, '', { extractValue: true }), 'Export ID'),
	);
}

export function exportPath(tssId: string, exportId: string): string {
	return `/tss/${tssId}/export/${exportId}`;
}
