import type { IDataObject } from 'n8n-workflow';

/**
 * When the TSE (fiskaly's cloud TSS) cannot be reached, the sale must go on and the receipt must
 * say that the TSE failed (AEAO zu §146a AO: the outage is shown on the receipt and documented).
 * This is the item Sign Receipt outputs then, in the shape of a printed receipt block.
 */
export function tseFailureReceipt(
	reason: string,
	time: Date,
	reference: string | undefined,
): IDataObject {
	return {
		tss_serial_number: null,
		client_serial_number: null,
		transaction_number: null,
		signature_counter: null,
		time_start: null,
		time_end: null,
		signature: null,
		public_key: null,
		signature_algorithm: null,
		timestamp_format: null,
		qr_code_data: null,
		qr_code_fits: true,
		receipt_type: null,
		process_type: null,
		process_data: null,
		warnings: [
			'The TSE was not available: print "TSE ausgefallen" (TSE failure) on the receipt, keep this item as the record of the outage, and report a longer outage to the tax office.',
		],
		tse_failure: true,
		tse_failure_reason: reason,
		tse_failure_time: time.toISOString(),
		reference: reference ?? null,
	};
}
