import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { matches, searchList } from '../../shared/listSearch';

/** "From list" searches of the DSFinV-K locators; TSS and Client come from SIGN DE. */
export { searchClients, searchTss } from '../../shared/listSearch';

export async function searchCashRegisters(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchList(this, { api: 'dsfinvk', path: '/cash_registers' }, paginationToken, {
		isMatch: (register) =>
			matches(
				filter,
				register.client_id,
				register.brand,
				register.model,
				register.cash_register_type,
			),
		toResult: (register) => ({
			name: `${String(register.brand ?? '')} ${String(register.model ?? '')} (${String(register.cash_register_type)}, ${String(register.client_id)})`,
			value: String(register.client_id),
		}),
	});
}
