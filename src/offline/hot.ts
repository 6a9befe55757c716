/**
 * What is hot right now: the flows whose packet counters moved most between two snapshots.
 *
 * @module
 */
import type { AnyFlow } from "../openflow/flow.js";
import type { FlowChange, FlowSetDiff } from "../views/diff.js";

/**
 * The changed flows of a diff with the largest packet deltas first (flows without counters or
 * with a zero or negative delta left out), at most `limit`.
 *
 * @example
 * ```ts
 * import { diffFlows, hotChanges, parseFlows } from "ovskit";
 * for (const c of hotChanges(diffFlows(parseFlows(before), parseFlows(after)), 10)) console.log(c.packetsDelta, c.key);
 * ```
 */
export function hotChanges<F extends AnyFlow>(diff: FlowSetDiff<F>, limit = 10): FlowChange<F>[] {
  return diff.changed
    .filter((c) => (c.packetsDelta ?? 0n) > 0n)
    .sort((a, b) => {
      const d = (b.packetsDelta ?? 0n) - (a.packetsDelta ?? 0n);
      return d > 0n ? 1 : d < 0n ? -1 : 0;
    })
    .slice(0, limit);
}
