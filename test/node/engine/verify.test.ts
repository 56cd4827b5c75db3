// Transaction › Verify Signature through n8n's engine: offline checks of simulator-signed
// transactions and QR codes, the real fiskaly vector, tampered data, and bad input.
import type { INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { loadPackageFromDist } from '../../../scripts/n8n-engine';
import vectors from '../../fixtures/test-vectors.json';
import { EngineSession, fieldError, type PreparedClient, type PreparedTss } from './session';

let session: EngineSession;
let tss: PreparedTss;
let client: PreparedClient;

beforeAll(async () => {
	session = await EngineSession.start();
	tss = await session.prepareTss();
	client = await session.prepareClient(tss);
});

afterAll(async () => {
	await session.close();
});

const verify = (
	parameters: Record<string, unknown>,
	items?: Array<{ json: any }>,
	continueOnFail = false,
) =>
	session.engine.runNode({
		resource: 'transaction',
		operation: 'verify',
		parameters: parameters as any,
		items,
		continueOnFail,
	});

function realFiskalyTransaction() {
	const update = vectors.update_transaction;
	return {
		_type: 'TRANSACTION',
		state: 'ACTIVE',
		tss_serial_number: vectors.tss.serial_number,
		client_serial_number: update.client_serial_number,
		number: update.transaction_number,
		revision: 2,
		latest_revision: 2,
		schema: {
			...update.request_schema,
			raw: {
				process_type: update.process_type,
				process_data: Buffer.from(update.process_data).toString('base64'),
			},
		},
		log: { operation: 'Update', timestamp: update.log_time_unix, timestamp_format: 'unixTime' },
		signature: {
			value: update.signature_value,
			algorithm: 'ecdsa-plain-SHA256',
			counter: update.signature_counter,
			public_key: vectors.tss.public_key,
		},
	};
}

describe('Transaction › Verify Signature', () => {
	it('verifies a finished transaction from the incoming item, against the TSS serial number, without calling fiskaly', async () => {
		const { transaction } = await session.signDirectly(tss, client, '19.99');
		await session.resetTraffic();
		const { items, error, rawPairedItems } = await verify(
			{ source: 'item', options: { trustedKey: tss.serialNumber } },
			[{ json: transaction }],
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			valid: true,
			source: 'transaction',
			trusted_key_checked: true,
			operation: 'FinishTransaction',
			tss_serial_number: tss.serialNumber,
			client_serial_number: client.serialNumber,
			transaction_number: transaction.number,
			// One type per field: a string, like the receipt block's and the TSS's signature_counter
			// (fiskaly itself sends a number inside a transaction's signature).
			signature_counter: String(transaction.signature.counter),
			receipt: {
				transaction_type: 'Beleg',
				receipt_type: 'RECEIPT',
				amounts_per_vat_rate: [{ vat_rate: 'NORMAL', amount: '19.99' }],
				amounts_per_payment_type: [{ payment_type: 'CASH', amount: '19.99', currency_code: 'EUR' }],
				total_amount: '19.99',
			},
		});
		expect(items[0].json.reason).toBeUndefined();
		expect(rawPairedItems).toEqual([{ item: 0 }]);
		expect((await session.stats()).requests).toBe(0);
	});

	it('verifies the Start revision (no data yet) and the receipt QR code of the same transaction', async () => {
		const { txId, transaction } = await session.signDirectly(tss, client, '5.00');
		const start = await session.expectOk('GET', `/tss/${tss.tssId}/tx/${txId}`, {
			query: { tx_revision: 1 },
		});
		const { items } = await verify({ source: 'item' }, [
			{ json: start },
			{ json: { qr_code_data: transaction.qr_code_data } },
		]);
		expect(items.map((item) => [item.json.valid, item.json.operation, item.json.source])).toEqual([
			[true, 'StartTransaction', 'transaction'],
			[true, 'FinishTransaction', 'qr_code'],
		]);
		const fromQr = await verify({ source: 'qrCode', qrCode: transaction.qr_code_data });
		expect(fromQr.items[0].json).toMatchObject({
			valid: true,
			log_time: new Date(transaction.time_end * 1000).toISOString(),
		});
	});

	it('needs no fiskaly credential: the editor hides it for the offline checks, and the check runs without one', async () => {
		const { nodeType } = loadPackageFromDist();
		const description = (nodeType as INodeType).description;
		const [credential] = description.credentials ?? [];
		const shown = (resource: string, operation: string) =>
			NodeHelpers.displayParameter({ resource, operation }, credential, null, description);
		expect([shown('transaction', 'verify'), shown('export', 'verifyFile')]).toEqual([false, false]);
		expect([
			shown('transaction', 'signReceipt'),
			shown('tss', 'get'),
			shown('export', 'download'),
		]).toEqual([true, true, true]);

		await session.resetTraffic();
		const { items, error } = await session.engine.runNode({
			resource: 'transaction',
			operation: 'verify',
			parameters: {
				source: 'json',
				transactionJson: JSON.stringify(realFiskalyTransaction()),
			} as any,
			credentialId: null,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ valid: true });
		expect(await session.requestLines()).toEqual([]);
	});

	it('verifies the real fiskaly signature given as JSON', async () => {
		const { items, error } = await verify({
			source: 'json',
			transactionJson: JSON.stringify(realFiskalyTransaction()),
			options: { trustedKey: vectors.tss.public_key },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			valid: true,
			signature_counter: '33',
			operation: 'UpdateTransaction',
		});
	});

	it('reports tampered items as invalid with the reason, item by item', async () => {
		const { transaction } = await session.signDirectly(tss, client, '7.00');
		const raisedAmount = JSON.parse(JSON.stringify(transaction));
		raisedAmount.schema.standard_v1.receipt.amounts_per_vat_rate[0].amount = '70.00';
		const otherCounter = {
			...transaction,
			signature: { ...transaction.signature, counter: transaction.signature.counter + 1 },
		};
		const forgedQr = transaction.qr_code_data.replace('^7.00:Bar;', '^0.70:Bar;');
		expect(forgedQr).not.toBe(transaction.qr_code_data);
		const { items } = await verify({ source: 'item', options: { trustedKey: tss.publicKey } }, [
			{ json: raisedAmount },
			{ json: otherCounter },
			{ json: { qr_code_data: forgedQr } },
			{ json: realFiskalyTransaction() },
		]);
		expect(items.map((item) => item.json.valid)).toEqual([false, false, false, false]);
		expect(items[0].json.reason).toMatch(/NORMAL amount 70.00 but 7.00 was signed/);
		expect(items[1].json.reason).toMatch(/signature does not match/);
		expect(items[2].json.reason).toMatch(/signature does not match/);
		expect(items[3].json.reason).toMatch(/not the trusted TSS public key/);
	});

	it('refuses an item that is no transaction, and a bad trusted key, before checking anything', async () => {
		const notTransaction = await verify({ source: 'item' }, [{ json: { hello: 'world' } }]);
		expect(notTransaction.error).toEqual(fieldError('The incoming item is not a transaction'));

		const badKey = await verify({
			source: 'qrCode',
			qrCode: 'V0;x',
			options: { trustedKey: 'my-tss' },
		});
		expect(badKey.error).toEqual(fieldError('TSS Public Key or Serial Number'));

		const badJson = await verify({ source: 'json', transactionJson: '{"signature": ' });
		expect(badJson.error).toEqual(fieldError('Transaction JSON is not valid JSON'));
	});

	it('continues on fail with the reason on the failed item only', async () => {
		const { transaction } = await session.signDirectly(tss, client, '1.00');
		const { items } = await verify(
			{ source: 'item' },
			[{ json: { nothing: true } }, { json: transaction }],
			true,
		);
		expect(items).toHaveLength(2);
		expect((items[0].json.error as { message?: string }).message).toMatch(/not a transaction/);
		expect(items[1].json.valid).toBe(true);
	});
});
