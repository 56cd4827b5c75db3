import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';
import { purchaserAgencyLocator, revisionOptions } from '../common.descriptions';
import { getLocatorId, revisionQuery } from '../ids';

const properties: INodeProperties[] = [purchaserAgencyLocator, revisionOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['purchaserAgency'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const agencyId = getLocatorId(this, itemIndex, 'purchaserAgency', 'Purchaser Agency');
	const agency = await fiskalyApiRequest.call(this, {
		api: 'dsfinvk',
		method: 'GET',
		path: `/purchaser_agencies/${agencyId}`,
		qs: revisionQuery(this, itemIndex),
		itemIndex,
	});
	return itemsFor(agency, itemIndex);
}
