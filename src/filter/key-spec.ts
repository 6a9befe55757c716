/**
 * What a filter key holds: {@link KeySpec}, a small tree (one node per key or dotted segment)
 * built from the tables the parsers use, and the shared specs of the value types.
 *
 * @module
 */
import type { OdpKeyInfo } from "../datapath/odp-keys.js";

/** The type of value a filter key compares, as documented in the key reference. */
export type FilterValueType =
  | "integer"
  | "number"
  | "text"
  | "flag"
  | "flags"
  | "ip"
  | "mac"
  | "port"
  | "table"
  | "field"
  | "value"
  | "range"
  | "actions"
  | "node";

/** Children of a key: by segment name, computed on demand (the ODP key tree refers to itself). @internal */
export type KeyChildren = Readonly<Record<string, KeySpec>>;

/** One key, or one segment of a dotted key. @internal */
export interface KeySpec {
  readonly type: FilterValueType;
  readonly title: string;
  /** A value for the example of the key reference (`10.96.0.0/16`), with its operator. */
  readonly example?: string;
  readonly op?: string;
  /** The keys below it (`ct` → `zone`, `nat`, ...). */
  readonly children?: KeyChildren | (() => KeyChildren);
  /** Below this segment anything is accepted (opaque ODP arguments); says what. */
  readonly open?: string;
  /** Left out of the generated reference (internal plumbing, still a valid key). */
  readonly hidden?: boolean;
  /** The reference lists what is below as one pattern row (`encap.KEY.FIELD`): what it is. */
  readonly refer?: string;
}

/** @internal */
export function spec(type: FilterValueType, title: string, extra: Omit<KeySpec, "type" | "title"> = {}): KeySpec {
  return { type, title, ...extra };
}

/** The children of a spec, resolved. @internal */
export function childrenOf(s: KeySpec): KeyChildren | undefined {
  const c = s.children;
  return typeof c === "function" ? c() : c;
}

/** `collectorSetId` → `collector_set_id`: the spelling of a property in a filter key. @internal */
export function snake(prop: string): string {
  return prop.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Field reference (`NXM_NX_REG13[0..15]`, `reg13`): its parts. @internal */
export const FIELD_REF_KEYS: KeyChildren = {
  field: spec("text", "Field name as written (NXM_NX_REG13, reg13)", { example: "NXM_NX_REG13", hidden: true }),
  start: spec("integer", "First bit of the range", { example: "0", hidden: true }),
  end: spec("integer", "Last bit of the range", { example: "15", hidden: true }),
  whole: spec("flag", "Written as FIELD[] (the whole field)", { hidden: true }),
};

/** @internal */
export const FIELD_REF = spec("field", "Field reference (NXM_NX_REG13[0..15] or reg13; .field, .start, .end, .whole for its parts)", {
  example: "reg13",
  children: FIELD_REF_KEYS,
});
/** @internal */
export const INT = spec("integer", "Integer (decimal or 0x hex)", { example: "0x5" });
/** @internal */
export const VALUE = spec("value", "Typed value (integer, IP, MAC, ...)", { example: "0x5" });
/** @internal */
export const PORT = spec("port", "Port number or name", { example: "3" });
/** @internal */
export const PORT_OR_FIELD = spec("port", "Port number, name, or field reference (.field, .start, .end)", { example: "3", children: FIELD_REF_KEYS });
/** @internal */
export const TEXT = spec("text", "Text");
/** @internal */
export const FLAG = spec("flag", "True when written");

/** The spec of an ODP key table entry, children included. @internal */
export function odpSpec(info: OdpKeyInfo, keys: () => KeyChildren): KeySpec {
  const type = ODP_TYPES[info.type];
  if (info.type === "keys") return spec("node", info.title, { children: keys, refer: "any datapath key and its fields (encap.ipv4.src)" });
  if (info.fields === undefined) {
    const base = ODP_EXAMPLES[info.type] ?? {};
    return spec(type, info.title, info.example === undefined ? base : { ...base, example: info.example });
  }
  const fields = info.fields;
  return spec("node", info.title, {
    children: () => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, odpSpec(v, keys)])),
  });
}

const ODP_TYPES: Readonly<Record<OdpKeyInfo["type"], FilterValueType>> = {
  int: "integer",
  hex: "integer",
  ipv4: "ip",
  ipv6: "ip",
  mac: "mac",
  flags: "flags",
  port: "port",
  frag: "text",
  text: "text",
  keys: "node",
  group: "node",
};

const ODP_EXAMPLES: Partial<Record<OdpKeyInfo["type"], Omit<KeySpec, "type" | "title">>> = {
  int: { example: "6" },
  hex: { example: "0x2" },
  ipv4: { example: "10.244.0.0/16", op: "~=" },
  ipv6: { example: "fd00:10:244::/48", op: "~=" },
  mac: { example: "0a:58:0a:f4:00:05" },
  flags: { example: "+trk", op: "~=" },
  port: { example: "2" },
  frag: { example: "no" },
};
