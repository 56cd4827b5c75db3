// The receipt QR code of DSFinV-K Anhang I ("V0"), built from a finished transaction (REFERENCE §8.5).

import { ALGORITHM } from './signing';
import type { UnixSeconds } from './types';

export interface QrCodeInput {
	clientSerial: string;
	processType: string;
	processData: Buffer;
	transactionNumber: number;
	signatureCounter: number;
	timeStart: UnixSeconds;
	logTime: UnixSeconds;
	signature: string;
	publicKey: string;
}

// Start and log time of most receipts fall in the same second: format each second once.
let isoSeconds = NaN;
let isoText = '';

function isoTime(unixSeconds: UnixSeconds): string {
	if (unixSeconds !== isoSeconds) {
		isoText = new Date(unixSeconds * 1000).toISOString(); // always ".000Z": whole seconds
		isoSeconds = unixSeconds;
	}
	return isoText;
}

/** The DSFinV-K Anhang I "V0" QR code payload: 12 fields separated by ';'. */
export function buildQrCodeData(input: QrCodeInput): string {
	return [
		'V0',
		input.clientSerial,
		input.processType,
		input.processData.toString('utf8'),
		input.transactionNumber,
		input.signatureCounter,
		isoTime(input.timeStart),
		isoTime(input.logTime),
		ALGORITHM,
		'unixTime',
		input.signature,
		input.publicKey,
	].join(';');
}
