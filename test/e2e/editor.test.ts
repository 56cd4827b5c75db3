/**
 * The n8n editor in a real browser (Debian's Chromium driven by playwright-core) on n8n 2.41.1 with
 * the packed package installed: sign in, open the example, look at the node's panel, run the
 * workflow from the editor and find the node in the node creator, also in an empty workflow by the
 * words shop owners type (KassenSichV, receipt, TSE). Screenshots land in
 * test-output/editor/; with UPDATE_DOCS_SCREENSHOTS=1 the canvas and node-panel ones also replace
 * the README's images in docs/.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { exampleCredential, loadExample, simulatorAccess } from '../../scripts/real-n8n/examples';
import { defaultProgress } from '../../scripts/real-n8n/install';
import { DEMO_OWNER, RealN8n, type RunningN8n } from '../../scripts/real-n8n/n8n';
import { withPackedPackage, REPO_ROOT } from '../../scripts/real-n8n/pack';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO_ROOT, 'test-output', 'editor');
const DOCS_SCREENSHOTS: Record<string, string> = {
	'canvas-after-run.png': 'editor-canvas.png',
	'node-panel.png': 'editor-node-panel.png',
};
const SETUP_TIMEOUT_MS = 25 * 60_000;

async function waitFor(
	condition: () => Promise<boolean>,
	timeoutMs: number,
	what: string,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
const STEP_TIMEOUT_MS = 90_000;

describe('the n8n 2.41.1 editor in Chromium, with the package installed', () => {
	let simulator: RunningSimulator;
	let n8n: RealN8n;
	let server: RunningN8n;
	let browser: BrowserContext;
	let page: Page;
	let profileDir: string;

	const screenshot = async (name: string) => {
		await page.screenshot({ path: path.join(SCREENSHOTS, name) });
	};
	const visibleOptions = () => page.locator('.el-select-dropdown__item:visible');
	/** Opens a parameter's dropdown, reads its options and closes it again. */
	const optionsOf = async (parameter: string) => {
		await page.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
		await visibleOptions().first().waitFor();
		const options = (await visibleOptions().allInnerTexts()).map((text) =>
			text.split('\n')[0].trim(),
		);
		await page.keyboard.press('Escape');
		await waitFor(
			async () => (await visibleOptions().count()) === 0,
			10_000,
			`the ${parameter} dropdown to close`,
		);
		return options;
	};
	/** Opens a node's panel, runs the checks, and closes the panel even when a check fails. */
	const inNodePanel = async (nodeName: string, checks: () => Promise<void>) => {
		await page.locator('[data-test-id="canvas-node"]', { hasText: nodeName }).dblclick();
		await page.locator('[data-test-id="parameter-input-operation"]').waitFor();
		try {
			await checks();
		} finally {
			await page.locator('[data-test-id="ndv-close-button"]').click();
		}
	};
	const upserts = async () =>
		((await (await fetch(`${simulator.controlUrl}/stats`)).json()) as { upserts: number }).upserts;

	beforeAll(async () => {
		if (!existsSync(CHROMIUM)) {
			throw new Error(
				`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (.ci/run does this)`,
			);
		}
		mkdirSync(SCREENSHOTS, { recursive: true });
		simulator = await startSimulator({ port: 0 });
		n8n = await withPackedPackage({ build: false, progress: defaultProgress }, (tarball) =>
			RealN8n.create({ version: '2.41.1', tarball, progress: defaultProgress }),
		);
		await n8n.importCredentials([exampleCredential(simulatorAccess(simulator))]);
		await n8n.importWorkflows([loadExample('signFirstReceipt')]);
		server = await n8n.start();
		await server.setUpOwner(DEMO_OWNER);

		profileDir = mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
		// A fresh profile per run: nothing cached from an earlier n8n, nothing synced.
		browser = await chromium.launchPersistentContext(profileDir, {
			executablePath: CHROMIUM,
			headless: true,
			viewport: { width: 1440, height: 900 },
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
			],
		});
		page = browser.pages()[0] ?? (await browser.newPage());
		page.setDefaultTimeout(30_000);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await browser?.close();
		await n8n?.dispose();
		await simulator?.close();
		if (profileDir) rmSync(profileDir, { recursive: true, force: true });
		if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
			for (const [name, docsName] of Object.entries(DOCS_SCREENSHOTS)) {
				copyFileSync(path.join(SCREENSHOTS, name), path.join(REPO_ROOT, 'docs', docsName));
			}
		}
	});

	test(
		'the owner signs in through the sign-in form',
		async () => {
			await page.goto(`${server.baseUrl}/signin`);
			await page.locator('input[name="emailOrLdapLoginId"]').fill(DEMO_OWNER.email);
			await page.locator('input[name="password"]').fill(DEMO_OWNER.password);
			await page.locator('[data-test-id="form-submit-button"]').click();
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
			await screenshot('signed-in.png');
		},
		STEP_TIMEOUT_MS,
	);

	test(
		'the example workflow opens with its four nodes on the canvas',
		async () => {
			await page.goto(`${server.baseUrl}/workflow/FiskalyFirstReceipt`);
			const nodes = page.locator('[data-test-id="canvas-node"]');
			await nodes.first().waitFor();
			const names = (await nodes.allInnerTexts()).map((text) => text.split('\n')[0].trim());
			expect(names.sort()).toEqual(['Create Client', 'Set Up TSS', 'Sign Receipt', 'Start']);
			await screenshot('canvas.png');
		},
		STEP_TIMEOUT_MS,
	);

	test(
		'Execute workflow in the editor runs every node and signs a receipt on the simulator',
		async () => {
			const before = await upserts();
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			const succeeded = page.locator('[data-test-id="canvas-node-status-success"]');
			await waitFor(
				async () => (await succeeded.count()) === 4,
				60_000,
				'all four nodes to show success',
			);
			// Sign Receipt's start and finish: two signed upserts, made by the run started in the browser.
			expect((await upserts()) - before).toBe(2);
			const toast = page.locator('.el-notification', { hasText: 'Workflow executed successfully' });
			await toast.waitFor();
			await toast.locator('.el-notification__closeBtn').click();
			await toast.waitFor({ state: 'hidden' });
			// Every connection carries its item once the run's animation is over.
			const carried = page.locator('[data-test-id="edge-label"]', { hasText: '1 item' });
			await waitFor(
				async () => (await carried.count()) >= 3,
				10_000,
				'the connections to show their items',
			);
			await page.mouse.move(0, 0);
			await screenshot('canvas-after-run.png');
		},
		STEP_TIMEOUT_MS,
	);

	test(
		"the Fiskaly node's panel lists its resources and operations",
		async () => {
			await inNodePanel('Set Up TSS', async () => {
				expect(await optionsOf('operation')).toEqual(
					expect.arrayContaining(['Set Up', 'Create', 'Initialize', 'Get Many']),
				);
			});
			await inNodePanel('Sign Receipt', async () => {
				expect(await optionsOf('resource')).toEqual(
					expect.arrayContaining(['Client', 'Transaction', 'TSS']),
				);
				expect(await optionsOf('operation')).toEqual(
					expect.arrayContaining(['Sign Receipt', 'Start', 'Finish', 'Cancel', 'Get', 'Get Many']),
				);
				// The credential imported with the example is the one the node shows.
				expect(
					await page.locator('[data-test-id="node-credentials-select"] input').inputValue(),
				).toBe('Fiskaly SIGN DE account');
				// After the run the panel shows the signed transaction next to the parameters.
				const output = page.locator('[data-test-id="output-panel"]');
				await output.locator('[data-test-id="radio-button-schema"]').click();
				await output.locator('[data-test-id="run-data-schema-item"]').first().waitFor();
				await screenshot('node-panel.png');
			});
		},
		STEP_TIMEOUT_MS,
	);

	test.each([['kassensichv'], ['receipt'], ['tse'], ['fiskaly verify']])(
		'in an empty workflow, searching "%s" offers Fiskaly SIGN DE with its own description',
		async (word) => {
			// A page of its own: the example workflow's page stays as the other steps left it.
			const empty = await browser.newPage();
			try {
				await empty.goto(`${server.baseUrl}/workflow/new`);
				await empty.locator('[data-test-id="canvas-add-button"]').click();
				await empty.locator('[data-test-id="node-creator-search-bar"]').waitFor();
				await empty.keyboard.type(word);
				// In the trigger view n8n renders the entry as an action item of the list.
				const item = empty.locator('[data-test-id="item-iterator-item"]', {
					has: empty.locator('[data-test-id="node-creator-item-name"]', {
						hasText: /^Fiskaly SIGN DE$/,
					}),
				});
				await item.waitFor();
				// n8n shows the node and its trigger as one entry whose description it takes from the
				// trigger: it must name what the entry is for, not only the trigger's events.
				expect(await item.innerText()).toMatch(
					/Fiskaly SIGN DE\s+Sign German cash-register receipts \(KassenSichV\)/,
				);
				if (word === 'kassensichv') {
					await empty.screenshot({ path: path.join(SCREENSHOTS, 'node-creator-empty-search.png') });
					await item.click();
					const panel = empty.locator('[data-test-id="node-creator"]');
					// The trigger's events in proper case, as a person names them.
					for (const event of [
						'Transaction finished or cancelled',
						'TSS state changed',
						'Export completed',
					]) {
						await panel.getByText(event, { exact: true }).waitFor();
					}
					expect(await panel.innerText()).not.toMatch(/On tss|On transaction/i);
					await panel.getByText(/^Actions \(\d+\)$/).waitFor();
				}
			} finally {
				await empty.close();
			}
		},
		STEP_TIMEOUT_MS,
	);

	test(
		'searching "fiskaly" in the node creator finds the node and its actions',
		async () => {
			await page.locator('[data-test-id="node-creator-plus-button"]').click();
			await page.locator('[data-test-id="node-creator-search-bar"]').waitFor();
			// The search field has the focus as soon as the node creator opens.
			await page.keyboard.type('fiskaly');
			const item = page.locator('[data-test-id="node-creator-item-name"]', {
				hasText: 'Fiskaly SIGN DE',
			});
			await item.waitFor();
			await screenshot('node-creator-search.png');
			await item.click();
			const action = page.locator('[data-test-id="node-creator"]').getByText('Sign a receipt');
			await action.waitFor();
			// Let the panel finish sliding in before the screenshot.
			await page.waitForTimeout(500);
			await screenshot('node-creator-actions.png');
		},
		STEP_TIMEOUT_MS,
	);
});
