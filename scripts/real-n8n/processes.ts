/**
 * Child processes that never outlive us. Every child is the leader of its own process group, so
 * stopping it also stops what it started (n8n's task runner, npm's node-gyp). A group of its own
 * does not get the terminal's Ctrl-C, and a test runner may kill its worker outright, so each group
 * also holds a small watchdog that kills the group within a second once this process is gone.
 * Scripts that own the terminal (the demo) call `stopOnSignals()` for an orderly teardown on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

/**
 * `sh -c WATCHDOG sh <our pid> <command> <args…>`: starts a background loop that kills the whole
 * group when our pid disappears, then becomes the command (exec keeps the pid, the group and the
 * exit code). The loop's output goes to /dev/null so it never holds the command's pipes open.
 */
const WATCHDOG = `parent=$1; shift
( while kill -0 "$parent" 2>/dev/null; do sleep 1; done; kill -KILL 0 ) </dev/null >/dev/null 2>&1 &
exec "$@"`;

export function isProcessAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
	return spawn('/bin/sh', ['-c', WATCHDOG, 'sh', String(process.pid), command, ...args], {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
}

export interface SpawnOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
}

export interface RunOptions extends SpawnOptions {
	/** The whole process group is killed after this long and the run counts as failed. */
	timeoutMs: number;
	/** Receives every complete output line (stdout and stderr) as it arrives. */
	onLine?: (line: string) => void;
	/**
	 * Says from the output so far that the command has done its work (e.g. printed its result).
	 * From then on the timeout no longer applies: the command gets `settleGraceMs` to exit by itself,
	 * then its group is stopped and the run counts as complete (`settled`), however slow the machine.
	 */
	doneWhen?: (stdout: string) => boolean;
	settleGraceMs?: number;
}

export interface RunResult {
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	/** doneWhen said the work was done and the command was stopped after the grace time. */
	settled: boolean;
}

function forwardLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
	let pending = '';
	stream.on('data', (chunk: Buffer) => {
		pending += chunk.toString('utf8');
		const lines = pending.split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) onLine(line);
	});
	stream.on('end', () => {
		if (pending !== '') onLine(pending);
	});
}

/** Runs a command to completion and collects its output; never throws for a non-zero exit. */
export function runCommand(
	command: string,
	args: string[],
	options: RunOptions,
): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawnGroup(command, args, options);
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
		if (options.onLine) {
			if (child.stdout) forwardLines(child.stdout, options.onLine);
			if (child.stderr) forwardLines(child.stderr, options.onLine);
		}
		let timedOut = false;
		let settled = false;
		let timer = setTimeout(() => {
			timedOut = true;
			if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
		}, options.timeoutMs);
		const { doneWhen } = options;
		if (doneWhen) {
			let done = false;
			child.stdout?.on('data', () => {
				if (done || !doneWhen(Buffer.concat(stdout).toString('utf8'))) return;
				done = true;
				clearTimeout(timer);
				timer = setTimeout(() => {
					settled = true;
					if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
				}, options.settleGraceMs ?? 10_000);
			});
		}
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (exitCode, signal) => {
			clearTimeout(timer);
			// The leader is gone; make sure nothing it left behind keeps running.
			if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
			resolve({
				exitCode,
				signal,
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
				timedOut,
				settled,
			});
		});
	});
}

/** Like runCommand, but a non-zero exit or a timeout is an error that quotes the output's tail. */
export async function runChecked(
	command: string,
	args: string[],
	options: RunOptions,
): Promise<RunResult> {
	const result = await runCommand(command, args, options);
	if (result.exitCode !== 0) {
		const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
		const how = result.timedOut
			? `timed out after ${Math.round(options.timeoutMs / 1000)} s`
			: `exited with ${result.exitCode ?? result.signal}`;
		throw new Error(`${[command, ...args].join(' ')} ${how}:\n${tail}`);
	}
	return result;
}

export interface BackgroundProcess {
	readonly pid: number;
	/** Everything the process printed so far (stdout and stderr interleaved). */
	output(): string;
	/** Resolves when the process has exited, with its exit code (null when killed by a signal). */
	readonly exited: Promise<number | null>;
	hasExited(): boolean;
	/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the leader is gone. */
	stop(graceMs?: number): Promise<void>;
}

/** Starts a long-running process (for example `n8n start`) in its own process group. */
export function startBackground(
	command: string,
	args: string[],
	options: SpawnOptions,
): BackgroundProcess {
	const child = spawnGroup(command, args, options);
	if (child.pid === undefined) throw new Error(`could not start ${command}`);
	const pid = child.pid;
	let log = '';
	const keep = (chunk: Buffer) => {
		log += chunk.toString('utf8');
		// Bounded: only the recent output is ever useful in an error message.
		if (log.length > 200_000) log = log.slice(-100_000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	let exitedFlag = false;
	const exited = new Promise<number | null>((resolve) => {
		child.once('exit', (code) => {
			exitedFlag = true;
			// Whatever the leader left behind (its task runner, the watchdog) goes with it.
			killGroup(pid, 'SIGKILL');
			resolve(code);
		});
	});
	return {
		pid,
		output: () => log,
		exited,
		hasExited: () => exitedFlag,
		async stop(graceMs = 10_000) {
			if (!exitedFlag) {
				killGroup(pid, 'SIGTERM');
				const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}
			killGroup(pid, 'SIGKILL');
		},
	};
}

type Teardown = () => Promise<void> | void;
const teardowns: Teardown[] = [];

/** Registers cleanup work; `runTeardowns()` runs it newest first. */
export function onTeardown(teardown: Teardown): void {
	teardowns.push(teardown);
}

export async function runTeardowns(): Promise<void> {
	while (teardowns.length > 0) {
		const teardown = teardowns.pop() as Teardown;
		try {
			await teardown();
		} catch (error) {
			process.stderr.write(`cleanup failed: ${(error as Error).message}\n`);
		}
	}
}

let announceStop: () => void = () => {};
const stopRequested = new Promise<void>((resolve) => {
	announceStop = resolve;
});

/** Resolves once Ctrl-C or SIGTERM arrived (see stopOnSignals); the teardown is then under way. */
export function whenStopRequested(): Promise<void> {
	return stopRequested;
}

/** For scripts that own the terminal: Ctrl-C (or SIGTERM, SIGHUP) runs the teardowns, then exits. */
export function stopOnSignals(): void {
	let stopping = false;
	const handler = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		announceStop();
		process.stderr.write(`\n${signal}: stopping everything this script started…\n`);
		// The shell's convention: 128 + the signal's number (130 for Ctrl-C).
		void runTeardowns().finally(() => process.exit(128 + constants.signals[signal]));
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, handler);
}
