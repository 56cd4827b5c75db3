// The HTTP edge of the simulator (node:http, no framework): finds the API a path belongs to, then
// routing, JSON bodies, bearer auth, rate limits, injected faults, the `request-id` header and fiskaly's
// error body on every error. Handlers stay thin; all rules live in each API's state.

import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { Socket } from 'node:net';

import { apiForPath, type SimulatorApi } from './api';
import { authRoute, expired, type TokenService } from './auth';
import { parseJson, readBody, segmentsDecoded } from './body';
import type { Clock } from './clock';
import { controlRoutes } from './control';
import { ApiError, errorBody, schemaError } from './errors';
import { statusFaultError, type Fault, type FaultInjector } from './faults';
import { RateLimiter } from './rateLimiter';
import { bindRoutes, Query, type BoundRoute, type RouteResult, type Session } from './route';
import { Router } from './router';
import type { TrafficRecorder } from './stats';

export const CONTROL_PREFIX = '/_simulator';

const NO_SESSION: Session = { id: '' };
const REQUEST_ID = /^[\x21-\x7e]{1,200}$/;
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface ServerOptions {
	/** Every API served, each with the token service of its own `POST <base>/auth`. */
	apis: readonly { api: SimulatorApi; tokens: TokenService }[];
	faults: FaultInjector;
	traffic: TrafficRecorder;
	/** What GET /_simulator/health reports as `_version`. */
	version: string;
	/** Delay before every API request is handled. */
	latencyMs: number;
	/** Enforce the APIs' rate limits. */
	rateLimits: boolean;
	clock: Clock;
}

interface MountedApi {
	name: string;
	basePath: string;
	router: Router;
	tokens: TokenService;
}

interface Exchange {
	req: http.IncomingMessage;
	res: http.ServerResponse;
	started: number;
	requestId: string;
	path: string;
	search: string;
	/** Name of the API the path belongs to. */
	api?: string;
	operationId?: string;
	fault?: string;
	/** Control API exchanges are not counted in the traffic statistics. */
	control?: boolean;
}

export class SimulatorServer {
	readonly http: http.Server;
	private readonly apis: MountedApi[];
	private readonly control: Router;
	private readonly limiter = new RateLimiter();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly sockets = new Set<Socket>();
	private closed = false;

	constructor(private readonly options: ServerOptions) {
		this.apis = options.apis.map(({ api, tokens }) => ({
			name: api.name,
			basePath: api.basePath,
			router: new Router([...bindRoutes(tokens, [authRoute]), ...api.routes]),
			tokens,
		}));
		const { faults, traffic, version } = options;
		this.control = new Router([
			...bindRoutes({ faults, traffic, version }, controlRoutes),
			...options.apis.flatMap(({ api }) => api.controlRoutes ?? []),
		]);
		this.http = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) =>
			this.handle(req, res),
		);
		this.http.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	listen(port: number, host: string): Promise<number> {
		return new Promise((resolve, reject) => {
			this.http.once('error', reject);
			this.http.listen(port, host, () => {
				this.http.off('error', reject);
				resolve((this.http.address() as { port: number }).port);
			});
		});
	}

	/** Stops accepting, ends keep-alive and in-flight connections, and clears pending timers. */
	close(): Promise<void> {
		this.closed = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		return new Promise((resolve) => {
			this.http.close(() => resolve());
			this.http.closeAllConnections();
			for (const socket of this.sockets) socket.destroy();
		});
	}

	private delay(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		const url = req.url ?? '/';
		const queryAt = url.indexOf('?');
		const given = req.headers['request-id'] ?? req.headers['x-request-id'];
		const exchange: Exchange = {
			req,
			res,
			started: Date.now(),
			requestId: typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID(),
			path: queryAt === -1 ? url : url.slice(0, queryAt),
			search: queryAt === -1 ? '' : url.slice(queryAt + 1),
		};
		res.setHeader('request-id', exchange.requestId);
		const api = apiForPath(this.apis, exchange.path);
		let work: Promise<void>;
		if (api) work = this.handleApi(exchange, api);
		else if (exchange.path.startsWith(`${CONTROL_PREFIX}/`)) work = this.handleControl(exchange);
		else {
			const bases = this.apis.map((mounted) => mounted.basePath).join(', ');
			work = Promise.reject(
				new ApiError(
					404,
					'E_NOT_FOUND',
					`No such path: ${exchange.path} (the APIs live under ${bases})`,
				),
			);
		}
		work.catch((error) => this.fail(exchange, error));
	}

	private async handleApi(exchange: Exchange, api: MountedApi): Promise<void> {
		const { req } = exchange;
		exchange.api = api.name;
		const method = req.method ?? 'GET';
		const path = segmentsDecoded(exchange.path.slice(api.basePath.length));
		const fault = this.options.faults.take(api.basePath, method, path, exchange.search);
		if (fault) exchange.fault = fault.type === 'status' ? `status ${fault.status}` : fault.type;
		if (this.options.latencyMs > 0) await this.delay(this.options.latencyMs);
		if (fault && (await this.applyFaultBefore(exchange, fault))) return;

		const match = api.router.match(method, path);
		if (!match) throw new ApiError(404, 'E_NOT_FOUND', `No such path: ${api.basePath}${path}`);
		if ('allowed' in match) {
			throw new ApiError(
				405,
				'E_METHOD_NOT_ALLOWED',
				`${method} is not supported on ${api.basePath}${path} (allowed: ${match.allowed.join(', ')})`,
				{
					Allow: match.allowed.join(', '),
				},
			);
		}
		const { route, params } = match;
		exchange.operationId = route.operationId;
		const session =
			route.auth === false ? NO_SESSION : api.tokens.verify(req.headers.authorization);
		if (route.rateLimit && this.options.rateLimits) {
			const wait = this.limiter.hit(
				route.rateLimit.key(params),
				route.rateLimit.perMinute,
				this.options.clock(),
			);
			if (wait !== undefined) {
				throw new ApiError(
					429,
					'E_TOO_MANY_REQUESTS',
					`Rate limit of ${route.rateLimit.perMinute} requests per minute reached for ${route.operationId}; retry after ${wait} s`,
					{
						'Retry-After': String(wait),
					},
				);
			}
		}
		const result = await this.run(exchange, route, params, session);
		if (fault?.type === 'drop' && fault.when === 'after') {
			this.drop(exchange);
			return;
		}
		this.send(exchange, result);
	}

	private async handleControl(exchange: Exchange): Promise<void> {
		exchange.control = true;
		const method = exchange.req.method ?? 'GET';
		const path = exchange.path.slice(CONTROL_PREFIX.length);
		const match = this.control.match(method, path);
		if (!match) throw new ApiError(404, 'E_NOT_FOUND', `No such control path: ${exchange.path}`);
		if ('allowed' in match) {
			throw new ApiError(
				405,
				'E_METHOD_NOT_ALLOWED',
				`${method} is not supported on ${exchange.path}`,
				{ Allow: match.allowed.join(', ') },
			);
		}
		exchange.operationId = match.route.operationId;
		this.send(exchange, await this.run(exchange, match.route, match.params, NO_SESSION));
	}

	/** Applies a fault that acts before handling; true when it answered (or dropped) the request. */
	private async applyFaultBefore(exchange: Exchange, fault: Fault): Promise<boolean> {
		switch (fault.type) {
			case 'latency':
				await this.delay(fault.ms);
				return false;
			case 'status':
				throw statusFaultError(fault);
			case 'expireToken':
				throw expired();
			case 'drop':
				if (fault.when === 'before') {
					this.drop(exchange);
					return true;
				}
				return false;
		}
	}

	private async run(
		exchange: Exchange,
		route: BoundRoute,
		params: Record<string, string>,
		session: Session,
	): Promise<RouteResult> {
		const bytes = await readBody(exchange.req, route.bodyLimitBytes);
		let body: unknown;
		if (route.body === 'required' || route.body === 'optional') {
			body = parseJson(bytes);
			if (body === undefined && route.body === 'required')
				throw schemaError('A JSON request body is required');
		}
		return route.handle({ params, query: new Query(exchange.search), body, session });
	}

	private send(exchange: Exchange, result: RouteResult): void {
		const { res } = exchange;
		if (this.closed || res.destroyed) return;
		const status = result.status ?? 200;
		let payload: Buffer | string;
		let contentType: string;
		if ('json' in result) {
			payload = JSON.stringify(result.json);
			contentType = JSON_CONTENT_TYPE;
		} else {
			payload = result.binary;
			contentType = result.contentType;
		}
		res.writeHead(status, {
			...result.headers,
			'content-type': contentType,
			'content-length': typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length,
		});
		res.end(payload);
		this.record(exchange, status);
	}

	private fail(exchange: Exchange, error: unknown): void {
		const { res } = exchange;
		if (this.closed || res.destroyed || res.headersSent) return;
		let apiError: ApiError;
		if (error instanceof ApiError) apiError = error;
		else {
			apiError = new ApiError(
				500,
				'E_INTERNAL',
				`Internal simulator error: ${(error as Error)?.message ?? String(error)}`,
			);
			process.stderr.write(`simulator: ${(error as Error)?.stack ?? String(error)}\n`);
		}
		const text = JSON.stringify(errorBody(apiError.status, apiError.code, apiError.message));
		const headers: http.OutgoingHttpHeaders = {
			...apiError.headers,
			'content-type': JSON_CONTENT_TYPE,
			'content-length': Buffer.byteLength(text),
		};
		// A body over the limit is not read: the connection cannot be reused.
		if (apiError.status === 413) headers.connection = 'close';
		res.writeHead(apiError.status, headers);
		res.end(text);
		this.record(exchange, apiError.status);
	}

	private drop(exchange: Exchange): void {
		exchange.req.socket.destroy();
		this.record(exchange, 0);
	}

	private record(exchange: Exchange, status: number): void {
		if (exchange.control) return;
		this.options.traffic.record({
			api: exchange.api,
			at: Date.now(),
			method: exchange.req.method ?? 'GET',
			path: exchange.path,
			query: exchange.search,
			status,
			operationId: exchange.operationId,
			requestId: exchange.requestId,
			durationMs: Date.now() - exchange.started,
			fault: exchange.fault,
		});
	}
}
