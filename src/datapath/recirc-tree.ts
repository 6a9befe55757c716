/**
 * The recirculation tree of a datapath dump: which flows a packet meets after each
 * `recirc(ID)` (conntrack, bonding, check_pkt_len...), as `ovs-flowviz datapath tree` shows it.
 *
 * @module
 */
import { type DatapathAction, formatDatapathActions } from "./actions.js";
import type { DatapathFlow } from "./flow.js";

/** Flows of a node that share the same actions. */
export interface RecircBlock {
  /** The actions, as printed. */
  readonly actions: string;
  readonly flows: readonly DatapathFlow[];
}

/** The flows with one (recirc_id, in_port), and the nodes their `recirc()` actions lead to. */
export interface RecircNode {
  readonly recircId: number;
  readonly inPort: number | string | undefined;
  readonly flows: readonly DatapathFlow[];
  /** The flows grouped by equal actions, in first-seen order. */
  readonly blocks: readonly RecircBlock[];
  /** Nodes reached by this node's `recirc()` actions (nested ones included). Back edges of cycles are left out. */
  readonly children: readonly RecircNode[];
}

/** Result of {@link buildRecircTree}. */
export interface RecircTree {
  /**
   * `recirc_id(0)` nodes, then nodes no flow recirculates to (see `orphans`), then one node of
   * each cycle that nothing else leads to.
   */
  readonly roots: readonly RecircNode[];
  /** Every node, keyed by `recircId/inPort`. */
  readonly nodes: ReadonlyMap<string, RecircNode>;
  /** `recirc(ID)` actions whose ID has no flow in the dump, with the flows that use them. */
  readonly dangling: readonly { readonly recircId: number; readonly from: readonly DatapathFlow[] }[];
  /** Nodes with a non-zero recirc id that no flow of the dump recirculates to. */
  readonly orphans: readonly RecircNode[];
  /** Recirculation cycles found (recirc ids in order, the first repeated at the end). */
  readonly cycles: readonly (readonly number[])[];
}

interface MutableNode {
  recircId: number;
  inPort: number | string | undefined;
  flows: DatapathFlow[];
  blocks: { actions: string; flows: DatapathFlow[] }[];
  children: MutableNode[];
}

const keyOf = (recircId: number, inPort: number | string | undefined): string => `${recircId}/${inPort ?? ""}`;

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
 * equal actions. Never throws: a dump without `recirc_id(0)` flows, with cycles, or with
 * recirc ids that lead nowhere gives a tree that reports them.
 *
 * @example
 * ```ts
 * import { buildRecircTree, parseDatapathFlows } from "ovskit";
 * const tree = buildRecircTree(parseDatapathFlows(text));
 * for (const root of tree.roots) console.log(root.recircId, root.inPort, root.children.length);
 * ```
 */
export function buildRecircTree(flows: readonly DatapathFlow[]): RecircTree {
  const nodes = new Map<string, MutableNode>();
  const byRecirc = new Map<number, MutableNode[]>();
  for (const f of flows) {
    const id = f.recircId ?? 0;
    const key = keyOf(id, f.inPort);
    let node = nodes.get(key);
    if (node === undefined) {
      node = { recircId: id, inPort: f.inPort, flows: [], blocks: [], children: [] };
      nodes.set(key, node);
      const list = byRecirc.get(id);
      if (list === undefined) byRecirc.set(id, [node]);
      else list.push(node);
    }
    node.flows.push(f);
    const actions = formatDatapathActions(f.actions);
    const block = node.blocks.find((b) => b.actions === actions);
    if (block === undefined) node.blocks.push({ actions, flows: [f] });
    else block.flows.push(f);
  }

  // Edges: a recirc(ID) continues the same packet, so prefer the node with the same in_port.
  const dangling = new Map<number, DatapathFlow[]>();
  const edges = new Map<MutableNode, MutableNode[]>();
  const reached = new Set<MutableNode>();
  for (const node of nodes.values()) {
    const targets: MutableNode[] = [];
    for (const f of node.flows) {
      for (const id of recircTargets(f.actions)) {
        const candidates = byRecirc.get(id);
        if (candidates === undefined) {
          const list = dangling.get(id);
          if (list === undefined) dangling.set(id, [f]);
          else if (!list.includes(f)) list.push(f);
          continue;
        }
        const same = candidates.filter((c) => c.inPort === node.inPort);
        for (const c of same.length > 0 ? same : candidates) {
          if (!targets.includes(c)) targets.push(c);
          if (c !== node) reached.add(c);
        }
      }
    }
    edges.set(node, targets);
  }

  // Children without back edges: a depth-first walk records cycles instead of following them.
  const cycles: number[][] = [];
  const done = new Set<MutableNode>();
  const path: MutableNode[] = [];
  const visit = (node: MutableNode): void => {
    if (done.has(node)) return;
    path.push(node);
    for (const child of edges.get(node) ?? []) {
      const at = path.indexOf(child);
      if (at >= 0) {
        cycles.push([...path.slice(at).map((n) => n.recircId), child.recircId]);
        continue;
      }
      node.children.push(child);
      visit(child);
    }
    path.pop();
    done.add(node);
  };
  const zero = [...nodes.values()].filter((n) => n.recircId === 0);
  const orphans = [...nodes.values()].filter((n) => n.recircId !== 0 && !reached.has(n));
  const roots = [...zero, ...orphans];
  for (const n of roots) visit(n);
  // Nodes only reachable through a cycle of non-zero recirc ids: each such cycle gets a root.
  for (const n of nodes.values()) {
    if (!done.has(n)) {
      roots.push(n);
      visit(n);
    }
  }

  return {
    roots,
    nodes,
    dangling: [...dangling].map(([recircId, from]) => ({ recircId, from })),
    orphans,
    cycles,
  };
}
