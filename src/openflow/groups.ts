/**
 * OpenFlow groups as printed by `ovs-ofctl [-O OpenFlow1x] dump-groups`: the model,
 * {@link parseGroup} for one line, {@link parseGroups} / {@link parseGroupDump} for a whole
 * dump, and {@link formatGroup}, which prints a group back byte for byte.
 *
 * One pass over char codes splits a line into its group properties and its buckets; buckets
 * are cut at every `,bucket=` found at nesting depth 0, so actions that contain commas and
 * brackets (`ct(commit,nat(dst=10.0.0.1:80),exec(...))`) stay whole.
 *
 * @module
 */
import type { DumpResult, Issue } from "../core/dump-lines.js";
import { withDeprecatedAlias } from "../core/deprecated-alias.js";
import { OvsParseError } from "../core/parse-error.js";
import { LineEngine, collectDump } from "../core/line-engine.js";
import { actionWarnings, emitActionWarnings } from "./actions/warnings.js";
import { internSlice } from "../core/intern.js";
import { findTopLevel, matchingClose, wordEnd } from "../core/scanner.js";
import { type Value, formatValue, parseUnsigned } from "../core/values.js";
import { formatActions, formatPort } from "./actions/format.js";
import { parseActions, parsePort } from "./actions/parse.js";
import type { Action, Port } from "./actions/types.js";
import { parseMatchValue } from "./match.js";

/**
 * An OpenFlow group type. OVS prints fast failover groups as `ff`; {@link parseGroup} also
 * accepts `fast_failover` and returns `ff`.
 *
 * @example
 * ```ts
 * import { parseGroup, type GroupType } from "ovskit";
 * const t: GroupType = parseGroup("group_id=1,type=fast_failover").type; // "ff"
 * ```
 */
export type GroupType = "all" | "select" | "indirect" | "ff";

/**
 * One bucket of a group. Properties are present when OVS printed them: `bucketId` only in
 * OpenFlow 1.5 dumps; `weight` only when it differs from the default (1 in a `select` group,
 * 0 otherwise); `watchPort` / `watchGroup` only when set (fast failover, or liveness in
 * `select` groups).
 *
 * @example
 * ```ts
 * import { parseGroup } from "ovskit";
 * const [b] = parseGroup(" group_id=8,type=ff,bucket=bucket_id:1,watch_port:4,watch_group:6,actions=group:6").buckets;
 * b?.watchPort;  // 4
 * b?.watchGroup; // 6
 * b?.weight;     // undefined: the default
 * ```
 */
export interface Bucket {
  /** `bucket_id:N` (OpenFlow 1.5 dumps only). */
  readonly bucketId?: number;
  /** `weight:N`; absent means the default (1 for `select` groups, 0 for the others). */
  readonly weight?: number;
  /** `watch_port:P`: a port number, or its name when the dump used `--names`. */
  readonly watchPort?: Port;
  /** `watch_group:N`. */
  readonly watchGroup?: number;
  /** The bucket's actions (`drop` when OVS printed `actions=drop`). */
  readonly actions: readonly Action[];
}

/**
 * One group as printed by `ovs-ofctl dump-groups`.
 *
 * @example
 * ```ts
 * import { parseGroup } from "ovskit";
 * const g = parseGroup(" group_id=4,type=select,selection_method=hash,fields(ip_src=255.255.255.0,tcp_src),bucket=bucket_id:0,actions=output:1");
 * g.fields;            // ["ip_src", "tcp_src"]
 * g.fieldMasks?.ip_src; // { kind: "ipv4", value: "255.255.255.0" }
 * ```
 */
export interface Group {
  readonly groupId: number;
  readonly type: GroupType;
  /** `selection_method=hash` or `dp_hash` (OpenFlow 1.5 dumps of `select` groups). */
  readonly selectionMethod?: string;
  /** `selection_method_param=N`, exact to 64 bits (OVS prints it only when it is not 0). */
  readonly selectionMethodParam?: bigint;
  /**
   * Names of the fields hashed by `selection_method=hash`, in the order printed:
   * `fields(eth_dst,ip_dst,tcp_dst)`, or `fields=ip_dst` when there is only one.
   */
  readonly fields?: readonly string[];
  /**
   * Masks of the hashed fields that have one, by field name: `fields(ip_src=255.255.255.0)`
   * gives `{ ip_src: { kind: "ipv4", value: "255.255.255.0" } }`. Absent when no field is
   * masked. Typed like the match value of the same field.
   */
  readonly fieldMasks?: Readonly<Record<string, Value>>;
  /** The buckets in the order printed (empty for a group without buckets). */
  readonly buckets: readonly Bucket[];
  /** 1-based line number in the dump it came from, when parsed from a dump. */
  readonly line?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const COMMA = 44;
const COLON = 58;
const EQUALS = 61;
const OPEN_PAREN = 40;
const BUCKET = "bucket=";
const ACTIONS = "actions=";
const U32_MAX = 0xffffffff;
const U64_MAX = 0xffffffffffffffffn;

/**
 * Parses one line of `ovs-ofctl dump-groups` output (or a group in `ovs-ofctl add-group`
 * syntax: properties in any order, `type=fast_failover`, `key=value` in buckets) into a
 * {@link Group}. Throws {@link OvsParseError} on a malformed line.
 *
 * @example
 * ```ts
 * import { parseGroup } from "ovskit";
 * const g = parseGroup(" group_id=2,type=select,selection_method=hash,fields(eth_dst,ip_dst),bucket=bucket_id:0,weight:100,actions=output:1,bucket=bucket_id:1,weight:200,actions=output:2");
 * g.type;                  // "select"
 * g.fields;                // ["eth_dst", "ip_dst"]
 * g.buckets[1]?.weight;    // 200
 * g.buckets[1]?.actions;   // [{ kind: "output", port: 2 }]
 * ```
 */
export function parseGroup(line: string): Group {
  return parseGroupLine(line, undefined);
}

/** The line parser; `lineNo` is recorded as `line` when given. */
function parseGroupLine(text: string, lineNo: number | undefined): Group {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < end && isSpace(text.charCodeAt(pos))) pos++;
  if (pos === end) throw new OvsParseError("missing", "empty group", text, pos);

  let groupId = -1;
  let type: GroupType | undefined;
  let selectionMethod: string | undefined;
  let selectionMethodParam: bigint | undefined;
  let fields: string[] | undefined;
  let fieldMasks: Record<string, Value> | undefined;
  const seen = (key: string, at: number, already: boolean): void => {
    if (already) throw new OvsParseError("syntax", `duplicate ${key}`, text, at);
  };

  // Group properties, up to the first top-level `bucket=`.
  while (pos < end && !text.startsWith(BUCKET, pos)) {
    let itemEnd = findTopLevel(text, COMMA, pos, end);
    if (itemEnd < 0) itemEnd = end;
    const keyEnd = wordEnd(text, pos, itemEnd);
    if (keyEnd === pos) throw new OvsParseError("syntax", "expected a group property", text, pos);
    const key = internSlice(text, pos, keyEnd);
    const sep = keyEnd < itemEnd ? text.charCodeAt(keyEnd) : -1;
    const vs = keyEnd + 1;
    if (key === "fields" && sep === OPEN_PAREN) {
      seen(key, pos, fields !== undefined);
      const close = matchingClose(text, keyEnd, itemEnd);
      if (close !== itemEnd - 1) throw new OvsParseError("syntax", "unexpected text after fields(...)", text, close + 1);
      fields = [];
      fieldMasks = parseFieldList(text, vs, close, fields, fieldMasks);
    } else if (sep !== EQUALS) {
      throw new OvsParseError("syntax", `expected '=' after ${key}`, text, keyEnd);
    } else {
      switch (key) {
        case "group_id":
          seen(key, pos, groupId >= 0);
          groupId = u32(text, vs, itemEnd, "group_id");
          break;
        case "type":
          seen(key, pos, type !== undefined);
          type = parseType(text, vs, itemEnd);
          break;
        case "selection_method":
          seen(key, pos, selectionMethod !== undefined);
          if (wordEnd(text, vs, itemEnd) !== itemEnd || vs === itemEnd) {
            throw new OvsParseError("bad-value", "bad selection_method", text, vs);
          }
          selectionMethod = internSlice(text, vs, itemEnd);
          break;
        case "selection_method_param": {
          seen(key, pos, selectionMethodParam !== undefined);
          const n = parseUnsigned(text, vs, itemEnd);
          if (n === undefined || n > U64_MAX) {
            throw new OvsParseError("bad-value", "bad selection_method_param", text, vs);
          }
          selectionMethodParam = n;
          break;
        }
        case "fields":
          seen(key, pos, fields !== undefined);
          fields = [];
          fieldMasks = parseFieldList(text, vs, itemEnd, fields, fieldMasks);
          break;
        default:
          throw new OvsParseError("syntax", `unknown group property "${key}"`, text, pos);
      }
    }
    pos = itemEnd + 1;
    if (pos === end) throw new OvsParseError("syntax", "trailing ','", text, itemEnd);
  }

  if (groupId < 0) throw new OvsParseError("missing", "no group_id= in group", text, 0);
  if (type === undefined) throw new OvsParseError("missing", "no type= in group", text, 0);

  // Buckets: each runs to the next top-level `,bucket=`.
  const buckets: Bucket[] = [];
  while (pos < end) {
    const bodyStart = pos + BUCKET.length;
    const bodyEnd = bucketEnd(text, bodyStart, end);
    buckets.push(parseBucket(text, bodyStart, bodyEnd));
    pos = bodyEnd + 1;
  }

  // Keys in the order OVS prints them.
  const group = { groupId, type } as Mutable<Group>;
  if (selectionMethod !== undefined) group.selectionMethod = selectionMethod;
  if (selectionMethodParam !== undefined) group.selectionMethodParam = selectionMethodParam;
  if (fields !== undefined) group.fields = fields;
  if (fieldMasks !== undefined) group.fieldMasks = fieldMasks;
  group.buckets = buckets;
  if (lineNo !== undefined) group.line = lineNo;
  return group;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

function u32(text: string, start: number, end: number, what: string): number {
  const n = parseUnsigned(text, start, end);
  if (n === undefined || n > U32_MAX) throw new OvsParseError("bad-value", `bad ${what}`, text, start);
  return Number(n);
}

function parseType(text: string, start: number, end: number): GroupType {
  switch (text.slice(start, end)) {
    case "all":
      return "all";
    case "select":
      return "select";
    case "indirect":
      return "indirect";
    case "ff":
    case "fast_failover":
      return "ff";
  }
  throw new OvsParseError("bad-value", `unknown group type "${text.slice(start, end)}"`, text, start);
}

/**
 * Parses `name[=mask],...` at `text[start, end)` into `names`; returns `masks` with the masked
 * fields added (created on the first mask).
 */
function parseFieldList(
  text: string,
  start: number,
  end: number,
  names: string[],
  masks: Record<string, Value> | undefined,
): Record<string, Value> | undefined {
  let pos = start;
  if (pos === end) throw new OvsParseError("missing", "empty field list", text, pos);
  for (;;) {
    let itemEnd = findTopLevel(text, COMMA, pos, end);
    if (itemEnd < 0) itemEnd = end;
    const nameEnd = wordEnd(text, pos, itemEnd);
    if (nameEnd === pos) throw new OvsParseError("syntax", "expected a field name", text, pos);
    const name = internSlice(text, pos, nameEnd);
    if (names.includes(name)) throw new OvsParseError("syntax", `duplicate field ${name}`, text, pos);
    names.push(name);
    if (nameEnd < itemEnd) {
      if (text.charCodeAt(nameEnd) !== EQUALS || nameEnd + 1 === itemEnd) {
        throw new OvsParseError("syntax", `expected '=' and a mask after ${name}`, text, nameEnd);
      }
      // A plain record (plain data), each mask an own property: field names are words, and
      // `__proto__` is one, so it is defined, not assigned.
      masks ??= {};
      Object.defineProperty(masks, name, { value: parseMatchValue(name, text, nameEnd + 1, itemEnd), enumerable: true, writable: true, configurable: true });
    }
    if (itemEnd === end) return masks;
    pos = itemEnd + 1;
    if (pos === end) throw new OvsParseError("syntax", "trailing ','", text, itemEnd);
  }
}

/** End of the bucket whose body starts at `start`: the next top-level `,bucket=`, or `end`. */
function bucketEnd(text: string, start: number, end: number): number {
  let from = start;
  for (;;) {
    const comma = findTopLevel(text, COMMA, from, end);
    if (comma < 0) return end;
    if (text.startsWith(BUCKET, comma + 1)) return comma;
    from = comma + 1;
  }
}

/** Parses a bucket body `[bucket_id:N,][weight:N,][watch_port:P,][watch_group:N,]actions=...`. */
function parseBucket(text: string, start: number, end: number): Bucket {
  const bucket: Mutable<Omit<Bucket, "actions">> = {};
  let pos = start;
  for (;;) {
    if (pos >= end) throw new OvsParseError("missing", "no actions= in bucket", text, pos);
    if (text.startsWith(ACTIONS, pos)) {
      const actStart = pos + ACTIONS.length;
      if (actStart >= end) throw new OvsParseError("missing", "empty actions", text, actStart);
      const b = bucket as Mutable<Bucket>;
      b.actions = parseActions(text, actStart, end);
      return b;
    }
    let itemEnd = findTopLevel(text, COMMA, pos, end);
    if (itemEnd < 0) itemEnd = end;
    const keyEnd = wordEnd(text, pos, itemEnd);
    if (keyEnd === pos) throw new OvsParseError("syntax", "expected a bucket property", text, pos);
    const sep = keyEnd < itemEnd ? text.charCodeAt(keyEnd) : -1;
    const key = internSlice(text, pos, keyEnd);
    if (sep !== COLON && sep !== EQUALS) {
      throw new OvsParseError("syntax", `expected ':' after ${key}`, text, keyEnd);
    }
    const vs = keyEnd + 1;
    const dup = (already: boolean): void => {
      if (already) throw new OvsParseError("syntax", `duplicate ${key}`, text, pos);
    };
    switch (key) {
      case "bucket_id":
        dup(bucket.bucketId !== undefined);
        bucket.bucketId = u32(text, vs, itemEnd, key);
        break;
      case "weight": {
        dup(bucket.weight !== undefined);
        const w = u32(text, vs, itemEnd, key);
        if (w > 0xffff) throw new OvsParseError("bad-value", "weight above 65535", text, vs);
        bucket.weight = w;
        break;
      }
      case "watch_port":
        dup(bucket.watchPort !== undefined);
        if (vs === itemEnd) throw new OvsParseError("bad-value", "missing port", text, vs);
        bucket.watchPort = parsePort(text, vs, itemEnd);
        break;
      case "watch_group":
        dup(bucket.watchGroup !== undefined);
        bucket.watchGroup = u32(text, vs, itemEnd, key);
        break;
      default:
        throw new OvsParseError("syntax", `unknown bucket property "${key}"`, text, pos);
    }
    pos = itemEnd + 1;
  }
}

/**
 * Prints a group the way `ovs-ofctl dump-groups` does, leading space included. For every line
 * OVS printed, `formatGroup(parseGroup(line)) === line`, byte for byte. The result is also
 * accepted by `ovs-ofctl add-group` (without the `line` number, which is not printed).
 *
 * @example
 * ```ts
 * import { formatGroup, parseGroup } from "ovskit";
 * const line = " group_id=7,type=ff,bucket=bucket_id:1,watch_port:1,actions=output:1,bucket=bucket_id:3,watch_group:1,actions=group:1";
 * formatGroup(parseGroup(line)) === line; // true
 * formatGroup({ groupId: 11, type: "all", buckets: [] }); // " group_id=11,type=all"
 * ```
 */
export function formatGroup(group: Group): string {
  let out = ` group_id=${group.groupId},type=${group.type}`;
  if (group.selectionMethod !== undefined) out += `,selection_method=${group.selectionMethod}`;
  if (group.selectionMethodParam !== undefined) out += `,selection_method_param=${group.selectionMethodParam}`;
  const fields = group.fields;
  if (fields !== undefined && fields.length > 0) {
    out += fields.length === 1 ? ",fields=" : ",fields(";
    for (let i = 0; i < fields.length; i++) {
      const name = fields[i] as string;
      if (i > 0) out += ",";
      out += name;
      const mask = group.fieldMasks !== undefined && Object.hasOwn(group.fieldMasks, name) ? group.fieldMasks[name] : undefined;
      if (mask !== undefined) out += "=" + formatValue(mask);
    }
    if (fields.length > 1) out += ")";
  }
  for (const b of group.buckets) out += ",bucket=" + formatBucket(b);
  return out;
}

/**
 * Prints one bucket without its `bucket=` prefix, as OVS does inside a group.
 *
 * @example
 * ```ts
 * import { formatBucket } from "ovskit";
 * formatBucket({ bucketId: 0, weight: 100, actions: [{ kind: "output", port: 1 }] });
 * // "bucket_id:0,weight:100,actions=output:1"
 * ```
 */
export function formatBucket(bucket: Bucket): string {
  let out = "";
  if (bucket.bucketId !== undefined) out += `bucket_id:${bucket.bucketId},`;
  if (bucket.weight !== undefined) out += `weight:${bucket.weight},`;
  if (bucket.watchPort !== undefined) out += `watch_port:${formatPort(bucket.watchPort)},`;
  if (bucket.watchGroup !== undefined) out += `watch_group:${bucket.watchGroup},`;
  return out + "actions=" + formatActions(bucket.actions);
}

/**
 * Options of {@link parseGroups}.
 *
 * @example
 * ```ts
 * import { parseGroups } from "ovskit";
 * const groups = parseGroups(text); // throws at the first bad line; parseGroupDump collects
 * ```
 */
export interface ParseGroupsOptions {
  /**
   * @deprecated `parseGroups` throws at the first bad line; for a lenient parse use
   * {@link parseGroupDump}, which returns the issues. `false` still works until 0.3.0.
   */
  readonly strict?: boolean;
  /** @deprecated Use {@link parseGroupDump} and its `issues`; still called until 0.3.0. */
  readonly onIssue?: (issue: Issue) => void;
}

/**
 * Result of {@link parseGroupDump}: the shared {@link DumpResult} shape. `groups` is the 0.1
 * name of `items`, kept until 0.3.0 as a non-enumerable property holding the same array.
 *
 * @example
 * ```ts
 * import { parseGroupDump } from "ovskit";
 * const { items, issues, accounting } = parseGroupDump(text);
 * accounting.items === items.length; // true
 * ```
 */
export interface GroupDump extends DumpResult<Group> {
  /** @deprecated Renamed `items` in 0.2.0 (the same array); goes away in 0.3.0. */
  readonly groups: readonly Group[];
}

function groupLineEngine(strict: boolean, onItem: (g: Group) => void, onIssue: (i: Issue) => void): LineEngine<Group> {
  return new LineEngine<Group>({
    parse: (text, lineNo) => parseGroupLine(text, lineNo),
    warn: (group, text, lineNo, emit) => {
      // All buckets' warnings at once, so that the line's cap applies to the whole line.
      emitActionWarnings(group.buckets.flatMap((b) => actionWarnings(b.actions, text, 0)), 0, text, lineNo, emit);
    },
    strict,
    onItem,
    onIssue,
  });
}

/**
 * Parses a whole `ovs-ofctl [-O OpenFlow1x] dump-groups [--names]` output into groups,
 * skipping reply headers (`OFPST_GROUP_DESC reply (OF1.5) (xid=0x2):`) and blank lines. Throws
 * an {@link OvsParseError} with its line and column at the first line that is neither;
 * {@link parseGroupDump} collects the issues instead.
 *
 * @example
 * ```ts
 * import { parseGroups } from "ovskit";
 * import { readFileSync } from "node:fs";
 * const groups = parseGroups(readFileSync("br-int.groups", "utf8"));
 * const byId = new Map(groups.map((g) => [g.groupId, g]));
 * ```
 */
export function parseGroups(text: string, options: ParseGroupsOptions = {}): Group[] {
  const strict = options.strict !== false;
  return collectDump<Group>(text, (onItem, onIssue) => groupLineEngine(strict, onItem, onIssue), options.onIssue ?? (() => undefined)).items;
}

/**
 * Parses a group dump leniently and returns the groups (`items`) together with every issue: a
 * `***decode error: ...***` line with the hex dump after it, a line that is not a group, an
 * unknown action in a bucket (a warning). Nothing is dropped silently:
 * `accounting.lines === items + headers + blank + issueLines`.
 *
 * @example
 * ```ts
 * import { parseGroupDump } from "ovskit";
 * const { items, issues } = parseGroupDump(text);
 * for (const i of issues) console.error(`line ${i.line}:${i.column} ${i.severity}: ${i.message}`);
 * ```
 */
export function parseGroupDump(text: string): GroupDump {
  const { items, issues, accounting } = collectDump<Group>(text, (onItem, onIssue) => groupLineEngine(false, onItem, onIssue));
  return withDeprecatedAlias({ items, issues, accounting }, "groups");
}
