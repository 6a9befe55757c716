/**
 * The classifier index of one OpenFlow table: tuple-space search, as OVS's `lib/classifier.c`.
 *
 * Rules are grouped into subtables by the set of (word, mask) pairs they match on. A subtable
 * is a hash map from the masked words of a packet to the rules with exactly those values,
 * highest priority first. A lookup visits the subtables in decreasing order of their highest
 * priority and stops as soon as no remaining subtable can beat the best match found: one hash
 * probe per visited subtable, whatever the number of rules. OVN's tables hold many rules
 * with the same few masks (a priority and a handful of registers), so a table of thousands of
 * flows has a few dozen subtables.
 *
 * Conjunctive matches follow `classifier_lookup__`: a rule whose actions are only
 * `conjunction(id,k/n)` is a "soft" match; when the soft matches of the highest priority cover
 * all `n` clauses of an `id`, the table is looked up again with `conj_id=id`; otherwise the
 * lookup falls back to lower-priority matches.
 *
 * Ties (two matching rules of the same priority in different subtables) are resolved by dump
 * order; OVS leaves them undefined.
 *
 * @module
 */
import type { FlowWords } from "./flow-state.js";
import { W } from "./layout.js";

/** One clause of a conjunctive match: `conjunction(id, clause/nClauses)` (clause 0-based). */
export interface ConjClause {
  readonly id: number;
  readonly clause: number;
  readonly nClauses: number;
}

/** A rule as the index keeps it. `T` is whatever the pipeline attaches (its flow). */
export interface IndexedRule<T> {
  readonly table: number;
  readonly priority: number;
  /** Position in the input (dump order), for stable ties. */
  readonly order: number;
  readonly data: T;
}

interface Bucket<T> {
  readonly values: Uint32Array;
  /** Rules with this exact match, highest priority first. */
  readonly rules: IndexedRule<T>[];
}

interface Subtable<T> {
  readonly words: Int32Array;
  readonly masks: Uint32Array;
  maxPriority: number;
  readonly buckets: Map<number, Bucket<T>[]>;
  /**
   * A one-bit-per-slot filter of the bucket keys (set by `finish()`): most probes miss, and a
   * clear bit says so without touching the map.
   */
  filter: Uint32Array;
  /** `32 - log2(filter bits)`: the shift that takes a key's slot from its mixed high bits. */
  filterShift: number;
}

/** The filter slot of a bucket key: Fibonacci hashing (the key's low bits alone mix poorly). */
const filterSlot = (key: number, shift: number): number => Math.imul(key, 0x9e3779b1) >>> shift;

/** Fills `st`'s filter from its bucket keys: about 16 bits per key, at least 64. */
function buildFilter<T>(st: Subtable<T>): void {
  let log = 6;
  while (1 << log < st.buckets.size * 16 && log < 24) log++;
  st.filter = new Uint32Array(1 << (log - 5));
  st.filterShift = 32 - log;
  for (const key of st.buckets.keys()) {
    const slot = filterSlot(key, st.filterShift);
    st.filter[slot >>> 5] = (st.filter[slot >>> 5]! | (1 << (slot & 31))) >>> 0;
  }
}

/** The index of one table. */
export interface TableIndex<T> {
  /** Subtables by decreasing highest priority. */
  readonly subtables: readonly Subtable<T>[];
  readonly size: number;
}

/**
 * FNV-1a over the words, cut to 30 bits: a small integer ("Smi") key, which V8's Map hashes
 * without allocating (a full 32-bit one is a heap number half the time).
 */
function hashValues(values: Uint32Array): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < values.length; i++) h = Math.imul(h ^ values[i]!, 0x01000193);
  return h & 0x3fffffff;
}

function sameValues(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Builds table indexes incrementally; `finish()` sorts and freezes them.
 *
 * @internal
 * @example
 * ```ts
 * import { TableIndexBuilder } from "./classifier.js";
 * const b = new TableIndexBuilder<Flow>();
 * b.add("3:ffff;71:ffff", words, masks, values, rule);
 * const index = b.finish();
 * ```
 */
export class TableIndexBuilder<T> {
  private readonly subtables = new Map<string, Subtable<T>>();
  private size = 0;

  /** Adds a rule whose match is `values` under the (word, mask) layout named `key`. */
  add(key: string, words: Int32Array, masks: Uint32Array, values: Uint32Array, rule: IndexedRule<T>): void {
    let st = this.subtables.get(key);
    if (st === undefined) {
      st = { words, masks, maxPriority: rule.priority, buckets: new Map(), filter: new Uint32Array(0), filterShift: 32 };
      this.subtables.set(key, st);
    }
    if (rule.priority > st.maxPriority) st.maxPriority = rule.priority;
    const h = hashValues(values);
    let chain = st.buckets.get(h);
    if (chain === undefined) {
      chain = [];
      st.buckets.set(h, chain);
    }
    let bucket = chain.find((b) => sameValues(b.values, values));
    if (bucket === undefined) {
      bucket = { values, rules: [] };
      chain.push(bucket);
    }
    const rules = bucket.rules;
    let i = rules.length;
    while (i > 0 && (rules[i - 1] as IndexedRule<T>).priority < rule.priority) i--;
    rules.splice(i, 0, rule);
    this.size++;
  }

  finish(): TableIndex<T> {
    const subtables = [...this.subtables.values()].sort((a, b) => b.maxPriority - a.maxPriority);
    for (const st of subtables) buildFilter(st);
    return { subtables, size: this.size };
  }
}

/** The bucket of `st` whose values equal `flow`'s masked words, if any (one hash probe). */
function findInSubtable<T>(st: Subtable<T>, flow: FlowWords): Bucket<T> | undefined {
  const words = st.words;
  const masks = st.masks;
  const n = words.length;
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ (flow[words[i]!]! & masks[i]!), 0x01000193);
  const key = h & 0x3fffffff;
  const slot = filterSlot(key, st.filterShift);
  if (((st.filter[slot >>> 5]! >>> (slot & 31)) & 1) === 0) return undefined;
  const chain = st.buckets.get(key);
  if (chain === undefined) return undefined;
  next: for (let c = 0; c < chain.length; c++) {
    const b = chain[c] as Bucket<T>;
    const v = b.values;
    for (let i = 0; i < n; i++) if (v[i] !== (flow[words[i]!]! & masks[i]!) >>> 0) continue next;
    return b;
  }
  return undefined;
}

interface Soft<T> {
  rules: readonly IndexedRule<T>[];
  pos: number;
}

/** The conjunction clauses of a rule whose actions are only `conjunction(...)`, else undefined. */
export type SoftOf<T> = (rule: IndexedRule<T>) => readonly ConjClause[] | undefined;

/**
 * The rule of `index` that OVS's classifier returns for `flow`, with conjunctive matches, or
 * undefined. `conj_id` is looked up with `flow[CONJ_ID]` temporarily set.
 *
 * @internal
 * @example
 * ```ts
 * import { lookupTable } from "./classifier.js";
 * const rule = lookupTable(index, flow, () => undefined);
 * ```
 */
export function lookupTable<T>(index: TableIndex<T>, flow: FlowWords, softOf: SoftOf<T>, allowConj = true): IndexedRule<T> | undefined {
  let hard: IndexedRule<T> | undefined;
  let hardPri = -Infinity;
  let soft: Soft<T>[] | undefined;
  let softPri = -Infinity;
  const subtables = index.subtables;
  for (let k = 0; k < subtables.length; k++) {
    const st = subtables[k] as Subtable<T>;
    if (st.maxPriority <= hardPri) break;
    const b = findInSubtable(st, flow);
    if (b === undefined) continue;
    const m = b.rules[0] as IndexedRule<T>;
    if (m.priority <= hardPri) continue;
    if (softOf(m) === undefined) {
      hard = m;
      hardPri = m.priority;
    } else if (allowConj) {
      (soft ??= []).push({ rules: b.rules, pos: 0 });
      if (m.priority > softPri) softPri = m.priority;
    }
  }
  if (hardPri >= softPri || soft === undefined) return hard;
  for (;;) {
    const live = soft.filter((s) => s.pos < s.rules.length && (s.rules[s.pos] as IndexedRule<T>).priority > hardPri);
    if (live.length === 0) break;
    let top = -Infinity;
    let nTop = 0;
    for (const s of live) {
      const p = (s.rules[s.pos] as IndexedRule<T>).priority;
      if (p > top) {
        top = p;
        nTop = 1;
      } else if (p === top) nTop++;
    }
    const clauses = new Map<number, bigint>();
    for (const s of live) {
      const r = s.rules[s.pos] as IndexedRule<T>;
      const conj = softOf(r);
      if (r.priority !== top || conj === undefined) continue;
      for (const c of conj) {
        if (c.nClauses > nTop) continue;
        const have = (clauses.get(c.id) ?? ((0xffffffffffffffffn << BigInt(c.nClauses & 63)) & 0xffffffffffffffffn)) | (1n << BigInt(c.clause));
        clauses.set(c.id, have);
        if (have === 0xffffffffffffffffn) {
          const saved = flow[W.CONJ_ID]!;
          flow[W.CONJ_ID] = c.id;
          const found = lookupTable(index, flow, softOf, false);
          flow[W.CONJ_ID] = saved;
          if (found !== undefined) return found;
        }
      }
    }
    // No real match at this priority: drop to the next rule with the same match.
    for (const s of live) {
      const r = s.rules[s.pos] as IndexedRule<T>;
      if (r.priority !== top) continue;
      s.pos++;
      const next = s.rules[s.pos];
      if (next !== undefined && softOf(next) === undefined) {
        if (next.priority > hardPri) {
          hard = next;
          hardPri = next.priority;
        }
        s.pos = s.rules.length;
      }
    }
    soft.splice(0, soft.length, ...live);
  }
  return hard;
}
