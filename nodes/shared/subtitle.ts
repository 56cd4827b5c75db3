import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * The canvas subtitle as a person reads it ("Sign Receipt · Transaction"), not the internal values
 * ("signReceipt: transaction"): an n8n expression that looks the names up from the node's own
 * Resource and Operation options, so the two cannot drift apart.
 */

/** JSON for inside {{ }}: n8n's template syntax would end the expression at a "}}" within it. */
function literal(value: unknown): string {
	return JSON.stringify(value).replace(/}(?=})/g, '} ');
}

function optionNames(property: INodeProperties): Record<string, string> {
	const names: Record<string, string> = {};
	for (const option of (property.options ?? []) as INodePropertyOptions[])
		names[String(option.value)] = option.name;
	return names;
}

export function readableSubtitle(properties: INodeProperties[]): string {
	const resource = properties.find((property) => property.name === 'resource');
	const resources = resource ? optionNames(resource) : {};
	const operations: Record<string, Record<string, string>> = {};
	for (const property of properties) {
		if (property.name !== 'operation') continue;
		for (const shownFor of property.displayOptions?.show?.resource ?? []) {
			operations[String(shownFor)] = optionNames(property);
		}
	}
	return (
		`={{ ((${literal(operations)})[$parameter["resource"]] || {})[$parameter["operation"]]` +
		` + " · " + (${literal(resources)})[$parameter["resource"]] }}`
	);
}

/** The subtitle of a node with one options parameter (e.g. a trigger's Event): its option's name. */
export function optionSubtitle(property: INodeProperties): string {
	return `={{ (${literal(optionNames(property))})[$parameter["${property.name}"]] }}`;
}
