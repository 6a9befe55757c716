/**
 * The datapath recirculation tree, filtered: a filter keeps whole subtrees that contain a
 * match (the path from the root down to the matching node, and everything below it).
 *
 * @module
 */
import type { AnyDatapathFlow, DatapathFlow } from "../datapath/flow.js";
import { type RecircFlowRef, type RecircTree, buildRecircTree } from "../datapath/recirc-tree.js";

/** One node of a {@link FilteredRecircTree}. */
export interface FilteredRecircNode {
  /** Index of the node in `tree.nodes`. */
  readonly node: number;
  /** True when some flow of this node matched. */
  readonly matched: boolean;
  /** The kept children. */
  readonly children: readonly FilteredRecircNode[];
}

/**
 * Result of {@link filterRecircTree}. Plain data: nodes are referred to by their index in
 * `tree.nodes`, matched flows by their place in the tree.
 */
export interface FilteredRecircTree<F extends AnyDatapathFlow = DatapathFlow> {
  readonly tree: RecircTree<F>;
  readonly roots: readonly FilteredRecircNode[];
  /** The flows that matched (for highlighting), in tree order; {@link recircMatchSet} tests them. */
  readonly matches: readonly RecircFlowRef[];
}

/**
 * Filters a recirculation tree (or builds it from flows first). A node is kept when one of its
 * flows matches, when it lies below such a node (the whole subtree of a match), or when it
 * lies on the way from a root to one; other nodes are dropped. Without a predicate, every node
 * is kept. Works on decoded and lazy flows alike.
 *
 * @example
 * ```ts
 * import { compileFilter, filterRecircTree, parseDatapathFlows } from "ovskit";
 * const f = compileFilter("ct.zone=22");
 * const t = filterRecircTree(parseDatapathFlows(text), (flow) => f.matchDatapath(flow));
 * t.roots.length; t.matches.length;
 * ```
 */
export function filterRecircTree<F extends AnyDatapathFlow>(
  input: RecircTree<F> | readonly F[],
  predicate?: (flow: F) => boolean,
): FilteredRecircTree<F> {
  const tree = Array.isArray(input) ? buildRecircTree(input as readonly F[]) : (input as RecircTree<F>);
  const matches: RecircFlowRef[] = [];
  const tested = new Set<number>();
  const keepAll = (n: number, matched: boolean, path: Set<number>): FilteredRecircNode => {
    path.add(n);
    const children = (tree.nodes[n]?.children ?? []).filter((c) => !path.has(c)).map((c) => keepAll(c, hasMatch(c), path));
    path.delete(n);
    return { node: n, matched, children };
  };
  const hasMatch = (n: number): boolean => {
    if (predicate === undefined) return false;
    const node = tree.nodes[n];
    if (node === undefined) return false;
    let m = false;
    const first = !tested.has(n);
    tested.add(n);
    node.blocks.forEach((b, bi) => {
      b.flows.forEach((f, fi) => {
        if (predicate(f)) {
          if (first) matches.push({ node: n, block: bi, flow: fi });
          m = true;
        }
      });
    });
    return m;
  };
  const visit = (n: number, path: Set<number>): FilteredRecircNode | undefined => {
    const matched = hasMatch(n);
    if (matched || predicate === undefined) return keepAll(n, matched, path);
    path.add(n);
    const children: FilteredRecircNode[] = [];
    for (const c of tree.nodes[n]?.children ?? []) {
      if (path.has(c)) continue;
      const k = visit(c, path);
      if (k !== undefined) children.push(k);
    }
    path.delete(n);
    return children.length > 0 ? { node: n, matched: false, children } : undefined;
  };
  const roots: FilteredRecircNode[] = [];
  for (const r of tree.roots) {
    const k = visit(r, new Set());
    if (k !== undefined) roots.push(k);
  }
  matches.sort((a, b) => a.node - b.node || a.block - b.block || a.flow - b.flow);
  return { tree, roots, matches };
}

/**
 * A test for "did this flow match", from a filtered tree's `matches`: `(node, block, flow)`
 * positions as in {@link RecircFlowRef}.
 *
 * @example
 * ```ts
 * import { filterRecircTree, recircMatchSet } from "ovskit";
 * const t = filterRecircTree(flows, (f) => f.recircId === 0);
 * const matched = recircMatchSet(t);
 * matched(0, 0, 0); // true when the first flow of the first node matched
 * ```
 */
export function recircMatchSet(tree: FilteredRecircTree<AnyDatapathFlow>): (node: number, block: number, flow: number) => boolean {
  const keys = new Set<string>();
  for (const m of tree.matches) keys.add(`${m.node}/${m.block}/${m.flow}`);
  return (node, block, flow) => keys.has(`${node}/${block}/${flow}`);
}
