// What the secret-leak tests of Fiskaly DSFinV-K and Fiskaly SUBMIT DE share: node runs under a
// credential whose API secret is a sentinel (and one with a wrong sentinel secret), each checked to
// end as meant (fails with the asserted reason, or succeeds), to have reached the node's API (or, for
// offline runs and bad input, not), and scanned for the sentinels: error, run data, output items,
// their binary files decoded, and the simulator's request log of that run. Plus the operations a
// node offers that no successful run covered, and a scan of everything n8n logged meanwhile.
import { LoggerProxy } from 'n8n-workflow';
import type { INodeType } from 'n8n-workflow';

import {
	DEFAULT_CREDENTIAL_ID,
	type NodeRunResult,
	type RunNodeOptions,
} from '../../scripts/n8n-engine';
import type { EngineSession } from '../node/engine/session';
import {
	captureEverythingLogged,
	offeredOperations,
	stringsIn,
	type LogCapture,
} from '../support/secretLeaks';

export const WRONG_SECRET_CREDENTIAL = 'wrong-secret';

export interface Expectation {
	/** The run must fail (an error, or an error item under continueOnFail) with a message matching this. */
	fails?: RegExp;
	/** Whether the run must send requests to the node's API (default); false: it must send none. */
	callsApi?: boolean;
}

interface LoggedRequest {
	method: string;
	path: string;
	status: number;
}

export class SecretLeakProbe {
	/** `label: sentinels` of every run whose recorded data held a sentinel. */
	readonly leaks: string[] = [];

	/** `resource.operation` of every run that succeeded, and of every run that failed as meant. */
	readonly succeeded = new Set<string>();

	readonly failed = new Set<string>();

	/** POST /auth requests at the node's API among the scanned requests: where the secret was sent. */
	authRequests = 0;

	private readonly logs: LogCapture<null>;

	private readonly apiBase: string;

	/**
	 * `node` makes a run of the node under test from resource, operation and parameters; `apiUrl` is
	 * its API's base URL at the simulator. The session's simulator must accept only `apiSecret`.
	 */
	constructor(
		private readonly session: EngineSession,
		private readonly node: (options: RunNodeOptions) => RunNodeOptions,
		apiUrl: string,
		private readonly sentinels: { apiSecret: string; wrongApiSecret: string },
	) {
		this.apiBase = new URL(apiUrl).pathname;
		this.logs = captureEverythingLogged(() => null);
		session.engine.saveCredential(WRONG_SECRET_CREDENTIAL, { apiSecret: sentinels.wrongApiSecret });
		// The sentinels are really what the runs authenticate with.
		const secretOf = (id: string) => session.engine.credentials.read(id).apiSecret;
		if (secretOf(DEFAULT_CREDENTIAL_ID) !== sentinels.apiSecret)
			throw new Error('the default credential does not hold the sentinel API secret');
		if (secretOf(WRONG_SECRET_CREDENTIAL) !== sentinels.wrongApiSecret)
			throw new Error('the wrong-secret credential does not hold its sentinel');
	}

	restoreLogging(): void {
		this.logs.restore();
	}

	leaksIn(strings: string[]): string[] {
		const text = strings.join('\n');
		return Object.values(this.sentinels).filter((sentinel) => text.includes(sentinel));
	}

	/** Runs the node once (see Expectation) and records what it leaked. */
	async run(options: RunNodeOptions, expectation: Expectation = {}): Promise<NodeRunResult> {
		const { fails, callsApi = true } = expectation;
		const operation = `${options.resource}.${options.operation}`;
		const label = `${operation}${fails ? ' (failing)' : ''}${options.credentialId ? ` with ${options.credentialId}` : ''}`;
		await this.session.resetTraffic();
		const result = await this.session.engine.runNode(this.node(options));
		if (fails) {
			const message = options.continueOnFail
				? (result.items[0]?.json.error as { message?: unknown } | undefined)?.message
				: result.error?.message;
			if (typeof message !== 'string' || !fails.test(message))
				throw new Error(
					`${label} was meant to fail with ${fails} but ended with ${JSON.stringify(result.error ?? result.items[0]?.json)}`,
				);
			this.failed.add(operation);
		} else {
			if (result.error)
				throw new Error(`${label} failed: ${result.error.message} | ${result.error.description}`);
			this.succeeded.add(operation);
		}

		const requests = await this.apiRequests();
		if (callsApi && requests.length === 0)
			throw new Error(`${label} sent no request to ${this.apiBase}`);
		if (!callsApi && requests.length > 0)
			throw new Error(`${label} was not meant to call the API but sent ${requests[0].path}`);
		this.authRequests += requests.filter(
			(request) => request.method === 'POST' && request.path === `${this.apiBase}/auth`,
		).length;

		// Binary files (PDF, XML, TAR) are kept base64-encoded: scan them decoded too.
		const files = result.items.flatMap((item) =>
			Object.values(item.binary ?? {}).map((binary) =>
				Buffer.from(binary.data, 'base64').toString('latin1'),
			),
		);
		const recorded = { run: result.run, error: result.error, items: result.items, files, requests };
		const found = this.leaksIn(stringsIn(recorded));
		if (found.length) this.leaks.push(`${label}: ${found.join(', ')}`);
		return result;
	}

	/** Requests the simulator logged at the node's API since the run began (the log keeps no bodies). */
	private async apiRequests(): Promise<LoggedRequest[]> {
		const response = await fetch(`${this.session.sim.controlUrl}/requests`);
		const { data } = (await response.json()) as { data: LoggedRequest[] };
		return data.filter((request) => request.path.startsWith(`${this.apiBase}/`));
	}

	/** Operations the node offers that no run covered successfully. */
	notRunOk(nodeType: unknown): string[] {
		const offered = offeredOperations((nodeType as INodeType).description);
		if (offered.length === 0) throw new Error('the node offers no operations');
		return offered.filter((operation) => !this.succeeded.has(operation));
	}

	/** Sentinels in anything n8n logged or reported so far; throws when the capture is not live. */
	loggedLeaks(): string[] {
		LoggerProxy.debug('capture check', { value: 'capture-probe' });
		if (!this.logs.entries.some(({ args }) => stringsIn(args).includes('capture-probe')))
			throw new Error('the log capture is not live');
		return this.leaksIn(this.logs.entries.flatMap(({ args }) => stringsIn(args)));
	}
}

/**
 * The closing checks of a leak test file, once its runs are done: every operation the node offers
 * ran successfully, exactly `failing` also ran failing, the token requests (where the secrets are
 * sent) were among the scanned ones, and nothing n8n logged holds a sentinel.
 */
export function describeWhatWasRecorded(
	probe: () => SecretLeakProbe,
	nodeType: () => unknown,
	failing: string[],
): void {
	describe('what was run, what n8n logged and the simulator recorded', () => {
		it('ran every operation the node offers successfully, and the failing ones', () => {
			expect(probe().notRunOk(nodeType())).toEqual([]);
			expect([...probe().failed].sort()).toEqual([...failing].sort());
		});

		it('the token requests, where the secrets were sent, were among the scanned requests', () => {
			// One with the sentinel, one refused with the wrong secret.
			expect(probe().authRequests).toBeGreaterThanOrEqual(2);
		});

		it('nothing n8n logged or reported holds a secret', () => {
			expect(probe().loggedLeaks()).toEqual([]);
		});
	});
}
