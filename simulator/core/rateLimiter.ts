// Rate limits: a sliding one-minute window per key (REFERENCE §0).

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
