import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../../shared/parameters';
import { legalConsentField, submissionLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { requireConsent, startTransmission } from './transmission';

const properties: INodeProperties[] = [submissionLocator, legalConsentField];

export const description = updateDisplayOptions(
	{ show: { resource: ['submission'], operation: ['startTransmission'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = getLocatorId(this, itemIndex, 'submission', 'Submission');
	requireConsent(this, itemIndex);
	return itemsFor(await startTransmission(this, id, itemIndex), itemIndex);
}
