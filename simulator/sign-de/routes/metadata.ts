// GET and PATCH `…/metadata` of a TSS, client, transaction or export: one shape for all four.

import { json, type Route } from '../../core/route';
import { updateMetadata, type MetadataHolder } from '../metadata';
import type { SignDeState } from '../state';

export function metadataRoutes(
	resourcePath: string,
	resource: 'Tss' | 'Client' | 'Transaction' | 'Export',
	holder: (state: SignDeState, params: Record<string, string>) => MetadataHolder,
): Route<SignDeState>[] {
	const path = `${resourcePath}/metadata`;
	return [
		{
			method: 'GET',
			path,
			operationId: `retrieve${resource}Metadata`,
			handle: ({ params, state }) => json(holder(state, params).metadata),
		},
		{
			method: 'PATCH',
			path,
			operationId: `update${resource}Metadata`,
			body: 'required',
			handle: ({ params, body, state }) => json(updateMetadata(holder(state, params), body)),
		},
	];
}
