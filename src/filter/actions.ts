/**
 * Action paths of the filter language: `output.port`, `resubmit.table`, `ct.zone`,
 * `nat.addrs`, `actions.kind`, over every action of a flow, nested ones included.
 *
 * @module
 */
import type { DatapathAction } from "../datapath/actions.js";
import type { Action, NatSpec } from "../openflow/actions/types.js";
import { type Hits, hit, isPresent } from "./hits.js";
import type { ValueTest } from "./values.js";
import { camel, walk } from "./walk.js";

/** Any action a filter looks into. @internal */
export type AnyAction = Action | NatSpec | DatapathAction;

/** The value an action path that ends at the action compares (`output=3`, `goto_table=8`). */
function primaryValue(a: { readonly kind: string }): unknown {
  const o = a as Record<string, unknown>;
  switch (a.kind) {
    case "output":
    case "enqueue":
      return o.port;
    case "resubmit":
      return o.table;
    case "conjunction":
    case "recirc":
      return o.id;
    case "note":
      return o.hex;
    default:
      return "value" in o ? o.value : a;
  }
}

/**
 * Calls `visit` on every action of kind `head` (every action when `head` is undefined), nested
 * ones (clone, write_actions, ct exec / nat, sample, check_pkt_len) included; `top` is the
 * index of the top-level action that holds it. A tight loop: no call for other kinds.
 */
function anyAction(
  list: readonly AnyAction[],
  head: string | undefined,
  visit: (a: AnyAction, top: number) => boolean,
  top = -1,
): boolean {
  for (let i = 0; i < list.length; i++) {
    const a = list[i] as AnyAction;
    const k = a.kind;
    const t = top < 0 ? i : top;
    if ((head === undefined || k === head || (k === "unknown" && a.name === head)) && visit(a, t)) return true;
    switch (k) {
      case "clone":
      case "write_actions":
      case "sample":
        if ("actions" in a && anyAction(a.actions, head, visit, t)) return true;
        break;
      case "ct":
        if ("exec" in a && a.exec !== undefined && anyAction(a.exec, head, visit, t)) return true;
        if (a.nat !== undefined && (head === undefined || head === "nat") && visit(a.nat, t)) return true;
        break;
      case "check_pkt_len":
        if (anyAction(a.gt, head, visit, t) || anyAction(a.le, head, visit, t)) return true;
        break;
    }
  }
  return false;
}

/**
 * The test of an action path: `head` is an action kind (or `actions` for any action), `rest`
 * the path into it. @internal
 */
export function actionPred(key: string, path: readonly string[]): (list: readonly AnyAction[], test: ValueTest, hits: Hits) => boolean {
  const head = path[0] as string;
  const rest = path.slice(1);
  const props = rest.map(camel);
  const prop = props[0] as string;
  const any = head === "actions";
  const kindOnly = any && rest.length === 1 && rest[0] === "kind";
  // One state per compiled key: evaluation is synchronous (a value test never evaluates a
  // key), so no allocation per flow.
  let test: ValueTest = isPresent;
  let found = -1;
  let name = "";
  const visit = (a: AnyAction, top: number): boolean => {
    const unknownName = a.kind === "unknown" ? (a as { name: string }).name : undefined;
    let r: boolean;
    if (kindOnly) r = test(a.kind) || (unknownName !== undefined && test(unknownName));
    else if (rest.length === 0) r = test === isPresent ? true : test(primaryValue(a));
    else if (rest.length === 1 && a.kind !== "nat") {
      const v = (a as unknown as Record<string, unknown>)[prop];
      r = v !== undefined && typeof v !== "object" ? test(v) : walk(a, rest, props, 0, test);
    } else r = walk(a, rest, props, 0, test);
    if (r) {
      found = top;
      name = unknownName ?? a.kind;
    }
    return r;
  };
  const only = any ? undefined : head;
  return (list, t, hits) => {
    test = t;
    return anyAction(list, only, visit) && hit(hits, key, "actions", name, found);
  };
}

/** Unknown actions (kind `unknown`) named `name`, nested ones included: keys that are not action kinds. @internal */
export function unknownActionPred(key: string, name: string): (list: readonly AnyAction[], hits: Hits) => boolean {
  const scan = (list: readonly AnyAction[]): number => {
    for (let i = 0; i < list.length; i++) {
      const a = list[i] as AnyAction;
      switch (a.kind) {
        case "unknown":
          if (a.name === name) return i;
          break;
        case "clone":
        case "write_actions":
          if (scan(a.actions) >= 0) return i;
          break;
        case "ct":
          if ("exec" in a && a.exec !== undefined && scan(a.exec) >= 0) return i;
          break;
      }
    }
    return -1;
  };
  return (list, hits) => {
    const i = scan(list);
    return i >= 0 && hit(hits, key, "actions", name, i);
  };
}

