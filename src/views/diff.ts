/**
 * Differences between two flow sets: two snapshots of one bridge taken over time, or the same
 * bridge on two nodes. Flows are identified by (table, priority, match), as OpenFlow does.
 *
 * @module
 */
import { formatActions } from "../openflow/actions/format.js";
import { type AnyFlow, type Flow, actionsDecoder } from "../openflow/flow.js";
import { formatMatchField } from "../openflow/match.js";

/** OpenFlow's default priority, which OVS does not print. */
const DEFAULT_PRIORITY = 32768;

/**
 * Identity of a flow across snapshots: table, priority and match (printed canonically: the
 * match items sorted, so their order does not matter; no table means table 0, no priority
 * means 32768).
 *
 * @example
 * ```ts
 * import { flowKey, parseFlow } from "ovskit";
 * flowKey(parseFlow(" table=3, priority=10,ip,nw_dst=10.0.0.1 actions=drop"));
 * // "table=3 priority=10 ip,nw_dst=10.0.0.1"
 * ```
 */
export function flowKey(flow: AnyFlow): string {
  const items: string[] = [];
  for (const m of flow.match) items.push(formatMatchField(m));
  items.sort();
  return `table=${flow.table ?? 0} priority=${flow.priority ?? DEFAULT_PRIORITY} ${items.join(",")}`;
}

/** A flow present in both sets whose actions changed or whose counters moved. */
export interface FlowChange<F extends AnyFlow = Flow> {
  readonly key: string;
  readonly before: F;
  readonly after: F;
  readonly actionsChanged: boolean;
  /** `after.nPackets - before.nPackets`, when both have counters. */
  readonly packetsDelta: bigint | undefined;
  /** `after.nBytes - before.nBytes`, when both have counters. */
  readonly bytesDelta: bigint | undefined;
}

/** Result of {@link diffFlows}. */
export interface FlowSetDiff<F extends AnyFlow = Flow> {
  /** In `after` only, in its order. */
  readonly added: F[];
  /** In `before` only, in its order. */
  readonly removed: F[];
  /** In both, with other actions or moved counters, in the order of `after`. */
  readonly changed: FlowChange<F>[];
  /** In both, same actions, counters unchanged (or absent). */
  readonly unchanged: number;
}

/**
 * Compares two flow sets keyed by {@link flowKey}. `changed` lists flows whose actions changed
 * OR whose counters moved, so "what is hot right now" is `changed` sorted by `packetsDelta`.
 * A counter that went down (the flow was re-added or its counters reset) gives a negative
 * delta. When a key repeats within one set (it cannot in one OVS bridge, but can in
 * concatenated files), occurrences are paired in order. Lazy flows are compared by their decoded
 * actions (each distinct action text decoded once).
 *
 * @example
 * ```ts
 * import { diffFlows, parseFlows } from "ovskit";
 * const d = diffFlows(parseFlows(before), parseFlows(after));
 * d.added.length, d.removed.length;
 * const hot = [...d.changed].sort((a, b) => Number((b.packetsDelta ?? 0n) - (a.packetsDelta ?? 0n)));
 * ```
 */
export function diffFlows<F extends AnyFlow>(before: readonly F[], after: readonly F[]): FlowSetDiff<F> {
  const actionsOf = actionsDecoder();
  const printed = (f: AnyFlow): string => formatActions(actionsOf(f));
  const old = new Map<string, F[]>();
  for (const f of before) {
    const k = flowKey(f);
    const list = old.get(k);
    if (list === undefined) old.set(k, [f]);
    else list.push(f);
  }
  const added: F[] = [];
  const changed: FlowChange<F>[] = [];
  let unchanged = 0;
  for (const f of after) {
    const key = flowKey(f);
    const list = old.get(key);
    const prev = list?.shift();
    if (prev === undefined) {
      added.push(f);
      continue;
    }
    const actionsChanged = printed(prev) !== printed(f);
    const packetsDelta = delta(prev.nPackets, f.nPackets);
    const bytesDelta = delta(prev.nBytes, f.nBytes);
    if (actionsChanged || (packetsDelta ?? 0n) !== 0n || (bytesDelta ?? 0n) !== 0n) {
      changed.push({ key, before: prev, after: f, actionsChanged, packetsDelta, bytesDelta });
    } else unchanged++;
  }
  const removed: F[] = [];
  const left = new Set<F>();
  for (const list of old.values()) for (const f of list) left.add(f);
  for (const f of before) if (left.has(f)) removed.push(f);
  return { added, removed, changed, unchanged };
}

function delta(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  return a === undefined || b === undefined ? undefined : b - a;
}
