// What the DSFinV-K room may read of SIGN DE, which runs in the same process: a narrow, read-only view
// injected by simulator/index.ts (the room never touches SIGN DE's state itself). It checks
// `security.tss_tx_id` against it and takes the TSE columns of the export from it.

export interface SignedTransaction {
	txId: string;
	tssId: string;
	clientId: string;
	state: 'ACTIVE' | 'CANCELLED' | 'FINISHED';
	/** TSE transaction number (TSE_TANR). */
	number: number;
	/** Log time of the start and of the latest revision (unix seconds). */
	timeStart: number;
	timeEnd?: number;
	/** TR-03151 processType and processData (UTF-8) of the latest revision. */
	processType: string;
	processData: string;
	/** Signature value (base64) and TSS-wide signature counter of the latest revision. */
	signature: string;
	signatureCounter: number;
}

export interface TssFacts {
	tssId: string;
	serialNumber: string;
	/** base64 of the raw public key. */
	publicKey: string;
	/** base64 DER X.509 certificate. */
	certificate: string;
	signatureAlgorithm: string;
	timestampFormat: string;
	encoding: string;
}

export interface SignDeClient {
	clientId: string;
	tssId: string;
	serialNumber: string;
}

export interface SignDeLookup {
	/** The transaction `txId` as TSS `tssId` holds it. */
	transaction(tssId: string, txId: string): SignedTransaction | undefined;
	tss(tssId: string): TssFacts | undefined;
	client(clientId: string): SignDeClient | undefined;
}

/** No SIGN DE at all (unit tests of the room alone): every lookup misses. */
export const NO_SIGN_DE: SignDeLookup = {
	transaction: () => undefined,
	tss: () => undefined,
	client: () => undefined,
};
