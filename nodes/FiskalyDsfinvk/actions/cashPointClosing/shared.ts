import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fiskalyApiRequest } from '../../../shared/transport';

/** Pieces shared by the Cash Point Closing operations. */

export function closingPath(closingId: string): string {
	return `/cash_point_closings/${closingId}`;
}

export async function getClosing(
	ctx: IExecuteFunctions,
	closingId: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await fiskalyApiRequest.call(ctx, {
		api: 'dsfinvk',
		method: 'GET',
		path: closingPath(closingId),
		itemIndex,
	});
}
