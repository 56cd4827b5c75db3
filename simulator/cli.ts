// `npm run simulator -- --port 8000 [--host 127.0.0.1] [--api-key K --api-secret S] [--data-dir DIR]
//  [--latency-ms N] [--token-ttl SECONDS] [--no-rate-limits]`

import * as path from 'node:path';

import { startSimulator, type SimulatorOptions } from './index';

const USAGE = `Usage: npm run simulator -- [options]
  --port N            TCP port (default 8000; 0 picks a free one)
  --host HOST         interface to bind (default 127.0.0.1)
  --api-key KEY       API key accepted by every POST <base>/auth (default test_simulator_api_key)
  --api-secret SECRET API secret accepted by every POST <base>/auth (default test_simulator_api_secret)
  --data-dir DIR      keep state in DIR (journal survives restarts and kill -9); default: memory only
  --latency-ms N      delay every API request by N ms
  --token-ttl SECONDS access token lifetime (refresh token: twice that; default 86400)
  --no-rate-limits    do not enforce fiskaly's rate limits (on by default here)
  --help              show this text`;

function fail(message: string): never {
	process.stderr.write(`${message}\n\n${USAGE}\n`);
	process.exit(2);
}

function parseArguments(argv: string[]): SimulatorOptions {
	const options: SimulatorOptions = { port: 8000, rateLimits: true };
	const integer = (flag: string, value: string | undefined, min: number): number => {
		if (value === undefined || !/^\d+$/.test(value) || Number(value) < min)
			fail(`${flag} needs an integer ≥ ${min}`);
		return Number(value);
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = (): string => {
			const next = argv[++i];
			if (next === undefined || next.startsWith('--')) fail(`${flag} needs a value`);
			return next;
		};
		switch (flag) {
			case '--port':
				options.port = integer(flag, value(), 0);
				break;
			case '--host':
				options.host = value();
				break;
			case '--api-key':
				options.apiKey = value();
				break;
			case '--api-secret':
				options.apiSecret = value();
				break;
			case '--data-dir':
				options.dataDir = path.resolve(value());
				break;
			case '--latency-ms':
				options.latencyMs = integer(flag, value(), 0);
				break;
			case '--token-ttl':
				options.tokenTtlSeconds = integer(flag, value(), 1);
				break;
			case '--no-rate-limits':
				options.rateLimits = false;
				break;
			case '--help':
				process.stdout.write(`${USAGE}\n`);
				process.exit(0);
				break;
			default:
				fail(`Unknown option ${flag}`);
		}
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseArguments(process.argv.slice(2));
	const simulator = await startSimulator(options);
	const { signDe, dsfinvk, submitDe } = simulator.urls;
	process.stdout.write(
		[
			'fiskaly simulator ready (TEST environment, not a certified TSE)',
			// SIGN DE first: scripts take the first "base URL:" as the SIGN DE one.
			`  SIGN DE v2 base URL:   ${signDe}`,
			`  DSFinV-K v1 base URL:  ${dsfinvk}`,
			`  SUBMIT DE v1 base URL: ${submitDe}`,
			`  api key:     ${simulator.apiKey}`,
			`  api secret:  ${simulator.apiSecret}`,
			`  control API: ${simulator.controlUrl}`,
			`  data:        ${options.dataDir ?? 'in memory only'}`,
			`  rate limits: ${options.rateLimits ? 'on' : 'off'}`,
			'',
		].join('\n'),
	);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`${signal}: stopping the simulator\n`);
		simulator.close().then(
			() => process.exit(0),
			(error) => {
				process.stderr.write(`simulator: ${String(error)}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
	process.stderr.write(`simulator failed to start: ${(error as Error).message}\n`);
	process.exit(1);
});
