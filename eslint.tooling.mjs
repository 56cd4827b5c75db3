// ESLint for the local tooling that never ships: simulator/, test/, scripts/ and bench/ (the package
// publishes only dist/, see test/node/unit/release.test.ts). Each of those folders has an
// eslint.config.mjs that uses this, and `npm run lint` runs `n8n-node lint` with ESLint's per-folder
// config lookup (ESLINT_FLAGS=v10_config_lookup_from_file, the default from ESLint 10 on). So the
// root eslint.config.mjs stays n8n's default, as strict mode demands, and alone governs nodes/,
// credentials/ and package.json.
//
// The tooling gets n8n's rule set too, without the rules about what may run inside n8n: it is plain
// Node programs (an HTTP server, test runners, n8n installers, benchmarks) that need process, timers,
// fs and child processes, print to the console, throw plain errors outside any node, and carry the
// simulator's fixed test keys and fixtures.
import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		files: ['**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'no-console': 'off',
		},
	},
];
