import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getParameter } from '../../../shared/parameters';
import { fiskalyApiRequest } from '../../../shared/transport';

/**
 * The Legal Consent to Transmit parameter, required to be on before any call: fiskaly transmits
 * only with `legal_consent: true`, and it is the user's decision, never a default.
 */
export function requireConsent(ctx: IExecuteFunctions, itemIndex: number): void {
	if (getParameter(ctx, 'legalConsent', itemIndex, false) === true) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Legal Consent to Transmit is off, so nothing was sent to the tax office [item ${itemIndex}]`,
		{
			itemIndex,
			description:
				'Turn on Legal Consent to Transmit once the taxpayer has agreed that fiskaly sends this §146a(4) AO notification to the tax office via ELSTER (check it first with Submission › Download › Validation Preview PDF). It must be the boolean true; an expression giving anything else counts as off.',
		},
	);
}

/** PUT /submission/{id}/transmission: READY_FOR_TRANSMISSION → TRANSMISSION_PENDING. */
export async function startTransmission(
	ctx: IExecuteFunctions,
	id: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await fiskalyApiRequest.call(ctx, {
		api: 'submitDe',
		method: 'PUT',
		path: `/submission/${id}/transmission`,
		body: { legal_consent: true },
		itemIndex,
	});
}
