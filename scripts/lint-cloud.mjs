// Lints what ships the way n8n's verification scanner (@n8n/scan-community-package) does: the cloud
// rule set of @n8n/eslint-plugin-community-nodes plus the three eslint-plugin-n8n-nodes-base rule
// sets, with inline `eslint-disable` comments ignored. Two legs, like the scanner: the sources
// (package.json, nodes/, credentials/) and the contents of the packed tarball.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// The plugins are dependencies of @n8n/node-cli; resolve them from there so their versions match `n8n-node lint`.
// (@n8n/node-cli does not export its package.json, so its folder is found from its resolved entry point.)
const requireFromCli = createRequire(createRequire(path.join(root, 'package.json')).resolve('@n8n/node-cli/eslint'));
const { ESLint } = requireFromCli('eslint');
const { defineConfig } = requireFromCli('eslint/config');
const { n8nCommunityNodesPlugin } = requireFromCli('@n8n/eslint-plugin-community-nodes');
const tsParser = requireFromCli('@typescript-eslint/parser');
const n8nNodesPlugin = requireFromCli('eslint-plugin-n8n-nodes-base');
const fastGlob = requireFromCli('fast-glob');

function scanConfig() {
	return defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
		{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
	);
}

async function lintTree(cwd, patterns, label) {
	const eslint = new ESLint({
		cwd,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: scanConfig(),
	});
	const files = fastGlob.sync(patterns, {
		cwd,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	if (files.length === 0) throw new Error(`${label}: no files to lint`);
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
	const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
	if (errors > 0 || warnings > 0) {
		const formatter = await eslint.loadFormatter('stylish');
		process.stdout.write(await formatter.format(results));
	}
	process.stdout.write(`lint:cloud ${label}: ${files.length} files, ${errors} errors, ${warnings} warnings\n`);
	return errors;
}

const sourceErrors = await lintTree(root, ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'], 'sources');

// The tarball leg: pack exactly what npm would publish and lint its JavaScript and JSON.
const packDir = mkdtempSync(path.join(tmpdir(), 'fiskaly-pack-'));
let tarballErrors = 0;
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], {
		cwd: root,
		encoding: 'utf8',
	}).trim().split('\n').pop();
	execFileSync('tar', ['-xzf', path.join(packDir, tarball), '-C', packDir]);
	tarballErrors = await lintTree(path.join(packDir, 'package'), ['**/*.js', '**/*.json'], 'tarball');
} finally {
	rmSync(packDir, { recursive: true, force: true });
}

process.exitCode = sourceErrors + tarballErrors > 0 ? 1 : 0;
