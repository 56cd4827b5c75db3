// Transaction routes.

import { json, type Query, type Route } from '../../core/route';
import { listOptions } from '../lists';
import { TX_STATES } from '../model';
import type { SignDeState } from '../state';
import { metadataRoutes } from './metadata';

const txList = (query: Query) =>
	listOptions(query, { orderBy: ['number', 'state', 'time_start', 'time_end'], states: TX_STATES });

export const txRoutes: Route<SignDeState>[] = [
	{
		method: 'PUT',
		path: '/tss/{tss_id}/tx/{tx_id_or_number}',
		operationId: 'upsertTransaction',
		body: 'required',
		handle: ({ params, query, body, state }) =>
			json(
				state.upserts.upsert(params.tss_id, params.tx_id_or_number, query.get('tx_revision'), body),
			),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/tx/{tx_id_or_number}',
		operationId: 'retrieveTransaction',
		handle: ({ params, query, state }) =>
			json(state.transactions.get(params.tss_id, params.tx_id_or_number, query.get('tx_revision'))),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/tx/{tx_id_or_number}/log',
		operationId: 'retrieveTransactionLog',
		handle: ({ params, query, state }) => ({
			binary: state.transactions.getLog(
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
		handle: ({ query, state }) => json(state.transactions.list({}, txList(query))),
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
		handle: ({ params, query, state }) =>
			json(state.transactions.list({ tssId: params.tss_id }, txList(query))),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/client/{client_id}/tx',
		operationId: 'listClientTransactions',
		handle: ({ params, query, state }) =>
			json(
				state.transactions.list(
					{ tssId: params.tss_id, clientId: params.client_id },
					txList(query),
				),
			),
	},
	...metadataRoutes('/tss/{tss_id}/tx/{tx_id_or_number}', 'Transaction', (state, params) =>
		state.transactions.metadataOf(params.tss_id, params.tx_id_or_number),
	),
];
