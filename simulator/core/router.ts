// Routing: a trie of path segments, built once per API. Parameters match one non-empty segment; a
// literal segment wins over a parameter.

import type { BoundRoute } from './route';

interface RouteNode {
	literals: Map<string, RouteNode>;
	param?: RouteNode;
	/** Parameter names along the path to this node (same for every method here). */
	paramNames: string[];
	routes: Map<string, BoundRoute>;
}

type RouteMatch = { route: BoundRoute; params: Record<string, string> } | { allowed: string[] };

function newNode(paramNames: string[]): RouteNode {
	return { literals: new Map(), paramNames, routes: new Map() };
}

export class Router {
	private readonly root = newNode([]);

	constructor(routes: readonly BoundRoute[]) {
		for (const route of routes) this.add(route);
	}

	private add(route: BoundRoute): void {
		let node = this.root;
		const names: string[] = [];
		for (const segment of route.path.split('/').slice(1)) {
			if (segment.startsWith('{') && segment.endsWith('}')) {
				names.push(segment.slice(1, -1));
				node.param ??= newNode([...names]);
				node = node.param;
			} else {
				let next = node.literals.get(segment);
				if (!next) {
					next = newNode([...names]);
					node.literals.set(segment, next);
				}
				node = next;
			}
		}
		if (node.routes.has(route.method))
			throw new Error(`duplicate route ${route.method} ${route.path}`);
		node.routes.set(route.method, route);
	}

	/** The route for a path below the base path; `{allowed}` when only the method is wrong; undefined if none. */
	match(method: string, path: string): RouteMatch | undefined {
		if (!path.startsWith('/')) return undefined;
		const segments = path.split('/');
		const values: string[] = [];
		const node = this.walk(this.root, segments, 1, values);
		if (!node) return undefined;
		const route = node.routes.get(method);
		if (!route) return { allowed: [...node.routes.keys()] };
		const params: Record<string, string> = {};
		for (let i = 0; i < values.length; i++) params[node.paramNames[i]] = values[i];
		return { route, params };
	}

	private walk(
		node: RouteNode,
		segments: string[],
		index: number,
		values: string[],
	): RouteNode | undefined {
		if (index === segments.length) return node.routes.size ? node : undefined;
		const segment = segments[index];
		const literal = node.literals.get(segment);
		if (literal) {
			const found = this.walk(literal, segments, index + 1, values);
			if (found) return found;
		}
		if (node.param && segment !== '') {
			values.push(segment);
			const found = this.walk(node.param, segments, index + 1, values);
			if (found) return found;
			values.pop();
		}
		return undefined;
	}
}
