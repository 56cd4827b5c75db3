import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { attachItemDetails } from '../../../shared/errors';
import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { uuidOrGenerated } from '../../../shared/validation';
import { derivedClosingId, prepareClosingBody } from '../../helpers/closingBody';
import { closingProblem, isRunning } from '../../helpers/processing';
import { cashRegisterLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { putOnce } from '../insertOnce';
import {
	getWaitForCompletion,
	problemError,
	stillRunningError,
	waitFields,
	waitWhileRunning,
} from '../waiting';
import { closingPath } from './shared';

const properties: INodeProperties[] = [
	{
		...cashRegisterLocator,
		description: 'The cash register that closes (client_id of the closing)',
	},
	{
		displayName: 'Cash Point Closing (JSON)',
		name: 'closing',
		type: 'json',
		default:
			'{\n  "cash_point_closing_export_id": 1,\n  "head": {\n    "export_creation_date": 1710543900,\n    "business_date": "2024-03-15",\n    "first_transaction_export_id": "1001",\n    "last_transaction_export_id": "1002"\n  },\n  "cash_statement": {\n    "business_cases": [],\n    "payment": {\n      "full_amount": 0,\n      "cash_amount": 0,\n      "cash_amounts_by_currency": [],\n      "payment_types": []\n    }\n  },\n  "transactions": []\n}',
		required: true,
		description:
			"The closing body as fiskaly takes it (head, cash_statement, transactions). client_id is taken from Cash Register. To build it from the day's sales, use Close Day instead.",
	},
	{
		displayName: 'Closing ID',
		name: 'closingId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 5ae61c3f-45c3-4c5b-9f3e-0e6b2f4b1c9a',
		description:
			'UUID for the closing. Leave empty to derive it from the register and cash_point_closing_export_id, so inserting the same closing again returns the first one instead of failing.',
	},
	...waitFields('closing'),
	concurrencyOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['cashPointClosing'], operation: ['insert'] } },
	properties,
);

/**
 * Inserts a closing and, with Wait for Completion, waits until fiskaly has processed it. A closing
 * ID that exists already (a re-run) is not an error: the existing closing is returned, unless it
 * ended in ERROR or was deleted.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const clientId = getLocatorId(this, itemIndex, 'cashRegister', 'Cash Register');
	const { body, exportId } = checked(this, itemIndex, () =>
		prepareClosingBody(getParameter(this, 'closing', itemIndex, ''), clientId),
	);
	const closingId = checked(this, itemIndex, () =>
		uuidOrGenerated(getParameter(this, 'closingId', itemIndex, ''), 'Closing ID', () =>
			derivedClosingId(clientId, exportId),
		),
	);
	const path = closingPath(closingId);
	const inserted = await putOnce(
		this,
		{ path, body, conflictCode: 'E_CASH_POINT_CLOSING_CONFLICT' },
		itemIndex,
	);
	const alreadyInserted = inserted.existed;
	let closing: IDataObject = { closing_id: closingId, ...inserted.resource };
	const wait = getWaitForCompletion(this, itemIndex);
	if (wait && isRunning(closing.state)) {
		closing = await waitWhileRunning(this, path, closing, itemIndex);
		if (isRunning(closing.state)) {
			const what = `Cash point closing ${closingId}`;
			throw stillRunningError(this, what, closing, { closing_id: closingId }, itemIndex);
		}
	}
	// A closing found from an earlier run is reported as it stands, even without waiting.
	const problem = wait || alreadyInserted ? closingProblem(closing) : undefined;
	if (problem) {
		const error = problemError(this, problem, itemIndex);
		attachItemDetails(error, { closing_id: closingId, state: closing.state });
		throw error;
	}
	return itemsFor({ ...closing, already_inserted: alreadyInserted }, itemIndex);
}
