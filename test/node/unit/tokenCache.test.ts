// The process-wide token holder behind the credential's preAuthentication (nodes/shared/tokenCache.ts).
import { randomUUID } from 'node:crypto';

import { sharedTokens, tokenCacheKey } from '../../../nodes/shared/tokenCache';

/** A fetch that counts its calls and answers with a new token set each time. */
function counter(expiresInSeconds?: number) {
	const fetch = {
		calls: 0,
		run: async () => ({ accessToken: `set-${++fetch.calls}`, expiresInSeconds }),
	};
	return fetch;
}

const freshKey = () => tokenCacheKey(['key', randomUUID(), ['http://127.0.0.1/api/v2']]);

describe('sharedTokens', () => {
	it('keeps the secret out of the key and tells credentials apart', () => {
		const key = tokenCacheKey(['test_key', 'very-secret', { signDe: 'http://a' }]);
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(key).not.toContain('secret');
		expect(tokenCacheKey(['test_key', 'other-secret', { signDe: 'http://a' }])).not.toBe(key);
		expect(tokenCacheKey(['test_key', 'very-secret', { signDe: 'http://b' }])).not.toBe(key);
	});

	it('fetches once for callers without a token, while fetching and afterwards', async () => {
		const key = freshKey();
		const fetch = counter(3600);
		const together = await Promise.all([1, 2, 3].map(() => sharedTokens(key, '', fetch.run)));
		const later = await sharedTokens(key, '', fetch.run);
		expect([...together, later]).toEqual(['set-1', 'set-1', 'set-1', 'set-1']);
		expect(fetch.calls).toBe(1);
	});

	it('renews once when callers report the held tokens refused, and hands late callers the new ones', async () => {
		const key = freshKey();
		const fetch = counter(3600);
		await sharedTokens(key, '', fetch.run);
		const refused = await Promise.all([1, 2].map(() => sharedTokens(key, 'set-1', fetch.run)));
		const late = await sharedTokens(key, 'set-1', fetch.run);
		expect([...refused, late]).toEqual(['set-2', 'set-2', 'set-2']);
		expect(fetch.calls).toBe(2);
	});

	it('drops tokens at their expiry (minus a margin) and keeps none fiskaly gave no lifetime for past the default', async () => {
		const key = freshKey();
		let now = 1_000_000;
		const fetch = counter(60);
		await sharedTokens(key, '', fetch.run, () => now);
		now += 49_000;
		expect(await sharedTokens(key, '', fetch.run, () => now)).toBe('set-1');
		now += 2_000; // 51 s: within the 10 s margin before the 60 s expiry
		expect(await sharedTokens(key, '', fetch.run, () => now)).toBe('set-2');
		expect(fetch.calls).toBe(2);
	});

	it('does not keep a failed fetch: the next caller fetches again', async () => {
		const key = freshKey();
		let calls = 0;
		const failing = async () => {
			calls++;
			throw new Error('fiskaly down');
		};
		await expect(
			Promise.all([sharedTokens(key, '', failing), sharedTokens(key, '', failing)]),
		).rejects.toThrow('fiskaly down');
		expect(calls).toBe(1);
		const fetch = counter(3600);
		expect(await sharedTokens(key, '', fetch.run)).toBe('set-1');
	});
});
