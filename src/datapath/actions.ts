/**
 * Datapath (ODP) actions: a typed view over the {@link OdpNode} tree of `actions:...`.
 * Each action keeps its node, and {@link formatDatapathAction} prints it back exactly.
 *
 * Plain data, each part in one place: where a typed field holds a part of the node (the
 * actions inside `clone(...)`, `sample(...)` and `check_pkt_len(...)`, the key of `set(...)`,
 * the header of `tnl_push(...)`, the arguments of `push_vlan(...)` and friends), the node keeps
 * an empty placeholder there (`clone()`, `gt()`, `header()`), so nothing is reachable twice and
 * the JSON of nested actions stays linear in their text. A `ct(...)` whose typed fields hold
 * every part (printed in OVS's order, `commit,force_commit,zone=,mark=,label=,helper=,timeout=,nat`,
 * they give back its exact text, as OVS prints it) keeps only its name: its node is `{ name: "ct" }`
 * (one small object instead of a tree of 4 to 8: 27.7x to 12x the text held for a line of
 * `ct(zone=5,nat),`; issue 16). Any other spelling (`zone=0x5`, another order, `ct()`, an
 * unknown argument) keeps its whole node.
 *
 * @module
 */
import type { IntValue, Value } from "../core/values.js";
import { copyValue, formatValue } from "../core/values.js";
import { formatNat, readNatSpec } from "../openflow/actions/ct.js";
import type { NatSpec } from "../openflow/actions/types.js";
import { type OdpNode, formatOdpNode, formatOdpNodes, odpItem, parseOdpNodes } from "./node.js";

interface Base<K extends string> {
  readonly kind: K;
  /**
   * The action as parsed, with an empty placeholder where a typed field holds the part (see
   * the module notes); {@link formatDatapathAction} prints the whole action.
   */
  readonly node: OdpNode;
}

/** Output to a datapath port: a number, or a name with `--names`. */
export interface DpOutputAction extends Base<"output"> {
  readonly port: number | string;
}
/** `drop` (or `drop(reason)`). */
export interface DpDropAction extends Base<"drop"> {
  readonly reason?: string;
}
/**
 * `ct(commit,force_commit,zone=N,mark=V/M,label=V/M,helper=NAME,timeout=NAME,nat(...))`, or `ct`
 * alone. When the typed fields hold every part of the action (they print back its exact text in
 * this order, as OVS prints it), `node` is only `{ name: "ct" }` and
 * {@link formatDatapathAction} prints the fields; otherwise `node` is the whole action as written.
 */
export interface DpCtAction extends Base<"ct"> {
  readonly commit: boolean;
  readonly forceCommit: boolean;
  readonly zone?: number;
  readonly mark?: IntValue;
  readonly label?: IntValue;
  readonly helper?: string;
  readonly timeout?: string;
  readonly nat?: NatSpec;
}
/** `recirc(ID)`. */
export interface DpRecircAction extends Base<"recirc"> {
  readonly id: number;
}
/** `hash(l4(BASIS))` / `hash(sym_l4(BASIS))`. */
export interface DpHashAction extends Base<"hash"> {
  readonly algorithm: string;
  readonly basis?: number;
}
/** `set(KEY(...))`; `masked` when any field carries a mask (OVS's masked set). */
export interface DpSetAction extends Base<"set"> {
  readonly key: OdpNode;
  readonly masked: boolean;
}
/** `clone(ACTIONS)`. */
export interface DpCloneAction extends Base<"clone"> {
  readonly actions: readonly DatapathAction[];
}
/** `sample(sample=P%,actions(ACTIONS))`. */
export interface DpSampleAction extends Base<"sample"> {
  /** Probability in percent (`50.0%` → 50). */
  readonly probability?: number;
  readonly actions: readonly DatapathAction[];
}
/** `check_pkt_len(size=N,gt(ACTIONS),le(ACTIONS))`. */
export interface DpCheckPktLenAction extends Base<"check_pkt_len"> {
  readonly size?: number;
  readonly gt: readonly DatapathAction[];
  readonly le: readonly DatapathAction[];
}
/** `userspace(pid=N,...)` (slow path, controller, sFlow / IPFIX cookies, ...). */
export interface DpUserspaceAction extends Base<"userspace"> {
  readonly pid?: number;
}
/** `tnl_push(tnl_port(N),header(...),out_port(N))`. */
export interface DpTnlPushAction extends Base<"tnl_push"> {
  readonly tnlPort?: number | string;
  readonly outPort?: number | string;
  readonly header?: OdpNode;
}
/** Actions with one numeric argument: `tnl_pop(N)`, `meter(N)`, `trunc(N)`, `lb_output(N)`. */
export interface DpNumberAction extends Base<"tnl_pop" | "meter" | "trunc" | "lb_output"> {
  readonly value: number | string;
}
/**
 * Header pushes and pops and other actions whose arguments stay as nodes: `push_vlan(...)`,
 * `pop_vlan`, `push_mpls(...)`, `pop_mpls(...)`, `add_mpls(...)`, `push_eth(...)`, `pop_eth`,
 * `push_nsh(...)`, `pop_nsh`, `ct_clear`, `dec_ttl(...)`.
 */
export interface DpHeaderAction extends Base<DpHeaderKind> {
  /** The `k=v` arguments, typed (`vid`, `pcp`, `label`, `eth_type`, ...). */
  readonly args: readonly OdpNode[];
}
/** The kinds of {@link DpHeaderAction}. */
export type DpHeaderKind =
  | "push_vlan"
  | "pop_vlan"
  | "push_mpls"
  | "pop_mpls"
  | "add_mpls"
  | "push_eth"
  | "pop_eth"
  | "push_nsh"
  | "pop_nsh"
  | "ct_clear"
  | "dec_ttl";
/** An action ovskit does not know: kept as its node, reported as a warning by the dump parsers. */
export interface DpUnknownAction extends Base<"unknown"> {
  readonly name: string;
}

/** Any datapath action. Switch on `kind`. */
export type DatapathAction =
  | DpOutputAction
  | DpDropAction
  | DpCtAction
  | DpRecircAction
  | DpHashAction
  | DpSetAction
  | DpCloneAction
  | DpSampleAction
  | DpCheckPktLenAction
  | DpUserspaceAction
  | DpTnlPushAction
  | DpNumberAction
  | DpHeaderAction
  | DpUnknownAction;

const HEADER_KINDS: ReadonlySet<string> = new Set<DpHeaderKind>([
  "push_vlan",
  "pop_vlan",
  "push_mpls",
  "pop_mpls",
  "add_mpls",
  "push_eth",
  "pop_eth",
  "push_nsh",
  "pop_nsh",
  "ct_clear",
  "dec_ttl",
]);
const NUMBER_KINDS: ReadonlySet<string> = new Set(["tnl_pop", "meter", "trunc", "lb_output"]);

/**
 * Parses a datapath action list (`ct(zone=21,nat),recirc(0x1)`, `set(ipv4(ttl=63)),3`).
 * Throws {@link OvsParseError} only for structural damage; unknown actions become `unknown`.
 *
 * @example
 * ```ts
 * import { parseDatapathActions } from "ovskit";
 * const [ct, recirc] = parseDatapathActions("ct(commit,zone=21,label=0/0x1,nat(src)),recirc(0x3)");
 * ```
 */
export function parseDatapathActions(text: string, start = 0, end = text.length): DatapathAction[] {
  return parseOdpNodes(text, start, end).map(toDatapathAction);
}

/**
 * The typed view of one action node: an `unknown` action when the node is not an action
 * ovskit knows or its arguments do not have the expected types.
 *
 * @example
 * ```ts
 * import { parseOdpNode, toDatapathAction } from "ovskit";
 * toDatapathAction(parseOdpNode("recirc(0x1)")); // { kind: "recirc", id: 1, node: ... }
 * ```
 */
export function toDatapathAction(node: OdpNode): DatapathAction {
  return typedAction(node) ?? { kind: "unknown", name: node.name, node };
}

/** The typed action, or `undefined` when its arguments do not have the expected types. */
function typedAction(node: OdpNode): DatapathAction | undefined {
  const { name } = node;
  if (node.paren !== true && node.value === undefined) {
    if (name === "drop") return { kind: "drop", node };
    // `ct` alone: OVS prints a conntrack action with no argument so (zone 0, no commit).
    if (name === "ct") return ctAction(node);
    if (HEADER_KINDS.has(name)) return { kind: name as DpHeaderKind, args: [], node };
    const n = Number(name);
    return { kind: "output", port: Number.isInteger(n) && name !== "" ? n : name, node };
  }
  switch (name) {
    case "drop": {
      const reason = valueText(node);
      return reason === undefined ? { kind: "drop", node } : { kind: "drop", reason, node };
    }
    case "ct":
      return ctAction(node);
    case "recirc": {
      const id = intOf(node.value);
      return id === undefined ? undefined : { kind: "recirc", id, node };
    }
    case "hash": {
      const alg = node.items?.[0];
      const basisValue = alg?.value;
      if (basisValue === undefined) return { kind: "hash", algorithm: alg?.name ?? "", node };
      const basis = intOf(basisValue);
      return basis === undefined ? undefined : { kind: "hash", algorithm: alg?.name ?? "", basis, node };
    }
    case "set": {
      const items = node.items;
      if (items?.length === 1) {
        const key = items[0] as OdpNode;
        return { kind: "set", key, masked: hasMask(key), node: { name, items: [], paren: true } };
      }
      // `set(x)` or `set(a,b)`: the key is a copy, the node stays whole.
      const key = items?.[0] === undefined ? { name: "" } : copyNode(items[0]);
      return { kind: "set", key, masked: hasMask(key), node };
    }
    case "clone":
      return { kind: "clone", actions: listOf(node), node: { name, items: [], paren: true } };
    case "sample": {
      const p = odpItem(node, "sample")?.value;
      const prob = p?.kind === "raw" ? Number.parseFloat(p.text) : undefined;
      const acts = odpItem(node, "actions");
      return {
        kind: "sample",
        ...(prob === undefined || Number.isNaN(prob) ? {} : { probability: prob }),
        actions: acts === undefined ? [] : listOf(acts),
        node: acts === undefined ? node : emptied(node, [acts]),
      };
    }
    case "check_pkt_len": {
      const sizeValue = odpItem(node, "size")?.value;
      const size = sizeValue === undefined ? undefined : intOf(sizeValue);
      if (sizeValue !== undefined && size === undefined) return undefined;
      const gt = odpItem(node, "gt");
      const le = odpItem(node, "le");
      return {
        kind: "check_pkt_len",
        ...(size === undefined ? {} : { size }),
        gt: gt === undefined ? [] : listOf(gt),
        le: le === undefined ? [] : listOf(le),
        node: emptied(node, [gt, le]),
      };
    }
    case "userspace": {
      const pidValue = odpItem(node, "pid")?.value;
      if (pidValue === undefined) return { kind: "userspace", node };
      const pid = intOf(pidValue);
      return pid === undefined ? undefined : { kind: "userspace", pid, node };
    }
    case "tnl_push": {
      const tnl = odpItem(node, "tnl_port")?.value;
      const out = odpItem(node, "out_port")?.value;
      const found = odpItem(node, "header");
      // `header(...)` is held by the typed field and emptied in the node; another form is copied.
      const header = found === undefined || found.paren === true ? found : copyNode(found);
      return {
        kind: "tnl_push",
        ...(tnl === undefined ? {} : { tnlPort: portOf(tnl) }),
        ...(out === undefined ? {} : { outPort: portOf(out) }),
        ...(header === undefined ? {} : { header }),
        node: found === undefined ? node : emptied(node, [found]),
      };
    }
  }
  if (NUMBER_KINDS.has(name) && node.value !== undefined) {
    return { kind: name as DpNumberAction["kind"], value: portOf(node.value), node };
  }
  if (HEADER_KINDS.has(name)) {
    if (node.items !== undefined) return { kind: name as DpHeaderKind, args: node.items, node: { name, items: [], paren: true } };
    return { kind: name as DpHeaderKind, args: node.value === undefined ? [] : [{ name: "", value: copyValue(node.value) }], node };
  }
  return { kind: "unknown", name, node };
}

/** OVS's order of the arguments of `ct(...)` (lib/odp-util.c, format_odp_conntrack_action). */
const CT_ORDER: Readonly<Record<string, number>> = { commit: 1, force_commit: 2, zone: 3, mark: 4, label: 5, helper: 6, timeout: 7, nat: 8 };

function ctAction(node: OdpNode): DpCtAction | undefined {
  // Built in place, in the order of the text, `node` last (a literal with a spread in the middle
  // cost 104 bytes for `ct(zone=5,nat)` against 87 here; issue 16).
  const out: { -readonly [K in keyof DpCtAction]: DpCtAction[K] } = { kind: "ct", commit: false, forceCommit: false } as DpCtAction;
  const items = node.items ?? (node.value === undefined ? [] : [{ name: formatValue(node.value) }]);
  // Whether the typed fields print back the exact text: each item in OVS's order, once, in
  // the form the printer gives it (`ct()` does not: it prints as `ct`).
  let canonical = node.items === undefined || items.length > 0;
  let rank = 0;
  for (const item of items) {
    const at = CT_ORDER[item.name] ?? 0;
    if (at <= rank || (item.paren === true && item.name !== "nat")) canonical = false;
    rank = at;
    switch (item.name) {
      case "commit":
        out.commit = true;
        if (item.value !== undefined) canonical = false;
        break;
      case "force_commit":
        out.forceCommit = true;
        if (item.value !== undefined) canonical = false;
        break;
      case "zone": {
        const zone = intOf(item.value);
        if (zone === undefined) return undefined;
        out.zone = zone;
        if (item.value?.kind !== "int" || item.value.hex) canonical = false;
        break;
      }
      case "mark":
        if (item.value?.kind === "int") out.mark = { ...item.value };
        else canonical = false;
        break;
      case "label":
        if (item.value?.kind === "int") out.label = { ...item.value };
        else canonical = false;
        break;
      case "helper":
      case "timeout": {
        const v = valueText(item);
        if (v !== undefined) out[item.name] = v;
        else canonical = false;
        break;
      }
      case "nat": {
        if (item.paren !== true) {
          out.nat = { kind: "nat", flags: [] };
          if (item.value !== undefined) canonical = false;
        } else {
          const inner = item.value !== undefined ? formatValue(item.value) : formatOdpNodes(item.items ?? []);
          const nat = readNatSpec(inner, 0, inner.length);
          if (typeof nat === "string") return undefined;
          out.nat = nat;
          if (canonical && formatNat(nat) !== `nat(${inner})`) canonical = false;
        }
        break;
      }
    }
  }
  out.node = canonical ? (node.items === undefined && node.value === undefined ? node : { name: "ct" }) : node;
  return out;
}

/** A `ct` action printed from its typed fields, in OVS's order. */
function formatCtFields(a: DpCtAction): string {
  let s = "";
  if (a.commit) s += ",commit";
  if (a.forceCommit) s += ",force_commit";
  if (a.zone !== undefined) s += `,zone=${a.zone}`;
  if (a.mark !== undefined) s += `,mark=${formatValue(a.mark)}`;
  if (a.label !== undefined) s += `,label=${formatValue(a.label)}`;
  if (a.helper !== undefined) s += `,helper=${a.helper}`;
  if (a.timeout !== undefined) s += `,timeout=${a.timeout}`;
  if (a.nat !== undefined) s += `,${formatNat(a.nat)}`;
  return s === "" ? "ct" : `ct(${s.slice(1)})`;
}

/** The actions inside `clone(...)`, `actions(...)`, `gt(...)`, `le(...)`. */
function listOf(node: OdpNode): DatapathAction[] {
  if (node.items !== undefined) return node.items.map(toDatapathAction);
  if (node.value === undefined) return [];
  // `gt(4)` or `le(drop)`: one action parsed as a value.
  const text = formatValue(node.value);
  return parseDatapathActions(text, 0, text.length);
}

function hasMask(node: OdpNode): boolean {
  const v = node.value;
  if (v !== undefined && (("mask" in v && v.mask !== undefined) || ("prefix" in v && v.prefix !== undefined))) return true;
  return (node.items ?? []).some(hasMask);
}

function valueText(node: OdpNode): string | undefined {
  return node.value === undefined ? undefined : formatValue(node.value);
}

/** An exact unmasked integer that fits a number, or `undefined`. */
function intOf(v: Value | undefined): number | undefined {
  return v?.kind === "int" && v.mask === undefined && v.value <= MAX_SAFE ? Number(v.value) : undefined;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function portOf(v: Value): number | string {
  return v.kind === "int" && v.mask === undefined ? Number(v.value) : formatValue(v);
}

/**
 * `node` with the given items (found by identity) replaced by empty placeholders of the same name:
 * the parts a typed field holds.
 */
function emptied(node: OdpNode, parts: readonly (OdpNode | undefined)[]): OdpNode {
  const items = node.items;
  if (items === undefined) return node;
  return {
    name: node.name,
    items: items.map((i) => (i.paren === true && parts.includes(i) ? { name: i.name, items: [], paren: true } : i)),
    paren: true,
  };
}

/** A deep copy of a node (for a typed field that cannot take the node's own part). */
function copyNode(node: OdpNode): OdpNode {
  const out: { name: string; value?: Value; items?: readonly OdpNode[]; paren?: boolean } = { name: node.name };
  if (node.value !== undefined) out.value = copyValue(node.value);
  if (node.items !== undefined) out.items = node.items.map(copyNode);
  if (node.paren !== undefined) out.paren = node.paren;
  return out;
}


/**
 * Prints one datapath action exactly as parsed (with the parts its typed fields hold).
 *
 * @example
 * ```ts
 * import { formatDatapathAction, parseDatapathActions } from "ovskit";
 * formatDatapathAction(parseDatapathActions("check_pkt_len(size=1500,gt(4),le(drop))")[0]!); // "check_pkt_len(size=1500,gt(4),le(drop))"
 * ```
 */
export function formatDatapathAction(a: DatapathAction): string {
  const node = a.node;
  switch (a.kind) {
    case "clone":
      return `clone(${formatDatapathActions(a.actions)})`;
    case "ct":
      return node.items === undefined && node.value === undefined ? formatCtFields(a) : formatOdpNode(node);
    case "set":
      return node.items?.length === 0 ? `set(${formatOdpNode(a.key)})` : formatOdpNode(node);
    case "sample":
      return withParts(node, (i) => (i.name === "actions" ? formatDatapathActions(a.actions) : undefined));
    case "check_pkt_len":
      return withParts(node, (i) => (i.name === "gt" ? formatDatapathActions(a.gt) : i.name === "le" ? formatDatapathActions(a.le) : undefined));
    case "tnl_push":
      return withParts(node, (i) => (i.name === "header" && a.header !== undefined ? formatOdpNode(a.header).slice("header(".length, -1) : undefined));
    default:
      if ("args" in a && node.items?.length === 0 && node.paren === true) return `${node.name}(${formatOdpNodes(a.args)})`;
      return formatOdpNode(node);
  }
}

/** Prints a node whose empty placeholder items are filled by `fill` (the first of each name). */
function withParts(node: OdpNode, fill: (item: OdpNode) => string | undefined): string {
  const items = node.items;
  if (items === undefined) return formatOdpNode(node);
  const done = new Set<string>();
  let out = "";
  for (let k = 0; k < items.length; k++) {
    const item = items[k] as OdpNode;
    const inner = item.items?.length === 0 && item.paren === true && !done.has(item.name) ? fill(item) : undefined;
    if (inner !== undefined) done.add(item.name);
    out += (k === 0 ? "" : ",") + (inner === undefined ? formatOdpNode(item) : `${item.name}(${inner})`);
  }
  return `${node.name}(${out})`;
}

/**
 * Prints a datapath action list exactly as parsed.
 *
 * @example
 * ```ts
 * import { formatDatapathActions, parseDatapathActions } from "ovskit";
 * formatDatapathActions(parseDatapathActions("ct(zone=21,nat),recirc(0x1)")); // "ct(zone=21,nat),recirc(0x1)"
 * ```
 */
export function formatDatapathActions(actions: readonly DatapathAction[]): string {
  let out = "";
  for (let i = 0; i < actions.length; i++) out += (i === 0 ? "" : ",") + formatDatapathAction(actions[i] as DatapathAction);
  return out;
}
