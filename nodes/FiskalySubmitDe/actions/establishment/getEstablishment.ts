import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fiskalyApiRequest } from '../../../shared/transport';

/** GET /establishment/{id}: for Establishment › Get, Decommission and the notified data alike. */
export async function getEstablishment(
	ctx: IExecuteFunctions,
	id: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await fiskalyApiRequest.call(ctx, {
		api: 'submitDe',
		method: 'GET',
		path: `/establishment/${id}`,
		itemIndex,
	});
}
