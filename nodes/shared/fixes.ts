import type { FiskalyApi } from './apis';

/**
 * How to fix each fiskaly error code, per API (the same code means different things in SIGN DE
 * and DSFinV-K, e.g. E_TX_NOT_FOUND). The wording addresses the person building the workflow.
 */

/** SIGN DE v2. */
const SIGN_DE_FIXES: Record<string, string> = {
	E_UNAUTHORIZED:
		'Check the API key and secret in the credential, and that they belong to the environment (TEST or LIVE) that owns this TSS.',
	E_ADMIN_LOGIN_FAILED:
		'Check the Admin PIN. After 5 wrong attempts fiskaly blocks it; then set a new one with TSS › Change Admin PIN and the PUK.',
	E_ADMIN_PIN_BLOCKED:
		'The admin PIN is blocked: a new TSS starts that way, and 5 wrong attempts block it again. Set a new PIN with TSS › Change Admin PIN and the PUK (TSS › Set Up does this for you).',
	E_CHANGE_ADMIN_PIN_FAILED:
		'The Admin PUK is not the one of this TSS. Use the admin_puk from the output of TSS › Create or TSS › Set Up.',
	E_ACCESS_DENIED:
		'The resource belongs to another fiskaly organisation or environment. Use the credential of the organisation (and TEST or LIVE environment) that created it.',
	E_TSS_LIMIT_REACHED:
		'The TEST environment allows 5 TSS that are not disabled. Disable TSS you no longer need with TSS › Disable, then try again.',
	E_TSS_LIMIT_PER_DAY_REACHED: 'fiskaly allows 500 new TSS per day. Try again tomorrow.',
	E_CLIENT_LIMIT_REACHED:
		'The TSS has as many registered clients as it allows (see max_number_registered_clients). Deregister a client you no longer use with Client › Update.',
	E_TSS_NOT_FOUND:
		'Check the TSS ID, and that the credential belongs to the same organisation and environment (TEST or LIVE) that created the TSS.',
	E_CLIENT_NOT_FOUND:
		'Check the Client ID and that the client belongs to this TSS. Create one with Client › Create.',
	E_TX_NOT_FOUND:
		'Check the transaction ID or number, and that the transaction belongs to this TSS.',
	E_EXPORT_NOT_FOUND: 'Check the export ID and that it belongs to this TSS.',
	E_EXPORT_NOT_COMPLETED:
		'The export is not finished yet. Turn on Wait for Completion in Export › Download, or download it later (Export › Get shows its state).',
	E_DUPLICATE_EXPORT:
		'This export ID was already used with other filters (or the same export is still running). Leave Export ID empty to use a new one.',
	E_PARAMETER_MISMATCH:
		'Filter an export by one kind of range only: transaction numbers, dates or signature counters; a client filter stands alone.',
	E_TOO_MANY_EXPORTS:
		'A TSS runs at most 10 exports at a time. Wait for running exports to complete, or cancel one with Export › Cancel.',
	E_EXPORT_DUPLICATE_RATE_LIMITED:
		'An export with the same filters is still running. Wait until it is completed (Export › Get Many shows it) and download that one, or change the filters.',
	E_TSS_ILLEGAL_STATE_TO_PERFORM_EXPORT:
		'Only an INITIALIZED or DISABLED TSS can be exported. Get the TSS to see its state.',
	E_CANCEL_EXPORT:
		'Only a PENDING or WORKING export can be cancelled. Get the export to see its state.',
	E_LATEST_TX_REVISION_NOT_FOUND:
		'Check the transaction ID or number, and that the transaction belongs to this TSS.',
	E_TX_REVISION_NOT_FOUND:
		'Leave Revision empty (0) to get the latest revision, or use a number up to the transaction’s latest_revision.',
	E_TSS_CONFLICT:
		'A TSS with this ID already exists and has left the state CREATED. Leave TSS ID empty to create a new TSS, or use TSS › Set Up with this ID and its PUK to continue setting it up.',
	E_CLIENT_CONFLICT:
		'Client IDs are unique across all of fiskaly. Leave Client ID empty so the node generates a new one.',
	E_PENDING_TX_CONFLICT:
		'A transaction with this ID already exists with other data, or another request for it is still being processed. Leave Transaction ID empty to generate a new one, or try again in a moment.',
	E_TX_UPSERT:
		'The revision did not match or the transaction is already finished or cancelled. Get the transaction to see its state and latest_revision.',
	E_TX_ILLEGAL_TYPE_CHANGE:
		'Keep the same kind of transaction data (receipt, order, other or the same raw process type) for every revision of a transaction.',
	E_TX_NO_TYPE_DEFINED:
		'Finishing or cancelling needs transaction data. Fill in the receipt (or order, other, raw) data.',
	E_TX_LIMIT_REACHED:
		'The TSS has 2000 open (ACTIVE) transactions. Finish or cancel old ones: Transaction › Get Many with the state Active, then Transaction › Cancel.',
	E_CLIENT_DEREGISTERED:
		'Register the client again with Client › Update (State: Registered), or use another client.',
	E_ILLEGAL_CLIENT_SERIAL:
		'Use a serial number of up to 70 letters, digits, spaces or the characters \' ( ) + , - . : = ? (no "_" or "/", no leading or trailing space) that no other client of this TSS uses.',
	E_ILLEGAL_TSS_STATE_CHANGE:
		'A TSS goes CREATED → UNINITIALIZED → INITIALIZED → DISABLED, one step at a time. Get the TSS to see its current state; TSS › Set Up runs all steps.',
	E_TSS_NOT_INITIALIZED: 'Run TSS › Set Up or TSS › Initialize first.',
	E_TSS_DISABLED:
		'A disabled TSS cannot sign any more. Create a new TSS with TSS › Set Up and new clients for it.',
	E_TSS_DELETED:
		'fiskaly removed this TEST TSS (TEST TSS are removed when disabled or unused for 14 days). Create a new one with TSS › Set Up.',
	E_TSS_DEFECTIVE:
		'The TSS is defective and cannot be used. Create a new TSS with TSS › Set Up and new clients for it.',
	E_TSS_EVICTED:
		'The TSS stayed CREATED for months without being used and was released. Create a new one with TSS › Set Up.',
	E_CERTIFICATE_EXPIRED:
		'The certificate of this TSS has expired. Create a new TSS with TSS › Set Up and new clients (with new IDs) for it.',
	E_USE_MIDDLEWARE:
		'Set the Base URL in the credential to https://kassensichv-middleware.fiskaly.com/api/v2 (the middleware host serves every operation).',
	E_FAILED_SCHEMA_VALIDATION:
		'fiskaly did not accept the shape of the request. Check the fields named in the message.',
	E_MIDDLEWARE_PENDING_REQUEST:
		'Another request for the same resource is still being processed. Try again in a moment.',
	E_TSS_LOCKED:
		'The TSS is temporarily locked for maintenance. Try again later; see https://status.fiskaly.com.',
	E_NOT_FOUND:
		'The address does not exist. Check that the Base URL in the credential ends with /api/v2.',
};

/** DSFinV-K v1 (codes and messages: REFERENCE DSFinV-K §5; the advice is ours). */
const DSFINVK_FIXES: Record<string, string> = {
	E_UNAUTHORIZED:
		'Check the API key and secret in the credential and the DSFinV-K Base URL (https://dsfinvk.fiskaly.com/api/v1). DSFinV-K takes the same key as SIGN DE; the key decides between TEST and LIVE.',
	E_FAILED_SCHEMA_VALIDATION:
		'fiskaly did not accept the shape of the request. Check the fields named in the message; a closing also needs at least one entry in cash_statement.payment.payment_types.',
	E_BAD_REQUEST: 'Check the values sent in this request.',
	E_TRANSACTIONS_MISSING:
		'The closing has no transactions. Add every receipt of the day to transactions: DSFinV-K needs the single records, not only totals.',
	E_INVALID_STATE_CHANGE:
		'Only a COMPLETED or ERROR closing can be deleted; a PENDING or WORKING one is still being processed, so wait until Cash Point Closing › Get shows COMPLETED or ERROR. A deleted closing stays deleted.',
	E_CLIENT_NOT_FOUND:
		'The SIGN DE client does not exist in this organisation and environment. Create it with Fiskaly SIGN DE › Client › Create and use its ID.',
	E_TSS_NOT_FOUND:
		'Check the TSS: it must be a SIGN DE TSS of the organisation and environment (TEST or LIVE) of the credential.',
	E_CASH_REGISTER_NOT_FOUND:
		'Create the cash register first with Cash Register › Create or Update, under the ID of the SIGN DE client that signed the transactions; every closing_client_id in the closing needs one too. After a new TSS or client, create a new cash register for it.',
	E_CASH_REGISTER_CONFLICT:
		'A cash register with this ID exists for another SIGN DE API version (a v1 client). Use a SIGN DE v2 client, which has a new ID.',
	E_VAT_DEFINITION_NOT_FOUND:
		'Use the VAT IDs fiskaly provides (1 = 19 %, 2 = 7 %, 3 = average rate, 4 = 5.5 %, 5–7 = 0 %, historic 11–23), or create your own ID from 1000 with VAT Definition › Create or Update before the closing uses it.',
	E_PURCHASER_AGENCY_NOT_FOUND:
		'Create the purchaser agency with Purchaser Agency › Create or Update before a closing names it, or check its ID.',
	E_CASH_POINT_CLOSING_CONFLICT:
		'This Closing ID was used already. Cash Point Closing › Get shows that closing; to insert other data, use a new Closing ID.',
	E_CASH_POINT_CLOSING_NOT_FOUND:
		'Check the closing ID. For an export: no COMPLETED closing was inserted between Start and End (the range is when closings were inserted, not their business date); wait until the closings are COMPLETED, or widen the range.',
	E_EXPORT_NOT_FOUND:
		'Check the export ID, and that the credential belongs to the organisation and environment that triggered the export.',
	E_EXPORT_CONFLICT:
		'This Export ID was used already. Export › Get shows that export; leave Export ID empty to trigger a new one.',
	E_DOWNLOAD_NOT_FOUND:
		'The archive is not ready (the export is not COMPLETED yet) or has expired (28 days after it was requested). Turn on Wait for Completion, or trigger a new export.',
	E_TX_NOT_FOUND:
		'A transaction of the closing names a tss_tx_id that SIGN DE does not hold as a finished transaction of the client. Use the ID of the signed SIGN DE transaction (Sign Receipt output, _id) from the client that signed it; after a TSS change use the new client and its own cash register.',
	E_UNKNOWN:
		'fiskaly could not process it. Insert the closing or trigger the export again under a new ID; if that fails too, contact fiskaly support with the ID.',
};

/** SUBMIT DE v1 (codes: REFERENCE SUBMIT DE §8; 409 E_CONFLICT is [INFERRED]; the advice is ours). */
const SUBMIT_DE_FIXES: Record<string, string> = {
	E_UNAUTHORIZED:
		'Check the API key and secret in the credential and the SUBMIT DE Base URL, and that they belong to the environment (TEST or LIVE) you mean.',
	E_UNAUTHORIZED_ACCESS:
		'Check the API key and secret in the credential and the SUBMIT DE Base URL (https://kassensichv.fiskaly.com/submission-api/v1).',
	E_ACCESS_FORBIDDEN:
		'The API key may not use SUBMIT DE. Book SUBMIT DE for the organisation in the fiskaly Dashboard, or use a key of that organisation.',
	E_TAXPAYER_NOT_FOUND:
		'Set the taxpayer first with Taxpayer › Set: the notification names the taxpayer and the tax number.',
	E_ESTABLISHMENT_NOT_FOUND:
		'Create the establishment first with Establishment › Create or Update, or check its ID (Establishment › Get Many lists them).',
	E_SUBMISSION_NOT_FOUND:
		'Check the submission ID (Submission › Get Many lists them), and that the credential belongs to the organisation and environment that created it.',
	E_CLIENT_NOT_FOUND:
		'The TSS or client does not exist in SIGN DE for this organisation and environment. Pick them from the list, or create them with the Fiskaly SIGN DE node.',
	E_CLIENT_ADDITIONAL_DATA_NOT_FOUND:
		'This register has no additional data yet. Add it with Client Additional Data › Set (type, manufacturer, model, software, dates, establishment).',
	E_FAILED_SCHEMA_VALIDATION:
		'fiskaly did not accept the shape of the request. Check the fields named in the message.',
	E_CONFLICT:
		'The submission is not in a state that allows this (the message names its state). Submission › Get shows the state; a transmission can only start from READY_FOR_TRANSMISSION and only be cancelled while TRANSMISSION_PENDING.',
	E_LOCKED_RESOURCE:
		'The data is locked while a submission is processed. Wait until Submission › Get shows a final state, then try again.',
};

export const FIXES: Record<FiskalyApi, Record<string, string>> = {
	signDe: SIGN_DE_FIXES,
	dsfinvk: DSFINVK_FIXES,
	submitDe: SUBMIT_DE_FIXES,
};
