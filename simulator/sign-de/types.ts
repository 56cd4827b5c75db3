// Shapes shared by the simulator's modules: the state module stores these, the signing module
// produces the log messages, the export module turns stored logs into a TR-03153 TAR.

/** Unix time in whole seconds, as SIGN DE uses everywhere. */
export type UnixSeconds = number;

export type TxOperation = 'Start' | 'Update' | 'Finish';

/** One signed TR-03151 log message, as kept by the state module and exported in TAR files. */
export interface StoredLog {
	/** TSS-wide signature counter of this log (shared by system and transaction logs). */
	counter: number;
	/** logTime of the message (unix seconds). */
	logTime: UnixSeconds;
	kind: 'transaction' | 'system';
	/** The complete DER log message (SEQUENCE incl. signatureValue), base64. */
	message: string;
	/** Transaction logs only. */
	txNumber?: number;
	operation?: TxOperation;
	/** Client serial number (the TR-03151 clientId) for transaction logs. */
	clientSerial?: string;
	/** Client UUID for transaction logs (used by export filters). */
	clientId?: string;
	/** System logs only: the TR-03151 system operation, e.g. `authenticateUser`. */
	event?: string;
}

/** Key material of one TSS (the simulator's stand-in for the SMAERS/CSP-L key). */
export interface TssKeyMaterial {
	/** PKCS#8 PEM of the P-256 private key. */
	privateKeyPem: string;
	/** base64 of the raw uncompressed point 04||X||Y (65 bytes). */
	publicKey: string;
	/** lowercase hex SHA-256 of the raw public key (64 chars). */
	serialNumber: string;
	/** base64 DER X.509 certificate holding the public key, serial = serialNumber. */
	certificate: string;
}
