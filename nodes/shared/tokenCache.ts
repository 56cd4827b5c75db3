import { createHash } from 'crypto';

/**
 * The access tokens of each credential, held in this process until they expire, so that one n8n
 * process asks each fiskaly API for a token once per token lifetime, however many executions arrive
 * together. n8n alone does not give that: it calls preAuthentication for every execution that read
 * the credential before the first token was saved to its database (20 executions arriving together
 * with a new credential made 13–14 POST /auth), and for every request that got a 401 on expiry.
 *
 * A caller states the tokens it holds (empty: none). It gets the tokens this process holds when
 * they differ from its own (it has none or older ones) and have not expired; otherwise (its tokens
 * are the ones held, so they were just refused, or nothing is held) one fetch starts, shared by
 * every caller that asks while it runs. A failed fetch is not kept: the next caller tries again.
 *
 * Entries are keyed by a SHA-256 of the API key, secret and base URLs: the secret never becomes
 * part of a key. Processes do not share this (n8n's workers each fetch their own tokens).
 */
export interface FetchedTokens {
	/** What the credential's hidden expirable field holds. */
	accessToken: string;
	/** Lifetime in seconds of the shortest-lived token in it, as fiskaly told it; undefined if not told. */
	expiresInSeconds?: number;
}

/**
 * Held when fiskaly did not say how long a token lives [INFERRED: fiskaly's tokens live longer;
 * holding them shorter only costs an extra POST /auth].
 */
const DEFAULT_LIFETIME_SECONDS = 300;

/** Stop handing out a token this long before it expires, so requests do not race its end. */
const EXPIRY_MARGIN_MS = 10_000;

interface HeldTokens {
	accessToken: string;
	expiresAt: number;
}

const heldTokens = new Map<string, HeldTokens>();
const fetches = new Map<string, Promise<string>>();

/** The memory key of a credential: a hash, so the secret is not kept in a readable key. */
export function tokenCacheKey(identity: unknown): string {
	return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

function forgetExpired(now: number): void {
	for (const [key, held] of heldTokens) if (held.expiresAt <= now) heldTokens.delete(key);
}

/**
 * The tokens to use instead of `callerTokens` (the ones the caller holds, '' for none); `fetchTokens`
 * runs only when this process holds nothing newer and no fetch for the key is running.
 */
export function sharedTokens(
	key: string,
	callerTokens: string,
	fetchTokens: () => Promise<FetchedTokens>,
	now: () => number = Date.now,
): Promise<string> {
	forgetExpired(now());
	const held = heldTokens.get(key);
	if (held && held.accessToken !== callerTokens) return Promise.resolve(held.accessToken);
	const running = fetches.get(key);
	if (running) return running;
	const startedAt = now();
	const fetching = fetchTokens().then((fetched) => {
		const lifetimeMs = (fetched.expiresInSeconds ?? DEFAULT_LIFETIME_SECONDS) * 1000;
		heldTokens.set(key, {
			accessToken: fetched.accessToken,
			expiresAt: startedAt + Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS),
		});
		return fetched.accessToken;
	});
	fetches.set(key, fetching);
	const done = () => {
		fetches.delete(key);
	};
	fetching.then(done, done);
	return fetching;
}
