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

export async function searchClosings(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const list = { api: 'dsfinvk' as const, path: '/cash_point_closings' };
	return await searchList(this, list, paginationToken, {
		isMatch: (closing) =>
			matches(
				filter,
				closing.closing_id,
				closing.client_id,
				closing.business_date,
				closing.state,
				String(closing.cash_point_closing_export_id ?? ''),
			),
		toResult: (closing) => ({
			name: `Z ${String(closing.cash_point_closing_export_id ?? '?')} · ${String(closing.business_date ?? 'no business date')} (${String(closing.state)}, register ${String(closing.client_id ?? '?').slice(0, 8)})`,
			value: String(closing.closing_id ?? closing._id),
		}),
	});
}

export async function searchExports(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const list = { api: 'dsfinvk' as const, path: '/exports' };
	return await searchList(this, list, paginationToken, {
		isMatch: (exported) => matches(filter, exported._id, exported.state),
		toResult: (exported) => ({
			name: `${exported.time_request ? new Date(Number(exported.time_request) * 1000).toISOString().slice(0, 16).replace('T', ' ') : '?'} UTC (${String(exported.state)})`,
			value: String(exported._id),
		}),
	});
}

export async function searchPurchaserAgencies(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const list = { api: 'dsfinvk' as const, path: '/purchaser_agencies' };
	return await searchList(this, list, paginationToken, {
		isMatch: (agency) =>
			matches(filter, agency.purchaser_agency_id, agency.name, agency.tax_number),
		toResult: (agency) => ({
			name: `${String(agency.name ?? agency.purchaser_agency_id)} (${String(agency.purchaser_agency_export_id ?? '?')})`,
			value: String(agency.purchaser_agency_id),
		}),
	});
}
