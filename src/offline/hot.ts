/**
 * What is hot right now: the flows whose packet counters moved most between two snapshots.
 *
 * @module
 */
import type { AnyFlow } from "../openflow/flow.js";
import type { FlowChange, FlowSetDiff } from "../views/diff.js";

/** Options of {@link hotFlowChanges}. */
export interface HotFlowChangesOptions {
  /** At most this many changes (default 10). */
  readonly limit?: number;
}

/**
 * The changed flows of a diff with the largest packet deltas first (flows without counters or
 * with a zero or negative delta left out), at most `limit`.
 *
 * @example
 * ```ts
 * import { diffFlows, hotFlowChanges, parseFlows } from "ovskit";
 * for (const c of hotFlowChanges(diffFlows(parseFlows(before), parseFlows(after)), { limit: 10 })) console.log(c.packetsDelta, c.key);
 * ```
 */
export function hotFlowChanges<F extends AnyFlow>(diff: FlowSetDiff<F>, options: HotFlowChangesOptions | number = {}): FlowChange<F>[] {
  const limit = typeof options === "number" ? options : (options.limit ?? 10);
  return diff.changed
    .filter((c) => (c.packetsDelta ?? 0n) > 0n)
    .sort((a, b) => {
      const d = (b.packetsDelta ?? 0n) - (a.packetsDelta ?? 0n);
      return d > 0n ? 1 : d < 0n ? -1 : 0;
    })
    .slice(0, limit);
}

/**
 * @deprecated Renamed {@link hotFlowChanges} in 0.2.0 (next to `hotFlows`, which ranks the flows
 * of one dump); kept until 0.3.0.
 *
 * @example
 * ```ts
 * import { hotFlowChanges } from "ovskit"; // instead of hotChanges
 * ```
 */
export const hotChanges: typeof hotFlowChanges = hotFlowChanges;
