// Closed-loop load: `concurrency` workers each run `task` back to back until the time is up. A task
// reports how many counted operations it completed (e.g. 2 for a transaction start + finish).

export interface LoadResult {
	operations: number;
	failures: number;
	elapsedMs: number;
	operationsPerSecond: number;
	/** Task latencies in milliseconds. */
	p50Ms: number;
	p99Ms: number;
	firstFailure?: string;
}

export type LoadTask = (worker: number) => Promise<number>;

export async function runClosedLoop(
	concurrency: number,
	durationMs: number,
	task: LoadTask,
): Promise<LoadResult> {
	const latencies: number[] = [];
	let operations = 0;
	let failures = 0;
	let firstFailure: string | undefined;
	const started = process.hrtime.bigint();
	const deadline = started + BigInt(durationMs) * 1_000_000n;

	const worker = async (index: number) => {
		while (process.hrtime.bigint() < deadline) {
			const taskStarted = process.hrtime.bigint();
			try {
				// Not `operations += await task()`: that reads `operations` before awaiting and loses
				// the other workers' increments.
				const completed = await task(index);
				operations += completed;
				latencies.push(Number(process.hrtime.bigint() - taskStarted) / 1e6);
			} catch (error) {
				failures++;
				firstFailure ??= error instanceof Error ? error.message : String(error);
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));

	const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
	latencies.sort((a, b) => a - b);
	const percentile = (p: number) =>
		latencies.length
			? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]
			: NaN;
	return {
		operations,
		failures,
		elapsedMs,
		operationsPerSecond: (operations * 1000) / elapsedMs,
		p50Ms: percentile(0.5),
		p99Ms: percentile(0.99),
		firstFailure,
	};
}
