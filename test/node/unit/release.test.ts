// What a release carries and how it is made, as n8n's verification checks it: the packed tarball
// holds the build and nothing else of the repository, the package has no runtime dependencies,
// n8n's strict mode is on with n8n's own lint config, and the GitHub Actions workflows run the test
// command and publish with provenance on a version tag. The tarball test packs dist/, so
// `npm run test:unit` and `npm test` build first.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');

interface PackageJson {
	name: string;
	keywords?: string[];
	files?: string[];
	scripts: Record<string, string>;
	dependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	bundleDependencies?: unknown;
	bundledDependencies?: unknown;
	peerDependencies?: Record<string, string>;
	n8n: { strict?: boolean; nodes: string[]; credentials: string[] };
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;

function filesUnder(folder: string): string[] {
	return (readdirSync(path.join(ROOT, folder), { recursive: true }) as string[])
		.map((entry) => path.join(folder, entry))
		.filter((file) => statSync(path.join(ROOT, file)).isFile())
		.map((file) => file.split(path.sep).join('/'));
}

/**
 * What `npm run build` makes of nodes/ and credentials/, derived from the sources: tsc's JavaScript,
 * declarations and source maps for every .ts file and a copy of every .json file (resolveJsonModule),
 * gulp's copies of the icons, and the two files tsc adds because tsconfig.json includes package.json
 * and builds incrementally (n8n's template ships both the same way).
 */
function expectedBuild(): string[] {
	const expected = ['dist/package.json', 'dist/tsconfig.tsbuildinfo'];
	for (const file of [...filesUnder('nodes'), ...filesUnder('credentials')]) {
		const out = `dist/${file}`;
		if (file.endsWith('.d.ts')) expected.push(out);
		else if (file.endsWith('.ts')) {
			const base = out.slice(0, -'.ts'.length);
			expected.push(`${base}.js`, `${base}.d.ts`, `${base}.js.map`);
		} else if (/\.(json|svg|png)$/.test(file)) expected.push(out);
		else throw new Error(`${file}: no rule for what the build makes of it; extend expectedBuild()`);
	}
	return expected;
}

describe('the packed tarball', () => {
	let packed: string[];

	beforeAll(() => {
		if (!existsSync(path.join(ROOT, 'dist'))) {
			throw new Error('dist/ is missing: run `npm run build` first (npm run test:unit does)');
		}
		const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const [result] = JSON.parse(output) as Array<{ name: string; files: Array<{ path: string }> }>;
		expect(result.name).toBe(pkg.name);
		packed = result.files.map((file) => file.path).sort();
	}, 60_000);

	test('holds exactly the build of nodes/ and credentials/, package.json, README.md and LICENSE.md', () => {
		const expected = [
			...expectedBuild(),
			'index.js',
			'package.json',
			'README.md',
			'LICENSE.md',
		].sort();
		expect(packed).toEqual(expected);
	});

	test('holds nothing of the tooling, the sources or the examples', () => {
		const outsideDist = packed.filter((file) => !file.startsWith('dist/'));
		expect(outsideDist.sort()).toEqual(['LICENSE.md', 'README.md', 'index.js', 'package.json']);
		const typeScript = packed.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
		expect(typeScript).toEqual([]);
		const tooling = /^(dist\/)?(simulator|test|scripts|bench|examples|docs|\.github|\.ci)\//;
		expect(packed.filter((file) => tooling.test(file))).toEqual([]);
	});

	test('registers the Fiskaly SIGN DE, DSFinV-K and SUBMIT DE nodes and the trigger with n8n', () => {
		expect(pkg.n8n.nodes).toEqual(
			expect.arrayContaining([
				'dist/nodes/FiskalySignDe/FiskalySignDe.node.js',
				'dist/nodes/FiskalyDsfinvk/FiskalyDsfinvk.node.js',
				'dist/nodes/FiskalySubmitDe/FiskalySubmitDe.node.js',
				'dist/nodes/FiskalySignDeTrigger/FiskalySignDeTrigger.node.js',
			]),
		);
	});

	test('holds every node and credential that package.json registers with n8n', () => {
		const registered = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
		expect(registered.length).toBeGreaterThan(0);
		expect(registered.filter((file) => !packed.includes(file))).toEqual([]);
	});
});

describe('package.json', () => {
	test('has no runtime dependencies of any kind; n8n-workflow is a peer', () => {
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.optionalDependencies).toBeUndefined();
		expect(pkg.bundleDependencies ?? pkg.bundledDependencies).toBeUndefined();
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	test('is a community node package by name and keyword, publishing only dist/', () => {
		expect(pkg.name).toMatch(/^(@[a-z0-9-]+\/)?n8n-nodes-/);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.files).toEqual(['dist']);
	});
});

describe('strict lint', () => {
	test('n8n strict mode is on', () => {
		expect(pkg.n8n.strict).toBe(true);
	});

	test("the root eslint.config.mjs is @n8n/node-cli's default, as strict mode demands", () => {
		// The comparison n8n-node lint makes (dist/commands/lint.js, verifyEslintConfig).
		const cliConfigs = path.dirname(require.resolve('@n8n/node-cli/eslint'));
		const template = path.resolve(
			cliConfigs,
			'../template/templates/shared/default/eslint.config.mjs',
		);
		const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
		expect(normalise(readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8'))).toBe(
			normalise(readFileSync(template, 'utf8')),
		);
	});

	test('npm test runs n8n-node lint and the cloud lint', () => {
		expect(pkg.scripts.lint).toMatch(/(^|\s)n8n-node lint$/);
		const testSteps = pkg.scripts.test.split('&&').map((step) => step.trim());
		expect(testSteps).toEqual(expect.arrayContaining(['npm run lint', 'npm run lint:cloud']));
	});
});

interface WorkflowStep {
	name?: string;
	uses?: string;
	run?: string;
}

interface Workflow {
	on: {
		push?: { branches?: string[]; tags?: string[] } | null;
		pull_request?: unknown;
	};
	permissions?: Record<string, string>;
	jobs: Record<
		string,
		{
			container?: string | { image: string };
			permissions?: Record<string, string>;
			steps: WorkflowStep[];
		}
	>;
}

function workflowText(name: string): string {
	return readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8');
}

/** The workflow as GitHub reads it; throws on any YAML error, with the parser's messages. */
function readWorkflow(name: string): Workflow {
	const document = parseDocument(workflowText(name));
	const problems = [...document.errors, ...document.warnings].map((problem) => problem.message);
	if (problems.length > 0) throw new Error(`${name} is not clean YAML:\n${problems.join('\n')}`);
	return document.toJS() as Workflow;
}

/** GitHub's filter pattern syntax, as far as these workflows use it: `*` stops at `/`, `**` does not. */
function matchesFilter(pattern: string, ref: string): boolean {
	if (/[?+[\]!]/.test(pattern)) throw new Error(`${pattern}: syntax this test does not read`);
	const source = pattern
		.split('**')
		.map((part) =>
			part
				.split('*')
				.map((literal) => literal.replace(/[.^$(){}|\\/]/g, '\\$&'))
				.join('[^/]*'),
		)
		.join('.*');
	return new RegExp(`^${source}$`).test(ref);
}

function runLines(workflow: Workflow): string[] {
	return Object.values(workflow.jobs).flatMap((job) =>
		job.steps.flatMap((step) => (step.run ?? '').split('\n').map((line) => line.trim())),
	);
}

describe('.github/workflows/ci.yml', () => {
	let ci: Workflow;
	beforeAll(() => {
		ci = readWorkflow('ci.yml');
	});

	test('parses as YAML, without errors or warnings', () => {
		const document = parseDocument(workflowText('ci.yml'));
		expect([...document.errors, ...document.warnings]).toEqual([]);
		expect(Object.keys(document.toJS() as object)).toEqual(
			expect.arrayContaining(['name', 'on', 'jobs']),
		);
	});

	test('runs on pull requests and on pushes to main', () => {
		expect(ci.on).toHaveProperty('pull_request');
		expect(ci.on.push?.branches).toContain('main');
	});

	test("runs the README's test command through .ci/run, in Debian as .ci/run's apt-get needs", () => {
		const [job] = Object.values(ci.jobs).filter((candidate) =>
			candidate.steps.some((step) => /(^|\s)(bash )?\.ci\/run$/.test(step.run?.trim() ?? '')),
		);
		expect(job).toBeDefined();
		const image = typeof job.container === 'string' ? job.container : job.container?.image;
		expect(image).toMatch(/bookworm|debian/);

		const ciRun = readFileSync(path.join(ROOT, '.ci/run'), 'utf8').split('\n');
		expect(ciRun).toEqual(expect.arrayContaining(['npm ci', 'npm test']));
		const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
		expect(readme).toMatch(/^npm ci && npm test\b/m);
	});
});

describe('.github/workflows/publish.yml', () => {
	let publish: Workflow;
	beforeAll(() => {
		publish = readWorkflow('publish.yml');
	});

	test('parses as YAML, without errors or warnings', () => {
		const document = parseDocument(workflowText('publish.yml'));
		expect([...document.errors, ...document.warnings]).toEqual([]);
		expect(Object.keys(document.toJS() as object)).toEqual(
			expect.arrayContaining(['name', 'on', 'jobs']),
		);
	});

	test('runs on version tags v1.2.3, and on nothing else', () => {
		expect(Object.keys(publish.on)).toEqual(['push']);
		expect(publish.on.push?.branches).toBeUndefined();
		const tags = publish.on.push?.tags ?? [];
		const triggers = (ref: string) => tags.some((pattern) => matchesFilter(pattern, ref));
		expect(['v0.2.0', 'v1.10.3', 'v2.0.0-rc.1'].filter((ref) => !triggers(ref))).toEqual([]);
		expect(['0.2.0', 'main', 'release-0.2', 'feature/v1.0.0'].filter(triggers)).toEqual([]);
	});

	test('the job that publishes may mint an OIDC token (id-token: write)', () => {
		const publishing = Object.values(publish.jobs).filter((job) =>
			job.steps.some((step) => /\bnpm publish\b/.test(step.run ?? '')),
		);
		expect(publishing).toHaveLength(1);
		const permissions = publishing[0].permissions ?? publish.permissions;
		expect(permissions?.['id-token']).toBe('write');
	});

	test('installs with npm ci, builds and lints before it runs npm publish --provenance --access public', () => {
		const lines = runLines(publish);
		const publishLine = lines.findIndex((line) => /^npm publish\b/.test(line));
		expect(lines[publishLine]).toBe('npm publish --provenance --access public');
		for (const before of ['npm ci', 'npm run build', 'npm run lint', 'npm run lint:cloud']) {
			const index = lines.indexOf(before);
			expect({ command: before, beforePublish: index >= 0 && index < publishLine }).toEqual({
				command: before,
				beforePublish: true,
			});
		}
	});

	test('no workflow publishes without provenance', () => {
		for (const name of readdirSync(path.join(ROOT, '.github/workflows'))) {
			const unsigned = runLines(readWorkflow(name)).filter(
				(line) => /\bnpm publish\b/.test(line) && !line.includes('--provenance'),
			);
			expect({ workflow: name, unsigned }).toEqual({ workflow: name, unsigned: [] });
		}
	});
});
