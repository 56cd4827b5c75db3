/**
 * Installs a real n8n once per machine into a cache outside the repository, keyed by n8n and Node
 * version, from the lockfile committed under versions/<n8n version>/. A marker file is written only
 * after a complete install; anything without it (an interrupted install, a changed lockfile) is wiped
 * and installed again. One install at a time per machine (they are heavy on 2 cores).
 *
 * Run on its own to warm the cache: `npx tsx scripts/real-n8n/install.ts [2.41.1] [1.123.50]`.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isProcessAlive, runChecked } from './processes';
import {
	DEFAULT_N8N_VERSION,
	isN8nVersion,
	N8N_LINES,
	type N8nLine,
	type N8nVersion,
} from './versions';

export interface N8nInstall {
	n8nVersion: N8nVersion;
	/** Absolute path of the Node.js binary n8n runs on. */
	nodeBinary: string;
	nodeVersion: string;
	/** `<node> <n8nEntry> <command>` runs the n8n CLI. */
	n8nEntry: string;
	installDir: string;
}

export type ProgressLog = (line: string) => void;

const PACKAGE_NAME = 'n8n-nodes-fiskaly-sign-de';
const MARKER_FILE = '.install-complete.json';
const VERSIONS_DIR = path.join(__dirname, 'versions');

export const defaultProgress: ProgressLog = (line) => process.stderr.write(`[real-n8n] ${line}\n`);

export function cacheRoot(): string {
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, PACKAGE_NAME);
}

function runtimeLabel(line: N8nLine): { label: string; version: string } {
	if (line.runtime.kind === 'npm-package') {
		return { label: `node-${line.runtime.version}`, version: line.runtime.version };
	}
	const systemMajor = Number(process.versions.node.split('.')[0]);
	if (systemMajor !== line.runtime.major) {
		throw new Error(
			`n8n ${line.n8nVersion} is tested on the system Node ${line.runtime.major}, but this is Node ${process.versions.node}`,
		);
	}
	return { label: `node-${systemMajor}`, version: process.versions.node };
}

function lockfileDigest(version: N8nVersion): string {
	const hash = createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) {
		hash.update(readFileSync(path.join(VERSIONS_DIR, version, file)));
	}
	return hash.digest('hex');
}

interface Marker {
	n8nVersion: string;
	nodeVersion: string;
	lockfileDigest: string;
	completedAt: string;
}

function readMarker(installDir: string): Marker | undefined {
	try {
		return JSON.parse(readFileSync(path.join(installDir, MARKER_FILE), 'utf8')) as Marker;
	} catch {
		return undefined;
	}
}

function describe(version: N8nVersion): N8nInstall {
	const line: N8nLine = N8N_LINES[version];
	const runtime = runtimeLabel(line);
	const installDir = path.join(cacheRoot(), `n8n-${version}-${runtime.label}`);
	const nodeBinary =
		line.runtime.kind === 'npm-package'
			? path.join(installDir, 'node_modules', line.runtime.packageName, 'bin', 'node')
			: process.execPath;
	return {
		n8nVersion: version,
		nodeBinary,
		nodeVersion: runtime.version,
		n8nEntry: path.join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		installDir,
	};
}

function isComplete(install: N8nInstall): boolean {
	const marker = readMarker(install.installDir);
	return marker !== undefined && marker.lockfileDigest === lockfileDigest(install.n8nVersion);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LOCK_PROGRESS_INTERVAL_MS = 15_000;

/** A machine-wide lock (an atomic mkdir) so two test workers or a demo never install at once. */
async function withInstallLock<T>(progress: ProgressLog, work: () => Promise<T>): Promise<T> {
	mkdirSync(cacheRoot(), { recursive: true });
	const lockDir = path.join(cacheRoot(), '.install.lock');
	const ownerFile = path.join(lockDir, 'pid');
	const waitStarted = Date.now();
	let lastSaid = 0;
	for (;;) {
		try {
			mkdirSync(lockDir);
			writeFileSync(ownerFile, String(process.pid));
			break;
		} catch {
			let owner = NaN;
			try {
				owner = Number(readFileSync(ownerFile, 'utf8'));
			} catch {
				// The owner is between mkdir and writing its pid, or just released the lock.
			}
			if (Number.isInteger(owner) && owner > 0 && !isProcessAlive(owner)) {
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			// A line every 15 s, so a wait of minutes never looks like a hang.
			if (lastSaid === 0 || Date.now() - lastSaid >= LOCK_PROGRESS_INTERVAL_MS) {
				const waited = Math.round((Date.now() - waitStarted) / 1000);
				progress(
					lastSaid === 0
						? `waiting for another n8n install to finish (pid ${owner || '?'})…`
						: `still waiting for the n8n install of pid ${owner || '?'} (${waited} s so far)…`,
				);
				lastSaid = Date.now();
			}
			await sleep(2000);
		}
	}
	try {
		return await work();
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}

/** Paths (relative to the install folder) of every package the lockfile installs. */
function lockedPackagePaths(installDir: string): string[] {
	const lock = JSON.parse(readFileSync(path.join(installDir, 'package-lock.json'), 'utf8')) as {
		packages: Record<string, unknown>;
	};
	return Object.keys(lock.packages).filter((key) => key.startsWith('node_modules/'));
}

/**
 * Prints a "still working" line every 15 s with the elapsed time and, when given the install
 * folder, how many of the locked packages are unpacked so far.
 */
function heartbeat(progress: ProgressLog, step: string, countPackagesIn?: string): () => void {
	const started = Date.now();
	const packages = countPackagesIn ? lockedPackagePaths(countPackagesIn) : [];
	const timer = setInterval(() => {
		const seconds = Math.round((Date.now() - started) / 1000);
		if (!countPackagesIn) {
			progress(`  ${step}: ${seconds} s`);
			return;
		}
		const unpacked = packages.filter((dir) =>
			existsSync(path.join(countPackagesIn, dir, 'package.json')),
		).length;
		progress(`  ${step}: ${seconds} s, ${unpacked} of ${packages.length} packages in place`);
	}, 15_000);
	return () => clearInterval(timer);
}

/**
 * `npm run …` and `npx` export the repository's npm settings (ignore-scripts=true among them) as
 * npm_config_* variables; the cache install is a separate project and must not inherit them.
 */
export function withoutNpmRunSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)));
}

/** A compile that silently did nothing would only show up later as an n8n crash: load them now. */
async function verifyNativeModules(install: N8nInstall, line: N8nLine): Promise<void> {
	const script = line.nativeModules.map((name) => `require(${JSON.stringify(name)});`).join('');
	await runChecked(install.nodeBinary, ['-e', script], {
		cwd: install.installDir,
		env: withoutNpmRunSettings(process.env),
		timeoutMs: 60_000,
	});
}

async function installFresh(install: N8nInstall, progress: ProgressLog): Promise<void> {
	const line: N8nLine = N8N_LINES[install.n8nVersion];
	const { installDir } = install;
	const started = Date.now();
	progress(
		`installing n8n ${install.n8nVersion} on Node ${install.nodeVersion} into ${installDir} ` +
			'(once per machine: 3 to 6 minutes and about 3 GB)',
	);
	rmSync(installDir, { recursive: true, force: true });
	mkdirSync(installDir, { recursive: true });
	for (const file of ['package.json', 'package-lock.json']) {
		copyFileSync(path.join(VERSIONS_DIR, install.n8nVersion, file), path.join(installDir, file));
	}
	const nodeDir = path.dirname(path.dirname(install.nodeBinary));
	const env: NodeJS.ProcessEnv = {
		...withoutNpmRunSettings(process.env),
		// Native modules must compile against the headers of the Node that runs n8n.
		npm_config_nodedir:
			line.runtime.kind === 'npm-package' ? nodeDir : process.env.npm_config_nodedir,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
	// Install scripts stay off: one of n8n's Kafka dependencies downloads sources in its script.
	// `npm install` with the committed lockfile rather than `npm ci`: the registry mirror lacks some
	// platform-only optional packages (e.g. msgpackr-extract for darwin), which the lockfile therefore
	// omits and `npm ci` would reject as out of sync. The locked versions are installed all the same.
	const stopNpmHeartbeat = heartbeat(progress, 'npm install', installDir);
	try {
		await runChecked(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
			{
				cwd: installDir,
				env,
				timeoutMs: 30 * 60_000,
			},
		);
	} finally {
		stopNpmHeartbeat();
	}
	progress(`  npm install done in ${Math.round((Date.now() - started) / 1000)} s`);

	const compileStarted = Date.now();
	progress(`  compiling ${line.nativeModules.join(', ')} for Node ${install.nodeVersion}…`);
	const stopCompileHeartbeat = heartbeat(progress, 'native compile');
	try {
		await runChecked('npm', ['rebuild', ...line.nativeModules, '--ignore-scripts=false'], {
			cwd: installDir,
			// node-gyp and the modules' scripts run `node` from PATH: make that the target Node.
			env: {
				...env,
				PATH: `${path.dirname(install.nodeBinary)}${path.delimiter}${process.env.PATH ?? ''}`,
			},
			timeoutMs: 20 * 60_000,
		});
	} finally {
		stopCompileHeartbeat();
	}
	progress(`  native compile done in ${Math.round((Date.now() - compileStarted) / 1000)} s`);
	await verifyNativeModules(install, line);

	const marker: Marker = {
		n8nVersion: install.n8nVersion,
		nodeVersion: install.nodeVersion,
		lockfileDigest: lockfileDigest(install.n8nVersion),
		completedAt: new Date().toISOString(),
	};
	writeFileSync(path.join(installDir, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
	progress(`n8n ${install.n8nVersion} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Returns a complete install of the given n8n line, installing it first when the cache lacks it. */
export async function ensureN8nInstalled(
	version: N8nVersion = DEFAULT_N8N_VERSION,
	progress: ProgressLog = defaultProgress,
): Promise<N8nInstall> {
	const install = describe(version);
	if (isComplete(install)) return install;
	return withInstallLock(progress, async () => {
		// Another process may have finished it while we waited for the lock.
		if (!isComplete(install)) await installFresh(install, progress);
		return install;
	});
}

if (require.main === module) {
	const requested = process.argv.slice(2);
	const versions = requested.length > 0 ? requested : [DEFAULT_N8N_VERSION];
	void (async () => {
		for (const version of versions) {
			if (!isN8nVersion(version)) {
				throw new Error(
					`unknown n8n version ${version}; known: ${Object.keys(N8N_LINES).join(', ')}`,
				);
			}
			const install = await ensureN8nInstalled(version);
			defaultProgress(`n8n ${version} ready: ${install.installDir}`);
		}
	})().catch((error: Error) => {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	});
}
