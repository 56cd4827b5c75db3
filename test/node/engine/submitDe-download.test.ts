// Fiskaly SUBMIT DE › Submission › Download through n8n's engine for the files that exist only after
// a transmission or a failed validation: the ELSTER receipt PDF (the same file Notify Tax Office
// output), ELSTER's answer XML, and the validation errors XML. (The notification XML, the validation
// preview and the receipt asked for too early are in submitDe-submission.test.ts.)
import { byId } from '../../../scripts/n8n-engine';
import { EngineSession } from './session';
import {
	forceOutcome,
	notifiableEstablishment,
	startSubmitDeSession,
	submitDeNode,
} from './submitDeSession';

let session: EngineSession;

beforeAll(async () => {
	session = await startSubmitDeSession();
});

afterAll(async () => {
	await session?.close();
});

const runOk = (operation: string, parameters: Record<string, unknown>) =>
	session.engine.runNodeOk(submitDeNode({ resource: 'submission', operation, parameters }));

async function notify(): Promise<{ submissionId: string; receipt?: string }> {
	const { establishmentId } = await notifiableEstablishment(session);
	const [item] = await runOk('notifyTaxOffice', {
		establishment: byId(establishmentId),
		legalConsent: true,
	});
	return { submissionId: String(item.json.submission_id), receipt: item.binary?.data.data };
}

async function download(submissionId: string, file: string) {
	const [item] = await runOk('download', { submission: byId(submissionId), file });
	const binary = item.binary!.data;
	return { json: item.json, binary, text: Buffer.from(binary.data, 'base64').toString('latin1') };
}

it('downloads the ELSTER receipt PDF and the answer XML of a transmitted submission', async () => {
	const { submissionId, receipt } = await notify();
	const pdf = await download(submissionId, 'receiptPdf');
	expect(pdf.binary).toMatchObject({ mimeType: 'application/pdf', fileExtension: 'pdf' });
	expect(pdf.text.startsWith('%PDF-')).toBe(true);
	expect(pdf.binary.data).toBe(receipt);
	const answer = await download(submissionId, 'transmissionXml');
	expect(answer.binary).toMatchObject({ mimeType: 'application/xml', fileExtension: 'xml' });
	expect(answer.text).toMatch(/^<\?xml/);
});

it('downloads the validation errors XML of a submission that failed validation', async () => {
	const { establishmentId } = await notifiableEstablishment(session);
	await forceOutcome(session, 'INTERNAL_VALIDATION_FAILED');
	const [finding] = await runOk('notifyTaxOffice', {
		establishment: byId(establishmentId),
		legalConsent: true,
	});
	expect(finding.json.state).toBe('INTERNAL_VALIDATION_FAILED');
	const errors = await download(String(finding.json.submission_id), 'validationXml');
	expect(errors.binary).toMatchObject({ mimeType: 'application/xml', fileExtension: 'xml' });
	expect(errors.text).toMatch(/^<\?xml/);
});
