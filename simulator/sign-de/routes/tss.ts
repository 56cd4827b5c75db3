// TSS, admin PIN/PUK and admin session routes.

import { json, type Route } from '../../core/route';
import { listOptions } from '../lists';
import { TSS_STATES } from '../model';
import type { SignDeState } from '../state';
import { metadataRoutes } from './metadata';

export const tssRoutes: Route<SignDeState>[] = [
	{
		method: 'PUT',
		path: '/tss/{tss_id}',
		operationId: 'createTss',
		body: 'optional',
		handle: ({ params, body, state }) => json(state.tss.create(params.tss_id, body)),
	},
	{
		method: 'GET',
		path: '/tss/{tss_id}',
		operationId: 'retrieveTss',
		handle: ({ params, state }) => json(state.tss.get(params.tss_id)),
	},
	{
		method: 'PATCH',
		path: '/tss/{tss_id}',
		operationId: 'updateTss',
		body: 'required',
		handle: ({ params, body, session, state }) =>
			json(state.tss.update(params.tss_id, body, session)),
	},
	{
		method: 'GET',
		path: '/tss',
		operationId: 'listTss',
		handle: ({ query, state }) =>
			json(
				state.tss.list(
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
		handle: ({ params, body, state }) => json(state.admin.changePin(params.tss_id, body)),
	},
	{
		method: 'POST',
		path: '/tss/{tss_id}/admin/auth',
		operationId: 'authenticateAdmin',
		body: 'required',
		handle: ({ params, body, session, state }) =>
			json(state.admin.login(params.tss_id, body, session)),
	},
	{
		method: 'POST',
		path: '/tss/{tss_id}/admin/logout',
		operationId: 'logoutAdmin',
		body: 'optional',
		handle: ({ params, session, state }) => json(state.admin.logout(params.tss_id, session)),
	},
	...metadataRoutes('/tss/{tss_id}', 'Tss', (state, params) => state.tss.metadataOf(params.tss_id)),
];
