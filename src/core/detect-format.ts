/**
 * Which OVS / OVN output a text is, from its first non-blank lines: so that a tool given the
 * wrong file can say "this looks like a datapath dump" instead of a parse error on line 1.
 *
 * @module
 */

/** What {@link detectDumpFormat} recognises. */
export type DumpFormat =
  /** `ovs-ofctl dump-flows` (also without statistics, as `ovs-save` writes it). */
  | "openflow-flows"
  /** `ovs-ofctl dump-groups`. */
  | "openflow-groups"
  /** `ovs-appctl dpctl/dump-flows` or `dpif/dump-flows` (with or without `-m`). */
  | "datapath-flows"
  /** `ovs-appctl ofproto/trace`. */
  | "trace"
  /** `ovn-sbctl lflow-list` (with or without `--uuid`). */
  | "lflow-list"
  /** An OVSDB database file (standalone or clustered). */
  | "ovsdb"
  /** Prometheus text exposition (`/metrics`). */
  | "prometheus"
  /** None of the above. */
  | "unknown";

/** How many non-blank lines {@link detectDumpFormat} looks at. */
const LOOK_AT = 20;

const OPENFLOW_HEADER = /^(?:OFPST|NXST)_FLOW reply\b/;
const GROUPS_HEADER = /^OFPST_GROUP(?:_DESC)? reply\b/;
const DATAPATH_HEADER = /^flow-dump from /;
const DATAPATH_KEY = /^(?:ufid:[0-9a-f-]+,? )?(?:recirc_id|in_port|skb_priority|skb_mark|ct_state|ct_zone|ct_mark|ct_label|dp_hash|tunnel|eth|packet_type)\(/;
const DATAPATH_ACTIONS = /(?:^|[ ,])actions:/;
const FLOW_FIELD = /^(?:cookie=|duration=|table=|priority=|n_packets=|importance=|send_flow_rem|check_overlap|reset_counts|idle_timeout=|hard_timeout=|actions=)/;
const GROUP_LINE = /^group_id=/;
const LFLOW_HEADER = /^Datapath: ".*"? ?\(?.*Pipeline: (?:ingress|egress)/;
const LFLOW_LINE = /^(?:uuid=0x[0-9a-f]+, )?table=\d+ ?\(/;
const TRACE_LINE = /^(?:Flow: |bridge\("|Final flow: |Megaflow: |Datapath actions: |Bad openflow flow syntax: |Trailing garbage in command|[^\s:]+: unknown bridge$)/;
const OVSDB_HEADER = /^OVSDB (?:JSON|CLUSTER) \d+ /;
const PROMETHEUS_LINE = /^# (?:HELP|TYPE) [A-Za-z_:][A-Za-z0-9_:]* /;

/**
 * The format of a text, from its first 20 non-blank lines (a UTF-8 BOM is ignored): a reply
 * header (`OFPST_FLOW reply`, `flow-dump from ...`, `OVSDB JSON ...`) decides at once; else the
 * first lines' shape. `"unknown"` when nothing matches (an empty text too).
 *
 * @example
 * ```ts
 * import { detectDumpFormat } from "ovskit";
 * detectDumpFormat("recirc_id(0),in_port(2),eth_type(0x0800), packets:0, bytes:0, used:never, actions:drop"); // "datapath-flows"
 * detectDumpFormat(" cookie=0x1, table=0, priority=1 actions=drop"); // "openflow-flows"
 * ```
 */
export function detectDumpFormat(text: string): DumpFormat {
  let seen = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length && seen < LOOK_AT) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === "") continue;
    seen++;
    const kind = lineFormat(line);
    if (kind !== "unknown") return kind;
  }
  return "unknown";
}

/** The format one trimmed, non-blank line points to, or "unknown". */
function lineFormat(line: string): DumpFormat {
  if (OPENFLOW_HEADER.test(line)) return "openflow-flows";
  if (GROUPS_HEADER.test(line) || GROUP_LINE.test(line)) return "openflow-groups";
  if (DATAPATH_HEADER.test(line)) return "datapath-flows";
  if (OVSDB_HEADER.test(line)) return "ovsdb";
  if (PROMETHEUS_LINE.test(line)) return "prometheus";
  if (LFLOW_HEADER.test(line) || LFLOW_LINE.test(line)) return "lflow-list";
  if (TRACE_LINE.test(line)) return "trace";
  if (DATAPATH_KEY.test(line) && DATAPATH_ACTIONS.test(line)) return "datapath-flows";
  if (FLOW_FIELD.test(line) && /(?:^|[ ,])actions=/.test(line)) return "openflow-flows";
  if (/^[a-z_][a-z0-9_]*(?:\{[^}]*\})? -?(?:[0-9.e+-]+|NaN|\+Inf|-Inf)(?: \d+)?$/i.test(line) && line.includes("_")) return "prometheus";
  return "unknown";
}

/**
 * A short human name of a {@link DumpFormat}, for messages ("a datapath flow dump").
 *
 * @example
 * ```ts
 * import { describeDumpFormat } from "ovskit";
 * describeDumpFormat("openflow-groups"); // "an OpenFlow group dump (ovs-ofctl dump-groups)"
 * ```
 */
export function describeDumpFormat(format: DumpFormat): string {
  switch (format) {
    case "openflow-flows":
      return "an OpenFlow flow dump (ovs-ofctl dump-flows)";
    case "openflow-groups":
      return "an OpenFlow group dump (ovs-ofctl dump-groups)";
    case "datapath-flows":
      return "a datapath flow dump (ovs-appctl dpctl/dump-flows)";
    case "trace":
      return "an ofproto/trace output";
    case "lflow-list":
      return "a logical flow list (ovn-sbctl lflow-list)";
    case "ovsdb":
      return "an OVSDB database file";
    case "prometheus":
      return "Prometheus metrics text";
    default:
      return "an unrecognised text";
  }
}
