/**
 * Dotted paths into nested values: action objects (`ct.zone`, `resubmit.table`,
 * `nat.addrs`), datapath key nodes (`ipv4.src`, `tunnel.geneve`), arrays (any element).
 *
 * @module
 */
import type { OdpNode } from "../datapath/node.js";
import type { NatSpec } from "../openflow/actions/types.js";
import type { RangeValue, ValueTest } from "./values.js";

/** `collector_set_id` → `collectorSetId`: filter keys are written as OVS prints them. @internal */
export function camel(seg: string): string {
  return seg.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function isNode(v: object): v is OdpNode {
  return typeof (v as { name?: unknown }).name === "string" && ("items" in v || "paren" in v || "value" in v) && !("kind" in v);
}

/** The value a path ending at a datapath node compares: its value, or the node (present). @internal */
export function nodeValue(n: OdpNode): unknown {
  return n.value ?? n;
}

/**
 * True when some value reached by `path[i..]` from `v` passes `test` (any occurrence: arrays
 * and repeated nodes are all tried). `path` holds the segments as written, `props` the
 * property names (camel case). @internal
 */
export function walk(v: unknown, path: readonly string[], props: readonly string[], i: number, test: ValueTest): boolean {
  if (v === undefined) return false;
  if (i === path.length) return test(typeof v === "object" && v !== null && isNode(v) ? nodeValue(v) : v);
  if (typeof v !== "object" || v === null) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (walk(x, path, props, i, test)) return true;
    return false;
  }
  const seg = path[i] as string;
  if (isNode(v)) {
    const items = v.items;
    if (items === undefined) return false;
    for (const n of items) if (n.name === seg && walk(n, path, props, i + 1, test)) return true;
    return false;
  }
  const o = v as Record<string, unknown> & { kind?: unknown };
  if (o.kind === "nat") {
    const r = natRange(o as unknown as NatSpec, seg);
    if (r !== null) return r !== undefined && walk(r, path, props, i + 1, test);
  }
  const prop = o[props[i] as string];
  if (prop !== undefined) return walk(prop, path, props, i + 1, test);
  // Datapath actions keep their node: `set.ipv4.src` looks into `set(ipv4(src=...))`. Where a
  // typed field holds the node's part (the key of `set`, the arguments of `push_vlan`), the
  // node has a placeholder: look into the part.
  const node = o.node;
  if (typeof node === "object" && node !== null && isNode(node)) {
    if (o.kind === "set" && typeof o.key === "object" && o.key !== null && isNode(o.key) && node.items?.length === 0) {
      return walk({ name: node.name, items: [o.key as OdpNode], paren: true }, path, props, i, test);
    }
    if (Array.isArray(o.args) && node.items?.length === 0) return walk({ name: node.name, items: o.args as OdpNode[], paren: true }, path, props, i, test);
    return walk(node, path, props, i, test);
  }
  return false;
}

/** `nat.addrs` / `nat.ports` as ranges; `null` for other segments. */
function natRange(n: NatSpec, seg: string): RangeValue | undefined | null {
  if (seg === "addrs" || seg === "addr") {
    if (n.addrMin === undefined) return undefined;
    return { kind: "range", min: n.addrMin, max: n.addrMax ?? n.addrMin };
  }
  if (seg === "ports" || seg === "port") {
    if (n.portMin === undefined) return undefined;
    return { kind: "range", min: n.portMin, max: n.portMax ?? n.portMin };
  }
  return null;
}
