/**
 * What the filter keys of each flow type mean: info keys, match keys and action paths, for
 * OpenFlow flows, datapath flows and trace steps. Each key is resolved once, when the filter
 * is compiled, into a function that finds its values in one flow and tests them with the value
 * test it is given: every comparison of that key shares it.
 *
 * @module
 */
import type { AnyDatapathFlow } from "../datapath/flow.js";
import type { OdpNode } from "../datapath/node.js";
import type { Action } from "../openflow/actions/types.js";
import type { AnyFlow } from "../openflow/flow.js";
import type { MatchField } from "../openflow/match.js";
import type { TraceStep } from "../trace/types.js";
import { type AnyAction, actionPred, unknownActionPred } from "./actions.js";
import { type Hits, type KeyArea, type KeyPred, type KeyScan, type MatchedKey, hit, isPresent } from "./hits.js";
import { type FilterTarget, matchNames, rootKey, rootKeys } from "./key-catalog.js";
import { camel, nodeValue, walk } from "./walk.js";
import { PRESENT, type ValueTest } from "./values.js";

export type { Hits, KeyArea, KeyPred, KeyScan, MatchedKey };
export { isPresent };

/** OpenFlow's default priority, which OVS does not print. */
const DEFAULT_PRIORITY = 32768;

/** Tests of one match list (OpenFlow match, trace step match). */
function matchPred(key: string, path: readonly string[]): (m: readonly MatchField[], test: ValueTest, hits: Hits) => boolean {
  if (path.length > 1) return () => false;
  const names = matchNames(path[0] as string);
  const [a, b = a, c = b] = names;
  const more = names.length > 3;
  // OVS prints an ip_dscp match as nw_tos, shifted left by 2 bits.
  const dscp = path[0] === "ip_dscp";
  return (m, test, hits) => {
    for (let i = 0; i < m.length; i++) {
      const f = m[i] as MatchField;
      const n = f.name;
      if (n !== a && n !== b && n !== c && !(more && names.includes(n))) continue;
      const v = dscp && n === "nw_tos" ? dscpOf(f.value) : f.value;
      if (test(v ?? PRESENT)) return hit(hits, key, "match", n, i);
    }
    return false;
  };
}

function dscpOf(v: MatchField["value"]): MatchField["value"] {
  return v?.kind === "int" ? { ...v, value: v.value >> 2n, ...(v.mask === undefined ? {} : { mask: v.mask >> 2n }) } : v;
}

function infoPred<T>(key: string, get: (x: T) => unknown): KeyScan<T> {
  return (x, test, hits) => {
    const v = get(x);
    return v !== undefined && test(v) && hit(hits, key, "info", key);
  };
}

const OF_FLAGS = new Set(["send_flow_rem", "check_overlap", "reset_counts", "no_packet_counts", "no_byte_counts", "emerg"]);

/** Info keys of an OpenFlow flow: value getters. */
const OF_INFO: Readonly<Record<string, (f: AnyFlow) => unknown>> = {
  cookie: (f) => f.cookie ?? 0n,
  table: (f) => f.table ?? 0,
  priority: (f) => f.priority ?? DEFAULT_PRIORITY,
  n_packets: (f) => f.nPackets,
  n_bytes: (f) => f.nBytes,
  packets: (f) => f.nPackets,
  bytes: (f) => f.nBytes,
  duration: (f) => (f.duration === undefined ? undefined : f.duration.sec + f.duration.nsec / 1e9),
  idle_timeout: (f) => f.idleTimeout,
  hard_timeout: (f) => f.hardTimeout,
  importance: (f) => f.importance,
  idle_age: (f) => f.idleAge,
  hard_age: (f) => f.hardAge,
  flags: (f) => f.flags,
};

/** Info keys whose values are integers (checked when the filter is compiled). @internal */
export const NUMERIC_INFO: ReadonlySet<string> = new Set([
  "cookie",
  "priority",
  "n_packets",
  "n_bytes",
  "idle_timeout",
  "hard_timeout",
  "importance",
  "idle_age",
  "hard_age",
  "packets",
  "bytes",
  "recirc_id",
  "section",
  "depth",
]);

/**
 * Resolves a key for OpenFlow flows (`bare`: written without a value); `actionsOf` gives a
 * flow's actions (decoded or from a lazy flow's text). @internal
 */
export function openflowKey(key: string, path: readonly string[], bare: boolean, actionsOf: (f: AnyFlow) => readonly Action[]): KeyScan<AnyFlow> {
  const head = path[0] as string;
  const info = OF_INFO[head];
  if (info !== undefined && path.length === 1) {
    if (head === "flags") return (f, test, hits) => f.flags !== undefined && f.flags.some((x) => test(x)) && hit(hits, key, "info", key);
    return infoPred(key, info);
  }
  if (OF_FLAGS.has(head) && path.length === 1) {
    return (f, test, hits) => f.flags !== undefined && f.flags.includes(head as never) && test(true) && hit(hits, key, "info", head);
  }
  if (head === "actions" || OF_ACTION_KINDS.has(head)) {
    const inActions = actionPred(key, path);
    return (f, test, hits) => inActions(actionsOf(f), test, hits);
  }
  const inMatch = matchPred(key, path);
  if (path.length > 1 || !bare || rootKey("openflow", head) !== undefined) return (f, test, hits) => inMatch(f.match, test, hits);
  // A bare key ovskit does not know (allowed): a match field or an action of that name.
  const unknown = unknownActionPred(key, head);
  return (f, test, hits) => inMatch(f.match, test, hits) || unknown(actionsOf(f), hits);
}

/** Kinds of OpenFlow actions (and `nat`, inside `ct`). */
const OF_ACTION_KINDS: ReadonlySet<string> = actionKinds("openflow");

/** Kinds of datapath actions (and `nat`, inside `ct`). */
const DP_ACTION_KINDS: ReadonlySet<string> = actionKinds("datapath");

function actionKinds(target: FilterTarget): ReadonlySet<string> {
  return new Set(rootKeys(target).flatMap((r) => (r.area === "actions" && r.name !== "actions" ? [r.name] : [])));
}

const DP_INFO: Readonly<Record<string, (f: AnyDatapathFlow) => unknown>> = {
  recirc_id: (f) => f.recircId ?? 0,
  in_port: (f) => f.inPort,
  packets: (f) => f.packets,
  bytes: (f) => f.bytes,
  n_packets: (f) => f.packets,
  n_bytes: (f) => f.bytes,
  used: (f) => f.used,
  flags: (f) => f.tcpFlags,
  dp: (f) => f.dp,
  offloaded: (f) => f.offloaded,
  ufid: (f) => f.ufid,
  thread: (f) => f.thread,
  dp_extra_info: (f) => f.dpExtraInfo,
};

/**
 * Resolves a key for datapath flows; `keysOf` gives a flow's keys (decoded or from a lazy
 * flow's text). @internal
 */
export function datapathKey(
  key: string,
  path: readonly string[],
  _bare: boolean,
  keysOf: (f: AnyDatapathFlow) => readonly OdpNode[],
): KeyScan<AnyDatapathFlow> {
  const head = path[0] as string;
  const info = DP_INFO[head];
  if (info !== undefined && path.length === 1) {
    const area = head === "recirc_id" || head === "in_port" ? "match" : "info";
    return (f, test, hits) => {
      const v = info(f);
      return v !== undefined && test(v) && hit(hits, key, area, head);
    };
  }
  const inActions = actionPred(key, path);
  if (head === "actions" || DP_ACTION_KINDS.has(head)) return (f, test, hits) => inActions(f.actions, test, hits);
  const rest = path.slice(1);
  const props = rest.map(camel);
  const inKeys = (f: AnyDatapathFlow, test: ValueTest, hits: Hits): boolean => {
    const keys = keysOf(f);
    for (let i = 0; i < keys.length; i++) {
      const n = keys[i] as OdpNode;
      if (n.name !== head) continue;
      const ok = rest.length === 0 ? test(nodeValue(n)) : walk(n, rest, props, 0, test);
      if (ok) return hit(hits, key, "match", head, i);
    }
    return false;
  };
  return (f, test, hits) => inKeys(f, test, hits) || inActions(f.actions, test, hits);
}

const STEP_INFO: Readonly<Record<string, (s: TraceStep) => unknown>> = {
  table: (s) => s.table,
  priority: (s) => s.priority,
  cookie: (s) => s.cookie,
  bridge: (s) => s.bridge,
  section: (s) => s.section,
  depth: (s) => s.depth,
  outcome: (s) => s.outcome,
};

/**
 * Resolves a key for trace steps. @internal
 */
export function traceKey(key: string, path: readonly string[]): KeyScan<TraceStep> {
  const head = path[0] as string;
  const info = STEP_INFO[head];
  if (info !== undefined && path.length === 1) return infoPred(key, info);
  const inMatch = matchPred(key, path);
  const inActions = actionPred(key, path);
  const actionsOf = (s: TraceStep): AnyAction[] => {
    const out: AnyAction[] = [];
    for (const l of s.items) if (l.kind === "action" && l.nestedIn === undefined) out.push(l.action);
    return out;
  };
  if (head === "actions" || OF_ACTION_KINDS.has(head)) return (s, test, hits) => inActions(actionsOf(s), test, hits);
  return (s, test, hits) => inMatch(s.match, test, hits) || inActions(actionsOf(s), test, hits);
}
