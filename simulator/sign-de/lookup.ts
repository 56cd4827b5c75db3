// The read-only view of SIGN DE that the DSFinV-K room gets (its shape is defined there, in
// dsfinvk/signDeLookup.ts): transactions with their signature and process data, TSS key facts and
// clients. Nothing here changes state.

import { latestRevision } from './model';
import { ALGORITHM } from './signing';
import type { SignDeState } from './state';
import { processDataOf } from './transactions';

export function signDeLookup(state: SignDeState) {
	const { model } = state.store;
	return {
		transaction(tssId: string, txId: string) {
			const tx = model.tssById.get(tssId)?.txById.get(txId);
			if (!tx) return undefined;
			const revision = latestRevision(tx);
			return {
				txId: tx.id,
				tssId: tx.tss.id,
				clientId: revision.clientId,
				state: revision.state,
				number: tx.number,
				timeStart: tx.timeStart,
				timeEnd: revision.state === 'ACTIVE' ? undefined : revision.log.logTime,
				processType: revision.processType,
				processData: processDataOf(revision.schema).toString('utf8'),
				signature: revision.signature,
				signatureCounter: revision.log.counter,
			};
		},
		tss(tssId: string) {
			const tss = model.tssById.get(tssId);
			if (!tss) return undefined;
			return {
				tssId: tss.id,
				serialNumber: tss.keys.serialNumber,
				publicKey: tss.keys.publicKey,
				certificate: tss.keys.certificate,
				signatureAlgorithm: ALGORITHM,
				timestampFormat: 'unixTime',
				encoding: 'UTF-8',
			};
		},
		client(clientId: string) {
			const client = model.clients.get(clientId);
			if (!client) return undefined;
			return { clientId: client.id, tssId: client.tss.id, serialNumber: client.serial };
		},
	};
}
