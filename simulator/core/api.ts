// How an API moves into the simulator: it registers a name, a base path and its routes, and, when it
// keeps state, its part of the journal and of the traffic statistics. The core adds `POST <base>/auth`
// to every API, with tokens valid only at the API that issued them.

import type { BoundRoute } from './route';

export interface ApiJournalPart {
	/** Re-applies this API's records from an earlier run (before any new change). */
	replay(record: unknown): void;
	/** From now on every change of this API is written through `append` before it takes effect. */
	attach(append: (record: unknown) => void): void;
	/** Stops journaling (the server is closing). */
	detach(): void;
}

export interface ApiStatsPart {
	/** Named request counts for GET /_simulator/stats, e.g. `{ upserts: 'upsertTransaction' }`. */
	operations?: Record<string, string>;
	/** Counters the API's state keeps (never decreasing), e.g. signatures made. */
	counters?(): Record<string, number>;
}

export interface SimulatorApi {
	/** Key in `urls`, the stats and the journal, e.g. `signDe`. */
	name: string;
	/** Human name for the CLI, e.g. `SIGN DE v2`. */
	title: string;
	/** Base path all of the API's routes live below, e.g. `/api/v2`. */
	basePath: string;
	/** `azp` claim of the API's tokens: a token is refused by every API with another one. */
	tokenParty: string;
	/** Routes below the base path (`POST /auth` is added by the core). */
	routes: readonly BoundRoute[];
	/** Routes of the API's own below the control API (no token), paths starting with its own prefix. */
	controlRoutes?: readonly BoundRoute[];
	journal?: ApiJournalPart;
	stats?: ApiStatsPart;
}

/** The API a request path belongs to, if any. */
export function apiForPath<A extends { basePath: string }>(
	apis: readonly A[],
	path: string,
): A | undefined {
	return apis.find((api) => path === api.basePath || path.startsWith(`${api.basePath}/`));
}
