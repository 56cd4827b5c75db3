/**
 * A shop's order traffic against a webhook: orders posted with a fixed number in flight, some of
 * them posted twice (one after the other, or both at once, as a shop does after a double click or
 * a retry of its own). An attempt that fails (no answer, a timeout, a status other than 200 or
 * 400) is posted again after a short pause, as a shop would, up to a bounded number of attempts.
 */
import http from 'node:http';

export type Duplicate = 'none' | 'again' | 'together';

export interface ShopOrder {
	reference: string;
	body: Record<string, unknown>;
	duplicate: Duplicate;
}

export interface Answer {
	status: number;
	body: Record<string, unknown> | undefined;
	/** Why the last attempt got no answer (status 0), e.g. a timeout or a reset connection. */
	error?: string;
	/** Milliseconds from the first attempt to this answer (retries included). */
	latencyMs: number;
	/** When the answer arrived (Date.now()). */
	answeredAt: number;
	attempts: number;
}

export interface LoadOptions {
	url: string;
	inFlight: number;
	/** One attempt is abandoned after this long and counts as failed. */
	attemptTimeoutMs: number;
	maxAttempts: number;
	/** Statuses that end an order's attempts (default 200 and 400); any other is posted again. */
	finalStatuses?: number[];
	/** Called once per final answer, e.g. to kill a worker in the middle of the load. */
	onAnswer?: (answered: number, answer: Answer) => void;
	/** Checked before each order is taken: once true, no further order is posted (the shop closes). */
	stopWhen?: () => boolean;
}

export interface LoadReport {
	/** Every final answer per order reference (two for an order posted twice). */
	answers: Map<string, Answer[]>;
	/** Attempts that failed and were posted again. */
	retried: number;
	seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 200 is a receipt, 400 an order the workflow refuses as it is: both are final; anything else is retried. */
const DEFAULT_FINAL_STATUSES = [200, 400];

/**
 * One POST on a connection of its own (as webhook senders mostly open one per call): a kept-alive
 * connection that n8n closes while idle would turn into a reset the shop did not cause.
 */
function attempt(
	url: string,
	body: unknown,
	timeoutMs: number,
): Promise<{ status: number; body: Record<string, unknown> | undefined; error?: string }> {
	const payload = Buffer.from(JSON.stringify(body));
	return new Promise((resolve) => {
		const request = http.request(
			url,
			{
				method: 'POST',
				agent: false,
				timeout: timeoutMs,
				headers: { 'content-type': 'application/json', 'content-length': payload.length },
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', (error) =>
					resolve({ status: 0, body: undefined, error: error.message }),
				);
				response.on('end', () => {
					let parsed: Record<string, unknown> | undefined;
					try {
						parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
					} catch {
						parsed = undefined;
					}
					resolve({ status: response.statusCode ?? 0, body: parsed });
				});
			},
		);
		// No answer: refused, reset or timed out.
		request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		request.on('error', (error: NodeJS.ErrnoException) =>
			resolve({ status: 0, body: undefined, error: error.code ?? error.message }),
		);
		request.end(payload);
	});
}

/**
 * Posts the orders with `inFlight` requests at a time; resolves when every order posted has its
 * answers (all of them, unless `stopWhen` ended the load early: `answers` holds those posted).
 */
export async function postOrders(orders: ShopOrder[], options: LoadOptions): Promise<LoadReport> {
	const answers = new Map<string, Answer[]>();
	let retried = 0;
	let answered = 0;
	const post = async (order: ShopOrder): Promise<void> => {
		const started = Date.now();
		let last: Awaited<ReturnType<typeof attempt>> = { status: 0, body: undefined };
		let attempts = 0;
		while (attempts < options.maxAttempts) {
			attempts++;
			last = await attempt(options.url, order.body, options.attemptTimeoutMs);
			if ((options.finalStatuses ?? DEFAULT_FINAL_STATUSES).includes(last.status)) break;
			retried++;
			await sleep(500 * attempts);
		}
		const answer = { ...last, latencyMs: Date.now() - started, answeredAt: Date.now(), attempts };
		answers.set(order.reference, [...(answers.get(order.reference) ?? []), answer]);
		options.onAnswer?.(++answered, answer);
	};
	// One unit of work per order; an order posted twice keeps its slot for both posts.
	const work = orders.map((order) => async () => {
		if (order.duplicate === 'together') await Promise.all([post(order), post(order)]);
		else {
			await post(order);
			if (order.duplicate === 'again') await post(order);
		}
	});
	const started = Date.now();
	let next = 0;
	const lane = async () => {
		while (next < work.length && !options.stopWhen?.()) await work[next++]();
	};
	await Promise.all(Array.from({ length: Math.min(options.inFlight, work.length) }, lane));
	return { answers, retried, seconds: (Date.now() - started) / 1000 };
}

/** Several loads against the same URL as one: their answers together, their durations added. */
export function combinedReport(reports: LoadReport[]): LoadReport {
	const answers = new Map<string, Answer[]>();
	for (const report of reports)
		for (const [reference, list] of report.answers)
			answers.set(reference, [...(answers.get(reference) ?? []), ...list]);
	return {
		answers,
		retried: reports.reduce((sum, report) => sum + report.retried, 0),
		seconds: reports.reduce((sum, report) => sum + report.seconds, 0),
	};
}

/** Latency percentiles in milliseconds (nearest rank) and throughput of a load report. */
export function loadFigures(report: LoadReport): {
	ordersPerSecond: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
} {
	const latencies = [...report.answers.values()]
		.flat()
		.map((answer) => answer.latencyMs)
		.sort((a, b) => a - b);
	const rank = (p: number) =>
		latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
	return {
		ordersPerSecond: Number((latencies.length / report.seconds).toFixed(2)),
		p50Ms: rank(0.5),
		p95Ms: rank(0.95),
		p99Ms: rank(0.99),
	};
}

/**
 * `count` orders named `<prefix>-<n>`, every tenth posted twice (alternately one after the other
 * and both at once); `makeBody` gives an order's JSON for its reference.
 */
export function shopOrders(
	prefix: string,
	count: number,
	makeBody: (reference: string) => Record<string, unknown>,
	duplicateEvery = 10,
): ShopOrder[] {
	return Array.from({ length: count }, (_, index) => {
		const reference = `${prefix}-${index + 1}`;
		const duplicated = (index + 1) % duplicateEvery === 0;
		const duplicate: Duplicate = !duplicated
			? 'none'
			: ((index + 1) / duplicateEvery) % 2 === 0
				? 'together'
				: 'again';
		return { reference, body: makeBody(reference), duplicate };
	});
}
