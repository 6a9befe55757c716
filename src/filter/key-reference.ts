/**
 * {@link filterKeys}: every key of the filter language for one target, with its aliases, type,
 * meaning and an example, flattened from the key catalog (the source of `docs/filter-keys.md`).
 *
 * @module
 */
import type { KeyArea } from "./hits.js";
import { type FilterTarget, rootKeys } from "./key-catalog.js";
import { type FilterValueType, type KeySpec, childrenOf } from "./key-spec.js";

/** One documented filter key. Plain data. */
export interface FilterKeyInfo {
  /** The key (`ip_dst`, `ct.zone`, `ipv4.src`); `KEY` / `FIELD` in a pattern row (`set.KEY.FIELD`). */
  readonly key: string;
  /** Other spellings of the same key (`nw_dst`). */
  readonly aliases: readonly string[];
  readonly area: KeyArea;
  readonly type: FilterValueType;
  readonly description: string;
  /** A filter using it (`nw_dst~=10.96.0.0/16`). */
  readonly example: string;
  /** For numbered fields (`reg0` ... `reg15`): the family as ovs-fields(7) names it (`reg<N>`). */
  readonly family?: string;
}

const BARE: ReadonlySet<FilterValueType> = new Set(["flag", "node", "actions"]);

function example(key: string, s: KeySpec): string {
  if (s.example === undefined || BARE.has(s.type)) return key;
  const v = /^[^\s()"'&|!<>=~]+$/.test(s.example) ? s.example : `"${s.example.replace(/["\\]/g, "\\$&")}"`;
  return `${key}${s.op ?? "="}${v}`;
}

function flatten(key: string, aliases: readonly string[], area: KeyArea, s: KeySpec, out: FilterKeyInfo[], depth: number, family?: string): void {
  const row: FilterKeyInfo = { key, aliases, area, type: s.type, description: s.title, example: example(key, s) };
  out.push(family === undefined ? row : { ...row, family });
  if (s.refer !== undefined) {
    out.push({ key: `${key}.KEY.FIELD`, aliases: [], area, type: "value", description: s.refer, example: `${key}.KEY.FIELD` });
    return;
  }
  if (s.open !== undefined) {
    out.push({ key: `${key}.NAME`, aliases: [], area, type: "value", description: `Any name below ${key}: ${s.open}`, example: `${key}.NAME` });
  }
  const children = childrenOf(s);
  if (children === undefined || depth > 4) return;
  for (const [name, c] of Object.entries(children)) if (c.hidden !== true) flatten(`${key}.${name}`, [], area, c, out, depth + 1);
}

/**
 * Every key of the filter language for `target` (OpenFlow flows, datapath flows, trace steps):
 * info keys, match fields (ovs-fields(7) names and aliases) or datapath keys, and action paths,
 * each with its aliases, value type, meaning and an example. What `compileFilter` accepts.
 *
 * @example
 * ```ts
 * import { filterKeys } from "ovskit";
 * filterKeys("openflow").find((k) => k.key === "ip_dst");
 * // { key: "ip_dst", aliases: ["nw_dst"], area: "match", type: "ip", description: "IPv4 Destination Address (32 bits)", example: "ip_dst~=10.96.0.0/16" }
 * ```
 */
export function filterKeys(target: FilterTarget): FilterKeyInfo[] {
  const out: FilterKeyInfo[] = [];
  for (const r of rootKeys(target)) flatten(r.name, r.aliases, r.area, r, out, 0, r.family);
  return out;
}
