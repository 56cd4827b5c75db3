// Closed-loop load: `concurrency` workers each run `task` back to back until the time is up. A task
// reports how many counted operations it completed (e.g. 2 for a transaction start + finish).

export interface LoadResult {
	operations: number;
	failures: number;
	elapsedMs: number;
	operationsPerSecond: number;
	/** Task latencies in milliseconds, sorted. */
	latenciesMs: number[];
	p50Ms: number;
	p99Ms: number;
	firstFailure?: string;
	/** CPU time of the load generator (this process) and of the server under test, when measured. */
	clientCpuMs?: number;
	serverCpuMs?: number;
}

export type LoadTask = (worker: number) => Promise<number>;

function summarise(
	parts: Pick<
		LoadResult,
		| 'operations'
		| 'failures'
		| 'elapsedMs'
		| 'latenciesMs'
		| 'firstFailure'
		| 'clientCpuMs'
		| 'serverCpuMs'
	>,
): LoadResult {
	const latenciesMs = [...parts.latenciesMs].sort((a, b) => a - b);
	const percentile = (p: number) =>
		latenciesMs.length
			? latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(p * latenciesMs.length))]
			: NaN;
	return {
		...parts,
		latenciesMs,
		operationsPerSecond: (parts.operations * 1000) / parts.elapsedMs,
		p50Ms: percentile(0.5),
		p99Ms: percentile(0.99),
	};
}

export async function runClosedLoop(
	concurrency: number,
	durationMs: number,
	task: LoadTask,
): Promise<LoadResult> {
	const latenciesMs: number[] = [];
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
				latenciesMs.push(Number(process.hrtime.bigint() - taskStarted) / 1e6);
			} catch (error) {
				failures++;
				firstFailure ??= error instanceof Error ? error.message : String(error);
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
	const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
	return summarise({ operations, failures, elapsedMs, latenciesMs, firstFailure });
}

const sumOf = (results: LoadResult[], field: 'clientCpuMs' | 'serverCpuMs') =>
	results.every((r) => r[field] !== undefined)
		? results.reduce((sum, r) => sum + r[field]!, 0)
		: undefined;

/** One result from several slices of the same load (e.g. rounds interleaved with another target). */
export function combineResults(results: LoadResult[]): LoadResult {
	return summarise({
		operations: results.reduce((sum, r) => sum + r.operations, 0),
		failures: results.reduce((sum, r) => sum + r.failures, 0),
		elapsedMs: results.reduce((sum, r) => sum + r.elapsedMs, 0),
		latenciesMs: results.flatMap((r) => r.latenciesMs),
		firstFailure: results.find((r) => r.firstFailure)?.firstFailure,
		clientCpuMs: sumOf(results, 'clientCpuMs'),
		serverCpuMs: sumOf(results, 'serverCpuMs'),
	});
}

const ownCpuMs = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
};

/** runClosedLoop, plus the CPU time this process and the server (`serverCpuMs()`, if known) spent. */
async function measuredLoop(
	concurrency: number,
	durationMs: number,
	task: LoadTask,
	serverCpuMs?: () => number | undefined,
): Promise<LoadResult> {
	const client = ownCpuMs();
	const server = serverCpuMs?.();
	const result = await runClosedLoop(concurrency, durationMs, task);
	const serverAfter = serverCpuMs?.();
	result.clientCpuMs = ownCpuMs() - client;
	if (server !== undefined && serverAfter !== undefined) result.serverCpuMs = serverAfter - server;
	return result;
}

/**
 * Measures several targets in interleaved rounds (A B A B …) so that load from other processes on a
 * shared machine, which drifts over seconds, hits every target alike instead of skewing their ratio.
 */
export async function runInterleaved(
	targets: Array<{ name: string; task: LoadTask; serverCpuMs?: () => number | undefined }>,
	options: {
		concurrency: number;
		totalMsPerTarget: number;
		rounds: number;
		warmupMs: number;
		/** Runs after each round, e.g. a CPU-only measurement while the servers are idle. */
		afterRound?: () => void;
	},
): Promise<Map<string, LoadResult>> {
	for (const { task } of targets) await runClosedLoop(options.concurrency, options.warmupMs, task);
	const slices = new Map<string, LoadResult[]>(targets.map(({ name }) => [name, []]));
	const sliceMs = Math.max(1, Math.round(options.totalMsPerTarget / options.rounds));
	for (let round = 0; round < options.rounds; round++) {
		for (const { name, task, serverCpuMs } of targets) {
			slices.get(name)!.push(await measuredLoop(options.concurrency, sliceMs, task, serverCpuMs));
		}
		options.afterRound?.();
	}
	return new Map([...slices].map(([name, results]) => [name, combineResults(results)]));
}
