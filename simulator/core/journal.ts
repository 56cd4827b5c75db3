// Durability for `--data-dir`: an append-only JSON-lines journal of committed changes (each API writes
// its own records into it), plus the long-lived secrets (token secret, the APIs' keys) in their own file.
//
// Each change is one line written with fs.writeSync before the HTTP answer leaves, so a `kill -9`
// cannot lose an acknowledged change (the bytes are in the kernel's page cache once writeSync
// returns; surviving a power cut would need an fsync per change, which this simulator does not do).
// A line cut short by a crash is dropped on the next start and the file is truncated to the last
// complete line, so later appends start on a clean line.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';

import type { ApiJournalPart } from './api';

const JOURNAL_FILE = 'journal.jsonl';
const SECRETS_FILE = 'secrets.json';
const JOURNAL_FORMAT = 1;
/** Journals written before there was more than one API hold SIGN DE records without an `api` field. */
const API_OF_UNTAGGED_RECORDS = 'signDe';

/** Long-lived secrets by name: the core's `tokenSecret` (hex HMAC key) and whatever the APIs need. */
export type Secrets = Record<string, unknown>;

/** Makes one secret, given the current unix time. */
export type SecretMakers = Record<string, (nowSeconds: number) => unknown>;

export const TOKEN_SECRET: SecretMakers = {
	tokenSecret: () => crypto.randomBytes(32).toString('hex'),
};

export function createSecrets(makers: SecretMakers, nowSeconds: number): Secrets {
	const secrets: Secrets = {};
	for (const [name, make] of Object.entries(makers)) secrets[name] = make(nowSeconds);
	return secrets;
}

/**
 * Loads the secrets of a data directory; the ones it lacks (all of them on first use, or those of an
 * API added since) are made and the file rewritten atomically, mode 0600.
 */
export function loadOrCreateSecrets(
	dataDir: string,
	makers: SecretMakers,
	nowSeconds: number,
): Secrets {
	fs.mkdirSync(dataDir, { recursive: true });
	const file = path.join(dataDir, SECRETS_FILE);
	const secrets: Secrets = fs.existsSync(file)
		? (JSON.parse(fs.readFileSync(file, 'utf8')) as Secrets)
		: {};
	const missing = Object.keys(makers).filter((name) => secrets[name] === undefined);
	if (missing.length === 0) return secrets;
	for (const name of missing) secrets[name] = makers[name](nowSeconds);
	const temporary = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(temporary, JSON.stringify(secrets, null, '\t'), { mode: 0o600 });
	fs.renameSync(temporary, file);
	return secrets;
}

/** An API's journal part over `apply`: replays records, and once attached `commit` writes each change before applying it. */
export class JournalPart<R> implements ApiJournalPart {
	private append?: (record: unknown) => void;

	constructor(private readonly apply: (record: R) => void) {}

	replay(record: unknown): void {
		this.apply(record as R);
	}

	attach(append: (record: unknown) => void): void {
		this.append = append;
	}

	detach(): void {
		this.append = undefined;
	}

	commit(record: R): void {
		this.append?.(record);
		this.apply(record);
	}
}

/** Hands each record to the API that wrote it. */
export function replayJournal(
	records: unknown[],
	parts: ReadonlyMap<string, ApiJournalPart>,
): void {
	for (const record of records) {
		const { api = API_OF_UNTAGGED_RECORDS, ...change } = record as { api?: string };
		const part = parts.get(api);
		if (!part) throw new Error(`journal: a record of the unknown API ${api}`);
		part.replay(change);
	}
}

/** Lets every API write its changes to `journal`, each record tagged with the API's name. */
export function attachJournal(journal: Journal, parts: ReadonlyMap<string, ApiJournalPart>): void {
	for (const [api, part] of parts)
		part.attach((record) => journal.append({ api, ...(record as object) }));
}

export class Journal {
	private constructor(private fd: number | undefined) {}

	/**
	 * Opens (or creates) the journal of `dataDir` and returns its committed records, oldest first.
	 * A torn last line is discarded and cut off the file.
	 */
	static open(dataDir: string): { journal: Journal; records: unknown[] } {
		fs.mkdirSync(dataDir, { recursive: true });
		const file = path.join(dataDir, JOURNAL_FILE);
		const records: unknown[] = [];
		let validBytes = 0;
		if (fs.existsSync(file)) {
			const content = fs.readFileSync(file);
			let start = 0;
			while (start < content.length) {
				const end = content.indexOf(0x0a, start);
				if (end === -1) break; // no newline: torn write
				const line = content.toString('utf8', start, end);
				let record: unknown;
				try {
					record = JSON.parse(line);
				} catch {
					// Only the last line can be torn by a crash; damage anywhere else is not ours to repair.
					if (end + 1 < content.length)
						throw new Error(`${file} is damaged at byte ${start}; refusing to start`);
					break;
				}
				records.push(record);
				start = end + 1;
				validBytes = start;
			}
			if (validBytes < content.length) fs.truncateSync(file, validBytes);
		}
		const fd = fs.openSync(file, 'a', 0o600);
		const journal = new Journal(fd);
		if (records.length === 0) journal.append({ t: 'journal', format: JOURNAL_FORMAT });
		else {
			const header = records.shift() as { t?: string; format?: number };
			if (header?.t !== 'journal' || header.format !== JOURNAL_FORMAT) {
				fs.closeSync(fd);
				throw new Error(`${file} is not a simulator journal of format ${JOURNAL_FORMAT}`);
			}
		}
		return { journal, records };
	}

	append(record: unknown): void {
		if (this.fd === undefined) throw new Error('journal is closed');
		const bytes = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
		let written = 0;
		while (written < bytes.length)
			written += fs.writeSync(this.fd, bytes, written, bytes.length - written);
	}

	close(): void {
		if (this.fd === undefined) return;
		fs.closeSync(this.fd);
		this.fd = undefined;
	}
}
