// DER the simulator itself never writes, kept for the tests that check its encoder's building blocks.

import { TAG, tlv } from '../../../simulator/sign-de/der';

export function derUtf8String(text: string): Buffer {
	return tlv(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
}
