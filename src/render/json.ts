/**
 * JSON output with a documented, stable schema. Every 64-bit number (cookies, counters) is a
 * decimal string (cookies: `0x` hex), so nothing is rounded by `JSON.parse` in any language.
 *
 * Documents (the `schema` field names the shape and its version; fields are only ever added):
 *
 * - `ovskit.openflow.flows/1`: `{ schema, sources: string[], flows: FlowJson[] }`
 * - `ovskit.datapath.flows/1`: `{ schema, flows: DatapathFlowJson[] }`
 * - `ovskit.openflow.summary/1`: `{ schema, tables: [{ table, flows, packets, bytes, neverHit, neverHitShare, priorities: [{ priority, flows }] }] }`
 * - `ovskit.openflow.logic/1`: `{ schema, groups: [{ table, priority, matchKeys, actionKeys, count, cookies: [{ cookie, label, resolved, flows }], flows: FlowJson[] }] }`
 * - `ovskit.openflow.cookies/1`: `{ schema, cookies: [{ cookie, label, resolved, flows, tables: [{ table, flows: FlowJson[] }] }] }`
 * - `ovskit.openflow.graph/1`: `{ schema, tables: [{ table, flows }], edges: [{ from, to, kind, flows }] }`
 * - `ovskit.openflow.diff/1`: `{ schema, added: FlowJson[], removed: FlowJson[], changed: [{ key, actionsChanged, packetsDelta, bytesDelta, before, after }], unchanged }`
 * - `ovskit.datapath.tree/1`: `{ schema, roots: RecircNodeJson[], dangling: [{ recircId, flows }], cycles }`
 *   where `RecircNodeJson = { recircId, inPort, matched, flows, blocks: [{ actions, flows: DatapathFlowJson[] }], children: RecircNodeJson[] }`
 *
 * @module
 */
import { formatDatapathAction } from "../datapath/actions.js";
import { type AnyDatapathFlow, decodeKeys, formatDatapathFlow } from "../datapath/flow.js";
import { formatOdpNode } from "../datapath/node.js";
import type { FlowFilter } from "../filter/compile.js";
import type { MatchedKey } from "../filter/keys.js";
import { formatAction } from "../openflow/actions/format.js";
import { formatFlow } from "../openflow/format.js";
import { type AnyFlow, actionsDecoder, decodeActions, decodeFlow } from "../openflow/flow.js";
import { formatMatchField } from "../openflow/match.js";
import type { FlowSet } from "../views/sources.js";
import { formatValue } from "../core/values.js";

/** One OpenFlow flow in JSON. */
export interface FlowJson {
  /** The input it came from (multi-source documents only). */
  source?: string;
  /** 1-based line in its dump. */
  line?: number;
  /** `0x` hex, `"0x0"` when not printed. */
  cookie: string;
  table: number | string;
  /** 32768 when not printed. */
  priority: number;
  /** Decimal strings (absent without statistics). */
  n_packets?: string;
  n_bytes?: string;
  /** Seconds. */
  duration?: number;
  idle_timeout?: number;
  hard_timeout?: number;
  importance?: number;
  idle_age?: number;
  hard_age?: number;
  flags?: string[];
  /** Match items in printed order; `value` as OVS prints it (absent for `ip`, `tcp`...). */
  match: { name: string; value?: string }[];
  /** Actions in order: kind (the name, for unknown ones), text as OVS prints it, and the table it leads to for resubmit / goto_table / ct(table=). */
  actions: { kind: string; text: string; table?: number }[];
  /** The whole flow as `ovs-ofctl dump-flows` prints it. */
  text: string;
  /** What the highlight filter matched, when one was given and matched. */
  highlight?: MatchedKey[];
}

/** One datapath flow in JSON. */
export interface DatapathFlowJson {
  line?: number;
  ufid?: string;
  recirc_id: number;
  in_port?: number | string;
  /** Keys in printed order: name and the text inside the parentheses. */
  keys: { name: string; text: string }[];
  packets?: string;
  bytes?: string;
  /** Seconds, or `"never"`. */
  used?: number | "never";
  flags?: string;
  dp?: string;
  offloaded?: string;
  actions: { kind: string; text: string }[];
  text: string;
  highlight?: MatchedKey[];
}

/**
 * One OpenFlow flow in the stable JSON shape.
 *
 * @example
 * ```ts
 * import { flowToJson, parseFlow } from "ovskit";
 * flowToJson(parseFlow(" cookie=0xffffffffffffffff, n_packets=5, priority=1 actions=drop")).cookie; // "0xffffffffffffffff"
 * ```
 */
export function flowToJson(flow: AnyFlow, options: { readonly source?: string; readonly highlight?: FlowFilter } = {}): FlowJson {
  const out: FlowJson = {
    cookie: `0x${(flow.cookie ?? 0n).toString(16)}`,
    table: flow.table ?? 0,
    priority: flow.priority ?? 32768,
    match: flow.match.map((m) => (m.value === undefined ? { name: m.name } : { name: m.name, value: formatValue(m.value) })),
    actions: decodeActions(flow).map((a) => {
      const kind = a.kind === "unknown" ? a.name : a.kind;
      const table = a.kind === "resubmit" || a.kind === "ct" ? a.table : a.kind === "goto_table" && a.value.kind === "int" ? Number(a.value.value) : undefined;
      return table === undefined ? { kind, text: formatAction(a) } : { kind, text: formatAction(a), table };
    }),
    text: formatFlow(flow).slice(1),
  };
  if (options.source !== undefined) out.source = options.source;
  if (flow.line !== undefined) out.line = flow.line;
  if (flow.nPackets !== undefined) out.n_packets = flow.nPackets.toString();
  if (flow.nBytes !== undefined) out.n_bytes = flow.nBytes.toString();
  if (flow.duration !== undefined) out.duration = flow.duration.sec + flow.duration.nsec / 1e9;
  if (flow.idleTimeout !== undefined) out.idle_timeout = flow.idleTimeout;
  if (flow.hardTimeout !== undefined) out.hard_timeout = flow.hardTimeout;
  if (flow.importance !== undefined) out.importance = flow.importance;
  if (flow.idleAge !== undefined) out.idle_age = flow.idleAge;
  if (flow.hardAge !== undefined) out.hard_age = flow.hardAge;
  if (flow.flags !== undefined) out.flags = [...flow.flags];
  if (options.highlight !== undefined) {
    const m = options.highlight.explain(flow);
    if (m.matched) out.highlight = [...m.keys];
  }
  return out;
}

/**
 * One datapath flow in the stable JSON shape.
 *
 * @example
 * ```ts
 * import { datapathFlowToJson, parseDatapathFlow } from "ovskit";
 * datapathFlowToJson(parseDatapathFlow("recirc_id(0),in_port(2), packets:3, bytes:180, used:never, actions:drop")).packets; // "3"
 * ```
 */
export function datapathFlowToJson(flow: AnyDatapathFlow, options: { readonly highlight?: FlowFilter } = {}): DatapathFlowJson {
  const keys = decodeKeys(flow).map((k) => {
    const t = formatOdpNode(k);
    const open = t.indexOf("(");
    return { name: k.name, text: open >= 0 && t.endsWith(")") ? t.slice(open + 1, -1) : t.slice(k.name.length + 1) };
  });
  const out: DatapathFlowJson = {
    recirc_id: flow.recircId ?? 0,
    keys,
    actions: flow.actions.map((a) => ({ kind: a.kind === "unknown" ? a.name : a.kind, text: formatDatapathAction(a) })),
    text: "",
  };
  if (flow.line !== undefined) out.line = flow.line;
  if (flow.ufid !== undefined) out.ufid = flow.ufid;
  if (flow.inPort !== undefined) out.in_port = flow.inPort;
  if (flow.packets !== undefined) out.packets = flow.packets.toString();
  if (flow.bytes !== undefined) out.bytes = flow.bytes.toString();
  if (flow.used !== undefined) out.used = flow.used;
  if (flow.tcpFlags !== undefined) out.flags = flow.tcpFlags;
  if (flow.dp !== undefined) out.dp = flow.dp;
  if (flow.offloaded !== undefined) out.offloaded = flow.offloaded;
  out.text = formatDatapathFlow(flow);
  if (options.highlight !== undefined) {
    const m = options.highlight.explain(flow);
    if (m.matched) out.highlight = [...m.keys];
  }
  return out;
}

/**
 * Serializes a JSON document with 2-space indentation; any bigint left is written as a decimal
 * string.
 *
 * @example
 * ```ts
 * import { toJsonText } from "ovskit";
 * toJsonText({ n: 2n ** 64n }); // '{\n  "n": "18446744073709551616"\n}\n'
 * ```
 */
export function toJsonText(doc: unknown): string {
  return JSON.stringify(doc, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
}

/**
 * The `ovskit.openflow.flows/1` document of flows or a multi-source {@link FlowSet}.
 *
 * @example
 * ```ts
 * import { flowsJson, parseFlows, toJsonText } from "ovskit";
 * toJsonText(flowsJson(parseFlows(dump)));
 * ```
 */
export function flowsJson(flows: readonly AnyFlow[] | FlowSet<AnyFlow>, options: { readonly highlight?: FlowFilter } = {}): {
  schema: "ovskit.openflow.flows/1";
  sources: string[];
  flows: FlowJson[];
} {
  // Lazy flows are decoded once here (each distinct action text once).
  const decode = actionsDecoder();
  if (Array.isArray(flows)) {
    return { schema: "ovskit.openflow.flows/1", sources: [], flows: (flows as readonly AnyFlow[]).map((f) => flowToJson(decodeFlow(f, decode), options)) };
  }
  const set = flows as FlowSet<AnyFlow>;
  return {
    schema: "ovskit.openflow.flows/1",
    sources: [...set.sources],
    flows: set.flows.map((s) => flowToJson(decodeFlow(s.flow, decode), { ...options, source: s.source })),
  };
}

/**
 * The `ovskit.datapath.flows/1` document.
 *
 * @example
 * ```ts
 * import { datapathFlowsJson, parseDatapathFlows, toJsonText } from "ovskit";
 * toJsonText(datapathFlowsJson(parseDatapathFlows(dump)));
 * ```
 */
export function datapathFlowsJson(flows: readonly AnyDatapathFlow[], options: { readonly highlight?: FlowFilter } = {}): {
  schema: "ovskit.datapath.flows/1";
  flows: DatapathFlowJson[];
} {
  return { schema: "ovskit.datapath.flows/1", flows: flows.map((f) => datapathFlowToJson(f, options)) };
}

