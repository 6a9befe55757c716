/**
 * From a filter's syntax tree to predicates: every key and value checked once at compile time
 * ({@link checkTree}), then one predicate per target, built on first use ({@link buildTree}).
 * Both walk the tree in the same order, so the values read by the check are found again by
 * position. Memory stays proportional to the expression, and small (issue 16): each key is
 * resolved once (every comparison of it shares its {@link KeyScan}), equal values are read
 * once and equal value tests shared, so a comparison costs one small closure; equal
 * comparisons and equal negations share a predicate, and a run of comparisons on one key
 * inside an `or` (`cookie=0x1 || cookie=0x2 || ...`) becomes one predicate.
 *
 * @module
 */
import type { FilterComparison, FilterExpr, FilterOp } from "./ast.js";
import type { UnknownFilterKey } from "./compile.js";
import { FilterError } from "./error.js";
import type { KeyPred, KeyScan } from "./hits.js";
import { type FilterTarget, checkKey } from "./key-catalog.js";
import { NUMERIC_INFO, isPresent } from "./keys.js";
import { type FilterValue, type ValueTest, readFilterValue, testValue } from "./values.js";

/** Resolves a key (`bare`: written without a value) for one target. @internal */
export type Resolver<T> = (key: string, path: readonly string[], bare: boolean) => KeyScan<T>;

const ORDER_OPS: ReadonlySet<string> = new Set(["<", "<=", ">", ">="]);

function readValue(c: FilterComparison, expression: string, seen: Map<string, FilterValue>): FilterValue | undefined {
  if (c.op === undefined) return undefined;
  const text = c.value as string;
  let fv = seen.get(text);
  if (fv === undefined) {
    fv = readFilterValue(text);
    seen.set(text, fv);
  }
  const at = c.valueAt ?? c.at;
  const head = c.path[0] as string;
  if (c.path.length === 1 && NUMERIC_INFO.has(head) && fv.iv === undefined && c.op !== "!=") {
    throw new FilterError("bad-value", `${head} needs an integer, not "${text}"`, expression, at);
  }
  if (ORDER_OPS.has(c.op) && fv.num === undefined && fv.iv === undefined && fv.net === undefined && fv.mac === undefined) {
    throw new FilterError("bad-value", `"${text}" cannot be ordered: ${c.op} needs a number, an address or a MAC`, expression, at);
  }
  return fv;
}

/**
 * Checks every key (against `targets`) and value of the tree, in the order written, and returns
 * the value of each comparison in that order (`undefined` for a bare key). Unknown keys throw,
 * or are noted in `unknown` when `allow`. @internal
 */
export function checkTree(
  ast: FilterExpr,
  expression: string,
  targets: readonly FilterTarget[],
  allow: boolean,
  unknown: UnknownFilterKey[],
): (FilterValue | undefined)[] {
  const values: (FilterValue | undefined)[] = [];
  const seen = new Map<string, FilterValue>();
  const visit = (e: FilterExpr): void => {
    switch (e.kind) {
      case "cmp": {
        const k = checkKey(e.path, targets);
        if (!k.ok) {
          if (!allow) throw new FilterError("unknown-key", k.message, expression, e.at, { key: e.key, suggestions: k.suggestions });
          unknown.push({ key: e.key, at: e.at, message: k.message, suggestions: k.suggestions });
        }
        values.push(readValue(e, expression, seen));
        return;
      }
      case "not":
        visit(e.expr);
        return;
      default:
        for (const x of e.exprs) visit(x);
    }
  };
  visit(ast);
  return values;
}

/**
 * A comparison `key op value` (`negate`: `!=`, tested as `!(=)`) with its value test, shared
 * through `tests` by the comparisons of other keys with the same operator and value. The test
 * and the predicate are made in one scope, so they share one context (issue 16: 32 bytes less
 * per comparison than two).
 */
function comparison<T>(scan: KeyScan<T>, op: FilterOp, fv: FilterValue, negate: boolean, tests: Map<string, ValueTest>, tid: string): KeyPred<T> {
  const shared = tests.get(tid);
  if (shared !== undefined) return negate ? notEqual(scan, shared) : keyPred(scan, shared);
  const test: ValueTest = (v) => testValue(op, fv, v);
  tests.set(tid, test);
  return negate ? (x) => !scan(x, test, undefined) : (x, hits) => scan(x, test, hits);
}

/** A comparison: a key's scan with a value test (made here, so the closure holds only these two). */
function keyPred<T>(scan: KeyScan<T>, test: ValueTest): KeyPred<T> {
  return (x, hits) => scan(x, test, hits);
}

/** `!=`: no value of the key is equal. */
function notEqual<T>(scan: KeyScan<T>, test: ValueTest): KeyPred<T> {
  return (x) => !scan(x, test, undefined);
}

function negation<T>(p: KeyPred<T>): KeyPred<T> {
  return (x) => !p(x, undefined);
}

/** Can `c` join a run of comparisons on one key in an `or`? (Not bare, not `!=`.) */
function fusable(e: FilterExpr): e is FilterComparison {
  return e.kind === "cmp" && e.op !== undefined && e.op !== "!=";
}

/**
 * The predicate of the tree for one target; `values` comes from {@link checkTree} on the same
 * tree. @internal
 */
export function buildTree<T>(ast: FilterExpr, resolve: Resolver<T>, values: readonly (FilterValue | undefined)[]): KeyPred<T> {
  let next = 0;
  // Each key resolved once (bare keys apart: an unknown bare key also looks at actions).
  const scans = new Map<string, KeyScan<T>>();
  const scanOf = (key: string, path: readonly string[], bare: boolean): KeyScan<T> => {
    const id = bare ? `${key}\u0000` : key;
    let s = scans.get(id);
    if (s === undefined) scans.set(id, (s = resolve(key, path, bare)));
    return s;
  };
  // Equal value tests shared between keys; equal comparisons share one predicate (`ip || ip`,
  // `a && a && ...` cost one), equal negations too.
  const tests = new Map<string, ValueTest>();
  const same = new Map<string, KeyPred<T>>();
  const nots = new Map<KeyPred<T>, KeyPred<T>>();
  const build = (e: FilterExpr): KeyPred<T> => {
    switch (e.kind) {
      case "cmp": {
        const fv = values[next++];
        const id = e.op === undefined ? e.key : `${e.key}\u0000${e.op}\u0000${e.value as string}`;
        let p = same.get(id);
        if (p === undefined) {
          const bare = e.op === undefined || fv === undefined;
          const scan = scanOf(e.key, e.path, bare);
          if (bare) p = e.op === "!=" ? notEqual(scan, isPresent) : keyPred(scan, isPresent);
          else {
            const o = e.op === "!=" ? "=" : (e.op as FilterOp);
            p = comparison(scan, o, fv, e.op === "!=", tests, `${o}\u0000${e.value as string}`);
          }
          same.set(id, p);
        }
        return p;
      }
      case "not": {
        const p = build(e.expr);
        let n = nots.get(p);
        if (n === undefined) nots.set(p, (n = negation(p)));
        return n;
      }
      case "and":
        return and(e.exprs.map(build));
      case "or":
        return or(orParts(e.exprs));
    }
  };
  /** The predicates of an `or`'s branches, a run of comparisons on one key as one. */
  const orParts = (exprs: readonly FilterExpr[]): KeyPred<T>[] => {
    const out: KeyPred<T>[] = [];
    for (let i = 0; i < exprs.length; ) {
      const e = exprs[i] as FilterExpr;
      let j = i + 1;
      if (fusable(e)) while (j < exprs.length && fusable(exprs[j] as FilterExpr) && (exprs[j] as FilterComparison).key === e.key) j++;
      if (j - i < 2) {
        out.push(build(e));
        i++;
        continue;
      }
      const ops: FilterOp[] = [];
      const fvs: FilterValue[] = [];
      for (let k = i; k < j; k++) {
        ops.push((exprs[k] as FilterComparison).op as FilterOp);
        fvs.push(values[next++] as FilterValue);
      }
      const test: ValueTest = (v) => {
        for (let k = 0; k < fvs.length; k++) if (testValue(ops[k] as FilterOp, fvs[k] as FilterValue, v)) return true;
        return false;
      };
      const first = e as FilterComparison;
      out.push(keyPred(scanOf(first.key, first.path, false), test));
      i = j;
    }
    return out;
  };
  const pred = build(ast);
  // Closures made in this scope (build's) share it: drop what they do not need.
  scans.clear();
  tests.clear();
  same.clear();
  nots.clear();
  return pred;
}

function and<T>(ps: readonly KeyPred<T>[]): KeyPred<T> {
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

function or<T>(ps: readonly KeyPred<T>[]): KeyPred<T> {
  if (ps.length === 1) return ps[0] as KeyPred<T>;
  return (x, hits) => {
    for (const p of ps) if (p(x, hits)) return true;
    return false;
  };
}
