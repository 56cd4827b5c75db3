import { mapWithConcurrency } from '../../../nodes/shared/concurrency';

/** A controllable async task: resolves when the test says so, records how many run at once. */
function tracker() {
	let running = 0;
	let peak = 0;
	const started: number[] = [];
	return {
		started,
		get peak() {
			return peak;
		},
		async run(index: number, delayMs: number, fail = false): Promise<string> {
			running++;
			peak = Math.max(peak, running);
			started.push(index);
			await new Promise((resolve) => setTimeout(resolve, delayMs));
			running--;
			if (fail) throw new Error(`item ${index} failed`);
			return `result ${index}`;
		},
	};
}

describe('mapWithConcurrency', () => {
	test.each([1, 2, 3, 8, 100])('limit %i: results in input order, never more than the limit at once', async (limit) => {
		const inputs = [40, 5, 30, 1, 20, 10, 0, 15];
		const track = tracker();
		const results = await mapWithConcurrency(inputs, limit, async (delay, index) => track.run(index, delay));
		expect(results).toEqual(inputs.map((_, index) => `result ${index}`));
		expect(track.peak).toBe(Math.min(limit, inputs.length));
	});

	test('a failure stops new items, lets running ones finish, and is thrown', async () => {
		const track = tracker();
		const finished: number[] = [];
		const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (_input, index) => {
			const result = await track.run(index, index === 1 ? 5 : 20, index === 1);
			finished.push(index);
			return result;
		});
		await expect(run).rejects.toThrow('item 1 failed');
		// Item 1 fails while item 0 still runs: item 0 completes, items 2 to 5 never start.
		expect(track.started).toEqual([0, 1]);
		expect(finished).toEqual([0]);
	});

	test('nonsense limits behave as 1, and an empty input does nothing', async () => {
		const track = tracker();
		await mapWithConcurrency([1, 1, 1], 0, async (delay, index) => track.run(index, delay));
		expect(track.peak).toBe(1);
		await expect(mapWithConcurrency([], 4, async () => 'x')).resolves.toEqual([]);
	});
});
