// The HTTP edge of the simulator (node:http, no framework): routing, JSON bodies, bearer auth, rate
// limits, injected faults, the `request-id` header and fiskaly's error body on every error. Handlers stay
// thin; all rules live in the state module.

import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { Socket } from 'node:net';

import { expired } from './auth';
import { ApiError, errorBody, schemaError } from './errors';
import { statusFaultError, type Fault } from './faults';
import type { Session } from './state';
import { API_ROUTES, controlRoutes } from './routes';
import {
	Query,
	type RequestContext,
	type Route,
	type RouteResult,
	type SimulatorContext,
} from './routes/route';

export const API_PREFIX = '/api/v2';
export const CONTROL_PREFIX = '/_simulator';
/** "Request body size limits": 1 MB → 413 (REFERENCE §0). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const NO_SESSION: Session = { id: '' };
const REQUEST_ID = /^[\x21-\x7e]{1,200}$/;
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

// ---------------------------------------------------------------------------------------------
// Routing: a trie of path segments, built once

interface RouteNode {
	literals: Map<string, RouteNode>;
	param?: RouteNode;
	/** Parameter names along the path to this node (same for every method here). */
	paramNames: string[];
	routes: Map<string, Route>;
}

type RouteMatch = { route: Route; params: Record<string, string> } | { allowed: string[] };

function newNode(paramNames: string[]): RouteNode {
	return { literals: new Map(), paramNames, routes: new Map() };
}

export class Router {
	private readonly root = newNode([]);

	constructor(routes: readonly Route[]) {
		for (const route of routes) this.add(route);
	}

	private add(route: Route): void {
		let node = this.root;
		const names: string[] = [];
		for (const segment of route.path.split('/').slice(1)) {
			if (segment.startsWith('{') && segment.endsWith('}')) {
				names.push(segment.slice(1, -1));
				node.param ??= newNode([...names]);
				node = node.param;
			} else {
				let next = node.literals.get(segment);
				if (!next) {
					next = newNode([...names]);
					node.literals.set(segment, next);
				}
				node = next;
			}
		}
		if (node.routes.has(route.method))
			throw new Error(`duplicate route ${route.method} ${route.path}`);
		node.routes.set(route.method, route);
	}

	/** The route for a path below the prefix; `{allowed}` when only the method is wrong; undefined if none. */
	match(method: string, path: string): RouteMatch | undefined {
		if (!path.startsWith('/')) return undefined;
		const segments = path.split('/');
		const values: string[] = [];
		const node = this.walk(this.root, segments, 1, values);
		if (!node) return undefined;
		const route = node.routes.get(method);
		if (!route) return { allowed: [...node.routes.keys()] };
		const params: Record<string, string> = {};
		for (let i = 0; i < values.length; i++) params[node.paramNames[i]] = values[i];
		return { route, params };
	}

	private walk(
		node: RouteNode,
		segments: string[],
		index: number,
		values: string[],
	): RouteNode | undefined {
		if (index === segments.length) return node.routes.size ? node : undefined;
		const segment = segments[index];
		const literal = node.literals.get(segment);
		if (literal) {
			const found = this.walk(literal, segments, index + 1, values);
			if (found) return found;
		}
		if (node.param && segment !== '') {
			values.push(segment);
			const found = this.walk(node.param, segments, index + 1, values);
			if (found) return found;
			values.pop();
		}
		return undefined;
	}
}

// ---------------------------------------------------------------------------------------------
// Rate limits: a sliding one-minute window per key

export class RateLimiter {
	private readonly windows = new Map<string, number[]>();

	/** Records a request; returns the seconds to wait when the budget is spent (the request is then refused). */
	hit(key: string, perMinute: number, now: number): number | undefined {
		let window = this.windows.get(key);
		if (!window) {
			window = [];
			this.windows.set(key, window);
		}
		while (window.length && window[0] <= now - 60_000) window.shift();
		if (window.length >= perMinute)
			return Math.max(1, Math.ceil((window[0] + 60_000 - now) / 1000));
		window.push(now);
		return undefined;
	}
}

// ---------------------------------------------------------------------------------------------

export interface ServerOptions {
	sim: SimulatorContext;
	/** Delay before every /api/v2 request is handled. */
	latencyMs: number;
	/** Enforce fiskaly's per-TSS and per-export rate limits. */
	rateLimits: boolean;
	/** Current time in milliseconds. */
	clock: () => number;
}

interface Exchange {
	req: http.IncomingMessage;
	res: http.ServerResponse;
	started: number;
	requestId: string;
	path: string;
	search: string;
	operationId?: string;
	fault?: string;
	/** Control API exchanges are not counted in the traffic statistics. */
	control?: boolean;
}

function segmentsDecoded(path: string): string {
	if (!path.includes('%')) return path;
	try {
		return path
			.split('/')
			.map((segment) => decodeURIComponent(segment).replace(/\//g, '%2F'))
			.join('/');
	} catch {
		throw schemaError(`The request path ${path} is not valid percent-encoding`);
	}
}

function tooLarge(): ApiError {
	return new ApiError(
		413,
		'E_PAYLOAD_TOO_LARGE',
		`The request body is larger than ${BODY_LIMIT_BYTES} bytes (1 MB)`,
	);
}

/** Reads the body, refusing (without buffering further) anything above the limit. */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
	const declared = Number(req.headers['content-length']);
	if (declared > BODY_LIMIT_BYTES) return Promise.reject(tooLarge());
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		// Inline (unnamed) listeners: this runs for every request.
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > BODY_LIMIT_BYTES) {
				req.removeAllListeners('data');
				req.pause();
				reject(tooLarge());
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
		req.on('error', reject);
	});
}

function parseJson(bytes: Buffer): unknown {
	if (bytes.length === 0) return undefined;
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch (error) {
		throw schemaError(`The request body is not valid JSON: ${(error as Error).message}`);
	}
}

export class SimulatorServer {
	readonly http: http.Server;
	private readonly api = new Router(API_ROUTES);
	private readonly control = new Router(controlRoutes);
	private readonly limiter = new RateLimiter();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly sockets = new Set<Socket>();
	private closed = false;

	constructor(private readonly options: ServerOptions) {
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
		let work: Promise<void>;
		if (exchange.path === API_PREFIX || exchange.path.startsWith(`${API_PREFIX}/`))
			work = this.handleApi(exchange);
		else if (exchange.path.startsWith(`${CONTROL_PREFIX}/`)) work = this.handleControl(exchange);
		else
			work = Promise.reject(
				new ApiError(
					404,
					'E_NOT_FOUND',
					`No such path: ${exchange.path} (the API lives under ${API_PREFIX})`,
				),
			);
		work.catch((error) => this.fail(exchange, error));
	}

	private async handleApi(exchange: Exchange): Promise<void> {
		const { req } = exchange;
		const method = req.method ?? 'GET';
		const path = segmentsDecoded(exchange.path.slice(API_PREFIX.length));
		const fault = this.options.sim.faults.take(method, path);
		if (fault) exchange.fault = fault.type === 'status' ? `status ${fault.status}` : fault.type;
		if (this.options.latencyMs > 0) await this.delay(this.options.latencyMs);
		if (fault && (await this.applyFaultBefore(exchange, fault))) return;

		const match = this.api.match(method, path);
		if (!match) throw new ApiError(404, 'E_NOT_FOUND', `No such path: ${API_PREFIX}${path}`);
		if ('allowed' in match) {
			throw new ApiError(
				405,
				'E_METHOD_NOT_ALLOWED',
				`${method} is not supported on ${API_PREFIX}${path} (allowed: ${match.allowed.join(', ')})`,
				{
					Allow: match.allowed.join(', '),
				},
			);
		}
		const { route, params } = match;
		exchange.operationId = route.operationId;
		const session =
			route.auth === false ? NO_SESSION : this.options.sim.tokens.verify(req.headers.authorization);
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
		route: Route,
		params: Record<string, string>,
		session: Session,
	): Promise<RouteResult> {
		const bytes = await readBody(exchange.req);
		let body: unknown;
		if (route.body === 'required' || route.body === 'optional') {
			body = parseJson(bytes);
			if (body === undefined && route.body === 'required')
				throw schemaError('A JSON request body is required');
		}
		const context: RequestContext = {
			params,
			query: new Query(exchange.search),
			body,
			session,
			sim: this.options.sim,
		};
		return route.handle(context);
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
		this.options.sim.traffic.record({
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
