// n8n's own rule set (cloud-compatible) for everything that ships. The simulator, tests, scripts and
// benchmarks are local tooling that needs timers, process and fs, so only they are ignored here;
// `npm run lint:cloud` additionally lints the shipped files with inline disables switched off, as
// n8n's verification scanner does.
import { globalIgnores } from 'eslint/config';
import { config } from '@n8n/node-cli/eslint';

export default [globalIgnores(['simulator/**', 'test/**', 'scripts/**', 'bench/**', 'examples/**', 'docs/**', 'index.js', 'gulpfile.js', 'jest.config.js', '.prettierrc.js']), ...config];
