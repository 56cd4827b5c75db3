// The control API under /_simulator (outside /api/v2, no token): fault injection, traffic statistics
// and the recent request log. Documented in simulator/README.md.

import { API_VERSION } from '../state';
import { json, type Route } from './route';

export const controlRoutes: Route[] = [
	{
		method: 'GET',
		path: '/health',
		operationId: 'simulator.health',
		auth: false,
		handle: () => json({ status: 'ok', _version: API_VERSION }),
	},
	{
		method: 'POST',
		path: '/faults',
		operationId: 'simulator.addFault',
		auth: false,
		body: 'required',
		handle: ({ body, sim }) => json(sim.faults.add(body), 201),
	},
	{
		method: 'GET',
		path: '/faults',
		operationId: 'simulator.listFaults',
		auth: false,
		handle: ({ sim }) => json({ data: sim.faults.list() }),
	},
	{
		method: 'DELETE',
		path: '/faults',
		operationId: 'simulator.clearFaults',
		auth: false,
		handle: ({ sim }) => json({ deleted: sim.faults.clear() }),
	},
	{
		method: 'GET',
		path: '/stats',
		operationId: 'simulator.stats',
		auth: false,
		handle: ({ sim }) =>
			json(sim.traffic.stats(sim.state.signaturesMade, sim.state.replayedUpserts)),
	},
	{
		method: 'DELETE',
		path: '/stats',
		operationId: 'simulator.resetStats',
		auth: false,
		handle: ({ sim }) => {
			sim.traffic.resetStats(sim.state.signaturesMade, sim.state.replayedUpserts);
			return json(sim.traffic.stats(sim.state.signaturesMade, sim.state.replayedUpserts));
		},
	},
	{
		method: 'GET',
		path: '/requests',
		operationId: 'simulator.requests',
		auth: false,
		handle: ({ sim }) => json({ data: sim.traffic.recentRequests() }),
	},
	{
		method: 'DELETE',
		path: '/requests',
		operationId: 'simulator.clearRequests',
		auth: false,
		handle: ({ sim }) => {
			sim.traffic.clearRequests();
			return json({ data: [] });
		},
	},
];
