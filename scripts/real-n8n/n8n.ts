/**
 * A real n8n with this package installed as a community package, in a throwaway user folder:
 * CLI imports and executions, and `n8n start` with an owner account for the REST API and the editor.
 * The demo and the end-to-end tests both go through this module.
 */
import { randomBytes } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
	ensureN8nInstalled,
	withoutNpmRunSettings,
	type N8nInstall,
	type ProgressLog,
} from './install';
import {
	runChecked,
	runCommand,
	startBackground,
	type RunOptions,
	type RunResult,
	isProcessAlive,
} from './processes';
import { parseExecutionOutput, type BinaryReference, type CliExecution } from './execution';
import { RunningN8n, tail } from './server';
import { N8N_LINES, type N8nLine, type N8nVersion } from './versions';

export const PACKAGE_NAME = 'n8n-nodes-fiskaly-sign-de';
export const NODE_TYPE = `${PACKAGE_NAME}.fiskalySignDe`;
export const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.fiskalySignDeTrigger`;
export const CREDENTIAL_TYPE = 'fiskalySignDeApi';

export * from './execution';
export * from './server';

/** What `n8n import:credentials` takes; plain `data` is encrypted on import. */
export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, string>;
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

/** The parts of a workflow JSON file this module relies on. */
export interface WorkflowFile {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

/** The settings that keep n8n offline and quiet (REAL-N8N.md) plus a throwaway-home setup. */
function offlineEnvironment(line: N8nLine): NodeJS.ProcessEnv {
	return {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		DB_TYPE: 'sqlite',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// `n8n execute` prints its result through the logger: an inherited "silent" (the in-process
		// engine harness sets it) would leave no output to read.
		N8N_LOG_LEVEL: 'info',
		...(line.disabledModules ? { N8N_DISABLED_MODULES: line.disabledModules } : {}),
		...(line.sqlitePoolSize ? { DB_SQLITE_POOL_SIZE: String(line.sqlitePoolSize) } : {}),
	};
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

const USER_FOLDER_PREFIX = 'n8n-fiskaly-user-';
export const OWNER_FILE = 'owner.pid';

/**
 * Removes folders (named `prefix…` in the temp folder) whose owning process is gone: a run stopped
 * by Ctrl-C or a killed test worker cannot clean up after itself (its processes are stopped by the
 * watchdog). The owner's pid is in the folder's owner.pid.
 */
export function sweepAbandonedFolders(prefix = USER_FOLDER_PREFIX): void {
	for (const name of readdirSync(os.tmpdir())) {
		if (!name.startsWith(prefix)) continue;
		const folder = path.join(os.tmpdir(), name);
		let owner = NaN;
		try {
			owner = Number(readFileSync(path.join(folder, OWNER_FILE), 'utf8'));
		} catch {
			continue; // Being created right now, or not ours to judge.
		}
		if (Number.isInteger(owner) && owner > 0 && !isProcessAlive(owner)) {
			rmSync(folder, { recursive: true, force: true });
		}
	}
}

export interface RealN8nOptions {
	version: N8nVersion;
	/** The packed package (see pack.ts), installed as n8n's community-package installer would. */
	tarball: string;
	progress: ProgressLog;
	/** Added to every command's environment, e.g. queue mode's database and Redis (queueCluster.ts). */
	environment?: NodeJS.ProcessEnv;
}

/** n8n with this package installed, in a fresh user folder. Call dispose() when done. */
export class RealN8n {
	private readonly servers: RunningN8n[] = [];

	private constructor(
		readonly install: N8nInstall,
		readonly userFolder: string,
		private readonly encryptionKey: string,
		private readonly extraEnvironment: NodeJS.ProcessEnv = {},
	) {}

	static async create(options: RealN8nOptions): Promise<RealN8n> {
		const install = await ensureN8nInstalled(options.version, options.progress);
		sweepAbandonedFolders();
		const userFolder = mkdtempSync(path.join(os.tmpdir(), USER_FOLDER_PREFIX));
		writeFileSync(path.join(userFolder, OWNER_FILE), String(process.pid));
		const nodesDir = path.join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		// The community-package layout: ~/.n8n/nodes/node_modules/<package>. The package has no
		// dependencies and n8n provides n8n-workflow, hence --legacy-peer-deps (nothing to fetch).
		const installStarted = Date.now();
		await runChecked(
			'npm',
			[
				'install',
				'--prefix',
				nodesDir,
				'--ignore-scripts',
				'--legacy-peer-deps',
				'--no-audit',
				'--no-fund',
				options.tarball,
			],
			{ env: withoutNpmRunSettings(process.env), timeoutMs: 2 * 60_000 },
		);
		options.progress(
			`installed the tarball as a community package in ${Math.round((Date.now() - installStarted) / 1000)} s`,
		);
		return new RealN8n(install, userFolder, randomBytes(24).toString('hex'), options.environment);
	}

	get version(): N8nVersion {
		return this.install.n8nVersion;
	}

	/** The environment every n8n command of this instance runs with. */
	environment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
		const base = withoutNpmRunSettings(process.env);
		// Under jest NODE_ENV is "test", which makes n8n skip its own start-up (it thinks it is
		// being unit-tested) and print nothing; the worker variables mean nothing to n8n either.
		for (const key of Object.keys(base)) {
			if (key === 'NODE_ENV' || key.startsWith('JEST_')) delete base[key];
		}
		return {
			...base,
			// Child processes n8n starts (the task runner) must find the same Node.
			PATH: `${path.dirname(this.install.nodeBinary)}${path.delimiter}${base.PATH ?? ''}`,
			...offlineEnvironment(N8N_LINES[this.version]),
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			...this.extraEnvironment,
			...extra,
		};
	}

	/** Runs one n8n CLI command; a CLI run never shares ports with a running `n8n start`. */
	async cli(
		args: string[],
		timeoutMs = 5 * 60_000,
		settle: Pick<RunOptions, 'doneWhen' | 'settleGraceMs'> = {},
	): Promise<RunResult> {
		const env = this.environment({
			N8N_PORT: String(await freePort()),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		return runCommand(this.install.nodeBinary, [this.install.n8nEntry, ...args], {
			cwd: this.userFolder,
			env,
			timeoutMs,
			...settle,
		});
	}

	private async cliChecked(args: string[]): Promise<RunResult> {
		const result = await this.cli(args);
		if (result.exitCode !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} exited with ${result.exitCode}:\n${tail(`${result.stdout}\n${result.stderr}`)}`,
			);
		}
		return result;
	}

	/** `n8n <command> --input=<file>` with the content in a file that is removed right after. */
	private async importFile(command: string, content: unknown): Promise<void> {
		// Credentials are in plain text here (n8n encrypts them on import): keep the file short-lived.
		const file = path.join(this.userFolder, `import-${randomBytes(4).toString('hex')}.json`);
		writeFileSync(file, JSON.stringify(content, null, 2), { mode: 0o600 });
		try {
			await this.cliChecked([command, `--input=${file}`]);
		} finally {
			rmSync(file, { force: true });
		}
	}

	async importCredentials(credentials: CredentialImport[]): Promise<void> {
		await this.importFile('import:credentials', credentials);
	}

	async importWorkflows(workflows: WorkflowFile[]): Promise<void> {
		await this.importFile('import:workflow', workflows);
	}

	/**
	 * Marks an imported workflow active so the next `n8n start` registers its triggers (production
	 * webhooks). n8n 2.x calls this publishing; 1.x sets the active flag.
	 */
	async activateWorkflow(workflowId: string): Promise<void> {
		const major = Number(this.version.split('.')[0]);
		await this.cliChecked(
			major >= 2
				? ['publish:workflow', `--id=${workflowId}`]
				: ['update:workflow', `--id=${workflowId}`, '--active=true'],
		);
	}

	/**
	 * `n8n execute --id <id> --rawOutput`. The execution n8n prints is the result: once it is on
	 * stdout the CLI gets a few seconds to shut down and is then stopped, so a slow exit on a busy
	 * machine neither fails nor delays a run that has finished (judge it with executionSucceeded).
	 */
	async execute(workflowId: string): Promise<CliExecution> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], 5 * 60_000, {
			doneWhen: (stdout) => parseExecutionOutput(stdout) !== undefined,
			settleGraceMs: 5_000,
		});
		return {
			exitCode: result.exitCode,
			run: parseExecutionOutput(result.stdout),
			stdout: result.stdout,
			stderr: result.stderr,
		};
	}

	/** The bytes of a binary item from an execution this instance ran. */
	readBinary(binary: BinaryReference): Buffer {
		// Filesystem mode shows "<mode>:<path>" ids; the files live under .n8n/storage (2.x) or
		// .n8n/binaryData (1.x). 1.x's default mode keeps the bytes inline as base64.
		const stored = /^filesystem(?:-v2)?:(.+)$/.exec(binary.id ?? '');
		if (!stored) return Buffer.from(binary.data, 'base64');
		const candidates = ['storage', 'binaryData'].map((dir) =>
			path.join(this.userFolder, '.n8n', dir, stored[1]),
		);
		const file = candidates.find((candidate) => existsSync(candidate));
		if (!file) throw new Error(`binary data ${binary.id} not found in ${candidates.join(' or ')}`);
		return readFileSync(file);
	}

	/** `n8n start` on the given port (a free one by default), ready to serve. */
	async start(port?: number): Promise<RunningN8n> {
		const listenPort = port ?? (await freePort());
		const env = this.environment({
			N8N_PORT: String(listenPort),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		const child = startBackground(this.install.nodeBinary, [this.install.n8nEntry, 'start'], {
			cwd: this.userFolder,
			env,
		});
		const server = new RunningN8n(`http://127.0.0.1:${listenPort}`, child);
		this.servers.push(server);
		try {
			await server.waitUntilReady();
		} catch (error) {
			await server.stop();
			throw error;
		}
		return server;
	}

	/** Stops every server this instance started and removes the user folder. */
	async dispose(): Promise<void> {
		await Promise.all(this.servers.map((server) => server.stop()));
		this.servers.length = 0;
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}
