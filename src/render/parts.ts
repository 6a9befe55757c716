/**
 * Flows cut into the parts the renderers style one by one (info items, match items, actions),
 * printed exactly as `formatFlow` / `formatDatapathFlow` print them, with what a filter match
 * touched marked on each part.
 *
 * @module
 */
import { type DatapathAction, formatDatapathAction } from "../datapath/actions.js";
import { type AnyDatapathFlow, decodeKeys } from "../datapath/flow.js";
import { formatOdpNode } from "../datapath/node.js";
import type { MatchedKey } from "../filter/keys.js";
import { formatAction } from "../openflow/actions/format.js";
import type { Action } from "../openflow/actions/types.js";
import { formatDuration } from "../openflow/format.js";
import { type AnyFlow, decodeActions } from "../openflow/flow.js";
import { formatMatchField } from "../openflow/match.js";
import { quoteName } from "../core/scanner.js";

/** What a part is: an info item, a match item, an action, or the separators between them. */
export type PartKind = "info" | "match" | "action" | "text";

/** One styled piece of a printed flow. */
export interface FlowPart {
  readonly kind: PartKind;
  /** Info key, match field name, or action kind (`resubmit`, `output`...). */
  readonly name: string;
  readonly text: string;
  /** True when a filter match touched this part. */
  readonly highlight: boolean;
  /** For `resubmit(,N)` / `goto_table:N` / `ct(table=N)`: the table the action leads to. */
  readonly table?: number;
  /** For a datapath `recirc(N)`: the recirculation id it leads to. */
  readonly recirc?: number;
}

function isHit(keys: readonly MatchedKey[] | undefined, area: "info" | "match" | "actions", name: string, index: number): boolean {
  if (keys === undefined) return false;
  for (const k of keys) {
    if (k.area !== area) continue;
    if (k.index !== undefined ? k.index === index : k.name === name) return true;
  }
  return false;
}

function part(kind: PartKind, name: string, text: string, highlight = false, table?: number): FlowPart {
  return table === undefined ? { kind, name, text, highlight } : { kind, name, text, highlight, table };
}

const SEP = (text: string): FlowPart => part("text", "", text);

/** The table an OpenFlow action leads to, if any. */
function targetTable(a: Action): number | undefined {
  if (a.kind === "resubmit") return a.table;
  if (a.kind === "goto_table" && a.value.kind === "int") return Number(a.value.value);
  if (a.kind === "ct") return a.table;
  return undefined;
}

/**
 * The parts of an OpenFlow flow; their texts joined give `formatFlow(flow)` (without the
 * leading space).
 *
 * @example
 * ```ts
 * import { flowParts, parseFlow } from "ovskit";
 * flowParts(parseFlow(" priority=1,ip actions=resubmit(,8)")).map((p) => p.text).join("");
 * // "priority=1,ip actions=resubmit(,8)"
 * ```
 */
export function flowParts(flow: AnyFlow, keys?: readonly MatchedKey[]): FlowPart[] {
  const out: FlowPart[] = [];
  const info = (name: string, text: string): void => {
    out.push(part("info", name, `${name}=${text}`, isHit(keys, "info", name, -1)), SEP(", "));
  };
  if (flow.cookie !== undefined) info("cookie", `0x${flow.cookie.toString(16)}`);
  if (flow.duration !== undefined) info("duration", formatDuration(flow.duration));
  if (flow.table !== undefined) info("table", typeof flow.table === "number" ? String(flow.table) : quoteName(flow.table));
  if (flow.nPackets !== undefined) info("n_packets", String(flow.nPackets));
  if (flow.nBytes !== undefined) info("n_bytes", String(flow.nBytes));
  if (flow.idleTimeout !== undefined) info("idle_timeout", String(flow.idleTimeout));
  if (flow.hardTimeout !== undefined) info("hard_timeout", String(flow.hardTimeout));
  if (flow.flags !== undefined) {
    for (const f of flow.flags) out.push(part("info", f, f, isHit(keys, "info", f, -1) || isHit(keys, "info", "flags", -1)), SEP(" "));
  }
  if (flow.importance !== undefined) info("importance", String(flow.importance));
  if (flow.idleAge !== undefined) info("idle_age", String(flow.idleAge));
  if (flow.hardAge !== undefined) info("hard_age", String(flow.hardAge));
  let first = true;
  if (flow.priority !== undefined) {
    out.push(part("match", "priority", `priority=${flow.priority}`, isHit(keys, "info", "priority", -1)));
    first = false;
  }
  flow.match.forEach((m, i) => {
    if (!first) out.push(SEP(","));
    first = false;
    out.push(part("match", m.name, formatMatchField(m), isHit(keys, "match", m.name, i)));
  });
  if (!first) out.push(SEP(" "));
  out.push(SEP("actions="));
  const actions = decodeActions(flow);
  if (actions.length === 0) out.push(part("action", "drop", "drop"));
  actions.forEach((a, i) => {
    if (i > 0) out.push(SEP(","));
    out.push(part("action", a.kind === "unknown" ? a.name : a.kind, formatAction(a), isHit(keys, "actions", a.kind, i), targetTable(a)));
  });
  return out;
}

/**
 * The parts of a datapath flow; their texts joined give `formatDatapathFlow(flow)`.
 *
 * @example
 * ```ts
 * import { datapathFlowParts, parseDatapathFlow } from "ovskit";
 * datapathFlowParts(parseDatapathFlow("in_port(1), packets:0, bytes:0, used:never, actions:2")).length;
 * ```
 */
export function datapathFlowParts(flow: AnyDatapathFlow, keys?: readonly MatchedKey[]): FlowPart[] {
  const out: FlowPart[] = [];
  if (flow.ufid !== undefined) out.push(part("info", "ufid", `ufid:${flow.ufid}`, isHit(keys, "info", "ufid", -1)), SEP(flow.ufidSeparator ?? ", "));
  decodeKeys(flow).forEach((k, i) => {
    if (i > 0) out.push(SEP(","));
    out.push(part("match", k.name, formatOdpNode(k), isHit(keys, "match", k.name, i)));
  });
  const info = (name: string, text: string): void => {
    out.push(SEP(", "), part("info", name, `${name}:${text}`, isHit(keys, "info", name, -1)));
  };
  if (flow.packets !== undefined) info("packets", String(flow.packets));
  if (flow.bytes !== undefined) info("bytes", String(flow.bytes));
  if (flow.used !== undefined) info("used", flow.used === "never" ? "never" : `${flow.used.toFixed(3)}s`);
  if (flow.tcpFlags !== undefined) info("flags", flow.tcpFlags);
  if (flow.dp !== undefined) info("dp", flow.dp);
  if (flow.offloaded !== undefined) info("offloaded", flow.offloaded);
  out.push(SEP(", actions:"));
  flow.actions.forEach((a: DatapathAction, i) => {
    if (i > 0) out.push(SEP(","));
    const p = part("action", a.kind === "unknown" ? a.name : a.kind, formatDatapathAction(a), isHit(keys, "actions", a.kind, i));
    out.push(a.kind === "recirc" ? { ...p, recirc: a.id } : p);
  });
  if (flow.dpExtraInfo !== undefined) out.push(SEP(", "), part("info", "dp-extra-info", `dp-extra-info:${flow.dpExtraInfo}`));
  return out;
}
