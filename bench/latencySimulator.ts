// A simulator in its own process with a fixed delay before every API request (BENCH_SIM_LATENCY_MS),
// as a distant fiskaly would answer: for measuring what the node's Concurrency option buys.

import { startSimulator } from '../simulator';
import { serveUntilStopped } from './lib/serverProcess';

async function main() {
	const latencyMs = Number(process.env.BENCH_SIM_LATENCY_MS ?? '0');
	const simulator = await startSimulator({ port: 0, latencyMs });
	serveUntilStopped(
		{ url: simulator.url, apiKey: simulator.apiKey, apiSecret: simulator.apiSecret },
		() => simulator.close(),
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
