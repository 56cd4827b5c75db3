import type { IExecuteFunctions } from 'n8n-workflow';

import { checked, getParameter } from '../../shared/parameters';
import { validateUuid } from '../../shared/validation';

/** A UUID from a resource locator, checked before any HTTP call and named as the user sees the field. */
export function getLocatorId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: 'establishment' | 'submission' | 'tss' | 'client',
	field: string,
): string {
	const value = getParameter(ctx, name, itemIndex, '', { extractValue: true });
	return checked(ctx, itemIndex, () => validateUuid(value, field).toLowerCase());
}
