import type { IDataObject } from 'n8n-workflow';

/**
 * Where the polling trigger stands, kept in the workflow's static data so each event is emitted
 * once across polls and restarts. Lists are read newest first by a time field (`time_end`); the
 * position is the newest time seen plus the IDs seen in the 30 seconds before it, because several
 * events share a second and one can become visible slightly after a later one. Pure.
 */

export const LOOKBACK_SECONDS = 30;

export interface TimePosition {
	/** What the position was taken for (event, scope, filters); another key starts afresh. */
	key: string;
	/** Newest event time seen, unix seconds. */
	time: number;
	/** IDs seen with their time, only those within LOOKBACK_SECONDS of `time`. */
	seen: Record<string, number>;
}

export function eventId(item: IDataObject): string {
	return `${String(item.tss_id ?? '')}/${String(item._id ?? '')}`;
}

function timeOf(item: IDataObject, field: string): number | undefined {
	const value = item[field];
	return typeof value === 'number' ? value : undefined;
}

/** A position that has seen nothing: every later event counts as new. */
export function emptyPosition(key: string): TimePosition {
	return { key, time: 0, seen: {} };
}

/** The stored position if it was taken for `key`, else undefined (first poll, or settings changed). */
export function storedPosition(stored: unknown, key: string): TimePosition | undefined {
	const position = stored as TimePosition | undefined;
	if (
		!position ||
		position.key !== key ||
		typeof position.time !== 'number' ||
		typeof position.seen !== 'object'
	) {
		return undefined;
	}
	return position;
}

/**
 * The unseen events of one page (newest first), and whether the page reached events older than
 * the look-back window, so no further page can hold a new one.
 */
export function newOnPage(
	position: TimePosition,
	page: IDataObject[],
	timeField: string,
): { fresh: IDataObject[]; reachedSeen: boolean } {
	const horizon = position.time - LOOKBACK_SECONDS;
	const fresh: IDataObject[] = [];
	let reachedSeen = false;
	for (const item of page) {
		const time = timeOf(item, timeField);
		if (time === undefined) continue;
		if (time < horizon) {
			reachedSeen = true;
			continue;
		}
		if (position.seen[eventId(item)] === undefined) fresh.push(item);
	}
	return { fresh, reachedSeen };
}

/** The position after having read `items`. */
export function advance(
	position: TimePosition,
	items: IDataObject[],
	timeField: string,
): TimePosition {
	let time = position.time;
	for (const item of items) time = Math.max(time, timeOf(item, timeField) ?? time);
	const seen: Record<string, number> = {};
	const horizon = time - LOOKBACK_SECONDS;
	for (const [id, seenAt] of Object.entries(position.seen))
		if (seenAt >= horizon) seen[id] = seenAt;
	for (const item of items) {
		const itemTime = timeOf(item, timeField);
		if (itemTime !== undefined && itemTime >= horizon) seen[eventId(item)] = itemTime;
	}
	return { key: position.key, time, seen };
}

/**
 * Events read newest first, turned oldest first so a workflow handles them in the order they
 * happened; events of the same second keep the list's order, reversed.
 */
export function chronological(newestFirst: IDataObject[], timeField: string): IDataObject[] {
	return [...newestFirst]
		.reverse()
		.sort((a, b) => (timeOf(a, timeField) ?? 0) - (timeOf(b, timeField) ?? 0));
}

export interface StatePosition {
	key: string;
	/** State of every TSS seen, by ID. */
	states: Record<string, string>;
}

/** TSS whose state differs from the remembered one (a TSS seen for the first time counts as changed). */
export function changedStates(
	previous: Record<string, string>,
	current: IDataObject[],
): { events: IDataObject[]; states: Record<string, string> } {
	const states: Record<string, string> = { ...previous };
	const events: IDataObject[] = [];
	for (const tss of current) {
		const id = String(tss._id);
		const state = String(tss.state);
		if (previous[id] !== state) events.push({ ...tss, previous_state: previous[id] ?? null });
		states[id] = state;
	}
	return { events, states };
}
