import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';
import { checked, getParameter } from '../../../shared/parameters';
import {
	readReference,
	REFERENCE_METADATA_KEY,
	referenceTransactionId,
} from '../../helpers/transactionReference';

/** Order-keyed transactions: the Reference field of Sign Receipt and Start. */

export const referenceField: INodeProperties = {
	displayName: 'Reference',
	name: 'reference',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.order_id }}',
	description:
		'Order or receipt number from your shop. The transaction ID is derived from it and the TSS, so the same order is signed once however often it is sent (see the README for the derivation). Stored in the metadata as "reference". Leave empty to use Transaction ID instead.',
};

/** The item's Reference; `required` refuses an empty one (Sign Receipt's Require Reference). */
export function readReferenceParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	required = false,
): string | undefined {
	return checked(ctx, itemIndex, () => {
		const reference = readReference(getParameter(ctx, 'reference', itemIndex, ''));
		if (reference === undefined && required) {
			throw new FieldError(
				'Reference',
				'is empty',
				'Send the order number from your shop in Reference (e.g. {{ $json.body.order_id }}), so a retried order is not signed twice; or turn off Require Reference.',
			);
		}
		return reference;
	});
}

/** The metadata to start with: the user's plus the reference, which names the order for auditors. */
export function metadataWithReference(
	ctx: IExecuteFunctions,
	metadata: IDataObject | undefined,
	reference: string | undefined,
	givenTransactionId: unknown,
	itemIndex: number,
): IDataObject | undefined {
	if (reference === undefined) return metadata;
	checked(ctx, itemIndex, () => {
		if (String(givenTransactionId ?? '').trim() !== '') {
			throw new FieldError(
				'Transaction ID',
				'is given together with a Reference',
				'Leave Transaction ID empty: with a Reference the transaction ID is derived from it.',
			);
		}
	});
	return { ...metadata, [REFERENCE_METADATA_KEY]: reference };
}

/** An attempt found its transaction cancelled (an aborted sale): the walk moves to the next ID. */
export const CANCELLED_ATTEMPT = 'cancelled';

/** More cancelled attempts than any real retry makes: something in the workflow loops. */
const MAX_REFERENCE_ATTEMPTS = 20;

/**
 * Walks the order's derived transaction IDs (attempt 1, 2, …) until one is not cancelled, and
 * gives what `attempt` made of it.
 */
export async function onFirstOpenAttempt<T>(
	ctx: IExecuteFunctions,
	tssId: string,
	reference: string,
	itemIndex: number,
	attempt: (transactionId: string) => Promise<T | typeof CANCELLED_ATTEMPT>,
): Promise<T> {
	for (let number = 1; number <= MAX_REFERENCE_ATTEMPTS; number++) {
		const result = await attempt(referenceTransactionId(tssId, reference, number));
		if (result !== CANCELLED_ATTEMPT) return result;
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`Order ${reference} has ${MAX_REFERENCE_ATTEMPTS} cancelled transactions`,
		{
			description:
				'Something cancels this order each time it is started or signed. Check the workflow (e.g. an error path that cancels a sale that did not fail), then send the order again.',
			itemIndex,
		},
	);
}
