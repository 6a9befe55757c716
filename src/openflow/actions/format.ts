/**
 * Printing of {@link Action} lists in the exact form `ovs-ofctl dump-flows` uses.
 *
 * @module
 */
import { type FieldRef, formatFieldRef } from "../../core/field-ref.js";
import { quoteName } from "../../core/scanner.js";
import { formatValue } from "../../core/values.js";
import { formatCt } from "./ct.js";
import { formatLearn } from "./learn.js";
import { formatStructured } from "./structured.js";
import { ARG_ACTIONS, RESERVED_PORTS } from "./tables.js";
import type { Action, Port } from "./types.js";

/**
 * Prints an action list, comma-separated; an empty list prints as `drop`, as OVS does.
 *
 * @example
 * ```ts
 * import { formatActions, parseActions } from "ovskit";
 * formatActions(parseActions("ct(commit,zone=5),output:2")); // "ct(commit,zone=5),output:2"
 * ```
 */
export function formatActions(actions: readonly Action[]): string {
  if (actions.length === 0) return "drop";
  let out = formatAction(actions[0] as Action);
  for (let i = 1; i < actions.length; i++) out += "," + formatAction(actions[i] as Action);
  return out;
}

/**
 * Prints one action.
 *
 * @example
 * ```ts
 * import { formatAction } from "ovskit";
 * formatAction({ kind: "resubmit", table: 8 }); // "resubmit(,8)"
 * ```
 */
export function formatAction(a: Action): string {
  switch (a.kind) {
    case "output":
      return formatOutput(a.port, a.maxLen);
    case "resubmit":
      if (a.port !== undefined && a.table === undefined && !a.ct) return `resubmit:${formatPort(a.port)}`;
      return `resubmit(${a.port === undefined ? "" : formatPort(a.port)},${a.table ?? ""}${a.ct ? ",ct" : ""})`;
    case "load":
      return `load:${formatValue(a.value)}->${formatFieldRef(a.dst)}`;
    case "move":
      return `move:${formatFieldRef(a.src)}->${formatFieldRef(a.dst)}`;
    case "set_field":
      return `set_field:${formatValue(a.value)}->${formatFieldRef(a.dst)}`;
    case "push":
    case "pop":
    case "delete_field":
      return `${a.kind}:${formatFieldRef(a.field)}`;
    case "ct":
      return formatCt(a, formatActions);
    case "clone":
    case "write_actions":
      return `${a.kind}(${a.actions.length === 0 ? "" : formatActions(a.actions)})`;
    case "learn":
      return formatLearn(a);
    case "conjunction":
      return `conjunction(${a.id},${a.clause}/${a.nClauses})`;
    case "check_pkt_larger":
      return `check_pkt_larger(${a.size})->${formatFieldRef(a.dst)}`;
    case "enqueue":
      return `enqueue:${formatPort(a.port)}:${a.queue}`;
    case "dec_ttl":
      return a.ids === undefined ? "dec_ttl" : `dec_ttl(${a.ids.join(",")})`;
    case "note":
      return `note:${a.hex}`;
    case "unknown":
      return a.text;
    case "controller":
    case "sample":
    case "bundle":
    case "bundle_load":
    case "multipath":
    case "fin_timeout":
    case "encap":
    case "decap":
      return formatStructured(a) as string;
  }
  const spec = ARG_ACTIONS[a.kind];
  if (spec !== undefined && "value" in a) {
    let arg = formatValue(a.value);
    if (spec.hexWidth !== undefined && a.value.kind === "int") {
      arg = "0x" + a.value.value.toString(16).padStart(spec.hexWidth, "0");
    }
    return spec.paren ? `${a.kind}(${arg})` : `${a.kind}:${arg}`;
  }
  return a.kind;
}

/**
 * Prints a port as OVS does: numbers and reserved names bare, other names quoted if needed.
 *
 * @example
 * ```ts
 * import { formatPort } from "ovskit";
 * formatPort("k8s-ovn-worker"); // '"k8s-ovn-worker"'
 * ```
 */
export function formatPort(p: Port): string {
  return typeof p === "number" ? String(p) : quoteName(p);
}

function formatOutput(port: Port | FieldRef, maxLen: number | undefined): string {
  const text = typeof port === "object" ? formatFieldRef(port) : formatPort(port);
  if (maxLen !== undefined) return `output(port=${text},max_len=${maxLen})`;
  if (typeof port === "string" && RESERVED_PORTS.has(port)) return port;
  return `output:${text}`;
}
