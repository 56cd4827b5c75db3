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
	type BackgroundProcess,
	type RunOptions,
	type RunResult,
	isProcessAlive,
} from './processes';
import { N8N_LINES, type N8nLine, type N8nVersion } from './versions';

export const PACKAGE_NAME = 'n8n-nodes-fiskaly-sign-de';
export const NODE_TYPE = `${PACKAGE_NAME}.fiskalySignDe`;
export const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.fiskalySignDeTrigger`;
export const CREDENTIAL_TYPE = 'fiskalySignDeApi';

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

/** One execution through `n8n execute --id --rawOutput`. */
export interface CliExecution {
	exitCode: number | null;
	/** The execution n8n printed (the run data); undefined when n8n printed none. */
	run: ExecutionRun | undefined;
	stdout: string;
	stderr: string;
}

/** A binary item as an execution shows it: inline base64 (n8n 1.x) or a reference to a file (2.x). */
export interface BinaryReference {
	data: string;
	id?: string;
	mimeType: string;
	fileName?: string;
	fileSize?: string;
}

/** The subset of n8n's IRun the callers read. */
export interface ExecutionRun {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			error?: { message?: string; description?: string; name?: string; node?: { name?: string } };
			lastNodeExecuted?: string;
			runData: Record<
				string,
				Array<{
					error?: { message?: string; description?: string };
					data?: {
						main: Array<Array<{
							json: Record<string, unknown>;
							binary?: Record<string, BinaryReference>;
						}> | null>;
					};
				}>
			>;
		};
	};
}

/**
 * n8n prints log lines before the execution and, on failure, more after it. The execution itself is
 * `JSON.stringify(run, null, 2)`: it starts with a line that is exactly `{` and ends with the first
 * line after it that is exactly `}`.
 */
export function parseExecutionOutput(stdout: string): ExecutionRun | undefined {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	if (start < 0) return undefined;
	const end = lines.findIndex((line, index) => index > start && line === '}');
	if (end < 0) return undefined;
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionRun;
}

/** Whether n8n recorded the execution as finished without a workflow error. */
export function executionSucceeded(run: ExecutionRun | undefined): boolean {
	if (!run || run.data.resultData.error) return false;
	return run.status === undefined ? run.finished === true : run.status === 'success';
}

/** The items a node produced on its first output in its last run. */
function nodeItems(run: ExecutionRun, nodeName: string) {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) {
		const executed = Object.keys(run.data.resultData.runData).join(', ');
		throw new Error(`node "${nodeName}" did not run (ran: ${executed})`);
	}
	return runs[runs.length - 1].data?.main[0] ?? [];
}

/** The JSON items a node produced on its first output in its last run. */
export function nodeOutput(run: ExecutionRun, nodeName: string): Array<Record<string, unknown>> {
	return nodeItems(run, nodeName).map((item) => item.json);
}

/** The binary fields of the items a node produced on its first output in its last run. */
export function nodeBinaryOutput(
	run: ExecutionRun,
	nodeName: string,
): Array<Record<string, BinaryReference>> {
	return nodeItems(run, nodeName).map((item) => item.binary ?? {});
}

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export const DEMO_OWNER: OwnerAccount = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Fiskaly-Demo-1',
};

/** A running `n8n start`, with the owner's session for REST calls. */
export class RunningN8n {
	private sessionCookie = '';

	// A fixed browser id: n8n binds session tokens to the `browser-id` header they were issued with.
	private readonly browserId = randomBytes(8).toString('hex');

	constructor(
		readonly baseUrl: string,
		readonly process: BackgroundProcess,
	) {}

	/** Waits until n8n has migrated its database, loaded the nodes and serves its REST API. */
	async waitUntilReady(timeoutMs = 5 * 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.process.hasExited()) {
				throw new Error(`n8n exited before it was ready:\n${tail(this.process.output())}`);
			}
			try {
				// Readiness alone is not enough on n8n 1.x: it answers before the REST routes exist.
				const ready = await fetch(`${this.baseUrl}/healthz/readiness`);
				if (ready.ok && (await fetch(`${this.baseUrl}/rest/settings`)).ok) return;
			} catch {
				// Not listening yet.
			}
			await sleep(300);
		}
		throw new Error(
			`n8n was not ready after ${timeoutMs / 1000} s:\n${tail(this.process.output())}`,
		);
	}

	/**
	 * Waits until n8n has registered an active workflow's production webhook: that happens shortly
	 * after the REST API is up. Probes with GET, which n8n answers "not registered for GET" once the
	 * (POST) webhook exists, and "The requested webhook … is not registered" before.
	 */
	async waitForWebhook(webhookPath: string, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`);
			const text = await response.text();
			if (response.status !== 404 || !/The requested webhook .* is not registered/.test(text))
				return;
			if (Date.now() > deadline) {
				throw new Error(
					`n8n did not register the webhook ${webhookPath} within ${timeoutMs / 1000} s: ${text}`,
				);
			}
			await sleep(250);
		}
	}

	/** Creates the instance owner (first start only) and keeps the session cookie. */
	async setUpOwner(owner: OwnerAccount): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify(owner),
		});
		if (!response.ok) {
			throw new Error(`owner setup failed: HTTP ${response.status} ${await response.text()}`);
		}
		this.keepSession(response);
	}

	private keepSession(response: Response): void {
		const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (!cookie) throw new Error('n8n did not return a session cookie');
		this.sessionCookie = cookie.split(';')[0];
	}

	/** A REST call as the owner; returns the parsed body's `data` (n8n wraps responses in it). */
	async rest<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/rest${apiPath}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				cookie: this.sessionCookie,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${apiPath}: HTTP ${response.status} ${text}`);
		const parsed = JSON.parse(text) as { data: T };
		return parsed.data;
	}

	async stop(): Promise<void> {
		await this.process.stop();
	}
}

function tail(text: string, lines = 40): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const USER_FOLDER_PREFIX = 'n8n-fiskaly-user-';
const OWNER_FILE = 'owner.pid';

/**
 * Removes user folders whose owning process is gone: a run stopped by Ctrl-C or a killed test
 * worker cannot clean up after itself (its n8n processes are stopped by the watchdog).
 */
function sweepAbandonedUserFolders(): void {
	for (const name of readdirSync(os.tmpdir())) {
		if (!name.startsWith(USER_FOLDER_PREFIX)) continue;
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
}

/** n8n with this package installed, in a fresh user folder. Call dispose() when done. */
export class RealN8n {
	private readonly servers: RunningN8n[] = [];

	private constructor(
		readonly install: N8nInstall,
		readonly userFolder: string,
		private readonly encryptionKey: string,
	) {}

	static async create(options: RealN8nOptions): Promise<RealN8n> {
		const install = await ensureN8nInstalled(options.version, options.progress);
		sweepAbandonedUserFolders();
		const userFolder = mkdtempSync(path.join(os.tmpdir(), USER_FOLDER_PREFIX));
		writeFileSync(path.join(userFolder, OWNER_FILE), String(process.pid));
		const nodesDir = path.join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		// The community-package layout: ~/.n8n/nodes/node_modules/<package>. The package has no
		// dependencies and n8n provides n8n-workflow, hence --legacy-peer-deps (nothing to fetch).
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
		return new RealN8n(install, userFolder, randomBytes(24).toString('hex'));
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
