import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { matches } from '../../shared/listSearch';
import { fiskalyApiRequest } from '../../shared/transport';

/** "From list" searches of the SUBMIT DE locators; TSS and Client come from SIGN DE. */
export { searchClients, searchTss } from '../../shared/listSearch';

/** SUBMIT DE lists come whole (`{results}`, no paging), so one call answers every search. */
async function results(ctx: ILoadOptionsFunctions, path: string): Promise<IDataObject[]> {
	const answer = await fiskalyApiRequest.call(ctx, { api: 'submitDe', method: 'GET', path });
	return Array.isArray(answer.results) ? (answer.results as IDataObject[]) : [];
}

export async function searchEstablishments(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const establishments = await results(this, '/establishment');
	return {
		results: establishments
			.filter((establishment) => {
				const address = (establishment.address ?? {}) as IDataObject;
				return matches(
					filter,
					establishment.id,
					establishment.designation,
					address.street,
					address.town,
				);
			})
			.map((establishment) => {
				const address = (establishment.address ?? {}) as IDataObject;
				const where = `${String(address.street ?? '')} ${String(address.house_number ?? '')}, ${String(address.town ?? '')}`;
				return {
					name: establishment.designation
						? `${String(establishment.designation)} (${where})`
						: where,
					value: String(establishment.id),
				};
			}),
	};
}

export async function searchSubmissions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const submissions = await results(this, '/submission');
	return {
		results: submissions
			.filter((submission) =>
				matches(filter, submission.id, submission.establishment_id, submission.state),
			)
			.map((submission) => ({
				name: `${String(submission.time_created ?? '?')
					.slice(0, 16)
					.replace(
						'T',
						' ',
					)} (${String(submission.state)}, establishment ${String(submission.establishment_id).slice(0, 8)})`,
				value: String(submission.id),
			})),
	};
}
