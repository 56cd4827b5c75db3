// What a real n8n process sets up before it runs anything, narrowed to what the in-process engine
// needs: a private user folder, quiet logs and a regex engine that does not time out under load.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { setSafeRegexEngine } from 'n8n-workflow';

/**
 * n8n-core's DI container creates InstanceSettings during a run, which writes an encryption key to
 * `$N8N_USER_FOLDER/.n8n/config` (default: the home folder). Keep that out of the user's home.
 */
export function isolateN8nEnvironment(): void {
	// n8n's error reporter logs every failed node to the console; tests assert on the errors.
	process.env.N8N_LOG_LEVEL ??= 'silent';
	// n8n checks parameter patterns (e.g. the locators' UUID regex) in a VM with a 250 ms timeout
	// against ReDoS. On a 2-core machine busy with parallel test workers that timeout fires on a
	// plain UUID check; the patterns here are the node's own, so the native engine is safe.
	setSafeRegexEngine(nativeRegexEngine);
	if (process.env.N8N_USER_FOLDER) return;
	const folder = path.join(tmpdir(), 'n8n-fiskaly-engine-tests');
	mkdirSync(folder, { recursive: true });
	process.env.N8N_USER_FOLDER = folder;
}

const nativeRegexEngine: Parameters<typeof setSafeRegexEngine>[0] = {
	exec: (pattern, input, flags) => new RegExp(pattern, flags).exec(input),
	test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
	replace: (pattern, input, flags, replacement) =>
		input.replace(new RegExp(pattern, flags), replacement as string),
	matchAll: (pattern, input, flags) =>
		Array.from(
			input.matchAll(new RegExp(pattern, flags?.includes('g') ? flags : `${flags ?? ''}g`)),
		),
	split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
};
