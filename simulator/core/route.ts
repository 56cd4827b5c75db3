// What a route is and what its handler receives. Each API defines routes over its own state; the core
// binds them to that state once (`bindRoutes`) and from then on handles every API's routes alike.

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** The bearer token's session (routes with `auth: false` get an empty one). */
export interface Session {
	/** Session id the admin logins are bound to. */
	id: string;
	organizationId?: string;
}

export interface RouteInput {
	/** Path parameters by name, as sent (the state validates and lower-cases ids). */
	params: Record<string, string>;
	query: Query;
	/** Parsed JSON body; undefined when the request had none. */
	body: unknown;
	session: Session;
}

export interface RequestContext<S> extends RouteInput {
	/** The state of the API (or of the core, for the control API) the route belongs to. */
	state: S;
}

export type RouteResult =
	| { status?: number; json: unknown; headers?: Record<string, string> }
	| { status?: number; binary: Buffer; contentType: string; headers?: Record<string, string> };

interface RouteShape {
	method: HttpMethod;
	/** Path below the API's base path with `{name}` parameters, exactly as in the OpenAPI document. */
	path: string;
	operationId: string;
	/** Bearer token required (default true). */
	auth?: boolean;
	/** Whether a JSON body is expected (default 'none': a body is read but ignored). */
	body?: 'none' | 'optional' | 'required';
	/** Largest accepted body (default 1 MB, core/body.ts). */
	bodyLimitBytes?: number;
	/** Per-key request budget per minute, when rate limits are on (REFERENCE §0). */
	rateLimit?: { perMinute: number; key: (params: Record<string, string>) => string };
}

export interface Route<S> extends RouteShape {
	handle(context: RequestContext<S>): RouteResult;
}

/** A route already tied to its state: what the router holds. */
export interface BoundRoute extends RouteShape {
	handle(input: RouteInput): RouteResult;
}

export function bindRoutes<S>(state: S, routes: readonly Route<S>[]): BoundRoute[] {
	return routes.map((route) => ({
		...route,
		handle: (input: RouteInput) => route.handle({ ...input, state }),
	}));
}

export function json(body: unknown, status = 200): RouteResult {
	return { status, json: body };
}

/**
 * Query string access that understands the array forms real clients send for `states`:
 * `states[]=A&states[]=B`, `states[0]=A&states[1]=B` and `states=A&states=B`.
 */
export class Query {
	private readonly params?: URLSearchParams;

	constructor(search: string) {
		if (search) this.params = new URLSearchParams(search);
	}

	get(name: string): string | undefined {
		return this.params?.get(name) ?? undefined;
	}

	getAll(name: string): string[] {
		if (!this.params) return [];
		const values: string[] = [];
		const prefix = `${name}[`;
		for (const [key, value] of this.params) {
			if (key === name) values.push(value);
			else if (key.startsWith(prefix) && key.endsWith(']')) {
				const index = key.slice(prefix.length, -1);
				if (index === '' || /^\d+$/.test(index)) values.push(value);
			}
		}
		return values;
	}

	/** The named parameters as a record (undefined when absent). */
	pick(names: readonly string[]): Record<string, string | undefined> {
		const picked: Record<string, string | undefined> = {};
		for (const name of names) picked[name] = this.get(name);
		return picked;
	}
}
