/** Builds this package and packs it exactly as `npm publish` would ship it. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withoutNpmRunSettings, type ProgressLog } from './install';
import { runChecked } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface PackOptions {
	/** Run `npm run build` first. The test suite builds once up front and packs the existing dist/. */
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
	if (build) {
		progress('building the package (npm run build)…');
		await runChecked('npm', ['run', 'build'], { cwd: REPO_ROOT, env, timeoutMs: 5 * 60_000 });
	}
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
	return path.join(destination, packed.filename);
}
