// The one HTTP client of the benchmarks: node:http with a keep-alive agent, bodies as Buffers.
// Every benchmark phase that is compared with another uses this same client, so differences in the
// figures come from the servers, not from the measuring side.

import * as http from 'node:http';

export interface HttpRequest {
	method: string;
	url: string;
	headers?: Record<string, string>;
	/** Serialised with JSON.stringify unless it is already a Buffer or string. */
	body?: unknown;
}

export interface HttpResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

export class KeepAliveClient {
	private readonly agent: http.Agent;

	constructor(maxSockets: number) {
		this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
	}

	request({ method, url, headers = {}, body }: HttpRequest): Promise<HttpResponse> {
		const payload =
			body === undefined
				? undefined
				: Buffer.isBuffer(body)
					? body
					: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		return new Promise((resolve, reject) => {
			const req = http.request(
				url,
				{
					method,
					agent: this.agent,
					headers: {
						...(payload
							? { 'content-type': 'application/json', 'content-length': String(payload.length) }
							: {}),
						...headers,
					},
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () =>
						resolve({
							status: res.statusCode ?? 0,
							headers: res.headers,
							body: Buffer.concat(chunks),
						}),
					);
					res.on('error', reject);
				},
			);
			req.on('error', reject);
			req.end(payload);
		});
	}

	/** JSON convenience for set-up steps: throws unless the status is the expected one. */
	async json<T = unknown>(request: HttpRequest, expectedStatus = 200): Promise<T> {
		const response = await this.request(request);
		const text = response.body.toString('utf8');
		if (response.status !== expectedStatus) {
			throw new Error(
				`${request.method} ${request.url} → ${response.status} (expected ${expectedStatus}): ${text}`,
			);
		}
		return (text ? JSON.parse(text) : undefined) as T;
	}

	close(): void {
		this.agent.destroy();
	}
}
