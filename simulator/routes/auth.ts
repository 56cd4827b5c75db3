// POST /auth: API key/secret or refresh token → access and refresh tokens.

import { json, type Route } from './route';

export const authRoutes: Route[] = [
	{
		method: 'POST',
		path: '/auth',
		operationId: 'authenticateApi',
		auth: false,
		body: 'required',
		handle: ({ body, sim }) => json(sim.tokens.authenticate(body)),
	},
];
