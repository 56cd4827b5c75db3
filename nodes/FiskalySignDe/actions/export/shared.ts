import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checked, getParameter } from '../../../shared/parameters';
import { validateUuid } from '../../../shared/validation';

/** Pieces shared by the Export operations. */

export const exportIdField: INodeProperties = {
	displayName: 'Export ID',
	name: 'exportId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 81f2f226-4bbf-421b-8583-76d39ca3be31',
	description: 'UUID of the export (its _id), e.g. from Export › Trigger',
};

export function getExportId(ctx: IExecuteFunctions, itemIndex: number): string {
	return checked(ctx, itemIndex, () =>
		validateUuid(getParameter(ctx, 'exportId', itemIndex, ''), 'Export ID'),
	);
}

export function exportPath(tssId: string, exportId: string): string {
	return `/tss/${tssId}/export/${exportId}`;
}
