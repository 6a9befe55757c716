/**
 * The datapath actions a translation composes, and their text as OVS prints them
 * (`format_odp_actions`). Leaf actions are kept as their final text (`ct(zone=22,nat)`,
 * `recirc(0x4)`, `set(eth(dst=...))`); nested ones (`clone`, `check_pkt_len`) stay lists, so
 * the translator can drop an empty clone or unwrap a trailing one as OVS does.
 *
 * @module
 */

/** One datapath action being composed. */
export type OdpAction =
  | { readonly t: "leaf"; readonly text: string; readonly output?: number; readonly recirc?: number }
  | { readonly t: "clone"; readonly actions: OdpAction[] }
  | { readonly t: "check_pkt_len"; readonly size: number; readonly gt: OdpAction[]; readonly le: OdpAction[] };

/**
 * A leaf datapath action.
 *
 * @internal
 * @example
 * ```ts
 * import { leaf } from "./odp-actions.js";
 * leaf("ct_clear");
 * ```
 */
export function leaf(text: string): OdpAction {
  return { t: "leaf", text };
}

/**
 * `format_odp_actions`: the actions joined with commas, or `drop` for none.
 *
 * @internal
 * @example
 * ```ts
 * import { formatOdpActions, leaf } from "./odp-actions.js";
 * formatOdpActions([leaf("ct(zone=7)"), leaf("recirc(0x1)")]); // "ct(zone=7),recirc(0x1)"
 * ```
 */
export function formatOdpActions(actions: readonly OdpAction[]): string {
  if (actions.length === 0) return "drop";
  return actions.map(formatOdpAction).join(",");
}

function formatOdpAction(a: OdpAction): string {
  switch (a.t) {
    case "leaf":
      return a.text;
    case "clone":
      return `clone(${formatOdpActions(a.actions)})`;
    case "check_pkt_len":
      return `check_pkt_len(size=${a.size},gt(${formatOdpActions(a.gt)}),le(${formatOdpActions(a.le)}))`;
  }
}

/**
 * An output to datapath port `port` (printed as its number).
 *
 * @internal
 * @example
 * ```ts
 * import { outputAction } from "./odp-actions.js";
 * outputAction(2); // { t: "leaf", text: "2", output: 2 }
 * ```
 */
export function outputAction(port: number): OdpAction {
  return { t: "leaf", text: String(port), output: port };
}

/**
 * `recirc(0xN)`.
 *
 * @internal
 * @example
 * ```ts
 * import { recircAction } from "./odp-actions.js";
 * recircAction(4).t; // "leaf"
 * ```
 */
export function recircAction(id: number): OdpAction {
  return { t: "leaf", text: `recirc(0x${id.toString(16)})`, recirc: id };
}
