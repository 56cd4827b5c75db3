// TSS, admin PIN/PUK and admin session routes.

import { TSS_STATES } from '../state';
import { json, listOptions, type Route } from './route';

export const tssRoutes: Route[] = [
	{
		method: 'PUT',
		path: '/tss/{tss_id}',
		operationId: 'createTss',
		body: 'optional',
		handle: ({ params, body, sim }) => json(sim.state.createTss(params.tss_id, body)),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}',
		operationId: 'retrieveTss',
		handle: ({ params, sim }) => json(sim.state.getTss(params.tss_id)),
	},
	{
		method: 'PATCH',
		path: '/tss/{tss_id}',
		operationId: 'updateTss',
		body: 'required',
		handle: ({ params, body, session, sim }) =>
			json(sim.state.updateTss(params.tss_id, body, session)),
	},
	{
		method: 'GET',
		path: '/tss',
		operationId: 'listTss',
		handle: ({ query, sim }) =>
			json(
				sim.state.listTss(
					listOptions(query, {
						orderBy: ['description', 'state', 'time_creation', 'time_init', 'time_disable'],
						states: TSS_STATES,
					}),
				),
			),
	},
	{
		method: 'PATCH',
		path: '/tss/{tss_id}/admin',
		operationId: 'changeAdminPin',
		body: 'required',
		handle: ({ params, body, sim }) => json(sim.state.changeAdminPin(params.tss_id, body)),
	},
	{
		method: 'POST',
		path: '/tss/{tss_id}/admin/auth',
		operationId: 'authenticateAdmin',
		body: 'required',
		handle: ({ params, body, session, sim }) =>
			json(sim.state.adminLogin(params.tss_id, body, session)),
	},
	{
		method: 'POST',
		path: '/tss/{tss_id}/admin/logout',
		operationId: 'logoutAdmin',
		body: 'optional',
		handle: ({ params, session, sim }) => json(sim.state.adminLogout(params.tss_id, session)),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}/metadata',
		operationId: 'retrieveTssMetadata',
		handle: ({ params, sim }) => json(sim.state.getTssMetadata(params.tss_id)),
	},
	{
		method: 'PATCH',
		path: '/tss/{tss_id}/metadata',
		operationId: 'updateTssMetadata',
		body: 'required',
		handle: ({ params, body, sim }) => json(sim.state.updateTssMetadata(params.tss_id, body)),
	},
];
