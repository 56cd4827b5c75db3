// The simulator under benchmark, in its own process: in memory (no data dir), no added latency.

import { startSimulator } from '../../../simulator';
import { serveUntilStopped } from '../serverProcess';

async function main() {
	const simulator = await startSimulator({ port: 0 });
	serveUntilStopped(
		{ url: simulator.url, apiKey: simulator.apiKey, apiSecret: simulator.apiSecret },
		() => simulator.close(),
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
