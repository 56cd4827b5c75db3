// Tests, not shipped: n8n's rule set without the rules on what may run inside n8n (see
// ../eslint.tooling.mjs). Tests also read the JSON that n8n and the simulator return (untyped
// IDataObject trees) through `any`.
import tooling from '../eslint.tooling.mjs';

export default [
	...tooling,
	{ files: ['**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
];
