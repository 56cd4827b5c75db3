import type { IExecuteFunctions } from 'n8n-workflow';

import { checked, getNumber, getParameter } from '../../shared/parameters';
import { validateUuid } from '../../shared/validation';

/** The IDs picked in the locators, checked before any HTTP call. */

function locatorValue(ctx: IExecuteFunctions, name: string, itemIndex: number): unknown {
	return getParameter(ctx, name, itemIndex, '', { extractValue: true });
}

/** A UUID from a resource locator, named as the user sees the field. */
export function getLocatorId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name:
		| 'cashRegister'
		| 'tss'
		| 'client'
		| 'closing'
		| 'export'
		| 'masterCashRegister'
		| 'purchaserAgency',
	field: string,
): string {
	return checked(ctx, itemIndex, () => validateUuid(locatorValue(ctx, name, itemIndex), field));
}

/** `?revision=N` when Options › Revision is set, otherwise nothing (the latest). */
export function revisionQuery(ctx: IExecuteFunctions, itemIndex: number): { revision?: number } {
	const options = getParameter(ctx, 'options', itemIndex, {}) as { revision?: unknown };
	if (options.revision === undefined || options.revision === '') return {};
	const revision = getNumber(
		ctx,
		itemIndex,
		{ name: 'options.revision', field: 'Revision', fallback: 0 },
		{ min: 0, whole: true },
		'Enter a revision number (0 is the first), or remove the option to get the latest.',
	);
	return { revision };
}
