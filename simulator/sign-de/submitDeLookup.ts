// What other rooms may read of SIGN DE in the same process (SUBMIT DE reads TSS and client data, as
// fiskaly does): plain copies of a few fields, never the room's objects.

import { BSI_CERTIFICATION_ID } from './model';
import type { SignDeState } from './state';

export interface TssFacts {
	id: string;
	state: string;
	serial_number: string;
	/** Set once the TSS left CREATED, as in its API answer. */
	bsi_certification_id?: string;
	/** Unix seconds of the initialisation, when it happened. */
	time_init?: number;
}

export interface ClientFacts {
	id: string;
	tss_id: string;
	state: string;
	serial_number: string;
}

export interface SubmitDeLookup {
	tss(tssId: string): TssFacts | undefined;
	client(tssId: string, clientId: string): ClientFacts | undefined;
}

export function submitDeLookup(state: SignDeState): SubmitDeLookup {
	const { model } = state.store;
	return {
		tss(tssId) {
			const tss = model.tssById.get(tssId.toLowerCase());
			if (!tss) return undefined;
			const facts: TssFacts = {
				id: tss.id,
				state: tss.state,
				serial_number: tss.keys.serialNumber,
			};
			if (tss.state !== 'CREATED') facts.bsi_certification_id = BSI_CERTIFICATION_ID;
			if (tss.timeInit !== undefined) facts.time_init = tss.timeInit;
			return facts;
		},
		client(tssId, clientId) {
			const client = model.clients.get(clientId.toLowerCase());
			if (!client || client.tss.id !== tssId.toLowerCase()) return undefined;
			return {
				id: client.id,
				tss_id: client.tss.id,
				state: client.state,
				serial_number: client.serial,
			};
		},
	};
}
