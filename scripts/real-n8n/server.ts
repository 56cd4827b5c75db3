/** A running `n8n start`: readiness, webhook registration, the owner account and REST calls. */
import { randomBytes } from 'node:crypto';
import type { BackgroundProcess } from './processes';

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export const DEMO_OWNER: OwnerAccount = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Fiskaly-Demo-1',
};

/** A running `n8n start`, with the owner's session for REST calls. */
export class RunningN8n {
	private sessionCookie = '';

	// A fixed browser id: n8n binds session tokens to the `browser-id` header they were issued with.
	private readonly browserId = randomBytes(8).toString('hex');

	constructor(
		readonly baseUrl: string,
		readonly process: BackgroundProcess,
	) {}

	/** Waits until n8n has migrated its database, loaded the nodes and serves its REST API. */
	async waitUntilReady(timeoutMs = 5 * 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.process.hasExited()) {
				throw new Error(`n8n exited before it was ready:\n${tail(this.process.output())}`);
			}
			try {
				// Readiness alone is not enough on n8n 1.x: it answers before the REST routes exist.
				const ready = await fetch(`${this.baseUrl}/healthz/readiness`);
				if (ready.ok && (await fetch(`${this.baseUrl}/rest/settings`)).ok) return;
			} catch {
				// Not listening yet.
			}
			await sleep(300);
		}
		throw new Error(
			`n8n was not ready after ${timeoutMs / 1000} s:\n${tail(this.process.output())}`,
		);
	}

	/**
	 * Waits until n8n has registered an active workflow's production webhook: that happens shortly
	 * after the REST API is up. Probes with GET, which n8n answers "not registered for GET" once the
	 * (POST) webhook exists, and "The requested webhook … is not registered" before.
	 */
	async waitForWebhook(webhookPath: string, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`);
			const text = await response.text();
			if (response.status !== 404 || !/The requested webhook .* is not registered/.test(text))
				return;
			if (Date.now() > deadline) {
				throw new Error(
					`n8n did not register the webhook ${webhookPath} within ${timeoutMs / 1000} s: ${text}`,
				);
			}
			await sleep(250);
		}
	}

	/** Creates the instance owner (first start only) and keeps the session cookie. */
	async setUpOwner(owner: OwnerAccount): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify(owner),
		});
		if (!response.ok) {
			throw new Error(`owner setup failed: HTTP ${response.status} ${await response.text()}`);
		}
		this.keepSession(response);
	}

	private keepSession(response: Response): void {
		const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (!cookie) throw new Error('n8n did not return a session cookie');
		this.sessionCookie = cookie.split(';')[0];
	}

	/** A REST call as the owner; returns the parsed body's `data` (n8n wraps responses in it). */
	async rest<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/rest${apiPath}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				cookie: this.sessionCookie,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${apiPath}: HTTP ${response.status} ${text}`);
		const parsed = JSON.parse(text) as { data: T };
		return parsed.data;
	}

	async stop(): Promise<void> {
		await this.process.stop();
	}
}

export function tail(text: string, lines = 40): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
