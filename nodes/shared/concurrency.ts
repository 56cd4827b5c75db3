/**
 * Runs `worker` over `inputs` with at most `limit` calls in flight and returns the results in
 * input order. After the first failure no new calls start; the calls already running finish,
 * then the first failure is thrown.
 */
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	worker: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	const width = Math.max(1, Math.min(Math.floor(limit) || 1, inputs.length));
	let next = 0;
	let failed = false;
	let firstError: unknown;

	async function lane(): Promise<void> {
		while (!failed && next < inputs.length) {
			const index = next++;
			try {
				results[index] = await worker(inputs[index], index);
			} catch (error) {
				if (!failed) {
					failed = true;
					firstError = error;
				}
			}
		}
	}

	await Promise.all(Array.from({ length: width }, lane));
	if (failed) throw firstError;
	return results;
}
