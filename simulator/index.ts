// Programmatic entry point: `startSimulator({ port: 0 })` for tests, the benchmark and the demo. One
// process serves every fiskaly API below its own base path, and the control API below /_simulator.

import { organizationIdFor, TokenService } from './core/auth';
import { unixSeconds } from './core/clock';
import { FaultInjector } from './core/faults';
import {
	attachJournal,
	createSecrets,
	Journal,
	loadOrCreateSecrets,
	replayJournal,
	TOKEN_SECRET,
} from './core/journal';
import { CONTROL_PREFIX, SimulatorServer } from './core/server';
import { TrafficRecorder } from './core/stats';
import { createDsfinvk } from './dsfinvk';
import type { DsfinvkTiming, Organization } from './dsfinvk/model';
import { createSignDe, SIGN_DE_SECRETS } from './sign-de';
import { createSubmitDe, type SubmissionTiming } from './submit-de';
import { API_VERSION, type ExportTiming, type StateLimits } from './sign-de/model';

export {
	API_VERSION,
	DEFAULT_EXPORT_TIMING,
	DEFAULT_LIMITS,
	DEPLOYMENT_LOG_COUNT,
	MAX_FAILED_ADMIN_LOGINS,
} from './sign-de/model';
export type { RequestLogEntry } from './core/stats';
export type { Fault, FaultRule } from './core/faults';

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
	/** Delay added before every API request is handled. Default 0. */
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
	/** How long DSFinV-K closings and exports stay PENDING and WORKING. Default 200/300 ms and 200/500 ms. */
	dsfinvkTiming?: Partial<DsfinvkTiming>;
	/** The organisation the DSFinV-K export's company and location columns show (a fixture by default). */
	dsfinvkOrganization?: Partial<Organization>;
	/** Clock in milliseconds (tests can move time forward for token expiry or exports). Default Date.now. */
	clock?: () => number;
	/** How long each asynchronous SUBMIT DE submission state lasts. Default 200 ms. */
	submissionTiming?: Partial<SubmissionTiming>;
}

export interface RunningSimulator {
	/** Base URL of the SIGN DE API, e.g. http://127.0.0.1:8000/api/v2 */
	url: string;
	/** Base URL of every API the simulator serves. */
	urls: { signDe: string; dsfinvk: string; submitDe: string };
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
	const nowSeconds = unixSeconds(clock);
	const apiKey = options.apiKey ?? DEFAULT_API_KEY;
	const apiSecret = options.apiSecret ?? DEFAULT_API_SECRET;
	const accessTtl = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
	if (!Number.isInteger(accessTtl) || accessTtl < 1)
		throw new RangeError('tokenTtlSeconds must be a positive integer');

	const makers = { ...SIGN_DE_SECRETS, ...TOKEN_SECRET };
	const secrets = options.dataDir
		? loadOrCreateSecrets(options.dataDir, makers, nowSeconds)
		: createSecrets(makers, nowSeconds);
	const signDe = createSignDe({
		clock,
		secrets,
		limits: options.limits,
		exportTiming: options.exportTiming,
	});
	const dsfinvk = createDsfinvk({
		clock,
		signDe: signDe.lookup,
		timing: options.dsfinvkTiming,
		organization: options.dsfinvkOrganization,
	});
	const submitDe = createSubmitDe({
		clock,
		signDe: signDe.submitDeLookup,
		timing: options.submissionTiming,
	});
	const apis = [signDe, dsfinvk, submitDe];
	const journalParts = new Map(
		apis.flatMap((api) => (api.journal ? [[api.name, api.journal]] : [])),
	);
	const opened = options.dataDir ? Journal.open(options.dataDir) : undefined;
	try {
		if (opened) replayJournal(opened.records, journalParts);
	} catch (error) {
		opened?.journal.close();
		throw error;
	}
	if (opened) attachJournal(opened.journal, journalParts);

	const tokenOptions = {
		apiKey,
		apiSecret,
		secret: Buffer.from(secrets.tokenSecret as string, 'hex'),
		organizationId: organizationIdFor(apiKey),
		accessTtlSeconds: accessTtl,
		refreshTtlSeconds: accessTtl * 2,
		clock,
	};
	const server = new SimulatorServer({
		apis: apis.map((api) => ({
			api,
			tokens: new TokenService({ ...tokenOptions, party: api.tokenParty }),
		})),
		faults: new FaultInjector(apis.map((api) => api.basePath)),
		traffic: new TrafficRecorder(apis),
		version: API_VERSION,
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
	dsfinvk.listening(`${origin}${dsfinvk.basePath}`);
	let closing: Promise<void> | undefined;
	return {
		url: `${origin}${signDe.basePath}`,
		urls: {
			signDe: `${origin}${signDe.basePath}`,
			dsfinvk: `${origin}${dsfinvk.basePath}`,
			submitDe: `${origin}${submitDe.basePath}`,
		},
		controlUrl: `${origin}${CONTROL_PREFIX}`,
		port,
		apiKey,
		apiSecret,
		close() {
			closing ??= server.close().then(() => {
				for (const part of journalParts.values()) part.detach();
				opened?.journal.close();
			});
			return closing;
		},
	};
}
