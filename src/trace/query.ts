/**
 * Questions users ask of a parsed trace: every step in execution order, the tables visited, the
 * cookies seen (to map them back to OVN logical flows).
 *
 * @module
 */
import type { Trace, TraceItem, TraceSection, TraceStep } from "./types.js";

/**
 * The steps of one section in execution order (the order OVS printed them), nested ones
 * included. Iterative: arbitrarily deep resubmit chains are fine.
 *
 * @example
 * ```ts
 * import { parseTrace, sectionSteps } from "ovskit";
 * const last = parseTrace(text).sections.at(-1)!;
 * sectionSteps(last).map((s) => s.table); // [15, 16, 17, ...]
 * ```
 */
export function sectionSteps(section: TraceSection): TraceStep[] {
  const out: TraceStep[] = [];
  // Depth-first over the items (not only step children, so that a step reached through a
  // bucket or a patch port's bridge comes in its place). Stack of [items, next index].
  const stack: [readonly TraceItem[], number][] = [[section.items, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as [readonly TraceItem[], number];
    const item = top[0][top[1]++];
    if (item === undefined) {
      stack.pop();
      continue;
    }
    if (item.kind === "step") out.push(item);
    const items = "items" in item ? item.items : undefined;
    if (items !== undefined && items.length > 0) stack.push([items, 0]);
  }
  return out;
}

/**
 * Every table step of the trace, in execution order: the initial pass, then each
 * recirculation section.
 *
 * @example
 * ```ts
 * import { parseTrace, traceSteps } from "ovskit";
 * for (const s of traceSteps(parseTrace(text))) console.log(s.section, s.bridge, s.table, s.priority);
 * ```
 */
export function traceSteps(trace: Trace): TraceStep[] {
  const out: TraceStep[] = [];
  for (const s of trace.sections) for (const step of sectionSteps(s)) out.push(step);
  return out;
}

/** A table the trace went through: which bridge, which table, how many times. */
export interface TraceTableVisit {
  readonly bridge: string;
  readonly table: number;
  /** Number of steps in that table, over all sections. */
  readonly count: number;
}

/**
 * The tables the trace visited, distinct per (bridge, table), in the order they were first
 * visited, with how many times each was. For the full sequence with repeats, map
 * {@link traceSteps} to `s.table`.
 *
 * @example
 * ```ts
 * import { parseTrace, traceTables } from "ovskit";
 * traceTables(parseTrace(text)); // [{ bridge: "br-int", table: 0, count: 1 }, { bridge: "br-int", table: 8, count: 2 }, ...]
 * ```
 */
export function traceTables(trace: Trace): TraceTableVisit[] {
  const index = new Map<string, number>();
  const out: { bridge: string; table: number; count: number }[] = [];
  for (const s of traceSteps(trace)) {
    const key = `${s.table} ${s.bridge}`;
    const i = index.get(key);
    if (i === undefined) {
      index.set(key, out.length);
      out.push({ bridge: s.bridge, table: s.table, count: 1 });
    } else (out[i] as { count: number }).count++;
  }
  return out;
}

/**
 * The distinct flow cookies of the trace's steps, in first-seen order (steps without a cookie,
 * which OVS prints for cookie 0, are skipped). With OVN, each is the first 32 bits of a
 * logical flow's UUID: feed them to `ovn-detrace` or `ovn-sbctl find Logical_Flow`.
 *
 * @example
 * ```ts
 * import { parseTrace, traceCookies } from "ovskit";
 * traceCookies(parseTrace(text)).map((c) => c.toString(16)); // ["6748cebd", "81e6044c", ...]
 * ```
 */
export function traceCookies(trace: Trace): bigint[] {
  const seen = new Set<bigint>();
  const out: bigint[] = [];
  for (const s of traceSteps(trace)) {
    if (s.cookie !== 0n && !seen.has(s.cookie)) {
      seen.add(s.cookie);
      out.push(s.cookie);
    }
  }
  return out;
}
