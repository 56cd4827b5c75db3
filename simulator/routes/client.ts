// Client routes.

import { CLIENT_STATES } from '../state';
import { json, listOptions, type Query, type Route } from './route';

const clientList = (query: Query) =>
	listOptions(query, { orderBy: ['serial_number', 'time_creation'], clientFilters: CLIENT_STATES });

export const clientRoutes: Route[] = [
	{
		method: 'PUT',
		path: '/tss/{tss_id}/client/{client_id}',
		operationId: 'createClient',
		body: 'required',
		handle: ({ params, body, session, sim }) =>
			json(sim.state.createClient(params.tss_id, params.client_id, body, session)),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/client/{client_id}',
		operationId: 'retrieveClient',
		handle: ({ params, sim }) => json(sim.state.getClient(params.tss_id, params.client_id)),
	},
	{
		method: 'PATCH',
		path: '/tss/{tss_id}/client/{client_id}',
		operationId: 'updateClient',
		body: 'required',
		handle: ({ params, body, session, sim }) =>
			json(sim.state.updateClient(params.tss_id, params.client_id, body, session)),
	},
	{
		method: 'GET',
		path: '/client',
		operationId: 'listAllClients',
		handle: ({ query, sim }) => json(sim.state.listClients(undefined, clientList(query))),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/client',
		operationId: 'listClients',
		handle: ({ params, query, sim }) =>
			json(sim.state.listClients(params.tss_id, clientList(query))),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/client/{client_id}/metadata',
		operationId: 'retrieveClientMetadata',
		handle: ({ params, sim }) => json(sim.state.getClientMetadata(params.tss_id, params.client_id)),
	},
	{
		method: 'PATCH',
		path: '/tss/{tss_id}/client/{client_id}/metadata',
		operationId: 'updateClientMetadata',
		body: 'required',
		handle: ({ params, body, sim }) =>
			json(sim.state.updateClientMetadata(params.tss_id, params.client_id, body)),
	},
];
