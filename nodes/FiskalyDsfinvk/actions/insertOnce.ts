import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { fiskalyCodeOf } from '../../shared/errors';
import { fiskalyApiRequest } from '../../shared/transport';

/**
 * PUT of a closing or an export, which fiskaly accepts once per ID: when the ID is taken (409 with
 * `conflictCode`), the resource from the earlier run is read and returned instead, so a re-run
 * with the same (derived) ID creates nothing twice.
 */
export async function putOnce(
	ctx: IExecuteFunctions,
	request: { path: string; body: IDataObject; conflictCode: string },
	itemIndex: number,
): Promise<{ resource: IDataObject; existed: boolean }> {
	try {
		const resource = await fiskalyApiRequest.call(ctx, {
			api: 'dsfinvk',
			method: 'PUT',
			path: request.path,
			body: request.body,
			itemIndex,
		});
		return { resource, existed: false };
	} catch (error) {
		if (fiskalyCodeOf(error) !== request.conflictCode)
			throw new NodeApiError(ctx.getNode(), error as JsonObject);
	}
	const resource = await fiskalyApiRequest.call(ctx, {
		api: 'dsfinvk',
		method: 'GET',
		path: request.path,
		itemIndex,
	});
	return { resource, existed: true };
}
