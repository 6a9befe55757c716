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
import type { FilterExpr } from "./ast.js";
import { buildTree, checkTree } from "./build.js";
import { parseFilter } from "./grammar.js";
import { type FilterTarget, targetsOf } from "./key-catalog.js";
import type { FilterValue } from "./values.js";
import { type Hits, type KeyPred, type MatchedKey, datapathKey, openflowKey, traceKey } from "./keys.js";

/** Anything a filter applies to: OpenFlow and datapath flows (decoded or lazy), trace steps. */
export type Filterable = AnyFlow | AnyDatapathFlow | TraceStep;

/** The result of {@link FlowFilter.explain}: whether it matched, and the keys that made it match. */
export interface FilterMatch {
  readonly matched: boolean;
  /** The keys whose tests were true on the way to the match (empty when not matched). */
  readonly keys: readonly MatchedKey[];
}

/** How {@link compileFilter} checks keys. */
export interface CompileFilterOptions {
  /**
   * What the filter will test: its keys must be keys of that target (of one of them, for a
   * list). Default: all three, so a key of any of them is accepted.
   */
  readonly target?: FilterTarget | readonly FilterTarget[];
  /**
   * `"error"` (default): a key unknown to the targets is a {@link FilterError} (code
   * `unknown-key`, with the nearest known keys). `"allow"`: the escape for keys of a newer OVS
   * (a match field or action ovskit does not know yet): the key is compared by name with what
   * the flows hold, and listed in {@link FlowFilter.unknownKeys}.
   */
  readonly unknownKeys?: "error" | "allow";
}

/** A key a filter compiled with `unknownKeys: "allow"` did not know. */
export interface UnknownFilterKey {
  /** The key as written. */
  readonly key: string;
  /** 0-based offset of the key in the expression. */
  readonly at: number;
  /** What a strict compile would have said (`unknown key nw_dts: did you mean nw_dst?`). */
  readonly message: string;
  readonly suggestions: readonly string[];
}

/** A compiled filter. Compile once, then test many flows. */
export interface FlowFilter {
  /** The expression, as given. */
  readonly expression: string;
  /**
   * Its syntax tree, parsed again from {@link FlowFilter.expression} on each read: the filter
   * holds its predicates, not the tree (issue 16). Read it once and keep it where it is used.
   */
  readonly ast: FilterExpr;
  /** The targets its keys were checked against. */
  readonly targets: readonly FilterTarget[];
  /** Keys it did not know (only with `unknownKeys: "allow"`; a strict compile throws instead). */
  readonly unknownKeys: readonly UnknownFilterKey[];
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

function kindOf(x: Filterable): "openflow" | "datapath" | "trace" {
  if ((x as TraceStep).kind === "step") return "trace";
  return "keys" in x || "keysText" in x ? "datapath" : "openflow";
}

/**
 * Compiles a filter expression, in time and memory linear in its length. Throws
 * {@link FilterError} with the line and column: a syntax error (trailing garbage included),
 * nesting deeper than {@link FILTER_MAX_DEPTH}, a key unknown to `options.target` (with the
 * nearest known keys: `unknown key nw_dts: did you mean nw_dst?`; `unknownKeys: "allow"` lets
 * keys of a newer OVS through), or a value its key cannot take.
 *
 * **The language.** `key op value` with `=`, `!=`, `<`, `<=`, `>`, `>=`, `~=`; a bare `key`
 * (present, or flag true); `!` / `not`, `&&` / `and`, `||` / `or` (`!` binds tightest, then
 * `&&`, then `||`); parentheses; values quoted with `"` or `'` when they hold spaces or
 * operator characters.
 *
 * **Keys** ({@link filterKeys} lists them all, `docs/filter-keys.md` documents them). Info keys
 * (`cookie`, `table`, `priority` — 32768 when not printed —, `n_packets` and `n_bytes` (also
 * `packets` / `bytes`), `duration` in seconds, `idle_timeout`, `hard_timeout`, `importance`,
 * `idle_age`, `hard_age`, flow flags such as `send_flow_rem`); match fields by their
 * ovs-fields(7) names and aliases (`nw_src` / `ip_src`, `reg13`, `ct_state`, `tcp`); actions by
 * kind with dotted paths into them (`output.port=3`, `resubmit.table=8`, `ct.zone=0`,
 * `ct.commit`, `nat.addrs~=10.0.0.5`, `nat.ports~=8080`, `set_field.dst=reg13`), a bare action
 * kind (`drop`, `ct`), `actions.kind=drop`. An action key ending at the action compares its main
 * value (`output=3`, `goto_table=8`). Datapath flows: `recirc_id`, `in_port`, `packets`,
 * `bytes` (also `n_packets` / `n_bytes`), `used`, `flags` (TCP flags seen), `dp`, `offloaded`,
 * `ufid`, ODP keys with their fields (`ipv4.src~=10.0.0.5`, `ct_state~=+trk`, `tunnel.dst`,
 * `tcp_flags`), and actions as above (`ct.zone=7`, `recirc=0x2a`, `set.ipv4.dst`). Trace
 * steps: `table`, `priority`, `cookie`, `bridge`, `section`, `depth`, `outcome`, the step's
 * match and actions.
 *
 * **Semantics.** A key that repeats (several outputs, nested actions in `clone` / `ct(exec)`)
 * matches if any occurrence does. Zero values are values: `ct.zone=0`, `resubmit.table=0`
 * and a bare `ct.zone` find a zone 0. `!=` is `!(=)`: true when no occurrence is equal (also
 * when the key is absent). Values compare by the type of the flow's value: integers in
 * decimal or hex (64-bit and 128-bit exact), `value/mask`, IPv4 / IPv6 with prefix or mask,
 * MACs with mask, flags (`ct_state=+est+trk` is the same set, in any order; `~=` is
 * "contains these flags"), port and table names, text.
 * `=` on a masked value compares its value (write `value/mask` to compare the mask too).
 * **`~=` is overlap**: true when some value matches both sides, i.e. they agree on the bits
 * both masks keep. A subnet or masked value on the right finds the flows whose value lies in
 * it (`nw_dst~=10.96.0.0/16` finds `nw_dst=10.96.1.118`); an address finds the flows whose
 * masked value contains it (`nw_src~=192.168.1.1` finds `nw_src=192.168.1.0/24`); the same for
 * IPv6, MACs and integers with masks (`reg0~=0x4/0xfc`); on text, substring; on ranges
 * (`nat.addrs`, `nat.ports`), the value or subnet overlaps the range.
 * **`<`, `<=`, `>`, `>=` on a masked value compare its value and ignore the mask**
 * (`nw_dst>10.0.0.0` is true for `nw_dst=10.1.0.0/16`).
 *
 * @example
 * ```ts
 * import { compileFilter, parseFlows } from "ovskit";
 * const f = compileFilter("nw_dst~=10.244.0.0/16 && n_packets>0 && !drop", { target: "openflow" });
 * const hot = parseFlows(text).filter((flow) => f.matchFlow(flow));
 * f.explain(hot[0]!).keys; // [{ key: "nw_dst", area: "match", name: "nw_dst", index: 2 }, ...]
 * ```
 */
export function compileFilter(expression: string, options: CompileFilterOptions = {}): FlowFilter {
  const tree = syntaxTree(expression);
  const targets = targetsOf(options.target);
  const unknownKeys: UnknownFilterKey[] = [];
  const allow = options.unknownKeys === "allow";
  const first: Checked = { ast: tree.get(), values: [] };
  first.values = checkTree(first.ast, expression, targets, allow, unknownKeys);
  // The predicates of the targets asked for are built now, the others on first use (from the
  // tree parsed again: the filter does not hold it; issue 16). Lazy
  // flows: actions decoded once per distinct text (shared by every key of the expression and
  // every flow with that text); keys decoded once per flow tested (the last one is kept).
  const again = (): Checked => {
    const ast = tree.get();
    return { ast, values: checkTree(ast, expression, targets, true, []) };
  };
  const of = predicate(targets.includes("openflow") ? first : undefined, again, ({ ast, values }) => {
    const actionsOf = actionsDecoder();
    return buildTree<AnyFlow>(ast, (k, p, t) => openflowKey(k, p, t, actionsOf), values);
  });
  const dp = predicate(targets.includes("datapath") ? first : undefined, again, ({ ast, values }) => {
    const keysOf = lastKeysMemo();
    return buildTree<AnyDatapathFlow>(ast, (k, p, t) => datapathKey(k, p, t, keysOf), values);
  });
  const tr = predicate(targets.includes("trace") ? first : undefined, again, ({ ast, values }) => buildTree<TraceStep>(ast, traceKey, values));
  first.values = [];
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
    get ast() {
      return tree.get();
    },
    targets,
    unknownKeys,
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

/** A syntax tree and the values {@link checkTree} read from it, in the order written. */
interface Checked {
  readonly ast: FilterExpr;
  values: readonly (FilterValue | undefined)[];
}

/**
 * The syntax tree of `expression`, parsed again on each call: a compiled filter holds its
 * predicates, not also the tree (30 bytes per 4 characters for `ip||ip||...`; issue 16).
 */
function syntaxTree(expression: string): { get(): FilterExpr } {
  return { get: () => parseFilter(expression) };
}

/** The predicate `make` builds: now from `now` when given, else on its first call (from `later()`). */
function predicate<T>(now: Checked | undefined, later: () => Checked, make: (c: Checked) => KeyPred<T>): KeyPred<T> {
  if (now !== undefined) return make(now);
  let p: KeyPred<T> | undefined;
  return (x, hits) => (p ?? (p = make(later())))(x, hits);
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
