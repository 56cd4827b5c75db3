import type { IBinaryData, IExecuteFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fiskalyApiDownload } from '../../../shared/transport';

/** The files of a submission, each with its path below /submission/{id} and its type. */
export const SUBMISSION_FILES = {
	notificationXml: {
		path: '/file',
		mimeType: 'application/xml',
		name: 'notification',
		extension: 'xml',
	},
	validationPdf: {
		path: '/validation/pdf',
		mimeType: 'application/pdf',
		name: 'validation-preview',
		extension: 'pdf',
	},
	validationXml: {
		path: '/validation/xml',
		mimeType: 'application/xml',
		name: 'validation-errors',
		extension: 'xml',
	},
	receiptPdf: {
		path: '/transmission/pdf',
		mimeType: 'application/pdf',
		name: 'elster-receipt',
		extension: 'pdf',
	},
	transmissionXml: {
		path: '/transmission/xml',
		mimeType: 'application/xml',
		name: 'elster-answer',
		extension: 'xml',
	},
} as const;

export type SubmissionFile = keyof typeof SUBMISSION_FILES;

export const SUBMISSION_FILE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'ELSTER Answer XML',
		value: 'transmissionXml',
		description: "ELSTER's raw answer, after a transmission or an external validation failure",
	},
	{
		name: 'ELSTER Receipt PDF',
		value: 'receiptPdf',
		description: 'The proof that the tax office was notified, after TRANSMISSION_SUCCEEDED',
	},
	{
		name: 'Notification XML',
		value: 'notificationXml',
		description: 'The generated notification, once the XML was generated',
	},
	{
		name: 'Validation Errors XML',
		value: 'validationXml',
		description: 'What the validation found, after INTERNAL_ or EXTERNAL_VALIDATION_FAILED',
	},
	{
		name: 'Validation Preview PDF',
		value: 'validationPdf',
		description: 'The notification as the tax office will see it, to check before transmitting',
	},
];

/** Downloads one file of the submission as n8n binary data. */
export async function downloadSubmissionFile(
	ctx: IExecuteFunctions,
	submissionId: string,
	file: SubmissionFile,
	itemIndex: number,
): Promise<IBinaryData> {
	const kind = SUBMISSION_FILES[file];
	const { data, contentType } = await fiskalyApiDownload.call(ctx, {
		api: 'submitDe',
		method: 'GET',
		path: `/submission/${submissionId}${kind.path}`,
		itemIndex,
	});
	return await ctx.helpers.prepareBinaryData(
		data,
		`${kind.name}-${submissionId}.${kind.extension}`,
		contentType?.split(';')[0] ?? kind.mimeType,
	);
}
