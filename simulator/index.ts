// Programmatic entry point: `startSimulator({ port: 0 })` for tests, the benchmark and the demo.

import { organizationIdFor, TokenService } from './auth';
import { FaultInjector } from './faults';
import { createSecrets, Journal, loadOrCreateSecrets } from './journal';
import { SimulatorServer, API_PREFIX, CONTROL_PREFIX } from './server';
import { SimulatorState, type ExportTiming, type StateLimits } from './state';
import { TrafficRecorder } from './stats';

export { API_ROUTES, controlRoutes } from './routes';
export type { Route } from './routes/route';
export {
	API_VERSION,
	DEFAULT_EXPORT_TIMING,
	DEFAULT_LIMITS,
	DEPLOYMENT_LOG_COUNT,
	MAX_FAILED_ADMIN_LOGINS,
} from './state';
export type { RequestLogEntry } from './stats';
export type { Fault, FaultRule } from './faults';

export const DEFAULT_API_KEY = 'test_simulator_api_key';
export const DEFAULT_API_SECRET = 'test_simulator_api_secret';
/** fiskaly's lifetimes: access token 24 h, refresh token 48 h (REFERENCE §1.1). */
export const DEFAULT_TOKEN_TTL_SECONDS = 86_400;

export interface SimulatorOptions {
	/** TCP port; 0 (the default) picks a free one. */
	port?: number;
	/** Interface to bind; default 127.0.0.1. */
	host?: string;
	apiKey?: string;
	apiSecret?: string;
	/** Directory for the journal and secrets; without it everything lives in memory only. */
	dataDir?: string;
	/** Delay added before every /api/v2 request is handled. Default 0. */
	latencyMs?: number;
	/** Access token lifetime; the refresh token lives twice as long. Default 86400. */
	tokenTtlSeconds?: number;
	/**
	 * fiskaly's rate limits (20/min per TSS on GET /tss/{id}/tx, 12/min per export on GET export and
	 * /file → 429 with Retry-After). Default false here so fast tests can poll freely; the CLI turns them on.
	 */
	rateLimits?: boolean;
	/** TEST limits (2000 active transactions, 199 clients, 10 running exports per TSS). */
	limits?: Partial<StateLimits>;
	/** How long exports stay PENDING and WORKING. Default 200 ms and 500 ms. */
	exportTiming?: Partial<ExportTiming>;
	/** Clock in milliseconds (tests can move time forward for token expiry or exports). Default Date.now. */
	clock?: () => number;
}

export interface RunningSimulator {
	/** Base URL of the API, e.g. http://127.0.0.1:8000/api/v2 */
	url: string;
	/** Base URL of the control API, e.g. http://127.0.0.1:8000/_simulator */
	controlUrl: string;
	port: number;
	apiKey: string;
	apiSecret: string;
	/** Stops the server: ends keep-alive connections, clears timers and closes the journal. */
	close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	const clock = options.clock ?? Date.now;
	const nowSeconds = Math.floor(clock() / 1000);
	const apiKey = options.apiKey ?? DEFAULT_API_KEY;
	const apiSecret = options.apiSecret ?? DEFAULT_API_SECRET;
	const accessTtl = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
	if (!Number.isInteger(accessTtl) || accessTtl < 1)
		throw new RangeError('tokenTtlSeconds must be a positive integer');

	const secrets = options.dataDir
		? loadOrCreateSecrets(options.dataDir, nowSeconds)
		: createSecrets(nowSeconds);
	const opened = options.dataDir ? Journal.open(options.dataDir) : undefined;
	const state = new SimulatorState({
		clock,
		ca: secrets.ca,
		limits: options.limits,
		exportTiming: options.exportTiming,
	});
	try {
		if (opened) state.replay(opened.records);
	} catch (error) {
		opened?.journal.close();
		throw error;
	}
	if (opened) state.attachJournal(opened.journal);

	const tokens = new TokenService({
		apiKey,
		apiSecret,
		secret: Buffer.from(secrets.tokenSecret, 'hex'),
		organizationId: organizationIdFor(apiKey),
		accessTtlSeconds: accessTtl,
		refreshTtlSeconds: accessTtl * 2,
		clock,
	});
	const server = new SimulatorServer({
		sim: { state, tokens, faults: new FaultInjector(), traffic: new TrafficRecorder() },
		latencyMs: options.latencyMs ?? 0,
		rateLimits: options.rateLimits ?? false,
		clock,
	});
	const host = options.host ?? '127.0.0.1';
	let port: number;
	try {
		port = await server.listen(options.port ?? 0, host);
	} catch (error) {
		opened?.journal.close();
		throw error;
	}
	const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
	let closing: Promise<void> | undefined;
	return {
		url: `${origin}${API_PREFIX}`,
		controlUrl: `${origin}${CONTROL_PREFIX}`,
		port,
		apiKey,
		apiSecret,
		close() {
			closing ??= server.close().then(() => {
				state.detachJournal();
				opened?.journal.close();
			});
			return closing;
		},
	};
}
