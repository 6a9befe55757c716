/**
 * {@link compileFilter}: a filter expression compiled into reusable predicates for OpenFlow
 * flows, datapath flows and trace steps.
 *
 * @module
 */
import { type AnyDatapathFlow, decodeKeys, isLazyDatapathFlow } from "../datapath/flow.js";
import type { OdpNode } from "../datapath/node.js";
import { type AnyFlow, actionsDecoder } from "../openflow/flow.js";
import type { TraceStep } from "../trace/types.js";
import type { FilterComparison, FilterExpr } from "./ast.js";
import { FilterError } from "./error.js";
import { parseFilter } from "./grammar.js";
import {
  type Hits,
  type KeyPred,
  type MatchedKey,
  NUMERIC_INFO,
  datapathKey,
  isPresent,
  openflowKey,
  traceKey,
} from "./keys.js";
import { type ValueTest, makeValueTest, readFilterValue } from "./values.js";

/** Anything a filter applies to: OpenFlow and datapath flows (decoded or lazy), trace steps. */
export type Filterable = AnyFlow | AnyDatapathFlow | TraceStep;

/** The result of {@link FlowFilter.explain}: whether it matched, and the keys that made it match. */
export interface FilterMatch {
  readonly matched: boolean;
  /** The keys whose tests were true on the way to the match (empty when not matched). */
  readonly keys: readonly MatchedKey[];
}

/** A compiled filter. Compile once, then test many flows. */
export interface FlowFilter {
  /** The expression, as given. */
  readonly expression: string;
  /** Its syntax tree. */
  readonly ast: FilterExpr;
  /**
   * Tests an OpenFlow flow. A lazy flow's actions are decoded only when the expression needs
   * them, once per distinct action text for the life of the filter (the filter keeps a
   * bounded cache), however many keys look at them.
   */
  matchFlow(flow: AnyFlow): boolean;
  /** Tests a datapath flow (a lazy flow's keys are decoded at most once per test). */
  matchDatapath(flow: AnyDatapathFlow): boolean;
  /** Tests a trace step (table, priority, cookie, match, actions of the step). */
  matchStep(step: TraceStep): boolean;
  /** Tests any of the three, told apart by shape. */
  test(x: Filterable): boolean;
  /** Like {@link FlowFilter.test}, and says which keys matched (for highlighting). */
  explain(x: Filterable): FilterMatch;
}

type Resolver<T> = (key: string, path: readonly string[], test: ValueTest) => KeyPred<T>;

const ORDER_OPS = new Set(["<", "<=", ">", ">="]);

function valueTest(c: FilterComparison, expression: string): ValueTest {
  if (c.op === undefined) return isPresent;
  const fv = readFilterValue(c.value as string);
  const at = c.valueAt ?? c.at;
  const head = c.path[0] as string;
  if (c.path.length === 1 && NUMERIC_INFO.has(head) && fv.int === undefined && c.op !== "!=") {
    throw new FilterError("bad-value", `${head} needs an integer, not "${c.value}"`, expression, at);
  }
  if (ORDER_OPS.has(c.op) && fv.num === undefined && fv.int === undefined && fv.net === undefined && fv.mac === undefined) {
    throw new FilterError("bad-value", `"${c.value}" cannot be ordered: ${c.op} needs a number, an address or a MAC`, expression, at);
  }
  return makeValueTest(c.op === "!=" ? "=" : c.op, fv);
}

function build<T>(e: FilterExpr, resolve: Resolver<T>, expression: string): KeyPred<T> {
  switch (e.kind) {
    case "cmp": {
      const p = resolve(e.key, e.path, valueTest(e, expression));
      if (e.op !== "!=") return p;
      return (x) => !p(x, undefined);
    }
    case "not": {
      const p = build(e.expr, resolve, expression);
      return (x) => !p(x, undefined);
    }
    case "and": {
      const ps = e.exprs.map((x) => build(x, resolve, expression));
      if (ps.length === 2) {
        const [a, b] = ps as [KeyPred<T>, KeyPred<T>];
        return (x, hits) => {
          const mark = hits?.length ?? 0;
          if (a(x, hits) && b(x, hits)) return true;
          if (hits !== undefined) hits.length = mark;
          return false;
        };
      }
      return (x, hits) => {
        const mark = hits?.length ?? 0;
        for (const p of ps) {
          if (!p(x, hits)) {
            if (hits !== undefined) hits.length = mark;
            return false;
          }
        }
        return true;
      };
    }
    case "or": {
      const ps = e.exprs.map((x) => build(x, resolve, expression));
      return (x, hits) => {
        for (const p of ps) if (p(x, hits)) return true;
        return false;
      };
    }
  }
}

function kindOf(x: Filterable): "openflow" | "datapath" | "trace" {
  if ((x as TraceStep).kind === "step") return "trace";
  return "keys" in x || "keysText" in x ? "datapath" : "openflow";
}

/**
 * Compiles a filter expression. Throws {@link FilterError} with the column on a syntax error
 * (trailing garbage included) or on a value its key cannot take.
 *
 * **The language.** `key op value` with `=`, `!=`, `<`, `<=`, `>`, `>=`, `~=`; a bare `key`
 * (present, or flag true); `!` / `not`, `&&` / `and`, `||` / `or` (`!` binds tightest, then
 * `&&`, then `||`); parentheses; values quoted with `"` or `'` when they hold spaces or
 * operator characters.
 *
 * **Keys.** Info keys (`cookie`, `table`, `priority` — 32768 when not printed —, `n_packets`
 * and `n_bytes` (also `packets` / `bytes`), `duration` in seconds, `idle_timeout`,
 * `hard_timeout`, `importance`, `idle_age`, `hard_age`, flow flags such as `send_flow_rem`); match fields by name (`nw_src`, `reg13`,
 * `ct_state`, `tcp`; `eth_src` and `dl_src` and similar pairs are the same field); actions
 * by kind with dotted paths into them (`output.port=3`, `resubmit.table=8`, `ct.zone=0`,
 * `ct.commit`, `nat.addrs~=10.0.0.5`, `nat.ports~=8080`, `set_field.dst=reg13`), a bare
 * action kind (`drop`, `ct`), `actions.kind=drop`. An action key ending at the action compares
 * its main value (`output=3`, `goto_table=8`). Datapath flows: `recirc_id`, `in_port`,
 * `packets`, `bytes` (also `n_packets` / `n_bytes`), `used`, `flags`, `dp`, `offloaded`,
 * `ufid`, keys by name with paths (`ipv4.src~=10.0.0.5`, `ct_state~=+trk`, `tunnel.dst`), and actions as above
 * (`ct.zone=7`, `recirc=0x2a`, `set.ipv4.dst`). Trace steps: `table`, `priority`, `cookie`,
 * `bridge`, `section`, `depth`, `outcome`, the step's match and actions.
 *
 * **Semantics.** A key that repeats (several outputs, nested actions in `clone` / `ct(exec)`)
 * matches if any occurrence does. Zero values are values: `ct.zone=0`, `resubmit.table=0`
 * and a bare `ct.zone` find a zone 0. `!=` is `!(=)`: true when no occurrence is equal (also
 * when the key is absent). Values compare by the type of the flow's value: integers in
 * decimal or hex (64-bit and 128-bit exact), `value/mask`, IPv4 / IPv6 with prefix or mask,
 * MACs with mask, flags (`ct_state=+est+trk` is the same set, in any order; `~=` is
 * "contains these flags"), port and table names, text.
 * `=` on a masked value compares its value (write `value/mask` to compare the mask too).
 * `~=` is containment: the filter's value (or network) lies within the flow's masked value
 * (`nw_src~=192.168.1.1` matches `nw_src=192.168.1.0/24`; `reg0~=0x5` matches
 * `reg0=0x4/0xfe`); on text, substring; on ranges (`nat.addrs`), inside the range.
 * **`<`, `<=`, `>`, `>=` on a masked value compare its value and ignore the mask**
 * (`nw_dst>10.0.0.0` is true for `nw_dst=10.1.0.0/16`).
 *
 * @example
 * ```ts
 * import { compileFilter, parseFlows } from "ovskit";
 * const f = compileFilter("nw_dst~=10.244.1.5 && n_packets>0 && !drop"); // flows whose nw_dst covers 10.244.1.5
 * const hot = parseFlows(text).filter((flow) => f.matchFlow(flow));
 * f.explain(hot[0]!).keys; // [{ key: "nw_dst", area: "match", name: "nw_dst", index: 2 }, ...]
 * ```
 */
export function compileFilter(expression: string): FlowFilter {
  const ast = parseFilter(expression);
  // Lazy flows: actions decoded once per distinct text (shared by every key of the expression
  // and every flow with that text); keys decoded once per flow tested (the last one is kept).
  const actionsOf = actionsDecoder();
  const keysOf = lastKeysMemo();
  const of = build<AnyFlow>(ast, (k, p, t) => openflowKey(k, p, t, actionsOf), expression);
  const dp = build<AnyDatapathFlow>(ast, (k, p, t) => datapathKey(k, p, t, keysOf), expression);
  const tr = build<TraceStep>(ast, traceKey, expression);
  const test = (x: Filterable, hits: Hits): boolean => {
    switch (kindOf(x)) {
      case "trace":
        return tr(x as TraceStep, hits);
      case "datapath":
        return dp(x as AnyDatapathFlow, hits);
      default:
        return of(x as AnyFlow, hits);
    }
  };
  return {
    expression,
    ast,
    matchFlow: (flow) => of(flow, undefined),
    matchDatapath: (flow) => dp(flow, undefined),
    matchStep: (step) => tr(step, undefined),
    test: (x) => test(x, undefined),
    explain: (x) => {
      const hits: MatchedKey[] = [];
      const matched = test(x, hits);
      return { matched, keys: matched ? hits : [] };
    },
  };
}

/** The keys of a datapath flow; a lazy flow's are decoded once while it is the last one asked for. */
function lastKeysMemo(): (f: AnyDatapathFlow) => readonly OdpNode[] {
  let last: AnyDatapathFlow | undefined;
  let keys: readonly OdpNode[] = [];
  return (f) => {
    if (!isLazyDatapathFlow(f)) return f.keys;
    if (f !== last) {
      keys = decodeKeys(f);
      last = f;
    }
    return keys;
  };
}
