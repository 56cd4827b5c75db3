import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checked, getParameter, itemsFor } from '../../../shared/parameters';
import { fiskalyApiRequestAllItems } from '../../../shared/transport';
import { validateNumber } from '../../../shared/validation';
import { assessHealth } from '../../helpers/housekeeping';
import { getTss } from '../admin';
import { tssLocator } from '../common.descriptions';
import { getTssId } from '../ids';
import { staleTransactions } from '../transaction/stale';
import { TSS_STATES } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{
				name: 'All TSS',
				value: 'all',
				description: 'Every TSS of the organisation in the chosen states',
			},
			{ name: 'One TSS', value: 'tss', description: 'The TSS chosen below' },
		],
		default: 'tss',
		description: 'Which TSS to check',
	},
	{ ...tssLocator, displayOptions: { show: { scope: ['tss'] } } },
	{
		displayName: 'States',
		name: 'states',
		type: 'multiOptions',
		options: TSS_STATES,
		default: ['INITIALIZED'],
		description: 'Only check TSS in these states',
		displayOptions: { show: { scope: ['all'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Certificate Warning (Days)',
				name: 'certificateDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description: 'Warn when the TSS certificate expires within this many days',
			},
			{
				displayName: 'Check Stale Transactions',
				name: 'checkStale',
				type: 'boolean',
				default: true,
				description:
					'Whether to look for transactions left open (one list call per initialized TSS; fiskaly allows 20 a minute per TSS)',
			},
			{
				displayName: 'Stale After (Minutes)',
				name: 'staleMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'An open (ACTIVE) transaction started longer ago than this counts as stale',
			},
			{
				displayName: 'Usage Warning (%)',
				name: 'usagePercent',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 80,
				description:
					'Warn when registered clients or active transactions reach this share of what the TSS allows',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['getHealth'] } },
	properties,
);

/** One item per TSS: the thing a scheduled workflow alerts on (filter on `healthy`). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const scope = getParameter(this, 'scope', itemIndex, 'tss') as string;
	const options = getParameter(this, 'options', itemIndex, {}) as IDataObject;
	const thresholds = checked(this, itemIndex, () => ({
		usagePercent: validateNumber(
			options.usagePercent ?? 80,
			'Usage Warning (%)',
			{ min: 1, max: 100 },
			'Enter the usage (1 to 100 % of a limit) from which to warn.',
		),
		certificateDays: validateNumber(
			options.certificateDays ?? 30,
			'Certificate Warning (Days)',
			{ min: 0, whole: true },
			'Enter how many days (0 or more) before the certificate expires to warn.',
		),
		staleMinutes: validateNumber(
			options.staleMinutes ?? 60,
			'Stale After (Minutes)',
			{ min: 1 },
			'Enter after how many minutes (1 or more) an ACTIVE transaction counts as stale.',
		),
	}));
	const checkStale = options.checkStale !== false;

	let tssList: IDataObject[];
	if (scope === 'all') {
		const states = getParameter(this, 'states', itemIndex, []) as string[];
		tssList = await fiskalyApiRequestAllItems.call(
			this,
			'/tss',
			states.length > 0 ? { states } : {},
			undefined,
			itemIndex,
		);
	} else {
		tssList = [await getTss.call(this, getTssId(this, itemIndex), itemIndex)];
	}

	const now = Math.floor(Date.now() / 1000);
	const cutoff = now - Math.round(thresholds.staleMinutes * 60);
	const reports: IDataObject[] = [];
	for (const tss of tssList) {
		let stale;
		if (checkStale && tss.state === 'INITIALIZED') {
			const found = await staleTransactions.call(
				this,
				String(tss._id),
				undefined,
				cutoff,
				'start',
				itemIndex,
			);
			stale = { count: found.length, oldestTimeStart: found[0]?.time_start as number | undefined };
		}
		reports.push(assessHealth(tss, stale, thresholds, now));
	}
	return itemsFor(reports, itemIndex);
}
