import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getNumber, getParameter } from '../../../shared/parameters';
import { notificationId } from '../../helpers/notificationId';
import {
	binaryPropertyField,
	establishmentLocator,
	legalConsentField,
} from '../common.descriptions';
import { getLocatorId } from '../ids';
import { driveNotification } from './notify';
import { readNotifiedData } from './notifiedData';
import { requireConsent } from './transmission';

const properties: INodeProperties[] = [
	{
		...establishmentLocator,
		description:
			'The establishment (Betriebsstätte) to notify the tax office of, with every register whose additional data names it',
	},
	legalConsentField,
	{ ...binaryPropertyField, hint: 'The output binary field for the ELSTER receipt PDF' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Attempt',
				name: 'attempt',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description:
					'Raise it only after a failed or cancelled transmission, to send a new submission with unchanged data. The same attempt and data always find the same submission.',
			},
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'waitTimeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description:
					'How long to wait for the validation and for the answer of ELSTER. A run that times out is continued by the next run.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['submission'], operation: ['notifyTaxOffice'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const establishmentId = getLocatorId(this, itemIndex, 'establishment', 'Establishment');
	requireConsent(this, itemIndex);
	const attempt = getNumber(
		this,
		itemIndex,
		{ name: 'options.attempt', field: 'Attempt', fallback: 1 },
		{ min: 1, whole: true },
		'Enter 1, or a higher whole number to send a new submission after a failed transmission.',
	);
	const timeoutSeconds = getNumber(
		this,
		itemIndex,
		{ name: 'options.waitTimeout', field: 'Wait Timeout (Seconds)', fallback: 300 },
		{ min: 1 },
		'Enter how many seconds to wait, e.g. 300.',
	);
	const binaryField = String(getParameter(this, 'binaryPropertyName', itemIndex, 'data'));
	const data = await readNotifiedData(this, establishmentId, itemIndex);
	const id = notificationId(establishmentId, data, attempt);
	return await driveNotification(
		this,
		{ id, establishmentId },
		{ timeoutMs: timeoutSeconds * 1000, binaryField },
		itemIndex,
	);
}
