// Export routes.

import { EXPORT_STATES } from '../state';
import { json, listOptions, type Query, type Route } from './route';

const exportList = (query: Query) =>
	listOptions(query, {
		orderBy: ['state', 'time_request', 'time_start', 'time_end', 'time_expiration', 'time_error'],
		states: EXPORT_STATES,
	});

const TRIGGER_PARAMETERS = [
	'client_id',
	'transaction_number',
	'start_transaction_number',
	'end_transaction_number',
	'start_date',
	'end_date',
	'maximum_number_records',
	'start_signature_counter',
	'end_signature_counter',
] as const;

// "retrieveExport + retrieveExportFile: 12 req/min per export id" (v2.1.33): one budget for both.
const perExport = {
	perMinute: 12,
	key: (params: Record<string, string>) => `export:${params.export_id.toLowerCase()}`,
};

export const exportRoutes: Route[] = [
	{
		method: 'PUT',
		path: '/tss/{tss_id}/export/{export_id}',
		operationId: 'triggerExport',
		body: 'optional',
		handle: ({ params, query, body, sim }) =>
			json(
				sim.state.triggerExport(
					params.tss_id,
					params.export_id,
					query.pick(TRIGGER_PARAMETERS),
					body,
				),
			),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/export/{export_id}',
		operationId: 'retrieveExport',
		rateLimit: perExport,
		handle: ({ params, sim }) => json(sim.state.getExport(params.tss_id, params.export_id)),
	},
	{
		method: 'DELETE',
		path: '/tss/{tss_id}/export/{export_id}',
		operationId: 'cancelExport',
		handle: ({ params, sim }) => json(sim.state.cancelExport(params.tss_id, params.export_id)),
	},
	{
		method: 'GET',
		path: '/export',
		operationId: 'listAllExports',
		handle: ({ query, sim }) => json(sim.state.listExports(undefined, exportList(query))),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/export',
		operationId: 'listExports',
		handle: ({ params, query, sim }) =>
			json(sim.state.listExports(params.tss_id, exportList(query))),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/export/{export_id}/file',
		operationId: 'retrieveExportFile',
		rateLimit: perExport,
		handle: ({ params, sim }) => ({
			binary: sim.state.getExportFile(params.tss_id, params.export_id),
			contentType: 'application/x-tar',
		}),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/export/{export_id}/metadata',
		operationId: 'retrieveExportMetadata',
		handle: ({ params, sim }) => json(sim.state.getExportMetadata(params.tss_id, params.export_id)),
	},
	{
		method: 'PATCH',
		path: '/tss/{tss_id}/export/{export_id}/metadata',
		operationId: 'updateExportMetadata',
		body: 'required',
		handle: ({ params, body, sim }) =>
			json(sim.state.updateExportMetadata(params.tss_id, params.export_id, body)),
	},
];
