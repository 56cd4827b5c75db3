// Runs a benchmark server in its own Node process, so the load generator and the server under test
// each get a core instead of sharing one event loop. The child script announces itself with
// `process.send({ ready: <details> })` and exits when it receives 'stop'.

import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface ServerProcess<T> {
	details: T;
	pid: number;
	/** CPU time (user + system, all threads) the process has used so far; undefined without /proc. */
	cpuMs(): number | undefined;
	stop(): Promise<void>;
}

// utime and stime in /proc/<pid>/stat count clock ticks, which are 1/100 s on Linux.
const MS_PER_CLOCK_TICK = 10;

function processCpuMs(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * MS_PER_CLOCK_TICK;
	} catch {
		return undefined;
	}
}

export interface ServerProcessOptions {
	/** Write a V8 CPU profile (.cpuprofile) of the server into this directory. */
	cpuProfileDir?: string;
	env?: Record<string, string>;
}

const STARTUP_TIMEOUT_MS = 20_000;
const STARTUP_ATTEMPTS = 2;

/**
 * Forks `script` and waits for its ready message. A child has been seen never to report ready
 * (twice in one session on Node 20 with tsx's loader, not reproducible on demand); such a child is
 * killed and one more is started.
 */
export async function startServerProcess<T>(
	script: string,
	options: ServerProcessOptions = {},
): Promise<ServerProcess<T>> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await forkServer<T>(script, options);
		} catch (error) {
			if (attempt >= STARTUP_ATTEMPTS) throw error;
			process.stderr.write(`${(error as Error).message}; starting it again\n`);
		}
	}
}

function forkServer<T>(script: string, options: ServerProcessOptions): Promise<ServerProcess<T>> {
	const execArgv = ['--import', 'tsx'];
	if (options.cpuProfileDir)
		execArgv.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProfileDir)}`);
	const child = fork(script, [], {
		execArgv,
		env: { ...process.env, ...options.env },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill();
			reject(new Error(`${script} did not report ready within ${STARTUP_TIMEOUT_MS} ms`));
		}, STARTUP_TIMEOUT_MS);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${script} exited with code ${code} before it was ready`));
		});
		child.on('message', (message: { ready?: T }) => {
			if (!message || message.ready === undefined) return;
			clearTimeout(timer);
			resolve({
				details: message.ready,
				pid: child.pid ?? -1,
				cpuMs: () => (child.pid === undefined ? undefined : processCpuMs(child.pid)),
				stop: async () => {
					if (child.exitCode === null) child.send('stop');
					const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
					await exited;
					clearTimeout(killTimer);
				},
			});
		});
	});
}

/** The child's side: report `details` to the parent and run `shutdown` when told to stop. */
export function serveUntilStopped(details: unknown, shutdown: () => Promise<void> | void): void {
	if (!process.send)
		throw new Error('run this script through startServerProcess (it needs an IPC channel)');
	process.on('message', async (message) => {
		if (message !== 'stop') return;
		await shutdown();
		process.exit(0); // also flushes --cpu-prof
	});
	process.send({ ready: details });
}
