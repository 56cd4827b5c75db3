// The simulator under benchmark, in its own process: in memory (no data dir). BENCH_SIM_LATENCY_MS
// delays every API request, as a distant fiskaly would answer (for the Concurrency figure).

import { startSimulator } from '../../../simulator';
import { serveUntilStopped } from '../serverProcess';

async function main() {
	const latencyMs = Number(process.env.BENCH_SIM_LATENCY_MS ?? '0');
	const simulator = await startSimulator({ port: 0, latencyMs });
	serveUntilStopped(
		{
			url: simulator.url,
			urls: simulator.urls,
			apiKey: simulator.apiKey,
			apiSecret: simulator.apiSecret,
		},
		() => simulator.close(),
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
