/**
 * A directory of `<node>.flows` files (what {@link FlowSync} keeps fresh, or what k8s-ofparse's
 * monitor pod writes) read back as one multi-node flow set, and diffs of two snapshots.
 *
 * @module
 */
import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { readFlowDump } from "../files.js";
import { OfflineInputError } from "./errors.js";
import { type AnyFlow, diffFlows, type Flow, type FlowSet, type FlowSetDiff, flowSetOf, type Issue, type LazyFlow } from "ovskit";

/** One node's file of a flows directory. */
export interface FlowsDirNode<F extends AnyFlow = Flow> {
  /** The node name: the file name without `.flows` / `.flows.gz`. */
  readonly node: string;
  readonly file: string;
  readonly flows: readonly F[];
  readonly issues: readonly Issue[];
  /** When the file was last written. */
  readonly mtime: Date;
}

/** Result of {@link readFlowsDir}. */
export interface FlowsDir<F extends AnyFlow = Flow> {
  readonly dir: string;
  /** Nodes sorted by name. */
  readonly nodes: readonly FlowsDirNode<F>[];
  /** Every flow of every node, each keeping its node as `source`. */
  readonly flowSet: FlowSet<F>;
}

const FLOWS_FILE = /^(?!\.)(.+)\.flows(?:\.gz)?$/;

/**
 * The node name of a `<node>.flows` / `<node>.flows.gz` file name, or `undefined` (hidden files,
 * such as FlowSync's temporary files, are not node files).
 *
 * @example
 * ```ts
 * import { nodeOfFlowsFile } from "ovskit/node";
 * nodeOfFlowsFile("/data/worker-1.flows"); // "worker-1"
 * nodeOfFlowsFile(".worker-1.flows.123.tmp"); // undefined
 * ```
 */
export function nodeOfFlowsFile(path: string): string | undefined {
  return FLOWS_FILE.exec(basename(path))?.[1];
}

/**
 * Reads every `<node>.flows` (or `.flows.gz`) file of a directory, leniently, into one
 * {@link FlowSet} whose sources are the node names. Throws an {@link OfflineInputError} when the
 * directory does not exist or holds no such file.
 *
 * @example
 * ```ts
 * import { readFlowsDir } from "ovskit/node";
 * const { nodes, flowSet } = await readFlowsDir("/tmp/flows");
 * for (const n of nodes) console.log(n.node, n.flows.length);
 * const dropsOnWorker2 = flowSet.flows.filter((f) => f.source === "worker-2" && f.flow.actions.some((a) => a.kind === "drop"));
 * ```
 */
export function readFlowsDir(dir: string, options: { readonly lazyActions: true }): Promise<FlowsDir<LazyFlow>>;
export function readFlowsDir(dir: string, options?: { readonly lazyActions?: false }): Promise<FlowsDir<Flow>>;
export function readFlowsDir(dir: string, options?: { readonly lazyActions?: boolean }): Promise<FlowsDir<AnyFlow>>;
export async function readFlowsDir(dir: string, options: { readonly lazyActions?: boolean } = {}): Promise<FlowsDir<AnyFlow>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    throw new OfflineInputError("not-found", dir, "cannot read the directory", e);
  }
  const files = names.filter((n) => nodeOfFlowsFile(n) !== undefined).sort();
  if (files.length === 0) throw new OfflineInputError("not-a-collection", dir, "no <node>.flows file in the directory");
  const nodes: FlowsDirNode<AnyFlow>[] = [];
  for (const name of files) {
    const file = join(dir, name);
    const st = await stat(file);
    if (!st.isFile()) continue;
    const { items: flows, issues } = await readFlowDump(file, { lazyActions: options.lazyActions === true });
    nodes.push({ node: nodeOfFlowsFile(name)!, file, flows, issues, mtime: st.mtime });
  }
  return { dir, nodes, flowSet: flowSetOf(nodes.map((n) => [n.node, n.flows] as const)) };
}

/**
 * Diffs two flow dump files (two snapshots of a node): added, removed and changed flows, with
 * counter deltas per flow (`diffFlows`).
 *
 * @example
 * ```ts
 * import { diffFlowFiles } from "ovskit/node";
 * import { hotFlowChanges } from "ovskit";
 * const diff = await diffFlowFiles("snap1.flows", "snap2.flows");
 * for (const c of hotFlowChanges(diff, { limit: 5 })) console.log(c.packetsDelta, c.key);
 * ```
 */
export async function diffFlowFiles(before: string, after: string): Promise<FlowSetDiff<LazyFlow>> {
  const [a, b] = await Promise.all([readFlowDump(before, { lazyActions: true }), readFlowDump(after, { lazyActions: true })]);
  return diffFlows(a.items, b.items);
}

/**
 * The snapshots {@link FlowSync} kept for a node under `<dir>/snapshots/<node>/`, oldest first.
 *
 * @example
 * ```ts
 * import { listSnapshots } from "ovskit/node";
 * const snaps = await listSnapshots("/tmp/flows", "worker-1");
 * ```
 */
export async function listSnapshots(dir: string, node: string): Promise<string[]> {
  const sdir = join(dir, "snapshots", node);
  const names = await readdir(sdir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith(".flows")).sort().map((n) => join(sdir, n));
}

/**
 * Diffs the two newest snapshots of a node kept by {@link FlowSync} (`undefined` when there are
 * fewer than two).
 *
 * @example
 * ```ts
 * import { diffLatestSnapshots } from "ovskit/node";
 * const d = await diffLatestSnapshots("/tmp/flows", "worker-1");
 * if (d) console.log(d.diff.added.length, "flows added since", d.before);
 * ```
 */
export async function diffLatestSnapshots(dir: string, node: string): Promise<{ readonly before: string; readonly after: string; readonly diff: FlowSetDiff<LazyFlow> } | undefined> {
  const snaps = await listSnapshots(dir, node);
  if (snaps.length < 2) return undefined;
  const before = snaps[snaps.length - 2]!;
  const after = snaps[snaps.length - 1]!;
  return { before, after, diff: await diffFlowFiles(before, after) };
}
