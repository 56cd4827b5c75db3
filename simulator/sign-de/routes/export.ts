// Export routes.

import { json, type Query, type Route } from '../../core/route';
import { listOptions } from '../lists';
import { EXPORT_STATES } from '../model';
import type { SignDeState } from '../state';
import { metadataRoutes } from './metadata';

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

export const exportRoutes: Route<SignDeState>[] = [
	{
		method: 'PUT',
		path: '/tss/{tss_id}/export/{export_id}',
		operationId: 'triggerExport',
		body: 'optional',
		handle: ({ params, query, body, state }) =>
			json(
				state.exports.trigger(
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
		handle: ({ params, state }) => json(state.exports.get(params.tss_id, params.export_id)),
	},
	{
		method: 'DELETE',
		path: '/tss/{tss_id}/export/{export_id}',
		operationId: 'cancelExport',
		handle: ({ params, state }) => json(state.exports.cancel(params.tss_id, params.export_id)),
	},
	{
		method: 'GET',
		path: '/export',
		operationId: 'listAllExports',
		handle: ({ query, state }) => json(state.exports.list(undefined, exportList(query))),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/export',
		operationId: 'listExports',
		handle: ({ params, query, state }) =>
			json(state.exports.list(params.tss_id, exportList(query))),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/export/{export_id}/file',
		operationId: 'retrieveExportFile',
		rateLimit: perExport,
		handle: ({ params, state }) => ({
			binary: state.exports.getFile(params.tss_id, params.export_id),
			contentType: 'application/x-tar',
		}),
	},
	...metadataRoutes('/tss/{tss_id}/export/{export_id}', 'Export', (state, params) =>
		state.exports.metadataOf(params.tss_id, params.export_id),
	),
];
