import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { simplifyField, tssLocator } from '../FiskalySignDe/actions/common.descriptions';
import { TRANSACTION_STATES } from '../FiskalySignDe/actions/transaction/shared';
import {
	advance,
	changedStates,
	chronological,
	emptyPosition,
	eventId,
	newOnPage,
	storedPosition,
} from '../FiskalySignDe/helpers/pollPosition';
import type { StatePosition } from '../FiskalySignDe/helpers/pollPosition';
import { transactionOutput } from '../FiskalySignDe/helpers/receipt';
import { searchTss } from '../FiskalySignDe/methods/listSearch';
import { FieldError } from '../shared/errors';
import { fiskalyApiRequest, fiskalyApiRequestAllItems } from '../shared/transport';
import { optionSubtitle } from '../shared/subtitle';
import { validateUuid } from '../shared/validation';

const PAGE_SIZE = 100;
/** A bound on one poll: 10,000 events. Poll more often if more happen between two polls. */
const MAX_PAGES_PER_POLL = 100;
const TIME_FIELD = 'time_end';

interface ListSource {
	path: string;
	qs: IDataObject;
	/** Words for "nothing found" in manual mode. */
	nothing: string;
	hint: string;
}

function tssIdOf(ctx: IPollFunctions): string | undefined {
	if (ctx.getNodeParameter('scope', 'all') !== 'tss') return undefined;
	try {
		return validateUuid(ctx.getNodeParameter('tss', '', { extractValue: true }), 'TSS');
	} catch (error) {
		const problem = error as FieldError;
		throw new NodeOperationError(ctx.getNode(), problem.message, { description: problem.hint });
	}
}

function listSource(ctx: IPollFunctions, event: string, tssId: string | undefined): ListSource {
	const base = tssId ? `/tss/${tssId}` : '';
	const order = { order_by: TIME_FIELD, order: 'desc' };
	if (event === 'exportCompleted') {
		return {
			path: `${base}/export`,
			qs: { ...order, states: ['COMPLETED'] },
			nothing: 'No completed export found yet',
			hint: 'Trigger an export (Fiskaly SIGN DE › Export › Trigger) and fetch again once it is completed.',
		};
	}
	const chosen = ctx.getNodeParameter('transactionStates', ['FINISHED', 'CANCELLED']) as string[];
	return {
		path: `${base}/tx`,
		qs: { ...order, states: chosen.length > 0 ? chosen : ['FINISHED', 'CANCELLED'] },
		nothing: 'No finished or cancelled transaction found yet',
		hint: 'Sign a receipt (Fiskaly SIGN DE › Transaction › Sign Receipt) and fetch again.',
	};
}

async function page(
	ctx: IPollFunctions,
	source: ListSource,
	offset: number,
	limit = PAGE_SIZE,
): Promise<IDataObject[]> {
	const answer = await fiskalyApiRequest.call(ctx, {
		method: 'GET',
		path: source.path,
		qs: { ...source.qs, limit, offset },
	});
	return Array.isArray(answer.data) ? (answer.data as IDataObject[]) : [];
}

/**
 * New events of a list read newest first, from the stored position on. The first poll (or one
 * after the settings changed) only takes the position: it reads the newest page and every event
 * in the look-back window behind it, and emits nothing from the past.
 */
async function pollList(
	ctx: IPollFunctions,
	source: ListSource,
	key: string,
): Promise<IDataObject[]> {
	const staticData = ctx.getWorkflowStaticData('node');
	let position = storedPosition(staticData.position, key);
	const starting = position === undefined;
	let data = await page(ctx, source, 0);
	position ??= advance(emptyPosition(key), data, TIME_FIELD);
	const read: IDataObject[] = [];
	const fresh: IDataObject[] = [];
	for (let index = 1; ; index++) {
		const found = newOnPage(position, data, TIME_FIELD);
		read.push(...data);
		fresh.push(...found.fresh);
		if (found.reachedSeen || data.length < PAGE_SIZE || index >= MAX_PAGES_PER_POLL) break;
		data = await page(ctx, source, index * PAGE_SIZE);
	}
	staticData.position = advance(position, read, TIME_FIELD) as unknown as IDataObject;
	if (starting) return [];
	// An event can reappear on the next page when newer ones push the list down while paging.
	const unique = new Map(fresh.map((item) => [eventId(item), item]));
	return chronological([...unique.values()], TIME_FIELD);
}

async function readTss(ctx: IPollFunctions, tssId: string | undefined): Promise<IDataObject[]> {
	if (tssId) return [await fiskalyApiRequest.call(ctx, { method: 'GET', path: `/tss/${tssId}` })];
	return await fiskalyApiRequestAllItems.call(ctx, '/tss', {}, undefined);
}

/** The time a TSS last changed state, for picking a sample in manual mode. */
function lastStateChange(tss: IDataObject): number {
	const times = ['time_creation', 'time_uninit', 'time_init', 'time_disable', 'time_defective'].map(
		(field) => (typeof tss[field] === 'number' ? (tss[field] as number) : 0),
	);
	return Math.max(...times);
}

async function pollTssStates(
	ctx: IPollFunctions,
	tssId: string | undefined,
	key: string,
): Promise<IDataObject[]> {
	const staticData = ctx.getWorkflowStaticData('node');
	const stored = staticData.position as StatePosition | undefined;
	const current = await readTss(ctx, tssId);
	const { events, states } = changedStates(stored?.key === key ? stored.states : {}, current);
	staticData.position = { key, states } as unknown as IDataObject;
	return stored?.key === key ? events : [];
}

const eventField: INodeProperties = {
	displayName: 'Event',
	name: 'event',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Export Completed',
			value: 'exportCompleted',
			action: 'Export completed',
			description: 'An export finished and its TAR file can be downloaded',
		},
		{
			name: 'Transaction Finished or Cancelled',
			value: 'transactionEnded',
			action: 'Transaction finished or cancelled',
			description: 'A transaction got its final signature',
		},
		{
			name: 'TSS State Changed',
			value: 'tssStateChanged',
			action: 'TSS state changed',
			description: 'A TSS was created, deployed, initialized, disabled or became unusable',
		},
	],
	default: 'transactionEnded',
};

export class FiskalySignDeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fiskaly SIGN DE Trigger',
		name: 'fiskalySignDeTrigger',
		icon: {
			light: 'file:../FiskalySignDe/fiskaly.svg',
			dark: 'file:../FiskalySignDe/fiskaly.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: optionSubtitle(eventField),
		// n8n's node creator shows this node and Fiskaly SIGN DE as one entry with both nodes' actions
		// and takes the entry's description from the trigger (generateMergedNodesAndActions in
		// n8n-editor-ui), so this sentence names what the entry offers, signing first.
		description:
			'Sign German cash-register receipts (KassenSichV) with the fiskaly cloud TSS, or start a workflow when a transaction ends, an export completes or a TSS changes state',
		defaults: { name: 'Fiskaly SIGN DE Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fiskalySignDeApi', required: true }],
		properties: [
			eventField,
			{
				displayName: 'Scope',
				name: 'scope',
				type: 'options',
				options: [
					{ name: 'All TSS', value: 'all', description: 'Events of every TSS of the organisation' },
					{
						name: 'One TSS',
						value: 'tss',
						description: 'Events of one TSS (transaction lists of one TSS allow 20 reads a minute)',
					},
				],
				default: 'all',
			},
			{ ...tssLocator, displayOptions: { show: { scope: ['tss'] } } },
			{
				displayName: 'Transaction States',
				name: 'transactionStates',
				type: 'multiOptions',
				options: TRANSACTION_STATES.filter((state) => state.value !== 'ACTIVE'),
				default: ['FINISHED', 'CANCELLED'],
				description: 'Which ends of a transaction start the workflow',
				displayOptions: { show: { event: ['transactionEnded'] } },
			},
			{ ...simplifyField, displayOptions: { show: { event: ['transactionEnded'] } } },
		],
	};

	methods = { listSearch: { searchTss } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event', 'transactionEnded') as string;
		const tssId = tssIdOf(this);
		const manual = this.getMode() === 'manual';
		let events: IDataObject[];

		if (event === 'tssStateChanged') {
			const key = `${event}|${tssId ?? 'all'}`;
			if (manual) {
				// A sample without touching the remembered states: the TSS that changed last.
				const current = await readTss(this, tssId);
				current.sort((a, b) => lastStateChange(b) - lastStateChange(a));
				events = current.slice(0, 1).map((tss) => ({ ...tss, previous_state: null }));
				if (events.length === 0) {
					throw new NodeOperationError(this.getNode(), 'No TSS found', {
						description: 'Create a TSS (Fiskaly SIGN DE › TSS › Set Up) and fetch again.',
					});
				}
			} else {
				events = await pollTssStates(this, tssId, key);
			}
		} else {
			const source = listSource(this, event, tssId);
			const key = `${event}|${tssId ?? 'all'}|${JSON.stringify(source.qs.states)}`;
			if (manual) {
				// The latest event, leaving the position where it is.
				events = await page(this, source, 0, 1);
				if (events.length === 0)
					throw new NodeOperationError(this.getNode(), source.nothing, {
						description: source.hint,
					});
			} else {
				events = await pollList(this, source, key);
			}
			if (event === 'transactionEnded') {
				const simplify = this.getNodeParameter('simplify', false) as boolean;
				events = events.map((transaction) => transactionOutput(transaction, simplify));
			}
		}
		return events.length > 0 ? [this.helpers.returnJsonArray(events)] : null;
	}
}
