/** Builds this package and packs it exactly as `npm publish` would ship it. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withoutNpmRunSettings, type ProgressLog } from './install';
import { runChecked } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface PackOptions {
	/**
	 * Run `npm run build` first, unless dist/ is newer than every source (the demo's warm runs).
	 * The test suite builds once up front and packs the existing dist/.
	 */
	build: boolean;
	progress: ProgressLog;
}

/**
 * Packs the package into a temporary folder, hands the tarball's path to `use` (which installs it
 * somewhere) and removes the folder again.
 */
export async function withPackedPackage<T>(
	options: PackOptions,
	use: (tarball: string) => Promise<T>,
): Promise<T> {
	const destination = mkdtempSync(path.join(os.tmpdir(), 'fiskaly-tarball-'));
	try {
		return await use(await packInto(destination, options));
	} finally {
		rmSync(destination, { recursive: true, force: true });
	}
}

async function packInto(destination: string, { build, progress }: PackOptions): Promise<string> {
	const env = withoutNpmRunSettings(process.env);
	if (build && distIsFresh()) {
		progress('dist/ is newer than every source: packing it without a rebuild');
	} else if (build) {
		progress('building the package (npm run build)…');
		await runChecked('npm', ['run', 'build'], { cwd: REPO_ROOT, env, timeoutMs: 5 * 60_000 });
	}
	const packStarted = Date.now();
	if (!existsSync(path.join(REPO_ROOT, 'dist', 'nodes'))) {
		throw new Error('dist/ has no nodes: run `npm run build` first');
	}
	// --ignore-scripts: packing must not trigger a build of its own (the repository's .npmrc says so too).
	const { stdout } = await runChecked(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{ cwd: REPO_ROOT, env, timeoutMs: 2 * 60_000 },
	);
	const [packed] = JSON.parse(stdout) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	// n8n silently skips a package whose registered files are missing ("Unrecognized node type" later),
	// e.g. when dist/ is being rebuilt while we pack: say so here instead.
	const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const packedFiles = new Set(packed.files.map((file) => file.path));
	const missing = [...manifest.n8n.nodes, ...manifest.n8n.credentials].filter(
		(file) => !packedFiles.has(file),
	);
	if (missing.length > 0) {
		throw new Error(
			`the packed package lacks ${missing.join(', ')}: run \`npm run build\` and try again`,
		);
	}
	progress(`packed ${packed.filename} in ${Math.round((Date.now() - packStarted) / 1000)} s`);
	return path.join(destination, packed.filename);
}

/** What `npm run build` reads; a change to any of them (or a new file) makes dist/ stale. */
const BUILD_INPUTS = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'gulpfile.js'];

/** Modification times of a file or of every file below a folder. */
function mtimes(target: string): number[] {
	const stat = statSync(target);
	if (!stat.isDirectory()) return [stat.mtimeMs];
	return readdirSync(target).flatMap((name) => mtimes(path.join(target, name)));
}

/** Whether the compiled JavaScript in dist/ was written after the last change to any build input. */
function distIsFresh(): boolean {
	const dist = path.join(REPO_ROOT, 'dist');
	if (!existsSync(path.join(dist, 'nodes'))) return false;
	const compiled = jsMtimes(dist);
	if (compiled.length === 0) return false;
	const newestInput = Math.max(
		...BUILD_INPUTS.flatMap((input) => mtimes(path.join(REPO_ROOT, input))),
	);
	// The oldest .js file: the build removes dist/ and writes all of them, so it marks the build.
	// (Icons are copied with their source's time, hence only .js files.)
	return Math.min(...compiled) > newestInput;
}

function jsMtimes(folder: string): number[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) return jsMtimes(full);
		return entry.name.endsWith('.js') ? [statSync(full).mtimeMs] : [];
	});
}
