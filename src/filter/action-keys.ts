/**
 * The keys into actions (`ct.zone`, `resubmit.table`, `nat.addrs`, `set.ipv4.dst`): one entry
 * per action kind of the OpenFlow and datapath action models, one per property. The tables are
 * typed against the models, so the compiler fails when an action kind or a property is added
 * to a model and not here.
 *
 * @module
 */
import type { DatapathAction } from "../datapath/actions.js";
import { ARG_ACTIONS } from "../openflow/actions/tables.js";
import type { Action, NatSpec } from "../openflow/actions/types.js";
import {
  FIELD_REF,
  FLAG,
  INT,
  type KeyChildren,
  type KeySpec,
  PORT,
  PORT_OR_FIELD,
  TEXT,
  VALUE,
  snake,
  spec,
} from "./key-spec.js";

/** The member of union `U` whose `kind` can be `K`. */
type OfKind<U, K> = U extends { readonly kind: infer X } ? (K extends X ? U : never) : never;
/** One spec per property of `A` (optional ones included), `kind` and `node` aside. */
type Props<A> = { readonly [P in Exclude<keyof A, "kind" | "node">]-?: KeySpec };
/** One entry per action kind of `U`. */
type Table<U extends { readonly kind: string }> = { readonly [K in U["kind"]]: Props<OfKind<U, K>> };

const ACTIONS_LIST = spec("actions", "Nested actions (any of them; `.kind` for their kinds)", {
  children: { kind: spec("text", "Kind of a nested action", { example: "output" }) },
});
const IP_RANGE = spec("range", "Address range (min-max)", { example: "10.0.0.5", op: "~=" });
const PORT_RANGE = spec("range", "Port range (min-max)", { example: "8080", op: "~=" });

const NAT: Props<NatSpec> = {
  type: spec("text", "src or dst", { example: "src" }),
  addrMin: spec("ip", "First address of the range", { example: "10.0.0.5" }),
  addrMax: spec("ip", "Last address of the range", { example: "10.0.0.9" }),
  portMin: spec("integer", "First port of the range", { example: "1024" }),
  portMax: spec("integer", "Last port of the range", { example: "2048" }),
  flags: spec("text", "persistent, hash, random", { example: "random" }),
};

/** `nat.addrs` / `nat.ports`: the range as one value (and the singular spellings). */
const NAT_RANGES: KeyChildren = {
  addrs: IP_RANGE,
  addr: { ...IP_RANGE, hidden: true },
  ports: PORT_RANGE,
  port: { ...PORT_RANGE, hidden: true },
};

const ARG: Props<OfKind<Action, "group">> = { value: VALUE };
const NONE = {};
/** An integer property with its meaning. */
const n = (title: string, example = "1"): KeySpec => spec("integer", title, { example });
const t = (title: string, example?: string): KeySpec => spec("text", title, example === undefined ? {} : { example });

const BUNDLE: Props<OfKind<Action, "bundle">> = {
  fields: t("Fields hashed", "symmetric_l4"),
  basis: n("Hash basis", "0"),
  algorithm: t("Algorithm", "hrw"),
  memberType: t("Member type", "ofport"),
  dst: FIELD_REF,
  members: spec("port", "A member port", { example: "2" }),
};

const OPENFLOW: Table<Action> = {
  output: { port: PORT_OR_FIELD, maxLen: n("Bytes of the packet to send", "65535") },
  resubmit: { port: PORT, table: spec("integer", "Table (absent: the current one)", { example: "8" }), ct: FLAG },
  load: { value: INT, dst: FIELD_REF },
  move: { src: FIELD_REF, dst: FIELD_REF },
  set_field: { value: VALUE, dst: FIELD_REF },
  push: { field: FIELD_REF },
  pop: { field: FIELD_REF },
  delete_field: { field: FIELD_REF },
  ct: {
    commit: FLAG,
    force: FLAG,
    table: spec("integer", "Table to resubmit to after conntrack", { example: "8" }),
    zone: spec("integer", "Conntrack zone, or a field reference (.field, .start, .end)", { example: "0", children: FIELD_REF.children ?? {} }),
    nat: spec("node", "NAT specification", { children: () => ({ ...natKeys(), ...NAT_RANGES }) }),
    exec: ACTIONS_LIST,
    alg: spec("text", "Application layer gateway", { example: "ftp" }),
    timeout: spec("text", "Timeout policy name"),
  },
  clone: { actions: ACTIONS_LIST },
  write_actions: { actions: ACTIONS_LIST },
  learn: {
    args: spec("node", "learn() arguments in order", {
      children: {
        kind: spec("text", "option, match, load or output", { example: "match" }),
        name: spec("text", "Option name", { example: "table" }),
        value: spec("value", "Option or match value"),
        dst: FIELD_REF,
        src: spec("value", "Source field or value"),
        port: FIELD_REF,
      },
    }),
  },
  conjunction: { id: n("Conjunction ID", "5"), clause: n("Clause (K of K/N)"), nClauses: n("Number of clauses (N of K/N)", "2") },
  controller: {
    maxLen: n("Bytes of the packet to send", "65535"),
    reason: t("Reason", "no_match"),
    id: n("Controller connection ID"),
    userdata: t("User data (hex bytes as printed)"),
    pause: FLAG,
    meterId: n("Meter of the controller packets"),
  },
  sample: {
    probability: n("Probability in 1/65535", "65535"),
    collectorSetId: n("IPFIX collector set ID"),
    obsDomainId: n("Observation domain ID"),
    obsPointId: n("Observation point ID"),
    samplingPort: PORT,
    direction: spec("text", "ingress or egress", { example: "ingress" }),
  },
  check_pkt_larger: { size: n("Packet size compared", "1500"), dst: FIELD_REF },
  bundle: BUNDLE,
  bundle_load: BUNDLE,
  multipath: { fields: t("Fields hashed", "symmetric_l4"), basis: n("Hash basis", "0"), algorithm: t("Algorithm", "hrw"), maxLink: n("Highest link number"), arg: n("Algorithm argument"), dst: FIELD_REF },
  enqueue: { port: PORT, queue: n("Queue") },
  dec_ttl: { ids: n("Controller IDs to notify") },
  note: { hex: spec("text", "Note bytes as printed (00.01.02)") },
  fin_timeout: { idleTimeout: n("Idle timeout after FIN or RST", "10"), hardTimeout: n("Hard timeout after FIN or RST", "30") },
  encap: { header: t("Header", "nsh"), properties: t("Header properties as written") },
  decap: { packetType: spec("node", "Packet type", { children: { ns: n("Namespace", "0"), type: n("Type", "0x800") } }) },
  group: ARG,
  goto_table: ARG,
  meter: ARG,
  write_metadata: ARG,
  set_queue: ARG,
  mod_vlan_vid: ARG,
  mod_vlan_pcp: ARG,
  set_vlan_vid: ARG,
  set_vlan_pcp: ARG,
  push_vlan: ARG,
  mod_dl_src: ARG,
  mod_dl_dst: ARG,
  mod_nw_src: ARG,
  mod_nw_dst: ARG,
  mod_nw_tos: ARG,
  mod_nw_ecn: ARG,
  mod_nw_ttl: ARG,
  mod_tp_src: ARG,
  mod_tp_dst: ARG,
  set_tunnel: ARG,
  set_tunnel64: ARG,
  push_mpls: ARG,
  pop_mpls: ARG,
  set_mpls_label: ARG,
  set_mpls_tc: ARG,
  set_mpls_ttl: ARG,
  drop: NONE,
  strip_vlan: NONE,
  pop_vlan: NONE,
  pop_queue: NONE,
  dec_mpls_ttl: NONE,
  exit: NONE,
  ct_clear: NONE,
  clear_actions: NONE,
  debug_recirc: NONE,
  debug_slow: NONE,
  dec_nsh_ttl: NONE,
  unknown: { name: TEXT, args: TEXT, text: TEXT, reason: TEXT },
};

/** The argument of a one-argument action, by how the parser types it. */
const ARG_VALUE = {
  int: spec("integer", "The argument", { example: "5" }),
  mac: spec("mac", "The MAC address", { example: "0a:58:0a:f4:00:01" }),
  ip: spec("ip", "The address", { example: "10.96.0.10" }),
} as const;

function natKeys(): KeyChildren {
  return keysOf(NAT);
}

const ODP_ARGS = "the action's ODP arguments by name";

const DATAPATH: Table<DatapathAction> = {
  output: { port: PORT },
  drop: { reason: t("Drop reason", "error") },
  ct: {
    commit: FLAG,
    forceCommit: FLAG,
    zone: spec("integer", "Conntrack zone", { example: "0" }),
    mark: n("Conntrack mark set", "0x2"),
    label: n("Conntrack label set", "0x1"),
    helper: t("Helper", "ftp"),
    timeout: t("Timeout policy name"),
    nat: spec("node", "NAT specification", { children: () => ({ ...natKeys(), ...NAT_RANGES }) }),
  },
  recirc: { id: spec("integer", "Recirculation ID", { example: "0x2a" }) },
  hash: { algorithm: t("l4 or sym_l4", "l4"), basis: n("Hash basis", "0") },
  set: { key: spec("node", "The key set (any datapath key by name follows set: set.ipv4.dst)", { hidden: true }), masked: FLAG },
  clone: { actions: ACTIONS_LIST },
  sample: { probability: spec("number", "Probability in percent", { example: "50" }), actions: ACTIONS_LIST },
  check_pkt_len: { size: n("Packet size compared", "1500"), gt: ACTIONS_LIST, le: ACTIONS_LIST },
  userspace: { pid: n("Netlink PID of the handler", "3000") },
  tnl_push: { tnlPort: PORT, outPort: PORT, header: spec("node", "Tunnel header", { open: "the header's ODP fields (tnl_push.header.ipv4.dst)" }) },
  tnl_pop: { value: spec("port", "Tunnel port", { example: "4" }) },
  meter: { value: n("Meter ID", "0") },
  trunc: { value: n("Bytes kept", "100") },
  lb_output: { value: n("Bond ID", "1") },
  push_vlan: NONE_ARGS(),
  pop_vlan: NONE_ARGS(),
  push_mpls: NONE_ARGS(),
  pop_mpls: NONE_ARGS(),
  add_mpls: NONE_ARGS(),
  push_eth: NONE_ARGS(),
  pop_eth: NONE_ARGS(),
  push_nsh: NONE_ARGS(),
  pop_nsh: NONE_ARGS(),
  ct_clear: NONE_ARGS(),
  dec_ttl: NONE_ARGS(),
  unknown: { name: TEXT },
};

function NONE_ARGS(): { readonly args: KeySpec } {
  return { args: spec("node", "Arguments", { hidden: true }) };
}

/** Datapath actions whose ODP node is walked for keys their model does not lift out. */
const DATAPATH_OPEN: ReadonlySet<string> = new Set([
  "userspace",
  "push_vlan",
  "pop_vlan",
  "push_mpls",
  "pop_mpls",
  "add_mpls",
  "push_eth",
  "pop_eth",
  "push_nsh",
  "pop_nsh",
  "dec_ttl",
  "unknown",
]);

function keysOf(props: Readonly<Record<string, KeySpec>>): KeyChildren {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [snake(k), v]));
}

const MAIN: Readonly<Record<string, string>> = {
  output: "port",
  enqueue: "port",
  resubmit: "table",
  conjunction: "id",
  recirc: "id",
  note: "hex",
};

/** The spec of an action kind: what `kind` alone compares (its main value) and its keys. */
function actionSpec(kind: string, props: Readonly<Record<string, KeySpec>>, extra: KeyChildren | undefined, open: string | undefined): KeySpec {
  const children = { ...keysOf(props), ...extra };
  const main = MAIN[kind] ?? ("value" in props ? "value" : undefined);
  const m = main === undefined ? undefined : children[main];
  const title = kind === "unknown" ? "An action ovskit does not know" : `The ${kind} action`;
  const base: KeySpec =
    m === undefined ? spec("flag", `${title} (present)`) : spec(m.type, `${title}; alone: its ${main} (${kind}=${m.example ?? "..."})`, m.example === undefined ? {} : { example: m.example });
  return { ...base, children, ...(open === undefined ? {} : { open }) };
}

/**
 * The OpenFlow action keys: kind → spec (with `nat`, which sits inside `ct`). @internal
 *
 * @example
 * ```ts
 * Object.keys(childrenOf(openflowActionKeys().ct!)!); // ["commit", "force", "table", "zone", "nat", "exec", "alg", "timeout"]
 * ```
 */
export function openflowActionKeys(): KeyChildren {
  const out: Record<string, KeySpec> = {};
  for (const [kind, props] of Object.entries(OPENFLOW)) {
    if (kind === "unknown") continue;
    const arg = ARG_ACTIONS[kind];
    out[kind] = actionSpec(kind, arg === undefined ? props : { value: ARG_VALUE[arg.type] }, undefined, undefined);
  }
  out.nat = actionSpec("nat", NAT, NAT_RANGES, undefined);
  return out;
}

/**
 * The datapath action keys: kind → spec (with `nat`); `set` takes any datapath key below it. @internal
 *
 * @example
 * ```ts
 * "recirc" in datapathActionKeys(() => ({})); // true
 * ```
 */
export function datapathActionKeys(odpKeys: () => KeyChildren): KeyChildren {
  const out: Record<string, KeySpec> = {};
  for (const [kind, props] of Object.entries(DATAPATH)) {
    if (kind === "unknown") continue;
    const extra = kind === "set" ? odpKeys() : undefined;
    const a = actionSpec(kind, props, extra, DATAPATH_OPEN.has(kind) ? ODP_ARGS : undefined);
    out[kind] = kind === "set" ? { ...a, refer: "the key set and its fields (set.ipv4.dst, set.tunnel.tun_id); set.masked: a masked set" } : a;
  }
  out.nat = actionSpec("nat", NAT, NAT_RANGES, undefined);
  return out;
}

/** `actions.X`: the kind, or a property any action kind has. @internal */
export function anyActionKeys(kinds: KeyChildren): KeyChildren {
  const out: Record<string, KeySpec> = { kind: spec("text", "Kind of any action (nested ones included)", { example: "drop" }) };
  for (const s of Object.values(kinds)) {
    const c = s.children;
    if (c === undefined || typeof c === "function") continue;
    for (const [k, v] of Object.entries(c)) if (!(k in out)) out[k] = { ...v, hidden: true };
  }
  return out;
}
