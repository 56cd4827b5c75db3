import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { listItems } from '../../shared/listOperation';
import { checked, getParameter } from '../../shared/parameters';
import { validateUuid } from '../../shared/validation';
import { isGiven } from '../helpers/dates';

/** client_id from the Cash Register ID filter, where given (the ID of its SIGN DE client). */
export function cashRegisterQuery(filters: IDataObject): IDataObject {
	return isGiven(filters.clientId)
		? { client_id: validateUuid(filters.clientId, 'Cash Register ID') }
		: {};
}

/**
 * Get Many of a DSFinV-K list whose filters are checked before any request: a bad filter stops
 * the item with an error naming the field and the item.
 */
export async function listFilteredItems(
	this: IExecuteFunctions,
	itemIndex: number,
	path: string,
	queryOf: (filters: IDataObject) => IDataObject,
): Promise<INodeExecutionData[]> {
	const filters = getParameter(this, 'filters', itemIndex, {}) as IDataObject;
	const qs = checked(this, itemIndex, () => queryOf(filters));
	return await listItems.call(this, itemIndex, { api: 'dsfinvk', path, query: () => qs });
}
