/** Jest runs every suite in test/ (TypeScript through ts-jest, transpile only: `npm run typecheck` checks types). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.dev.json' }],
	},
	maxWorkers: 2,
	testTimeout: 60000,
	verbose: false,
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
