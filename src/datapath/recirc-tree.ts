/**
 * The recirculation tree of a datapath dump: which flows a packet meets after each
 * `recirc(ID)` (conntrack, bonding, check_pkt_len...), as `ovs-flowviz datapath tree` shows it.
 *
 * @module
 */
import { type DatapathAction, formatDatapathActions } from "./actions.js";
import type { AnyDatapathFlow, DatapathFlow } from "./flow.js";

/** Flows of a node that share the same actions. */
export interface RecircBlock<F extends AnyDatapathFlow = DatapathFlow> {
  /** The actions, as printed. */
  readonly actions: string;
  /** The flows, in input order. Each flow of the tree is in exactly one block. */
  readonly flows: readonly F[];
}

/** The flows with one (recirc_id, in_port), and the nodes their `recirc()` actions lead to. */
export interface RecircNode<F extends AnyDatapathFlow = DatapathFlow> {
  readonly recircId: number;
  /** Absent when the flows have no `in_port(...)`. */
  readonly inPort?: number | string;
  /** The flows grouped by equal actions, in first-seen order ({@link recircNodeFlows} lists them all). */
  readonly blocks: readonly RecircBlock<F>[];
  /**
   * Indexes in {@link RecircTree.nodes} of the nodes this node's `recirc()` actions reach
   * (nested ones included). Back edges of cycles are left out.
   */
  readonly children: readonly number[];
}

/** Where a flow sits in a {@link RecircTree}: `tree.nodes[node].blocks[block].flows[flow]`. */
export interface RecircFlowRef {
  readonly node: number;
  readonly block: number;
  readonly flow: number;
}

/**
 * Result of {@link buildRecircTree}. Plain data: every node is in `nodes` once, every flow in
 * one block; the edges (`children`, `roots`, `orphans`, `dangling[].from`) are indexes, so the
 * JSON of a tree is linear in the dump and `structuredClone` keeps it whole.
 */
export interface RecircTree<F extends AnyDatapathFlow = DatapathFlow> {
  /** Every node, in the order its first flow came. */
  readonly nodes: readonly RecircNode<F>[];
  /**
   * Indexes of the roots: `recirc_id(0)` nodes, then nodes no flow recirculates to (see
   * `orphans`), then one node of each cycle that nothing else leads to.
   */
  readonly roots: readonly number[];
  /** `recirc(ID)` actions whose ID has no flow in the dump, with the flows that use them. */
  readonly dangling: readonly { readonly recircId: number; readonly from: readonly RecircFlowRef[] }[];
  /** Indexes of the nodes with a non-zero recirc id that no flow of the dump recirculates to. */
  readonly orphans: readonly number[];
  /** Recirculation cycles found (recirc ids in order, the first repeated at the end). */
  readonly cycles: readonly (readonly number[])[];
}

interface MutableNode<F extends AnyDatapathFlow> {
  recircId: number;
  inPort?: number | string;
  blocks: { actions: string; flows: F[] }[];
  children: number[];
}

const keyOf = (recircId: number, inPort: number | string | undefined): string => `${recircId}/${typeof inPort}/${inPort ?? ""}`;

/**
 * Every recirc id an action list recirculates to, nested actions included (clone, sample,
 * check_pkt_len branches).
 *
 * @example
 * ```ts
 * import { parseDatapathActions, recircTargets } from "ovskit";
 * recircTargets(parseDatapathActions("check_pkt_len(size=1500,gt(recirc(0x5)),le(recirc(0x6)))")); // [5, 6]
 * ```
 */
export function recircTargets(actions: readonly DatapathAction[], out: number[] = []): number[] {
  for (const a of actions) {
    if (a.kind === "recirc") out.push(a.id);
    else if (a.kind === "clone" || a.kind === "sample") recircTargets(a.actions, out);
    else if (a.kind === "check_pkt_len") {
      recircTargets(a.gt, out);
      recircTargets(a.le, out);
    }
  }
  return out;
}

/**
 * Builds the recirculation tree: nodes keyed by (recirc_id, in_port), children from every
 * `recirc()` action (inside clone / sample / check_pkt_len too), flows grouped in blocks of
 * equal actions. Works on decoded and lazy flows alike (it reads `recircId`, `inPort` and
 * `actions` only). Never throws: a dump without `recirc_id(0)` flows, with cycles, or with
 * recirc ids that lead nowhere gives a tree that reports them.
 *
 * @example
 * ```ts
 * import { buildRecircTree, parseDatapathFlows, recircChildren } from "ovskit";
 * const tree = buildRecircTree(parseDatapathFlows(text));
 * for (const i of tree.roots) {
 *   const root = tree.nodes[i]!;
 *   console.log(root.recircId, root.inPort, recircChildren(tree, root).length);
 * }
 * ```
 */
export function buildRecircTree<F extends AnyDatapathFlow>(flows: readonly F[]): RecircTree<F> {
  const nodes: MutableNode<F>[] = [];
  const index = new Map<string, number>();
  const byRecirc = new Map<number, number[]>();
  const blockIndex = new Map<string, number>();
  for (const f of flows) {
    const id = f.recircId ?? 0;
    const key = keyOf(id, f.inPort);
    let at = index.get(key);
    if (at === undefined) {
      at = nodes.length;
      const node: MutableNode<F> = { recircId: id, blocks: [], children: [] };
      if (f.inPort !== undefined) node.inPort = f.inPort;
      nodes.push(node);
      index.set(key, at);
      const list = byRecirc.get(id);
      if (list === undefined) byRecirc.set(id, [at]);
      else list.push(at);
    }
    const node = nodes[at] as MutableNode<F>;
    const actions = formatDatapathActions(f.actions);
    const bkey = `${at}\u0000${actions}`;
    const b = blockIndex.get(bkey);
    if (b === undefined) {
      blockIndex.set(bkey, node.blocks.length);
      node.blocks.push({ actions, flows: [f] });
    } else (node.blocks[b] as { flows: F[] }).flows.push(f);
  }

  // Edges: a recirc(ID) continues the same packet, so prefer the node with the same in_port.
  const dangling = new Map<number, RecircFlowRef[]>();
  const edges: number[][] = [];
  const reached = new Set<number>();
  nodes.forEach((node, n) => {
    const targets: number[] = [];
    node.blocks.forEach((block, b) => {
      block.flows.forEach((f, i) => {
        const ids = recircTargets(f.actions);
        for (let k = 0; k < ids.length; k++) {
          const id = ids[k] as number;
          if (ids.indexOf(id) < k) continue;
          const candidates = byRecirc.get(id);
          if (candidates === undefined) {
            const list = dangling.get(id);
            const ref = { node: n, block: b, flow: i };
            if (list === undefined) dangling.set(id, [ref]);
            else list.push(ref);
            continue;
          }
          const same = candidates.filter((c) => nodes[c]?.inPort === node.inPort);
          for (const c of same.length > 0 ? same : candidates) {
            if (!targets.includes(c)) targets.push(c);
            if (c !== n) reached.add(c);
          }
        }
      });
    });
    edges.push(targets);
  });

  // Children without back edges: a depth-first walk records cycles instead of following them.
  const cycles: number[][] = [];
  const done = new Set<number>();
  const path: number[] = [];
  const visit = (n: number): void => {
    if (done.has(n)) return;
    path.push(n);
    for (const child of edges[n] ?? []) {
      const at = path.indexOf(child);
      if (at >= 0) {
        cycles.push([...path.slice(at).map((x) => (nodes[x] as MutableNode<F>).recircId), (nodes[child] as MutableNode<F>).recircId]);
        continue;
      }
      (nodes[n] as MutableNode<F>).children.push(child);
      visit(child);
    }
    path.pop();
    done.add(n);
  };
  const all = nodes.map((_, i) => i);
  const zero = all.filter((i) => nodes[i]?.recircId === 0);
  const orphans = all.filter((i) => nodes[i]?.recircId !== 0 && !reached.has(i));
  const roots = [...zero, ...orphans];
  for (const n of roots) visit(n);
  // Nodes only reachable through a cycle of non-zero recirc ids: each such cycle gets a root.
  for (const n of all) {
    if (!done.has(n)) {
      roots.push(n);
      visit(n);
    }
  }

  return {
    nodes,
    roots,
    dangling: [...dangling].map(([recircId, from]) => ({ recircId, from })),
    orphans,
    cycles,
  };
}

/**
 * The child nodes of a node (its `children` indexes resolved).
 *
 * @example
 * ```ts
 * import { buildRecircTree, parseDatapathFlows, recircChildren } from "ovskit";
 * const tree = buildRecircTree(parseDatapathFlows(text));
 * recircChildren(tree, tree.nodes[tree.roots[0]!]!).map((c) => c.recircId);
 * ```
 */
export function recircChildren<F extends AnyDatapathFlow>(tree: RecircTree<F>, node: RecircNode<F>): RecircNode<F>[] {
  return node.children.map((i) => tree.nodes[i] as RecircNode<F>);
}

/**
 * The root nodes of a tree (its `roots` indexes resolved).
 *
 * @example
 * ```ts
 * import { buildRecircTree, parseDatapathFlows, recircRoots } from "ovskit";
 * recircRoots(buildRecircTree(parseDatapathFlows(text))).map((r) => r.recircId);
 * ```
 */
export function recircRoots<F extends AnyDatapathFlow>(tree: RecircTree<F>): RecircNode<F>[] {
  return tree.roots.map((i) => tree.nodes[i] as RecircNode<F>);
}

/**
 * Every flow of a node, block after block.
 *
 * @example
 * ```ts
 * import { buildRecircTree, parseDatapathFlows, recircNodeFlows } from "ovskit";
 * const tree = buildRecircTree(parseDatapathFlows(text));
 * recircNodeFlows(tree.nodes[0]!).length;
 * ```
 */
export function recircNodeFlows<F extends AnyDatapathFlow>(node: RecircNode<F>): F[] {
  const out: F[] = [];
  for (const b of node.blocks) for (const f of b.flows) out.push(f);
  return out;
}

/**
 * The node of a (recirc id, in_port), or `undefined`.
 *
 * @example
 * ```ts
 * import { buildRecircTree, parseDatapathFlows, recircNode } from "ovskit";
 * recircNode(buildRecircTree(parseDatapathFlows(text)), 0x10, 1)?.blocks.length;
 * ```
 */
export function recircNode<F extends AnyDatapathFlow>(tree: RecircTree<F>, recircId: number, inPort?: number | string): RecircNode<F> | undefined {
  return tree.nodes.find((n) => n.recircId === recircId && n.inPort === inPort);
}

/**
 * The flow a {@link RecircFlowRef} points at.
 *
 * @example
 * ```ts
 * import { buildRecircTree, parseDatapathFlows, recircFlow } from "ovskit";
 * const tree = buildRecircTree(parseDatapathFlows(text));
 * for (const d of tree.dangling) for (const ref of d.from) console.log(recircFlow(tree, ref)?.line);
 * ```
 */
export function recircFlow<F extends AnyDatapathFlow>(tree: RecircTree<F>, ref: RecircFlowRef): F | undefined {
  return tree.nodes[ref.node]?.blocks[ref.block]?.flows[ref.flow];
}
