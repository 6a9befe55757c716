/**
 * Never silent: {@link filterFlows} runs a compiled filter over a list and says how many items
 * matched out of how many and, when none did, why; {@link formatFilterResult} says it in one
 * line for a terminal.
 *
 * @module
 */
import type { FilterExpr } from "./ast.js";
import { type Filterable, type FlowFilter, compileFilter } from "./compile.js";

/** Why a filter matched nothing. */
export type FilterEmptyReasonCode =
  /** There was nothing to filter. */
  | "no-items"
  /** A key the filter needs never appears in the items (`nw_dst` in a dump of ARP flows, `n_packets` in a `--no-stats` dump). */
  | "key-absent"
  /** The filter tests counters (`n_packets>0`) and every counter of the items is 0. */
  | "counters-zero"
  /** The keys are there, the values just do not match. */
  | "no-match";

/** Why {@link filterFlows} found nothing. Plain data. */
export interface FilterEmptyReason {
  readonly code: FilterEmptyReasonCode;
  /** One sentence (`the key nw_dst never appears in these 20,914 flows`). */
  readonly message: string;
  /** The keys concerned (`key-absent`, `counters-zero`). */
  readonly keys?: readonly string[];
}

/** What {@link filterFlows} found. Plain data (the items are the caller's own objects). */
export interface FilterResult<T> {
  /** The filter expression. */
  readonly expression: string;
  /** The items that matched, in their order. */
  readonly items: readonly T[];
  readonly matched: number;
  readonly total: number;
  /** What the items are called in messages: `flows`, `datapath flows`, `trace steps`. */
  readonly noun: string;
  /** Why nothing matched (only when `matched` is 0). */
  readonly reason?: FilterEmptyReason;
}

/** What an item is called: by the shape of the first one. */
function nounOf(items: readonly Filterable[]): string {
  const x = items[0];
  if (x === undefined) return "flows";
  if ((x as { kind?: unknown }).kind === "step") return "trace steps";
  return "keys" in x || "keysText" in x ? "datapath flows" : "flows";
}

/**
 * `12,345`: thousands separated by commas, the same in every locale.
 *
 * @internal
 * @example
 * ```ts
 * groupThousands(20914); // "20,914"
 * ```
 */
export function groupThousands(n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  let out = "";
  for (let i = 0; i < s.length; i++) out += (i > 0 && (s.length - i) % 3 === 0 ? "," : "") + s[i];
  return (n < 0 ? "-" : "") + out;
}

/**
 * Keys absent from every item that alone make `e` false (a comparison on such a key, an `and`
 * with one, an `or` whose every branch has one), or `undefined` when absence explains nothing.
 */
function absentKeys(e: FilterExpr, absent: (key: string) => boolean): string[] | undefined {
  switch (e.kind) {
    case "cmp":
      return e.op !== "!=" && absent(e.key) ? [e.key] : undefined;
    case "not":
      return undefined;
    case "and": {
      const found = e.exprs.flatMap((x) => absentKeys(x, absent) ?? []);
      return found.length > 0 ? found : undefined;
    }
    case "or": {
      const all: string[] = [];
      for (const x of e.exprs) {
        const k = absentKeys(x, absent);
        if (k === undefined) return undefined;
        all.push(...k);
      }
      return all;
    }
  }
}

/** The keys of comparisons that must hold for the expression to be true (not under `!`, not `!=`). */
function positiveKeys(e: FilterExpr, negated: boolean, out: Set<string>): Set<string> {
  switch (e.kind) {
    case "cmp":
      if (!negated && e.op !== "!=") out.add(e.key);
      break;
    case "not":
      positiveKeys(e.expr, !negated, out);
      break;
    default:
      for (const x of e.exprs) positiveKeys(x, negated, out);
  }
  return out;
}

const COUNTERS: ReadonlySet<string> = new Set(["n_packets", "n_bytes", "packets", "bytes"]);

function countersOf(x: Filterable): readonly (bigint | undefined)[] {
  if ((x as { kind?: unknown }).kind === "step") return [];
  if ("keys" in x || "keysText" in x) return [x.packets, x.bytes];
  return [(x as { nPackets?: bigint }).nPackets, (x as { nBytes?: bigint }).nBytes];
}

/** Why `filter` matched none of `items` (which are not empty). */
function emptyReason(items: readonly Filterable[], filter: FlowFilter, noun: string): FilterEmptyReason {
  const these = `these ${groupThousands(items.length)} ${noun}`;
  const seen = new Map<string, boolean>();
  const isAbsent = (k: string): boolean => {
    let a = seen.get(k);
    if (a === undefined) {
      const present = compileFilter(k, { target: filter.targets, unknownKeys: "allow" });
      a = !items.some((x) => present.test(x));
      seen.set(k, a);
    }
    return a;
  };
  const ast = filter.ast;
  const absent = [...new Set(absentKeys(ast, isAbsent) ?? [])];
  if (absent.length > 0) {
    const what = absent.length === 1 ? `the key ${absent[0]} never appears` : `the keys ${absent.join(", ")} never appear`;
    return { code: "key-absent", message: `${what} in ${these}`, keys: absent };
  }
  const counters = [...positiveKeys(ast, false, new Set())].filter((k) => COUNTERS.has(k));
  if (counters.length > 0 && items.every((x) => countersOf(x).every((c) => c === undefined || c === 0n))) {
    return { code: "counters-zero", message: `all counters are 0 in ${these}`, keys: counters };
  }
  return { code: "no-match", message: `no value matched in ${these}` };
}

/**
 * Runs `filter` over `items` (OpenFlow flows, datapath flows or trace steps) and says how many
 * matched out of how many; when none did, `reason` says why: nothing to filter, a key that
 * never appears in the items, counters that are all 0, or values that just differ.
 *
 * @example
 * ```ts
 * import { compileFilter, filterFlows, formatFilterResult, parseFlows } from "ovskit";
 * const r = filterFlows(parseFlows(dump), compileFilter("nw_dst=10.96.1.118", { target: "openflow" }));
 * r.matched; // 0
 * r.reason;  // { code: "no-match", message: "no value matched in these 20,914 flows" }
 * formatFilterResult(r); // "0 of 20,914 flows matched 'nw_dst=10.96.1.118': no value matched in these 20,914 flows"
 * ```
 */
export function filterFlows<T extends Filterable>(items: readonly T[], filter: FlowFilter): FilterResult<T> {
  const out: T[] = [];
  for (const x of items) if (filter.test(x)) out.push(x);
  const noun = nounOf(items);
  const base = { expression: filter.expression, items: out, matched: out.length, total: items.length, noun };
  if (out.length > 0) return base;
  if (items.length === 0) return { ...base, reason: { code: "no-items", message: `there are no ${noun} to filter` } };
  return { ...base, reason: emptyReason(items, filter, noun) };
}

/**
 * The one line a view prints about a filter: `13,600 of 22,348 flows matched
 * 'nw_dst~=10.96.0.0/16'`, and why when nothing did.
 *
 * @example
 * ```ts
 * import { formatFilterResult } from "ovskit";
 * formatFilterResult({ expression: "n_packets>0", items: [], matched: 0, total: 3, noun: "flows",
 *   reason: { code: "counters-zero", message: "all counters are 0 in these 3 flows", keys: ["n_packets"] } });
 * // "0 of 3 flows matched 'n_packets>0': all counters are 0 in these 3 flows"
 * ```
 */
export function formatFilterResult(result: FilterResult<unknown>): string {
  const head = `${groupThousands(result.matched)} of ${groupThousands(result.total)} ${result.noun} matched '${result.expression}'`;
  return result.reason === undefined ? head : `${head}: ${result.reason.message}`;
}
