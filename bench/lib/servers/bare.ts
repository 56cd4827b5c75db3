// The HTTP floor: a bare node:http server that reads each request body and answers every request
// with the same small JSON body. Whatever a real server adds costs throughput relative to this.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveUntilStopped } from '../serverProcess';

const FIXED_BODY = Buffer.from(JSON.stringify({ state: 'ACTIVE', revision: 1 }));

const server = http.createServer((req, res) => {
	req.on('data', () => undefined);
	req.on('end', () => {
		res.writeHead(200, { 'content-type': 'application/json', 'content-length': FIXED_BODY.length });
		res.end(FIXED_BODY);
	});
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
	const { port } = server.address() as AddressInfo;
	serveUntilStopped(
		{ url: `http://127.0.0.1:${port}/api/v2` },
		() =>
			new Promise<void>((done) => {
				server.close(() => done());
				server.closeAllConnections(); // close() would otherwise wait for idle keep-alive sockets
			}),
	);
});
