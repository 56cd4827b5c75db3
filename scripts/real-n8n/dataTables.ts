/**
 * n8n Data Tables over the editor's REST API (n8n 1.123 and 2.x alike): the store where the shop
 * example records each signed sale and the daily-closing example reads the day's sales back.
 */
import type { RunningN8n } from './server';
import type { WorkflowFile } from './n8n';

const DATA_TABLE_NODE_TYPE = 'n8n-nodes-base.dataTable';

/** The table the examples name in their notes: every column is text (lines as JSON). */
export const SALES_TABLE = {
	name: 'Fiskaly Sales',
	columns: [
		'business_date',
		'client_id',
		'tss_id',
		'transaction_id',
		'order_id',
		'line_items',
		'tse_failure',
	],
} as const;

export type SalesRow = Record<(typeof SALES_TABLE.columns)[number], string | null> & {
	id: number;
};

async function personalProjectId(server: RunningN8n): Promise<string> {
	const project = await server.rest<{ id: string }>('GET', '/projects/personal');
	return project.id;
}

/** Creates a data table of text columns in the owner's project; returns its ID. */
export async function createDataTable(
	server: RunningN8n,
	name: string,
	columns: readonly string[],
): Promise<string> {
	const projectId = await personalProjectId(server);
	const table = await server.rest<{ id: string }>('POST', `/projects/${projectId}/data-tables`, {
		name,
		columns: columns.map((column) => ({ name: column, type: 'string' })),
	});
	return table.id;
}

/** Creates the examples' sales table in the owner's project; returns its ID. */
export function createSalesTable(server: RunningN8n): Promise<string> {
	return createDataTable(server, SALES_TABLE.name, SALES_TABLE.columns);
}

export async function insertRows(
	server: RunningN8n,
	tableId: string,
	rows: Array<Record<string, string | null>>,
): Promise<void> {
	const projectId = await personalProjectId(server);
	await server.rest('POST', `/projects/${projectId}/data-tables/${tableId}/insert`, {
		data: rows,
		returnType: 'count',
	});
}

export function insertSalesRows(
	server: RunningN8n,
	tableId: string,
	rows: Array<Partial<Omit<SalesRow, 'id'>>>,
): Promise<void> {
	return insertRows(server, tableId, rows);
}

/** Counts a table's rows (the rows endpoint answers the total beside the page). */
export async function countRows(server: RunningN8n, tableId: string): Promise<number> {
	const projectId = await personalProjectId(server);
	const page = await server.rest<{ count: number }>(
		'GET',
		`/projects/${projectId}/data-tables/${tableId}/rows?take=1`,
	);
	return page.count;
}

/** Examples ship with an empty "From list" data table picker; this picks the given table. */
export function withDataTable(workflow: WorkflowFile, tableId: string): WorkflowFile {
	const nodes = workflow.nodes.map((node) => {
		if (node.type !== DATA_TABLE_NODE_TYPE) return node;
		const locator = node.parameters.dataTableId as { __rl?: boolean; value?: unknown } | undefined;
		if (!locator?.__rl || locator.value !== '') return node;
		const dataTableId = { __rl: true, mode: 'id', value: tableId };
		return { ...node, parameters: { ...node.parameters, dataTableId } };
	});
	return { ...workflow, nodes };
}

/**
 * Switches a workflow on in a running n8n, which registers its webhooks at once (the CLI's
 * `update:workflow --active` takes effect only at the next start).
 */
export async function activateOnServer(server: RunningN8n, workflowId: string): Promise<void> {
	const workflow = await server.rest<{ versionId: string }>('GET', `/workflows/${workflowId}`);
	await server.rest('POST', `/workflows/${workflowId}/activate`, {
		versionId: workflow.versionId,
	});
}
