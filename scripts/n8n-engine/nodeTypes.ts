// The node types an engine workflow can use: the package's node (observed for the pairedItem it
// sets itself) and a start node standing in for the Manual Trigger.
import type {
	IExecuteFunctions,
	INodeType,
	INodeTypes,
	IPairedItemData,
	IVersionedNodeType,
} from 'n8n-workflow';

/** Stand-in for the Manual Trigger: a start node that passes on the items the test feeds it. */
export const START_NODE_TYPE = 'test.start';

export const startNodeType: INodeType = {
	description: {
		displayName: 'Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Emits the items the test passes in',
		defaults: { name: 'Start' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	},
};

/**
 * What the node itself returned, before the engine fills in missing pairedItem entries (the
 * engine pairs by index when input and output counts match, which would hide a node that never
 * sets pairedItem or pairs it wrongly).
 */
export type RawOutputRecord = Array<
	Array<IPairedItemData | IPairedItemData[] | number | undefined>
>;

export class NodeTypeMap implements INodeTypes {
	readonly rawPairedItems = new Map<string, RawOutputRecord>();

	private readonly types: Record<string, INodeType | IVersionedNodeType>;

	constructor(types: Record<string, INodeType | IVersionedNodeType>) {
		this.types = {};
		for (const [name, type] of Object.entries(types)) this.types[name] = this.observe(type);
	}

	getByName(nodeType: string) {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const type = this.getByName(nodeType);
		return 'nodeVersions' in type ? type.getNodeType(version) : type;
	}

	getKnownTypes() {
		return {};
	}

	/** Adds a node type after construction, e.g. the benchmarks' reference node. */
	register(name: string, type: INodeType | IVersionedNodeType): void {
		this.types[name] = this.observe(type);
	}

	/** Wraps execute() only to record the pairedItem the node set itself; data passes unchanged. */
	private observe(type: INodeType | IVersionedNodeType): INodeType | IVersionedNodeType {
		if ('nodeVersions' in type) return type;
		const execute = type.execute;
		if (!execute) return type;
		const rawPairedItems = this.rawPairedItems;
		const observed: INodeType = Object.create(type) as INodeType;
		observed.execute = async function (this: IExecuteFunctions) {
			const output = await execute.call(this);
			if (Array.isArray(output)) {
				rawPairedItems.set(
					this.getNode().name,
					output.map((branch) =>
						(branch ?? []).map((item) =>
							item.pairedItem === undefined
								? undefined
								: (JSON.parse(JSON.stringify(item.pairedItem)) as IPairedItemData),
						),
					),
				);
			}
			return output;
		};
		return observed;
	}
}
