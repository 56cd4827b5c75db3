import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { trimmedText, validateUuid } from '../../../shared/validation';
import { notificationId } from '../../helpers/notificationId';
import { establishmentLocator } from '../common.descriptions';
import { getLocatorId } from '../ids';
import { createSubmission } from './notify';
import { readNotifiedData } from './notifiedData';

const properties: INodeProperties[] = [
	establishmentLocator,
	{
		displayName: 'Submission ID',
		name: 'submissionId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 5ae61c3f-45c3-4c5b-9f3e-0e6b2f4b1c9a',
		description:
			'Leave empty to derive it from the establishment and its current data (the ID Notify Tax Office uses), so a re-run answers the same submission',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['submission'], operation: ['create'] } },
	properties,
);

/** Creates the submission; fiskaly then validates it by itself (Submission › Get shows the state). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const establishmentId = getLocatorId(this, itemIndex, 'establishment', 'Establishment');
	const given = getParameter(this, 'submissionId', itemIndex, '');
	const id =
		trimmedText(given) === ''
			? notificationId(establishmentId, await readNotifiedData(this, establishmentId, itemIndex))
			: checked(this, itemIndex, () => validateUuid(given, 'Submission ID').toLowerCase());
	return itemsFor(await createSubmission(this, id, establishmentId, itemIndex), itemIndex);
}
