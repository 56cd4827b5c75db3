// Durability for `--data-dir`: an append-only JSON-lines journal of committed changes, plus the
// long-lived secrets (CA key, token secret) in their own file.
//
// Each change is one line written with fs.writeSync before the HTTP answer leaves, so a `kill -9`
// cannot lose an acknowledged change (the bytes are in the kernel's page cache once writeSync
// returns; surviving a power cut would need an fsync per change, which this simulator does not do).
// A line cut short by a crash is dropped on the next start and the file is truncated to the last
// complete line, so later appends start on a clean line.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';

import { createCertificateAuthority, type CertificateAuthority } from './signing';

const JOURNAL_FILE = 'journal.jsonl';
const SECRETS_FILE = 'secrets.json';
const JOURNAL_FORMAT = 1;

export interface Secrets {
	ca: CertificateAuthority;
	/** hex HMAC key for access and refresh tokens. */
	tokenSecret: string;
}

export function createSecrets(nowSeconds: number): Secrets {
	return {
		ca: createCertificateAuthority(nowSeconds),
		tokenSecret: crypto.randomBytes(32).toString('hex'),
	};
}

/** Loads the secrets of a data directory, creating them (atomically, mode 0600) on first use. */
export function loadOrCreateSecrets(dataDir: string, nowSeconds: number): Secrets {
	const file = path.join(dataDir, SECRETS_FILE);
	if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Secrets;
	const secrets = createSecrets(nowSeconds);
	const temporary = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(temporary, JSON.stringify(secrets, null, '\t'), { mode: 0o600 });
	fs.renameSync(temporary, file);
	return secrets;
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
