/**
 * How to fix what fiskaly reports on a closing that ended in ERROR (REFERENCE §5, §11.3), for the
 * person building the workflow. Pure: no n8n context.
 */
const FIXES: Record<string, string> = {
	E_VAT_DEFINITION_NOT_FOUND:
		'A line uses a VAT ID fiskaly does not know. Create the custom VAT definition (1000 or more) with VAT Definition › Create or Update, or use a standard rate.',
	E_CASH_REGISTER_NOT_FOUND:
		'Create the cash register with Cash Register › Create or Update for the register and for every client that signed the sales (closing_client_id). After a new TSS or client, create a new cash register for it.',
	E_TX_NOT_FOUND:
		'A sale names a transaction that SIGN DE does not hold for this register, or holds with other amounts. Close each register with the sales its own client signed.',
	E_PURCHASER_AGENCY_NOT_FOUND: 'Create the purchaser agency first, or leave it out of the sales.',
	E_FAILED_SCHEMA_VALIDATION:
		'fiskaly did not accept the shape of the closing. Check the fields named in the message.',
};

export function closingErrorFix(code: string | undefined): string {
	const fix =
		(code && FIXES[code]) ?? 'Check the message; if it says nothing specific, try again later.';
	return `${fix} Then run Close Day again: a closing in ERROR does not count, so the next run inserts a new one.`;
}
