// The simulator CLI as a child process (one node process, so SIGKILL hits the server itself), for the
// durability tests: start it on a data directory, wait for its URL, stop it with a signal.

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const STARTUP_TIMEOUT_MS = 30_000;

export interface CliRun {
	child: ChildProcess;
	url: string;
	output: () => string;
}

/** Starts `simulator/cli.ts` (one node process, so SIGKILL hits the server itself) and waits for its URL. */
export function startCli(dataDir: string): Promise<CliRun> {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', 'simulator/cli.ts', '--port', '0', '--data-dir', dataDir],
		{
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let output = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`the simulator CLI did not start:\n${output}`));
		}, STARTUP_TIMEOUT_MS);
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const match = /base URL:\s+(http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve({ child, url: match[1], output: () => output });
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the simulator CLI exited with ${code}:\n${output}`));
		});
	});
}

export function stop(run: CliRun, signal: NodeJS.Signals): Promise<number | null> {
	return new Promise((resolve) => {
		if (run.child.exitCode !== null || run.child.signalCode !== null)
			return resolve(run.child.exitCode);
		run.child.removeAllListeners('exit');
		run.child.once('exit', (code) => resolve(code));
		run.child.kill(signal);
	});
}
