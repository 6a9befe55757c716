/**
 * The logic view: flows that do the same thing to different values, folded into one line.
 * Flows are grouped per table by (priority, ordered set of match keys, ordered set of action
 * kinds with the values of output / resubmit / goto_table / drop), as `ovs-flowviz logic` does,
 * optionally per cookie, optionally labelled by a cookie resolver (an OVN logical flow join).
 *
 * @module
 */
import { formatPort } from "../openflow/actions/format.js";
import type { Action } from "../openflow/actions/types.js";
import { type AnyFlow, type Flow, actionsDecoder } from "../openflow/flow.js";
import { compareTables } from "./table-summary.js";

/**
 * Names a cookie, e.g. with the OVN logical flow it came from (the detrace join), or returns
 * `undefined` when it does not know it.
 */
export type CookieResolver = (cookie: bigint) => string | undefined;

/** A cookie with its label: the resolver's, else the cookie in hex (`0x6ccfdc1d`). */
export interface LabelledCookie {
  readonly cookie: bigint;
  readonly label: string;
  /** True when the label came from the resolver. */
  readonly resolved: boolean;
  /** Flows of the group with this cookie. */
  readonly flows: number;
}

/** One line of the logic view. */
export interface LogicGroup<F extends AnyFlow = Flow> {
  readonly table: number | string;
  readonly priority: number;
  /** Match field names, in the order first printed. */
  readonly matchKeys: readonly string[];
  /** Action kinds in order (each once), with the values of output / resubmit / goto_table / drop (`resubmit(,8)`, `output:3`). */
  readonly actionKeys: readonly string[];
  readonly flows: readonly F[];
  /** The distinct cookies of the group's flows, in first-seen order. With `byCookie`, exactly one. */
  readonly cookies: readonly LabelledCookie[];
}

/** Options of {@link groupFlowsByLogic}. */
export interface LogicViewOptions {
  /** Split groups per cookie. Default false. */
  readonly byCookie?: boolean;
  /** Labels cookies (e.g. with OVN logical flows); without it, or when it returns undefined, the label is the cookie in hex. */
  readonly resolveCookie?: CookieResolver;
}

const DEFAULT_PRIORITY = 32768;

/**
 * The action keys of a flow as the logic view groups them.
 *
 * @example
 * ```ts
 * import { logicActionKeys, parseFlow } from "ovskit";
 * logicActionKeys(parseFlow(" priority=1 actions=set_field:0x1->reg13,set_field:0x2->reg14,resubmit(,8)").actions);
 * // ["set_field", "resubmit(,8)"]
 * ```
 */
export function logicActionKeys(actions: readonly Action[]): string[] {
  const out: string[] = [];
  for (const a of actions) {
    let k: string;
    switch (a.kind) {
      case "output":
        k = typeof a.port === "object" ? `output:${a.port.field}` : `output:${formatPort(a.port)}`;
        break;
      case "resubmit":
        k = `resubmit(${a.port === undefined ? "" : formatPort(a.port)},${a.table ?? ""}${a.ct === true ? ",ct" : ""})`;
        break;
      case "goto_table":
        k = `goto_table:${a.value.kind === "int" ? a.value.value : ""}`;
        break;
      case "unknown":
        k = a.name;
        break;
      default:
        k = a.kind;
    }
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

/**
 * A cookie's label: the resolver's, else `0x…` hex. @internal
 *
 * @example
 * ```ts
 * labelCookie(0x1an, undefined); // { label: "0x1a", resolved: false }
 * ```
 */
export function labelCookie(cookie: bigint, resolve: CookieResolver | undefined): { label: string; resolved: boolean } {
  const r = resolve?.(cookie);
  return r === undefined ? { label: `0x${cookie.toString(16)}`, resolved: false } : { label: r, resolved: true };
}

/**
 * Builds the logic view: groups in table order, then highest priority first, then first seen.
 * Lazy flows' actions are decoded once per distinct action text.
 *
 * @example
 * ```ts
 * import { groupFlowsByLogic, parseFlows } from "ovskit";
 * for (const g of groupFlowsByLogic(parseFlows(text))) {
 *   console.log(`table=${g.table} priority=${g.priority} ${g.matchKeys.join(",")} -> ${g.actionKeys.join(",")} x${g.flows.length}`);
 * }
 * // with an OVN join: groupFlowsByLogic(flows, { byCookie: true, resolveCookie: (c) => lflowNameOf(c) })
 * ```
 */
export function groupFlowsByLogic<F extends AnyFlow>(flows: readonly F[], options: LogicViewOptions = {}): LogicGroup<F>[] {
  const actionsOf = actionsDecoder();
  interface Acc {
    table: number | string;
    priority: number;
    matchKeys: string[];
    actionKeys: string[];
    flows: F[];
    cookies: Map<bigint, number>;
    order: number;
  }
  const groups = new Map<string, Acc>();
  for (const f of flows) {
    const table = f.table ?? 0;
    const priority = f.priority ?? DEFAULT_PRIORITY;
    const matchKeys: string[] = [];
    for (const m of f.match) if (!matchKeys.includes(m.name)) matchKeys.push(m.name);
    const actionKeys = logicActionKeys(actionsOf(f));
    const cookie = f.cookie ?? 0n;
    const key = `${typeof table}:${table}|${priority}|${matchKeys.join(",")}|${actionKeys.join(",")}${options.byCookie === true ? `|${cookie}` : ""}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { table, priority, matchKeys, actionKeys, flows: [], cookies: new Map(), order: groups.size };
      groups.set(key, g);
    }
    g.flows.push(f);
    g.cookies.set(cookie, (g.cookies.get(cookie) ?? 0) + 1);
  }
  return [...groups.values()]
    .sort((a, b) => compareTables(a.table, b.table) || b.priority - a.priority || a.order - b.order)
    .map((g) => ({
      table: g.table,
      priority: g.priority,
      matchKeys: g.matchKeys,
      actionKeys: g.actionKeys,
      flows: g.flows,
      cookies: [...g.cookies].map(([cookie, n]) => ({ cookie, ...labelCookie(cookie, options.resolveCookie), flows: n })),
    }));
}

/**
 * @deprecated Renamed {@link groupFlowsByLogic} in 0.2.0: "view" now names only the database
 * projections (`nbView`, `sbView`, `vswitchView`); a grouping of flows is `groupFlowsBy...`.
 * Kept until 0.3.0.
 *
 * @example
 * ```ts
 * import { groupFlowsByLogic } from "ovskit"; // instead of logicView
 * ```
 */
export const logicView: typeof groupFlowsByLogic = groupFlowsByLogic;
