// The ceiling for the simulator's signing: raw ECDSA P-256 signatures per second on this machine.

import * as crypto from 'node:crypto';

/** Raw ECDSA P-256 signatures per second over a fixed 200-byte DTBS, measured for `durationMs`. */
export function measureRawSignRate(durationMs: number): number {
	const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	const dtbs = Buffer.alloc(200, 0x5a);
	const started = process.hrtime.bigint();
	const budget = BigInt(Math.max(1, Math.round(durationMs))) * 1_000_000n;
	let signatures = 0;
	let elapsed = 0n;
	do {
		for (let i = 0; i < 100; i++) {
			crypto.sign('sha256', dtbs, { key: privateKey, dsaEncoding: 'ieee-p1363' });
		}
		signatures += 100;
		elapsed = process.hrtime.bigint() - started;
	} while (elapsed < budget);
	return Math.round((signatures * 1e9) / Number(elapsed));
}
