import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';
import { checked, getParameter } from '../../../shared/parameters';
import { readReference, REFERENCE_METADATA_KEY } from '../../helpers/transactionReference';

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

export function readReferenceParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
): string | undefined {
	return checked(ctx, itemIndex, () =>
		readReference(getParameter(ctx, 'reference', itemIndex, '')),
	);
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
