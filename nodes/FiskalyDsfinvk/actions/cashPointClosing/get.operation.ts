import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { itemsFor } from '../../../shared/parameters';
import { closingLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { getClosing } from './shared';

const properties: INodeProperties[] = [closingLocator, concurrencyOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['cashPointClosing'], operation: ['get'] } },
	properties,
);

/** The closing's summary: state, error, business date, totals. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const closingId = getLocatorId(this, itemIndex, 'closing', 'Cash Point Closing');
	return itemsFor(await getClosing(this, closingId, itemIndex), itemIndex);
}
