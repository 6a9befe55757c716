/**
 * Static tables of the simple action families: which take no argument, which take one typed
 * argument and how it is printed, and the reserved port names.
 *
 * @module
 */
import type { ArgActionKind, FlagActionKind } from "./types.js";

/** How an {@link ArgActionKind} action's argument is typed and printed. */
export interface ArgActionSpec {
  readonly kind: ArgActionKind;
  readonly type: "int" | "mac" | "ip";
  /** Printed as `name(ARG)` instead of `name:ARG`. */
  readonly paren?: boolean;
  /** Printed as `0x` and this many hex digits (ethertypes: `pop_mpls:0x0800`). */
  readonly hexWidth?: number;
}

function spec(kind: ArgActionKind, type: ArgActionSpec["type"], extra: Partial<ArgActionSpec> = {}): ArgActionSpec {
  return { kind, type, ...extra };
}

/**
 * Single-argument actions by (lower-case) name.
 *
 * @example
 * ```ts
 * import { ARG_ACTIONS } from "ovskit";
 * ARG_ACTIONS["pop_mpls"]; // { kind: "pop_mpls", type: "int", hexWidth: 4 }
 * ```
 */
export const ARG_ACTIONS: Readonly<Record<string, ArgActionSpec>> = {
  group: spec("group", "int"),
  goto_table: spec("goto_table", "int"),
  meter: spec("meter", "int"),
  write_metadata: spec("write_metadata", "int"),
  set_queue: spec("set_queue", "int"),
  mod_vlan_vid: spec("mod_vlan_vid", "int"),
  mod_vlan_pcp: spec("mod_vlan_pcp", "int"),
  set_vlan_vid: spec("set_vlan_vid", "int"),
  set_vlan_pcp: spec("set_vlan_pcp", "int"),
  push_vlan: spec("push_vlan", "int", { hexWidth: 4 }),
  mod_dl_src: spec("mod_dl_src", "mac"),
  mod_dl_dst: spec("mod_dl_dst", "mac"),
  mod_nw_src: spec("mod_nw_src", "ip"),
  mod_nw_dst: spec("mod_nw_dst", "ip"),
  mod_nw_tos: spec("mod_nw_tos", "int"),
  mod_nw_ecn: spec("mod_nw_ecn", "int"),
  mod_nw_ttl: spec("mod_nw_ttl", "int"),
  mod_tp_src: spec("mod_tp_src", "int"),
  mod_tp_dst: spec("mod_tp_dst", "int"),
  set_tunnel: spec("set_tunnel", "int"),
  set_tunnel64: spec("set_tunnel64", "int"),
  push_mpls: spec("push_mpls", "int", { hexWidth: 4 }),
  pop_mpls: spec("pop_mpls", "int", { hexWidth: 4 }),
  set_mpls_label: spec("set_mpls_label", "int", { paren: true }),
  set_mpls_tc: spec("set_mpls_tc", "int", { paren: true }),
  set_mpls_ttl: spec("set_mpls_ttl", "int", { paren: true }),
};

/**
 * Actions that take no argument, by (lower-case) name.
 *
 * @example
 * ```ts
 * import { FLAG_ACTIONS } from "ovskit";
 * FLAG_ACTIONS.has("ct_clear"); // true
 * ```
 */
export const FLAG_ACTIONS: ReadonlySet<string> = new Set<FlagActionKind>([
  "drop",
  "strip_vlan",
  "pop_vlan",
  "pop_queue",
  "dec_mpls_ttl",
  "exit",
  "ct_clear",
  "clear_actions",
  "debug_recirc",
  "debug_slow",
  "dec_nsh_ttl",
]);

/**
 * The reserved OpenFlow port names, upper-case.
 *
 * @example
 * ```ts
 * import { RESERVED_PORTS } from "ovskit";
 * RESERVED_PORTS.has("LOCAL"); // true
 * ```
 */
export const RESERVED_PORTS: ReadonlySet<string> = new Set([
  "IN_PORT",
  "TABLE",
  "NORMAL",
  "FLOOD",
  "ALL",
  "CONTROLLER",
  "LOCAL",
  "ANY",
  "NONE",
  "UNSET",
]);
