// The DSFinV-K v1 room: master data, cash point closings and exports over the shared core, registered
// as the API below /dsfinvk/api/v1. It reads SIGN DE only through the SignDeLookup it is given.

import type { SimulatorApi } from '../core/api';
import type { Clock } from '../core/clock';
import { bindRoutes } from '../core/route';
import type { DsfinvkTiming, Organization } from './model';
import { DSFINVK_ROUTES } from './routes';
import type { SignDeLookup } from './signDeLookup';
import { DsfinvkStore } from './store';

export const DSFINVK_BASE_PATH = '/dsfinvk/api/v1';

export interface DsfinvkOptions {
	clock: Clock;
	signDe: SignDeLookup;
	timing?: Partial<DsfinvkTiming>;
	organization?: Partial<Organization>;
}

/** The room, and `listening` to tell it its absolute base URL once the server has a port. */
export function createDsfinvk(
	options: DsfinvkOptions,
): SimulatorApi & { listening(baseUrl: string): void } {
	const store = new DsfinvkStore(options);
	return {
		listening: (baseUrl) => {
			store.baseUrl = baseUrl;
		},
		name: 'dsfinvk',
		title: 'DSFinV-K v1',
		basePath: DSFINVK_BASE_PATH,
		tokenParty: 'dsfinvk-api',
		routes: bindRoutes(store, DSFINVK_ROUTES),
		journal: store.journal,
		stats: {
			operations: { closings: 'insertCashPointClosing', exports: 'triggerExport' },
		},
	};
}
