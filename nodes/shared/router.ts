import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';
import { asNodeError, fiskalyCodeOf, itemDetailsOf } from './errors';

/** One operation file: its UI parameters and what it does for one input item. */
export interface ItemOperationModule {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

/** An operation that turns all input items into one result (Close Day: one sale per item). */
export interface AllItemsOperationModule {
	description: INodeProperties[];
	executeOnce(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

export type OperationModule = ItemOperationModule | AllItemsOperationModule;

/** A node's operations: resource → operation → module, keyed by the values stored in workflows. */
export type OperationTable = Partial<Record<string, Record<string, OperationModule>>>;

/**
 * What a failed item outputs when the node continues on fail: a single `error` key, the one shape
 * every n8n line (1.x and 2.x) sends to the error output ("On Error: Continue (using error
 * output)"). Setting item.error instead would make n8n replace the JSON with the bare message and
 * lose fiskaly's code and the fix.
 */
function errorJson(error: unknown): IDataObject {
	const failure = error as {
		message?: string;
		description?: string | null;
		httpCode?: string | null;
	};
	const details: IDataObject = { message: failure.message ?? String(error) };
	const code = fiskalyCodeOf(error);
	if (code) details.code = code;
	if (failure.description) details.description = failure.description;
	if (failure.httpCode) details.httpCode = failure.httpCode;
	return { error: { ...details, ...itemDetailsOf(error) } };
}

/**
 * Runs the chosen operation for every input item, up to Concurrency items at a time, keeping
 * the output in input order and each output item paired with its input item.
 */
export async function routeItems(
	this: IExecuteFunctions,
	operations: OperationTable,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = operations[resource]?.[operation];
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	if ('executeOnce' in module) {
		try {
			return [await module.executeOnce.call(this)];
		} catch (error) {
			const pairedItem = items.map((_item, item) => ({ item }));
			if (this.continueOnFail()) return [[{ json: errorJson(error), pairedItem }]];
			throw asNodeError(this.getNode(), error, 0);
		}
	}
	const concurrency = Number(this.getNodeParameter('options.concurrency', 0, 1)) || 1;

	const runItem = async (
		_item: INodeExecutionData,
		itemIndex: number,
	): Promise<INodeExecutionData[]> => {
		try {
			return await module.execute.call(this, itemIndex);
		} catch (error) {
			if (this.continueOnFail())
				return [{ json: errorJson(error), pairedItem: { item: itemIndex } }];
			// fiskaly's NodeApiError stays one; anything unexpected is wrapped with its item.
			throw asNodeError(this.getNode(), error, itemIndex);
		}
	};

	// The first item runs alone so that parallel items reuse the access token it fetched
	// instead of each asking /auth for one.
	const first = items.length > 0 ? [await runItem(items[0], 0)] : [];
	const rest = await mapWithConcurrency(items.slice(1), concurrency, async (item, index) =>
		runItem(item, index + 1),
	);
	return [[...first, ...rest].flat()];
}
