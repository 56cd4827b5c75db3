// The trigger's position logic: what counts as new, how the position moves, state changes.
import {
	advance,
	changedStates,
	chronological,
	emptyPosition,
	LOOKBACK_SECONDS,
	newOnPage,
	storedPosition,
} from '../../../nodes/FiskalySignDe/helpers/pollPosition';

const event = (id: string, time_end?: number, tss_id = 't1') => ({ _id: id, tss_id, time_end });

describe('newOnPage and advance', () => {
	const T = 1_700_000_000;
	const position = advance(
		emptyPosition('k'),
		[event('a', T - 100), event('b', T - 30), event('c', T)],
		'time_end',
	);

	test('the position keeps the newest time and the IDs of its look-back window only', () => {
		expect(position).toEqual({ key: 'k', time: T, seen: { 't1/b': T - 30, 't1/c': T } });
	});

	test('new means unseen and not older than the window; an older event ends the reading', () => {
		const page = [
			event('d', T + 5),
			event('c', T),
			event('late', T - 10),
			event('b', T - 30),
			event('old', T - LOOKBACK_SECONDS - 1),
		];
		const { fresh, reachedSeen } = newOnPage(position, page, 'time_end');
		expect(fresh.map((item) => item._id)).toEqual(['d', 'late']);
		expect(reachedSeen).toBe(true);
		expect(newOnPage(position, [event('e', T + 1)], 'time_end').reachedSeen).toBe(false);
	});

	test('the same ID on another TSS is another event; items without a time are ignored', () => {
		const { fresh } = newOnPage(position, [event('c', T, 't2'), event('x', undefined)], 'time_end');
		expect(fresh.map((item) => `${item.tss_id}/${item._id}`)).toEqual(['t2/c']);
	});

	test('moving on prunes IDs that fell out of the window', () => {
		const later = advance(position, [event('z', T + LOOKBACK_SECONDS)], 'time_end');
		expect(later.seen).toEqual({ 't1/c': T, 't1/z': T + LOOKBACK_SECONDS });
	});

	test('a position taken for other settings is not used', () => {
		expect(storedPosition(position, 'k')).toBe(position);
		expect(storedPosition(position, 'other')).toBeUndefined();
		expect(storedPosition(undefined, 'k')).toBeUndefined();
	});

	test('events come out oldest first, same-second ones in the order they were listed reversed', () => {
		const newestFirst = [event('c', 5), event('b', 3), event('a2', 3), event('a1', 1)];
		expect(chronological(newestFirst, 'time_end').map((item) => item._id)).toEqual([
			'a1',
			'a2',
			'b',
			'c',
		]);
	});
});

describe('changedStates', () => {
	test('a new TSS and a changed state are events with the previous state; an unchanged one is not', () => {
		const { events, states } = changedStates({ t1: 'INITIALIZED', t2: 'UNINITIALIZED' }, [
			{ _id: 't1', state: 'INITIALIZED' },
			{ _id: 't2', state: 'INITIALIZED' },
			{ _id: 't3', state: 'CREATED' },
		]);
		expect(events).toEqual([
			{ _id: 't2', state: 'INITIALIZED', previous_state: 'UNINITIALIZED' },
			{ _id: 't3', state: 'CREATED', previous_state: null },
		]);
		expect(states).toEqual({ t1: 'INITIALIZED', t2: 'INITIALIZED', t3: 'CREATED' });
	});
});
