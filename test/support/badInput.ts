// The checks every bad-input table shares (SIGN DE, DSFinV-K, SUBMIT DE): a bad case stops with a
// FieldError naming the field and the item, or under continueOnFail becomes one error item in its
// place, and in both runs no request reaches the API. Each table keeps its rows in its own file.
import type { NodeRunResult } from '../../scripts/n8n-engine';
import { fieldError } from '../node/engine/session';

const messageOf = (field: string | RegExp) =>
	typeof field === 'string' ? expect.stringContaining(field) : expect.stringMatching(field);

/** Runs one bad case stopped and under continueOnFail and checks it was refused before any request. */
export async function expectRefusedBeforeAnyRequest(
	run: (continueOnFail: boolean) => Promise<NodeRunResult>,
	field: string | RegExp,
	requestLines: () => Promise<string[]>,
): Promise<void> {
	const stopped = await run(false);
	expect(stopped.error).toEqual(fieldError(field));
	expect(stopped.error?.message).toContain('[item 0]');
	expect(stopped.error?.context.itemIndex).toBe(0);

	const continued = await run(true);
	expect(continued.error).toBeUndefined();
	expect(continued.items).toHaveLength(1);
	expect(continued.items[0].json).toEqual({
		error: { message: messageOf(field), description: expect.stringMatching(/\S/) },
	});
	expect(continued.rawPairedItems).toEqual([{ item: 0 }]);

	expect(await requestLines()).toEqual([]);
}

interface OptionsProperty {
	name: string;
	options: Array<{ value: string }>;
	displayOptions?: { show: { resource: string[] } };
}

/** The node type's description, as the loaded package holds it. */
type NodeTypeWithDescription = { description: { properties: OptionsProperty[] } };

/** Checks the table has a case for every resource the node offers. */
export function expectEveryResourceCovered(nodeType: unknown, coveredResources: string[]): void {
	const { properties } = (nodeType as NodeTypeWithDescription).description;
	const offered = properties
		.find((property) => property.name === 'resource')!
		.options.map((option) => option.value);
	expect(new Set(coveredResources)).toEqual(new Set(offered));
}

/**
 * Checks the table has a case for every resource's operation the node offers, but those named in
 * `elsewhere` (operations whose bad-input cases live beside their own tests).
 */
export function expectEveryOperationCovered(
	nodeType: unknown,
	covered: Array<{ resource: string; operation: string }>,
	elsewhere: string[] = [],
): void {
	const { properties } = (nodeType as NodeTypeWithDescription).description;
	const offered = properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			property.options
				.filter((option) => !elsewhere.includes(option.value))
				.map((option) => `${property.displayOptions!.show.resource[0]}.${option.value}`),
		);
	const coveredNames = new Set(covered.map((c) => `${c.resource}.${c.operation}`));
	expect(offered.filter((operation) => !coveredNames.has(operation))).toEqual([]);
}
