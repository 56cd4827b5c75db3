/**
 * n8n in queue mode on one machine, the way README "Running at scale" describes it: PostgreSQL and
 * Redis (queueServices.ts), a main process (`n8n start`: editor, REST API, triggers), workers
 * (`n8n worker`) that run the executions, and a webhook processor (`n8n webhook`) that takes the
 * production webhook calls and queues them. Everything on 127.0.0.1, on ports picked for this run,
 * in one throwaway folder; stop() ends every process and removes the folder.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProgressLog } from './install';
import { freePort, OWNER_FILE, RealN8n, sweepAbandonedFolders, tail, type RunningN8n } from './n8n';
import { startBackground, type BackgroundProcess } from './processes';
import {
	startPostgres,
	startRedis,
	type RunningPostgres,
	type RunningRedis,
} from './queueServices';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const FOLDER_PREFIX = 'n8n-fiskaly-queue-';
/** The queue-mode line: n8n 2.x (the line users run today). */
export const QUEUE_N8N_VERSION = '2.41.1';

/**
 * What every process of the cluster shares: queue mode, the database and Redis. The encryption key
 * is shared too (RealN8n sets one N8N_ENCRYPTION_KEY for all its commands): a worker that cannot
 * decrypt the credential fails every execution.
 */
export function queueEnvironment(
	postgres: RunningPostgres,
	redis: RunningRedis,
): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_DATABASE: postgres.database,
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// A killed worker's jobs go back to the queue once their lock lapses: n8n's defaults (60 s
		// lock, 30 s stall check) would keep a shop's orders waiting a minute.
		QUEUE_WORKER_LOCK_DURATION: '15000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		// Manual runs from the editor go to the workers too, as n8n recommends in queue mode.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

export interface QueueClusterOptions {
	/** The packed package (pack.ts), installed as a community package. */
	tarball: string;
	progress: ProgressLog;
	/** Settings added to every process, e.g. EXECUTIONS_DATA_SAVE_ON_SUCCESS=none. */
	environment?: NodeJS.ProcessEnv;
}

/** A started helper process (worker or webhook processor) and the port its health check answers on. */
export interface QueueProcess {
	name: string;
	process: BackgroundProcess;
	healthUrl: string;
}

export class QueueCluster {
	main: RunningN8n | undefined;
	readonly workers: QueueProcess[] = [];
	webhook: QueueProcess | undefined;

	private constructor(
		readonly n8n: RealN8n,
		readonly postgres: RunningPostgres,
		readonly redis: RunningRedis,
		private readonly folder: string,
	) {}

	/** PostgreSQL, Redis and an n8n install with the package; no n8n process runs yet. */
	static async create(options: QueueClusterOptions): Promise<QueueCluster> {
		sweepAbandonedFolders(FOLDER_PREFIX);
		const folder = mkdtempSync(path.join(os.tmpdir(), FOLDER_PREFIX));
		writeFileSync(path.join(folder, OWNER_FILE), String(process.pid));
		chmodSync(folder, 0o755);
		let postgres: RunningPostgres | undefined;
		let redis: RunningRedis | undefined;
		try {
			postgres = await startPostgres(
				path.join(folder, 'postgres'),
				await freePort(),
				options.progress,
			);
			redis = await startRedis(path.join(folder, 'redis'), await freePort());
			const n8n = await RealN8n.create({
				version: QUEUE_N8N_VERSION,
				tarball: options.tarball,
				progress: options.progress,
				environment: { ...queueEnvironment(postgres, redis), ...options.environment },
			});
			return new QueueCluster(n8n, postgres, redis, folder);
		} catch (error) {
			await redis?.server.stop();
			await postgres?.server.stop();
			rmSync(folder, { recursive: true, force: true });
			throw error;
		}
	}

	/**
	 * Starts main (which migrates the database and registers the webhooks), then the workers and
	 * the webhook processor side by side; workers run up to `concurrency` executions each.
	 */
	async start(workers: number, concurrency: number): Promise<void> {
		this.main = await this.n8n.start();
		const [webhook] = await Promise.all([
			this.startHelper('webhook', ['webhook'], async (port) => ({ N8N_PORT: String(port) })),
			...Array.from({ length: workers }, (_, index) =>
				this.startWorker(concurrency, this.workers.length + index),
			),
		]);
		this.webhook = webhook;
	}

	/** The webhook processor's URL for a production webhook path. */
	webhookUrl(webhookPath: string): string {
		if (!this.webhook) throw new Error('the cluster is not started');
		return `${new URL(this.webhook.healthUrl).origin}/webhook/${webhookPath}`;
	}

	/**
	 * Starts worker number `index` (0-based; its place in `workers`): a new one, or the replacement
	 * of a crashed one, as a supervisor (systemd, Kubernetes) restarts it, with the same environment
	 * and ports of its own.
	 */
	async startWorker(concurrency: number, index = this.workers.length): Promise<QueueProcess> {
		const worker = await this.startHelper(
			`worker ${index + 1}`,
			['worker', `--concurrency=${concurrency}`],
			async (port) => ({
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(port),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			}),
		);
		this.workers[index] = worker;
		return worker;
	}

	/** kill -9 of a worker and everything it started (its task runner), as a crash would. */
	async killWorker(index: number): Promise<void> {
		const worker = this.workers[index];
		process.kill(-worker.process.pid, 'SIGKILL');
		await worker.process.exited;
	}

	/** How many executions a worker has started so far, from its log (n8n logs each at level info). */
	static executionsStarted(worker: QueueProcess): number {
		return worker.process.output().match(/Worker started execution \d+/g)?.length ?? 0;
	}

	/** Waits until the webhook processor serves a workflow's production webhook. */
	async waitForWebhook(webhookPath: string, timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			let text = '';
			try {
				text = await (await fetch(this.webhookUrl(webhookPath))).text();
			} catch (error) {
				text = String(error); // listening, but not taking requests yet (reset)
			}
			// GET on a POST webhook: "not registered for GET" once the webhook exists (before the
			// processor has loaded its webhooks, it answers other 404s or resets the connection).
			if (/not registered for GET/.test(text)) return;
			if (Date.now() > deadline)
				throw new Error(`the webhook processor does not serve ${webhookPath}: ${text}`);
			await sleep(500);
		}
	}

	private async startHelper(
		name: string,
		args: string[],
		ports: (port: number) => Promise<NodeJS.ProcessEnv>,
	): Promise<QueueProcess> {
		const port = await freePort();
		const env = this.n8n.environment({
			...(await ports(port)),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		const child = startBackground(
			this.n8n.install.nodeBinary,
			[this.n8n.install.n8nEntry, ...args],
			{ cwd: this.n8n.userFolder, env },
		);
		const helper = { name, process: child, healthUrl: `http://127.0.0.1:${port}/healthz` };
		const deadline = Date.now() + 3 * 60_000;
		for (;;) {
			if (child.hasExited() || Date.now() > deadline) {
				await child.stop(1000);
				throw new Error(`n8n ${name} did not start:\n${tail(child.output())}`);
			}
			try {
				if ((await fetch(helper.healthUrl)).ok) return helper;
			} catch {
				// Not listening yet.
			}
			await sleep(300);
		}
	}

	/** Stops every process, PostgreSQL and Redis, and removes the folder. */
	async stop(): Promise<void> {
		const helpers = [...this.workers, ...(this.webhook ? [this.webhook] : [])];
		await Promise.all(helpers.map((helper) => helper.process.stop()));
		await this.n8n.dispose();
		await Promise.all([this.redis.server.stop(), this.postgres.server.stop()]);
		rmSync(this.folder, { recursive: true, force: true });
	}
}
