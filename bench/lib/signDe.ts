// SIGN DE set-up shared by benchmarks: a TSS taken through the quickstart (REFERENCE §12.3) up to a
// registered client, and the transaction requests a till sends.

import { randomUUID } from 'node:crypto';
import type { KeepAliveClient } from './http';

export interface Credentials {
	apiKey: string;
	apiSecret: string;
}

export interface ProvisionedTss {
	authorization: Record<string, string>;
	tssId: string;
	clientIds: string[];
}

const ADMIN_PIN = '1234567890';

/** Authenticates, creates and initialises a TSS and registers `clientCount` clients. */
export async function provisionTss(
	client: KeepAliveClient,
	baseUrl: string,
	credentials: Credentials,
	clientCount = 1,
): Promise<ProvisionedTss> {
	const auth = await client.json<{ access_token: string }>({
		method: 'POST',
		url: `${baseUrl}/auth`,
		body: { api_key: credentials.apiKey, api_secret: credentials.apiSecret },
	});
	const authorization = { authorization: `Bearer ${auth.access_token}` };
	const tssId = randomUUID();
	const tssUrl = `${baseUrl}/tss/${tssId}`;
	const call = <T = unknown>(method: string, url: string, body?: unknown) =>
		client.json<T>({ method, url, headers: authorization, body });

	const created = await call<{ admin_puk: string }>('PUT', tssUrl, {});
	await call('PATCH', tssUrl, { state: 'UNINITIALIZED' });
	await call('PATCH', `${tssUrl}/admin`, {
		admin_puk: created.admin_puk,
		new_admin_pin: ADMIN_PIN,
	});
	await call('POST', `${tssUrl}/admin/auth`, { admin_pin: ADMIN_PIN });
	await call('PATCH', tssUrl, { state: 'INITIALIZED' });
	const clientIds: string[] = [];
	for (let i = 1; i <= clientCount; i++) {
		const clientId = randomUUID();
		await call('PUT', `${tssUrl}/client/${clientId}`, { serial_number: `BENCH-TILL-${i}` });
		clientIds.push(clientId);
	}
	await call('POST', `${tssUrl}/admin/logout`, {});
	return { authorization, tssId, clientIds };
}

/** The body of a finished cash receipt: 19 % and 7 % VAT, paid partly in cash, partly by card. */
export function receiptFinishBody(clientId: string) {
	return {
		state: 'FINISHED',
		client_id: clientId,
		schema: {
			standard_v1: {
				receipt: {
					receipt_type: 'RECEIPT',
					amounts_per_vat_rate: [
						{ vat_rate: 'NORMAL', amount: '21.42' },
						{ vat_rate: 'REDUCED_1', amount: '7.99' },
					],
					amounts_per_payment_type: [
						{ payment_type: 'CASH', amount: '10.00' },
						{ payment_type: 'NON_CASH', amount: '19.41' },
					],
				},
			},
		},
	};
}
