// Reading a request: its body (refused above 1 MB without buffering further), its JSON and its
// percent-encoded path segments.

import type * as http from 'node:http';

import { ApiError, schemaError } from './errors';

/** "Request body size limits": 1 MB → 413 (REFERENCE §0). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

function tooLarge(limit: number): ApiError {
	return new ApiError(
		413,
		'E_PAYLOAD_TOO_LARGE',
		`The request body is larger than ${limit} bytes (${Math.round(limit / 1024 / 1024)} MB)`,
	);
}

/** Reads the body, refusing (without buffering further) anything above the limit. */
export function readBody(req: http.IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<Buffer> {
	const declared = Number(req.headers['content-length']);
	if (declared > limit) return Promise.reject(tooLarge(limit));
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		// Inline (unnamed) listeners: this runs for every request.
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				req.removeAllListeners('data');
				req.pause();
				reject(tooLarge(limit));
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
		req.on('error', reject);
	});
}

export function parseJson(bytes: Buffer): unknown {
	if (bytes.length === 0) return undefined;
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch (error) {
		throw schemaError(`The request body is not valid JSON: ${(error as Error).message}`);
	}
}

/** The path with each segment percent-decoded (a decoded "/" stays "%2F", inside its segment). */
export function segmentsDecoded(path: string): string {
	if (!path.includes('%')) return path;
	try {
		return path
			.split('/')
			.map((segment) => decodeURIComponent(segment).replace(/\//g, '%2F'))
			.join('/');
	} catch {
		throw schemaError(`The request path ${path} is not valid percent-encoding`);
	}
}
