/** What `n8n execute --rawOutput` prints, read back: the execution, its outcome and node outputs. */

/** One execution through `n8n execute --id --rawOutput`. */
export interface CliExecution {
	exitCode: number | null;
	/** The execution n8n printed (the run data); undefined when n8n printed none. */
	run: ExecutionRun | undefined;
	stdout: string;
	stderr: string;
}

/** A binary item as an execution shows it: inline base64 (n8n 1.x) or a reference to a file (2.x). */
export interface BinaryReference {
	data: string;
	id?: string;
	mimeType: string;
	fileName?: string;
	fileSize?: string;
}

/** The subset of n8n's IRun the callers read. */
export interface ExecutionRun {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			error?: { message?: string; description?: string; name?: string; node?: { name?: string } };
			lastNodeExecuted?: string;
			runData: Record<
				string,
				Array<{
					error?: { message?: string; description?: string };
					data?: {
						main: Array<Array<{
							json: Record<string, unknown>;
							binary?: Record<string, BinaryReference>;
						}> | null>;
					};
				}>
			>;
		};
	};
}

/**
 * n8n prints log lines before the execution and, on failure, more after it. The execution itself is
 * `JSON.stringify(run, null, 2)`: it starts with a line that is exactly `{` and ends with the first
 * line after it that is exactly `}`.
 */
export function parseExecutionOutput(stdout: string): ExecutionRun | undefined {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	if (start < 0) return undefined;
	const end = lines.findIndex((line, index) => index > start && line === '}');
	if (end < 0) return undefined;
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionRun;
}

/** Whether n8n recorded the execution as finished without a workflow error. */
export function executionSucceeded(run: ExecutionRun | undefined): boolean {
	if (!run || run.data.resultData.error) return false;
	return run.status === undefined ? run.finished === true : run.status === 'success';
}

/** The items a node produced on its first output in its last run. */
function nodeItems(run: ExecutionRun, nodeName: string) {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) {
		const executed = Object.keys(run.data.resultData.runData).join(', ');
		throw new Error(`node "${nodeName}" did not run (ran: ${executed})`);
	}
	return runs[runs.length - 1].data?.main[0] ?? [];
}

/** The JSON items a node produced on its first output in its last run. */
export function nodeOutput(run: ExecutionRun, nodeName: string): Array<Record<string, unknown>> {
	return nodeItems(run, nodeName).map((item) => item.json);
}

/** The binary fields of the items a node produced on its first output in its last run. */
export function nodeBinaryOutput(
	run: ExecutionRun,
	nodeName: string,
): Array<Record<string, BinaryReference>> {
	return nodeItems(run, nodeName).map((item) => item.binary ?? {});
}
