import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { fiskalyCodeOf } from '../../../shared/errors';
import { fiskalyApiRequestAllItems } from '../../../shared/transport';
import type { NotifiedData } from '../../helpers/notificationId';
import { additionalDataPath } from '../clientAdditionalData/ClientAdditionalData.resource';
import { readSubmitDe } from '../read';

/**
 * What a submission of the establishment would cover now: the taxpayer, the establishment and every
 * register whose additional data names it. SUBMIT DE cannot list additional data, so the registers
 * are found through SIGN DE: every client of every TSS of the organisation, and its additional data
 * where it has some.
 */
export async function readNotifiedData(
	ctx: IExecuteFunctions,
	establishmentId: string,
	itemIndex: number,
): Promise<NotifiedData> {
	const read = async (path: string) => await readSubmitDe(ctx, path, itemIndex);
	const taxpayer = await read('/taxpayer');
	const establishment = await read(`/establishment/${establishmentId}`);
	const registers: NotifiedData['registers'] = [];
	const allTss = await fiskalyApiRequestAllItems.call(ctx, '/tss', {}, undefined, itemIndex);
	for (const tss of allTss) {
		const tssId = String(tss._id);
		const clients = await fiskalyApiRequestAllItems.call(
			ctx,
			`/tss/${tssId}/client`,
			{},
			undefined,
			itemIndex,
		);
		for (const client of clients) {
			const clientId = String(client._id);
			let data: IDataObject;
			try {
				data = await read(additionalDataPath(tssId, clientId));
			} catch (error) {
				if (fiskalyCodeOf(error) === 'E_CLIENT_ADDITIONAL_DATA_NOT_FOUND') continue;
				// NodeApiError hands back the error it is given, so this rethrows the transport's error.
				throw new NodeApiError(ctx.getNode(), error as JsonObject);
			}
			if (String(data.establishment_id).toLowerCase() === establishmentId)
				registers.push({ tss_id: tssId, client_id: clientId, data });
		}
	}
	return { taxpayer, establishment, registers };
}
