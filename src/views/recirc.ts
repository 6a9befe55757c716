/**
 * The datapath recirculation tree, filtered: a filter keeps whole subtrees that contain a
 * match (the path from the root down to the matching node, and everything below it).
 *
 * @module
 */
import type { DatapathFlow } from "../datapath/flow.js";
import { type RecircNode, type RecircTree, buildRecircTree } from "../datapath/recirc-tree.js";

/** One node of a {@link FilteredRecircTree}. */
export interface FilteredRecircNode {
  readonly node: RecircNode;
  /** True when some flow of this node matched. */
  readonly matched: boolean;
  /** The kept children. */
  readonly children: readonly FilteredRecircNode[];
}

/** Result of {@link filterRecircTree}. */
export interface FilteredRecircTree {
  readonly tree: RecircTree;
  readonly roots: readonly FilteredRecircNode[];
  /** The flows that matched (for highlighting). */
  readonly matches: ReadonlySet<DatapathFlow>;
}

/**
 * Filters a recirculation tree (or builds it from flows first). A node is kept when one of its
 * flows matches, when it lies below such a node (the whole subtree of a match), or when it
 * lies on the way from a root to one; other nodes are dropped. Without a predicate, every node
 * is kept.
 *
 * @example
 * ```ts
 * import { compileFilter, filterRecircTree, parseDatapathFlows } from "ovskit";
 * const f = compileFilter("ct.zone=22");
 * const t = filterRecircTree(parseDatapathFlows(text), (flow) => f.matchDatapath(flow));
 * t.roots.length; t.matches.size;
 * ```
 */
export function filterRecircTree(
  input: RecircTree | readonly DatapathFlow[],
  predicate?: (flow: DatapathFlow) => boolean,
): FilteredRecircTree {
  const tree = Array.isArray(input) ? buildRecircTree(input as readonly DatapathFlow[]) : (input as RecircTree);
  const matches = new Set<DatapathFlow>();
  const keepAll = (node: RecircNode, matched: boolean, path: Set<RecircNode>): FilteredRecircNode => {
    path.add(node);
    const children = node.children.filter((c) => !path.has(c)).map((c) => keepAll(c, hasMatch(c), path));
    path.delete(node);
    return { node, matched, children };
  };
  const hasMatch = (node: RecircNode): boolean => {
    if (predicate === undefined) return false;
    let m = false;
    for (const f of node.flows) {
      if (predicate(f)) {
        matches.add(f);
        m = true;
      }
    }
    return m;
  };
  const visit = (node: RecircNode, path: Set<RecircNode>): FilteredRecircNode | undefined => {
    const matched = hasMatch(node);
    if (matched || predicate === undefined) return keepAll(node, matched, path);
    path.add(node);
    const children: FilteredRecircNode[] = [];
    for (const c of node.children) {
      if (path.has(c)) continue;
      const k = visit(c, path);
      if (k !== undefined) children.push(k);
    }
    path.delete(node);
    return children.length > 0 ? { node, matched: false, children } : undefined;
  };
  const roots: FilteredRecircNode[] = [];
  for (const r of tree.roots) {
    const k = visit(r, new Set());
    if (k !== undefined) roots.push(k);
  }
  return { tree, roots, matches };
}
