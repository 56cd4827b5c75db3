// The control API under /_simulator (outside every API's base path, no token): fault injection,
// traffic statistics and the recent request log. Documented in simulator/README.md.

import type { FaultInjector } from './faults';
import { json, type Route } from './route';
import type { TrafficRecorder } from './stats';

export interface ControlState {
	faults: FaultInjector;
	traffic: TrafficRecorder;
	/** What GET /health reports as `_version`. */
	version: string;
}

export const controlRoutes: Route<ControlState>[] = [
	{
		method: 'GET',
		path: '/health',
		operationId: 'simulator.health',
		auth: false,
		handle: ({ state }) => json({ status: 'ok', _version: state.version }),
	},
	{
		method: 'POST',
		path: '/faults',
		operationId: 'simulator.addFault',
		auth: false,
		body: 'required',
		handle: ({ body, state }) => json(state.faults.add(body), 201),
	},
	{
		method: 'GET',
		path: '/faults',
		operationId: 'simulator.listFaults',
		auth: false,
		handle: ({ state }) => json({ data: state.faults.list() }),
	},
	{
		method: 'DELETE',
		path: '/faults',
		operationId: 'simulator.clearFaults',
		auth: false,
		handle: ({ state }) => json({ deleted: state.faults.clear() }),
	},
	{
		method: 'GET',
		path: '/stats',
		operationId: 'simulator.stats',
		auth: false,
		handle: ({ state }) => json(state.traffic.stats()),
	},
	{
		method: 'DELETE',
		path: '/stats',
		operationId: 'simulator.resetStats',
		auth: false,
		handle: ({ state }) => {
			state.traffic.resetStats();
			return json(state.traffic.stats());
		},
	},
	{
		method: 'GET',
		path: '/requests',
		operationId: 'simulator.requests',
		auth: false,
		handle: ({ state }) => json({ data: state.traffic.recentRequests() }),
	},
	{
		method: 'DELETE',
		path: '/requests',
		operationId: 'simulator.clearRequests',
		auth: false,
		handle: ({ state }) => {
			state.traffic.clearRequests();
			return json({ data: [] });
		},
	},
];
