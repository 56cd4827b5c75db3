/**
 * Jest runs the suites in test/ (TypeScript through ts-jest, transpile only: `npm run typecheck`
 * checks types) as three loops, one project each, selected by `npm run test:unit|engine|e2e`;
 * plain `jest` (in `npm test`) runs all three.
 */
const { readdirSync } = require('node:fs');
const path = require('node:path');

/** Folders of each loop. Every test file belongs to exactly one loop: checked below. */
const LOOPS = {
	// Pure functions, the simulator and the release's shape, without n8n (release.test.ts packs dist/,
	// so npm run test:unit builds first).
	unit: ['test/node/unit', 'test/simulator'],
	// The compiled node (dist/) in n8n's in-process engine against the simulator.
	engine: ['test/node/engine', 'test/reliability'],
	// Real n8n installs and a browser.
	e2e: ['test/e2e'],
};

const TEST_FILE = /\.test\.ts$/;

function testFiles(folder) {
	return readdirSync(path.join(__dirname, folder), { recursive: true })
		.filter((file) => TEST_FILE.test(file))
		.map((file) => path.join(folder, file));
}

/** A test file in no loop would never run (and one in two would run twice): refuse to start. */
function checkEveryTestInOneLoop() {
	const folders = Object.values(LOOPS).flat();
	const loopsOf = (file) => folders.filter((folder) => file.startsWith(folder + path.sep));
	const misplaced = testFiles('test').filter((file) => loopsOf(file).length !== 1);
	if (misplaced.length > 0) {
		throw new Error(
			`Test files in no loop or in several (see LOOPS in jest.config.js): ${misplaced.join(', ')}`,
		);
	}
}

checkEveryTestInOneLoop();

module.exports = {
	projects: Object.entries(LOOPS).map(([name, folders]) => ({
		displayName: name,
		testEnvironment: 'node',
		roots: folders.map((folder) => `<rootDir>/${folder}`),
		testMatch: ['**/*.test.ts'],
		transform: {
			'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.dev.json' }],
		},
	})),
	maxWorkers: 2,
	testTimeout: 60000,
	verbose: false,
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
