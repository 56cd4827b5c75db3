// What the secret-leak tests share: every string reachable from a value, and a capture of everything
// n8n logs or reports (its logger, the ErrorReporter, console, stdout and stderr) while nodes run.
import type { Container } from '@n8n/di';
import { ErrorReporter } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

// n8n-core keeps its own copies of these: the logger it uses is the one registered in its container.
// They are resolved from n8n-core's folder at run time, so only require() can load them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Logger } = require(
	require.resolve('@n8n/backend-common', {
		paths: [require.resolve('n8n-core')],
	}),
) as { Logger: new (...args: never[]) => unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Container: CoreContainer } = require(
	require.resolve('@n8n/di', {
		paths: [require.resolve('n8n-core')],
	}),
) as { Container: typeof Container };

/** Every string reachable from a value, Error fields (message, stack, cause…) included. */
export function stringsIn(
	value: unknown,
	skip: (path: string[]) => boolean = () => false,
): string[] {
	const found: string[] = [];
	const seen = new Set<unknown>();
	const walk = (current: unknown, path: string[]) => {
		if (skip(path)) return;
		if (typeof current === 'string') found.push(current);
		else if (typeof current === 'number' || typeof current === 'bigint')
			found.push(String(current));
		else if (Buffer.isBuffer(current)) found.push(current.toString('latin1'));
		else if (current && typeof current === 'object') {
			if (seen.has(current)) return;
			seen.add(current);
			if (current instanceof Map)
				current.forEach((entry, key) => walk(entry, [...path, String(key)]));
			const keys = new Set([
				...Object.keys(current),
				...(current instanceof Error ? Object.getOwnPropertyNames(current) : []),
			]);
			for (const key of keys) walk((current as Record<string, unknown>)[key], [...path, key]);
		}
	};
	walk(value, []);
	return found;
}

/**
 * Every `resource.operation` a node offers, read from its description: what a leak test must have
 * run, so an operation added without a leak case fails it.
 */
export function offeredOperations(description: { properties: INodeProperties[] }): string[] {
	return description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => {
			const [resource] = (property.displayOptions?.show?.resource ?? []) as string[];
			return (property.options as Array<{ value: string }>).map(
				(option) => `${resource}.${option.value}`,
			);
		});
}

export interface LogCapture<Tag> {
	/** Everything logged, each with the tag current when it was logged. */
	entries: Array<{ tag: Tag; args: unknown[] }>;
	/** Puts the loggers, console and streams back as they were. */
	restore(): void;
}

/** Captures everything n8n logs or reports from now on, tagged with `tagNow()` at the time. */
export function captureEverythingLogged<Tag>(tagNow: () => Tag): LogCapture<Tag> {
	const entries: LogCapture<Tag>['entries'] = [];
	const capture = (...args: unknown[]) => {
		entries.push({ tag: tagNow(), args });
	};
	const captureLogger = {
		error: capture,
		warn: capture,
		info: capture,
		debug: capture,
		scoped() {
			return captureLogger;
		},
	};
	const restorers: Array<() => void> = [];
	LoggerProxy.init(captureLogger);
	CoreContainer.set(Logger as never, captureLogger as never);
	const reporter = CoreContainer.get(ErrorReporter) as unknown as Record<string, unknown>;
	for (const method of ['error', 'warn', 'info'])
		restorers.push(replaceMethod(reporter, method, capture));
	for (const method of ['log', 'info', 'warn', 'error', 'debug'])
		restorers.push(replaceMethod(console as unknown as Record<string, unknown>, method, capture));
	for (const stream of [process.stdout, process.stderr]) {
		const write = stream.write.bind(stream);
		stream.write = ((chunk: unknown, ...rest: unknown[]) => {
			capture(chunk);
			return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
		}) as typeof stream.write;
		restorers.push(() => {
			stream.write = write as typeof stream.write;
		});
	}
	return {
		entries,
		restore() {
			for (const restore of restorers.reverse()) restore();
		},
	};
}

function replaceMethod(target: Record<string, unknown>, name: string, replacement: unknown) {
	const original = target[name];
	target[name] = replacement;
	return () => {
		target[name] = original;
	};
}
