// Client routes.

import { json, type Query, type Route } from '../../core/route';
import { listOptions } from '../lists';
import { CLIENT_STATES } from '../model';
import type { SignDeState } from '../state';
import { metadataRoutes } from './metadata';

const clientList = (query: Query) =>
	listOptions(query, { orderBy: ['serial_number', 'time_creation'], clientFilters: CLIENT_STATES });

export const clientRoutes: Route<SignDeState>[] = [
	{
		method: 'PUT',
		path: '/tss/{tss_id}/client/{client_id}',
		operationId: 'createClient',
		body: 'required',
		handle: ({ params, body, session, state }) =>
			json(state.clients.create(params.tss_id, params.client_id, body, session)),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/client/{client_id}',
		operationId: 'retrieveClient',
		handle: ({ params, state }) => json(state.clients.get(params.tss_id, params.client_id)),
	},
	{
		method: 'PATCH',
		path: '/tss/{tss_id}/client/{client_id}',
		operationId: 'updateClient',
		body: 'required',
		handle: ({ params, body, session, state }) =>
			json(state.clients.update(params.tss_id, params.client_id, body, session)),
	},
	{
		method: 'GET',
		path: '/client',
		operationId: 'listAllClients',
		handle: ({ query, state }) => json(state.clients.list(undefined, clientList(query))),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/client',
		operationId: 'listClients',
		handle: ({ params, query, state }) =>
			json(state.clients.list(params.tss_id, clientList(query))),
	},
	...metadataRoutes('/tss/{tss_id}/client/{client_id}', 'Client', (state, params) =>
		state.clients.metadataOf(params.tss_id, params.client_id),
	),
];
