import type { IExecuteFunctions } from 'n8n-workflow';

import { checked, getParameter } from '../../shared/parameters';
import { validateUuid } from '../../shared/validation';

/** The IDs picked in the TSS and Client locators, checked before any HTTP call. */

function locatorValue(ctx: IExecuteFunctions, name: string, itemIndex: number): unknown {
	return getParameter(ctx, name, itemIndex, '', { extractValue: true });
}

export function getTssId(ctx: IExecuteFunctions, itemIndex: number): string {
	return checked(ctx, itemIndex, () => validateUuid(locatorValue(ctx, 'tss', itemIndex), 'TSS'));
}

export function getClientId(ctx: IExecuteFunctions, itemIndex: number): string {
	return checked(ctx, itemIndex, () =>
		validateUuid(locatorValue(ctx, 'client', itemIndex), 'Client'),
	);
}

/** For operations where the client may be left empty. */
export function getOptionalClientId(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const value = locatorValue(ctx, 'client', itemIndex);
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	return checked(ctx, itemIndex, () => validateUuid(value, 'Client'));
}
