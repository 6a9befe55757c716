/**
 * Printing flows back as `ovs-ofctl dump-flows` prints them, or as `ovs-ofctl add-flows` input.
 *
 * @module
 */
import { formatActions } from "./actions/format.js";
import type { AnyFlow, Duration } from "./flow.js";
import { formatMatchField } from "./match.js";
import { quoteName } from "../core/scanner.js";

/** Options of {@link formatFlow}. */
export interface FormatFlowOptions {
  /**
   * `false` prints the flow without statistics and ages (`duration`, `n_packets`, `n_bytes`,
   * `idle_age`, `hard_age`), a form `ovs-ofctl add-flows` accepts (fields OVS prints under
   * a name it cannot read back, such as `gtpu_flags`, get their input name `tun_gtpu_flags`).
   * Default: true.
   */
  readonly stats?: boolean;
}

/**
 * Prints a flow. For every line `ovs-ofctl dump-flows` printed,
 * `formatFlow(parseFlow(line)) === line`, byte for byte.
 *
 * With `{ stats: false }` the result is a flow `ovs-ofctl add-flows` accepts: the cookie,
 * table, timeouts, importance and flags are kept; the counters and ages are dropped. A
 * {@link LazyFlow}'s actions are printed as its `actionsText`, as they were read.
 *
 * @example
 * ```ts
 * import { formatFlow, parseFlow } from "ovskit";
 * const line = " cookie=0x0, duration=3.4s, table=0, n_packets=0, n_bytes=0, idle_age=3, priority=100,in_port=1 actions=resubmit(,40)";
 * formatFlow(parseFlow(line)) === line;            // true
 * formatFlow(parseFlow(line), { stats: false });   // " cookie=0x0, table=0, priority=100,in_port=1 actions=resubmit(,40)"
 * ```
 */
export function formatFlow(flow: AnyFlow, options: FormatFlowOptions = {}): string {
  const stats = options.stats !== false;
  let out = " ";
  if (flow.cookie !== undefined) out += `cookie=0x${flow.cookie.toString(16)}, `;
  if (stats && flow.duration !== undefined) out += `duration=${formatDuration(flow.duration)}, `;
  if (flow.table !== undefined) {
    out += `table=${typeof flow.table === "number" ? flow.table : quoteName(flow.table)}, `;
  }
  if (stats && flow.nPackets !== undefined) out += `n_packets=${flow.nPackets}, `;
  if (stats && flow.nBytes !== undefined) out += `n_bytes=${flow.nBytes}, `;
  if (flow.idleTimeout !== undefined) out += `idle_timeout=${flow.idleTimeout}, `;
  if (flow.hardTimeout !== undefined) out += `hard_timeout=${flow.hardTimeout}, `;
  if (flow.flags !== undefined) for (const f of flow.flags) out += f + " ";
  if (flow.importance !== undefined) out += `importance=${flow.importance}, `;
  if (stats && flow.idleAge !== undefined) out += `idle_age=${flow.idleAge}, `;
  if (stats && flow.hardAge !== undefined) out += `hard_age=${flow.hardAge}, `;
  let match = flow.priority === undefined ? "" : `priority=${flow.priority}`;
  for (const field of flow.match) {
    const input = stats ? undefined : INPUT_NAMES[field.name];
    match += (match === "" ? "" : ",") + formatMatchField(input === undefined ? field : { ...field, name: input });
  }
  if (match !== "") out += match + " ";
  return out + "actions=" + (flow.actionsText ?? formatActions(flow.actions ?? []));
}

/**
 * Fields that OVS 3.1 prints under a name its own flow parser does not accept; the add-flows
 * form (`stats: false`) uses the accepted name.
 */
const INPUT_NAMES: Readonly<Record<string, string>> = {
  gtpu_flags: "tun_gtpu_flags",
  gtpu_msgtype: "tun_gtpu_msgtype",
};

/**
 * Prints a duration as OVS does: whole seconds, then 3 decimals when the fraction is whole
 * milliseconds, else as many as needed (up to 9), then `s`.
 *
 * @example
 * ```ts
 * import { formatDuration } from "ovskit";
 * formatDuration({ sec: 3, nsec: 436000000 }); // "3.436s"
 * formatDuration({ sec: 12, nsec: 0 });        // "12s"
 * ```
 */
export function formatDuration(d: Duration): string {
  if (d.nsec === 0) return `${d.sec}s`;
  if (d.nsec % 1_000_000 === 0) return `${d.sec}.${String(d.nsec / 1_000_000).padStart(3, "0")}s`;
  return `${d.sec}.${String(d.nsec).padStart(9, "0").replace(/0+$/, "")}s`;
}
