/**
 * The keys a filter knows, per kind of item filtered (OpenFlow flows, datapath flows, trace
 * steps), built from the tables the parsers use: ovs-fields(7) ({@link OPENFLOW_FIELDS}), the
 * ODP keys ({@link ODP_KEYS}), the action models, and the info items of each model. The
 * compiler checks keys against it; {@link filterKeys} lists it for the key reference.
 *
 * @module
 */
import { ODP_KEYS } from "../datapath/odp-keys.js";
import { OPENFLOW_FIELDS } from "../openflow/fields.js";
import { PROTOCOL_SHORTHANDS } from "../openflow/match.js";
import { anyActionKeys, datapathActionKeys, openflowActionKeys } from "./action-keys.js";
import type { KeyArea } from "./hits.js";
import { type FilterValueType, type KeyChildren, type KeySpec, childrenOf, odpSpec, spec } from "./key-spec.js";
import { nearestNames } from "./suggest.js";

/** What a filter is compiled for: OpenFlow flows, datapath flows, or trace steps. */
export type FilterTarget = "openflow" | "datapath" | "trace";

/** The targets of a filter compiled without one: its keys may come from any of them. */
const ALL_TARGETS: readonly FilterTarget[] = ["openflow", "datapath", "trace"];

/** A key at the top of a target's key tree. @internal */
export interface RootKey extends KeySpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly area: KeyArea;
  /** For numbered fields (`reg0` ... `reg15`): the family (`reg<N>`). */
  readonly family?: string;
}

interface Catalog {
  readonly roots: readonly RootKey[];
  /** Every name and alias → its root. */
  readonly byName: ReadonlyMap<string, RootKey>;
}

const root = (name: string, area: KeyArea, s: KeySpec, aliases: readonly string[] = []): RootKey => ({ ...s, name, aliases, area });

const FLOW_FLAGS = ["send_flow_rem", "check_overlap", "reset_counts", "no_packet_counts", "no_byte_counts", "emerg"];

const OPENFLOW_INFO: readonly RootKey[] = [
  root("cookie", "info", spec("integer", "Flow cookie (64-bit; 0 when not printed)", { example: "0x63e1c59" })),
  root("table", "info", spec("table", "Table number (a name with --names; 0 when not printed)", { example: "20" })),
  root("priority", "info", spec("integer", "Priority (32768 when not printed)", { example: "100", op: ">=" })),
  root("n_packets", "info", spec("integer", "Packet counter (64-bit)", { example: "0", op: ">" }), ["packets"]),
  root("n_bytes", "info", spec("integer", "Byte counter (64-bit)", { example: "1000", op: ">" }), ["bytes"]),
  root("duration", "info", spec("number", "Seconds since the flow was added", { example: "60", op: ">" })),
  root("idle_timeout", "info", spec("integer", "Idle timeout in seconds", { example: "30" })),
  root("hard_timeout", "info", spec("integer", "Hard timeout in seconds", { example: "300" })),
  root("importance", "info", spec("integer", "Eviction importance", { example: "10", op: ">=" })),
  root("idle_age", "info", spec("integer", "Seconds since the flow last matched a packet", { example: "60", op: "<" })),
  root("hard_age", "info", spec("integer", "Seconds since the flow was added or modified", { example: "60", op: "<" })),
  root("flags", "info", spec("text", "A flow-mod flag of the flow", { example: "send_flow_rem" })),
  ...FLOW_FLAGS.map((f) => root(f, "info", spec("flag", `The flow has the ${f} flag`))),
];

const FORMAT_TYPES: Readonly<Record<string, readonly [FilterValueType, string, string?]>> = {
  dec: ["integer", "6"],
  hex: ["integer", "0x5"],
  mac: ["mac", "0a:58:0a:f4:00:05"],
  ipv4: ["ip", "10.96.0.0/16", "~="],
  ipv6: ["ip", "fd00:10:96::/64", "~="],
  port: ["port", "1"],
  ct_state: ["flags", "+trk+est", "~="],
  tcp_flags: ["flags", "+syn", "~="],
  tun_flags: ["flags", "+oam", "~="],
  frag: ["text", "later"],
  packet_type: ["text", "(0,0x800)"],
};

/** Names OVS prints that a key must also find: `udp,tp_dst=53` is a `udp_dst` match. */
const PRINTED_AS: Readonly<Record<string, readonly string[]>> = {
  udp_src: ["tp_src"],
  udp_dst: ["tp_dst"],
  sctp_src: ["tp_src"],
  sctp_dst: ["tp_dst"],
  vlan_vid: ["dl_vlan"],
  dl_vlan: ["vlan_vid"],
  ip_dscp: ["nw_tos"],
};

/**
 * Names OVS 3.1's `match_format()` (lib/match.c) prints that are not field names of
 * ovs-fields(7): they are keys too, so that what a dump shows can be filtered.
 */
const PRINTED_ONLY: Readonly<Record<string, readonly string[]>> = {
  tun_gtpu_flags: ["gtpu_flags"],
  tun_gtpu_msgtype: ["gtpu_msgtype"],
};

const MATCH_FIELDS: readonly RootKey[] = [
  ...OPENFLOW_FIELDS.map((f) => {
    const [type, example, op] = FORMAT_TYPES[f.format] ?? ["integer", "1"];
    const mask = f.maskable && type === "integer" ? ", maskable" : "";
    const aliases = [...f.aliases, ...(PRINTED_ONLY[f.name] ?? [])];
    const r = root(f.name, "match", spec(type, `${f.title} (${f.bits} bit${f.bits === 1 ? "" : "s"}${mask})`, { example, ...(op === undefined ? {} : { op }) }), aliases);
    return f.family === undefined ? r : { ...r, family: f.family };
  }),
  root("mpls_lse1", "match", spec("integer", "Second MPLS label stack entry (as OVS prints it)", { example: "0x1234" })),
  root("mpls_lse2", "match", spec("integer", "Third MPLS label stack entry (as OVS prints it)", { example: "0x1234" })),
  ...[...PROTOCOL_SHORTHANDS].map((p) => root(p, "match", spec("flag", `The flow matches ${p} packets (protocol shorthand)`))),
];

/**
 * The names a match key finds in `flow.match`: the field's name, its aliases and the names OVS
 * prints it under. @internal
 *
 * @example
 * ```ts
 * matchNames("nw_dst"); // ["ip_dst", "nw_dst"]
 * ```
 */
export function matchNames(key: string): readonly string[] {
  return MATCH_NAMES.get(key) ?? [key];
}

/** {@link matchNames} of every match key, computed once (a static table). */
const MATCH_NAMES: ReadonlyMap<string, readonly string[]> = new Map(
  MATCH_FIELDS.flatMap((r) => {
    const out = [r.name, ...r.aliases];
    for (const n of [...out]) for (const p of PRINTED_AS[n] ?? []) if (!out.includes(p)) out.push(p);
    return [r.name, ...r.aliases].map((n) => [n, Object.freeze(out)] as const);
  }),
);

const OF_ACTIONS = openflowActionKeys();
const ACTION_ROOTS = (kinds: KeyChildren): RootKey[] => [
  ...Object.entries(kinds).map(([k, s]) => root(k, "actions", s)),
  root("actions", "actions", spec("actions", "Any action (nested ones included)", { children: anyActionKeys(kinds) })),
];

const ODP_ROOT_KEYS = (): KeyChildren => ODP_CHILDREN;
const ODP_CHILDREN: KeyChildren = Object.fromEntries(Object.entries(ODP_KEYS).map(([k, v]) => [k, odpSpec(v, ODP_ROOT_KEYS)]));

const DATAPATH_INFO: readonly RootKey[] = [
  root("recirc_id", "match", spec("integer", "Recirculation ID of the flow (0 when absent)", { example: "0x25" })),
  root("in_port", "match", spec("port", "Datapath input port", { example: "2" })),
  root("packets", "info", spec("integer", "Packet counter", { example: "0", op: ">" }), ["n_packets"]),
  root("bytes", "info", spec("integer", "Byte counter", { example: "1000", op: ">" }), ["n_bytes"]),
  root("used", "info", spec("number", "Seconds since last used (never: absent)", { example: "5", op: "<" })),
  root("flags", "info", spec("text", "TCP flags seen, as printed (S, F., SFP.)", { example: "S", op: "~=" })),
  root("dp", "info", spec("text", "Datapath that holds the flow (ovs, tc)", { example: "tc" })),
  root("offloaded", "info", spec("text", "Offload state (yes, partial)", { example: "yes" })),
  root("ufid", "info", spec("text", "Unique flow ID", { example: "1a2b", op: "~=" })),
  root("thread", "info", spec("text", "The flow-dump section (pmd on cpu core: 2)", { example: "pmd", op: "~=" })),
  root("dp_extra_info", "info", spec("text", "dp-extra-info as printed", { example: "miniflow_bits", op: "~=" })),
];

const TRACE_INFO: readonly RootKey[] = [
  root("table", "info", spec("table", "Table of the step", { example: "20" })),
  root("priority", "info", spec("integer", "Priority of the flow that matched", { example: "100" })),
  root("cookie", "info", spec("integer", "Cookie of the flow that matched (0 when not printed)", { example: "0x63e1c59" })),
  root("bridge", "info", spec("text", "Bridge of the step", { example: "br-int" })),
  root("section", "info", spec("integer", "Index of the trace section (0, then one per recirculation)", { example: "1" })),
  root("depth", "info", spec("integer", "Number of enclosing steps", { example: "0" })),
  root("outcome", "info", spec("text", "match, no-match, packet-in or frag-drop", { example: "no-match" })),
];

function catalog(roots: readonly RootKey[]): Catalog {
  const byName = new Map<string, RootKey>();
  for (const r of roots) for (const n of [r.name, ...r.aliases]) if (!byName.has(n)) byName.set(n, r);
  return { roots, byName };
}

const CATALOGS: Readonly<Record<FilterTarget, Catalog>> = {
  openflow: catalog([...OPENFLOW_INFO, ...MATCH_FIELDS, ...ACTION_ROOTS(OF_ACTIONS)]),
  datapath: catalog([
    ...DATAPATH_INFO,
    ...Object.entries(ODP_CHILDREN)
      .filter(([k]) => k !== "recirc_id" && k !== "in_port")
      .map(([k, s]) => root(k, "match", s)),
    ...ACTION_ROOTS(datapathActionKeys(ODP_ROOT_KEYS)),
  ]),
  trace: catalog([...TRACE_INFO, ...MATCH_FIELDS, ...ACTION_ROOTS(OF_ACTIONS)]),
};

/** The root a key's first segment names for `target`, if any. @internal */
export function rootKey(target: FilterTarget, name: string): RootKey | undefined {
  return CATALOGS[target].byName.get(name);
}

/** The result of {@link checkKey}: the key is known, or why not. @internal */
export type KeyCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** Index of the first unknown segment. */
      readonly segment: number;
      readonly message: string;
      /** Nearest known keys (whole dotted keys). */
      readonly suggestions: readonly string[];
    };

const LABEL: Readonly<Record<FilterTarget, string>> = { openflow: "OpenFlow flows", datapath: "datapath flows", trace: "trace steps" };

/** How far `path` goes in one target's tree: the number of known segments (path.length when known). */
function walkKnown(target: FilterTarget, path: readonly string[]): { known: number; parent: KeySpec | undefined } {
  const r = CATALOGS[target].byName.get(path[0] as string);
  if (r === undefined) return { known: 0, parent: undefined };
  let s: KeySpec = r;
  for (let i = 1; i < path.length; i++) {
    if (s.open !== undefined) return { known: path.length, parent: s };
    const next = childrenOf(s)?.[path[i] as string];
    if (next === undefined) return { known: i, parent: s };
    s = next;
  }
  return { known: path.length, parent: s };
}

/**
 * Checks a key (its dotted path) against the keys of `targets` (every target when none is
 * given): known when one target knows all its segments. Otherwise says which segment is
 * unknown and the nearest known keys. @internal
 *
 * @example
 * ```ts
 * checkKey(["nw_dts"], ["openflow"]); // { ok: false, segment: 0, message: "unknown key nw_dts: did you mean nw_dst?", ... }
 * ```
 */
export function checkKey(path: readonly string[], targets: readonly FilterTarget[] = ALL_TARGETS): KeyCheck {
  const key = path.join(".");
  let best = { known: -1, target: targets[0] as FilterTarget, parent: undefined as KeySpec | undefined };
  for (const t of targets) {
    const w = walkKnown(t, path);
    if (w.known === path.length) return { ok: true };
    if (w.known > best.known) best = { known: w.known, target: t, parent: w.parent };
  }
  const valid = (p: readonly string[]): boolean => targets.some((t) => walkKnown(t, p).known === p.length);
  const rest = path.slice(best.known + 1);
  const prefix = path.slice(0, best.known);
  const children = best.known === 0 ? undefined : best.parent === undefined ? undefined : childrenOf(best.parent);
  const names = best.known === 0 ? targets.flatMap((t) => [...CATALOGS[t].byName.keys()]) : Object.keys(children ?? {});
  const candidates = names.filter((n) => valid([...prefix, n, ...rest]));
  const suggestions = nearestNames(path[best.known] as string, candidates).map((n) => [...prefix, n, ...rest].join("."));
  const elsewhere = ALL_TARGETS.filter((t) => !targets.includes(t) && walkKnown(t, path).known === path.length);
  const fail = (message: string): KeyCheck => ({ ok: false, segment: best.known, message, suggestions });
  if (suggestions.length > 0) return fail(`unknown key ${key}${didYouMean(suggestions)}`);
  if (elsewhere.length > 0) {
    return fail(`unknown key ${key} for ${targets.map((t) => LABEL[t]).join(" and ")}: it is a key of ${elsewhere.map((t) => LABEL[t]).join(" and ")}`);
  }
  if (best.known === 0) {
    const others = ALL_TARGETS.filter((t) => !targets.includes(t));
    const near = nearestNames(path[0] as string, others.flatMap((t) => [...CATALOGS[t].byName.keys()]).filter((n) => others.some((t) => walkKnown(t, [n, ...path.slice(1)]).known === path.length)));
    if (near.length === 0) return fail(`unknown key ${key}`);
    const owners = others.filter((t) => near.some((n) => CATALOGS[t].byName.has(n))).map((t) => LABEL[t]);
    return fail(`unknown key ${key} for ${targets.map((t) => LABEL[t]).join(" and ")} (${near.map((n) => [n, ...path.slice(1)].join(".")).join(", ")}: ${owners.join(" and ")} only)`);
  }
  const at = prefix.join(".");
  const visible = Object.keys(children ?? {}).filter((k) => children?.[k]?.hidden !== true);
  if (visible.length === 0) return fail(`unknown key ${key}: ${at} has no keys below it`);
  const list = visible.length > 10 ? `${visible.slice(0, 10).join(", ")}, ...` : visible.join(", ");
  return fail(`unknown key ${key}: ${at} has ${list}`);
}

function didYouMean(s: readonly string[]): string {
  if (s.length === 0) return "";
  return `: did you mean ${s.length === 1 ? s[0] : `${s.slice(0, -1).join(", ")} or ${s[s.length - 1]}`}?`;
}

/** The targets a filter compiled with `target` checks its keys against. @internal */
export function targetsOf(target: FilterTarget | readonly FilterTarget[] | undefined): readonly FilterTarget[] {
  if (target === undefined) return ALL_TARGETS;
  return typeof target === "string" ? [target] : target;
}

/** The catalog's roots of one target, for the key reference. @internal */
export function rootKeys(target: FilterTarget): readonly RootKey[] {
  return CATALOGS[target].roots;
}
