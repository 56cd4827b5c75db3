// Transaction routes.

import { TX_STATES } from '../state';
import { json, listOptions, type Query, type Route } from './route';

const txList = (query: Query) =>
	listOptions(query, { orderBy: ['number', 'state', 'time_start', 'time_end'], states: TX_STATES });

export const txRoutes: Route[] = [
	{
		method: 'PUT',
		path: '/tss/{tss_id}/tx/{tx_id_or_number}',
		operationId: 'upsertTransaction',
		body: 'required',
		handle: ({ params, query, body, sim }) =>
			json(
				sim.state.upsertTransaction(
					params.tss_id,
					params.tx_id_or_number,
					query.get('tx_revision'),
					body,
				),
			),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/tx/{tx_id_or_number}',
		operationId: 'retrieveTransaction',
		handle: ({ params, query, sim }) =>
			json(
				sim.state.getTransaction(params.tss_id, params.tx_id_or_number, query.get('tx_revision')),
			),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/tx/{tx_id_or_number}/log',
		operationId: 'retrieveTransactionLog',
		handle: ({ params, query, sim }) => ({
			binary: sim.state.getTransactionLog(
				params.tss_id,
				params.tx_id_or_number,
				query.get('tx_revision'),
			),
			contentType: 'application/octet-stream',
		}),
	},
	{
		method: 'GET',
		path: '/tx',
		operationId: 'listAllTransactions',
		handle: ({ query, sim }) => json(sim.state.listTransactions({}, txList(query))),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/tx',
		operationId: 'listTransactions',
		// "listTransactions … 20 req/min per TSS" (v2.2.2)
		rateLimit: {
			perMinute: 20,
			key: (params) => `listTransactions:${params.tss_id.toLowerCase()}`,
		},
		handle: ({ params, query, sim }) =>
			json(sim.state.listTransactions({ tssId: params.tss_id }, txList(query))),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/client/{client_id}/tx',
		operationId: 'listClientTransactions',
		handle: ({ params, query, sim }) =>
			json(
				sim.state.listTransactions(
					{ tssId: params.tss_id, clientId: params.client_id },
					txList(query),
				),
			),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/tx/{tx_id_or_number}/metadata',
		operationId: 'retrieveTransactionMetadata',
		handle: ({ params, sim }) =>
			json(sim.state.getTransactionMetadata(params.tss_id, params.tx_id_or_number)),
	},
	{
		method: 'PATCH',
		path: '/tss/{tss_id}/tx/{tx_id_or_number}/metadata',
		operationId: 'updateTransactionMetadata',
		body: 'required',
		handle: ({ params, body, sim }) =>
			json(sim.state.updateTransactionMetadata(params.tss_id, params.tx_id_or_number, body)),
	},
];
