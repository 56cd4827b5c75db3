import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fiskalyApiRequest } from '../../shared/transport';

/** A GET of SUBMIT DE (`/establishment/{id}`, `/submission/{id}`, `/taxpayer`, …). */
export async function readSubmitDe(
	ctx: IExecuteFunctions,
	path: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await fiskalyApiRequest.call(ctx, { api: 'submitDe', method: 'GET', path, itemIndex });
}
