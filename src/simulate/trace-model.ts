/**
 * The `Trace` model of a simulated trace, built from the simulator's own sections and trace
 * tree (no printing and re-parsing). It is, by construction and by test, what `parseTrace`
 * gives for the text `printSections` prints: the same nodes, kinds, texts, indentation levels
 * and line numbers (those of the printed text), the same typed matches, actions and datapath
 * actions. The lines a section holds (its `Flow:`, header and result lines) go through the
 * trace parser's own line readers; the tree is walked with OVS's printing rule
 * (`printNodes`), so each node knows its printed line and level without the text existing.
 *
 * What a line parses to depends on its text only, so the parsed step headers, action lines,
 * flow items and datapath actions are kept in a bounded cache on the pipeline
 * ({@link ModelCache}). Step matches and actions are shared, frozen, by the traces made on it (as
 * `ParseCache` shares the identical pieces of one dump), but never within one trace: the n-th
 * use of a text in a trace gets the n-th of a pool of equal frozen copies. Flow items are pooled
 * the same way (by the shared item); datapath actions are copied into each trace.
 *
 * Unlike `parseTrace`, the model has none of the deprecated 0.1 fields (non-enumerable, parsed
 * traces only).
 *
 * @module
 */
import { ParseCache, deepFreeze } from "../core/parse-cache.js";
import { parseSmallInt } from "../core/values.js";
import { type DatapathAction, parseDatapathActions } from "../datapath/actions.js";
import { parseActions } from "../openflow/actions/parse.js";
import type { Action, NatSpec } from "../openflow/actions/types.js";
import { type MatchField, parseMatchFields, parseMatchList } from "../openflow/match.js";
import { NestTracker, actionAt } from "../trace/action-lines.js";
import type { MAction, MBucket, MStep } from "../trace/frames.js";
import { copyPlain } from "../trace/piece-cache.js";
import { type TreeLine, classifyTreeLine, isTerminalTreeLine, parseStepHeader } from "../trace/lines.js";
import { type MutableLimit, type MutableSection, type ResultsState, type SectionHeader, headerLine, resultLine } from "../trace/sections.js";
import type { Trace, TraceFlow, TraceItem, TraceNote, TraceSection, TraceStepOutcome, TraceThaw } from "../trace/types.js";
import { FENCE, NAT_TITLE, type SectionRecord } from "./section.js";
import { SimulationError } from "./simulate-error.js";
import type { OfTraceNode, OfTraceNodeType } from "./trace-nodes.js";

/** A step header line, parsed (what a step node takes from its text). */
interface ParsedStep {
  readonly table: number;
  readonly outcome: TraceStepOutcome;
  readonly matchText: string;
  readonly match: readonly MatchField[];
  readonly priority: number;
  readonly cookie: bigint;
}

/** A tree node's text as the parser reads it: its classification, and the parsed piece of an action or a step. */
type ReadLine =
  | { readonly kind: "action"; readonly text: string; readonly instances: Pool<Action | NatSpec> }
  | { readonly kind: "step"; readonly step: ParsedStep; readonly instances: Pool<readonly MatchField[]> }
  | { readonly kind: "other"; readonly tl: TreeLine };

/**
 * Equal, independent, frozen copies of one parsed piece: the n-th use of a text within one
 * trace gets the n-th (made on first need), so that no trace holds one object twice while the
 * traces of a pipeline share them. `trace` and `used` count the uses by the trace being built.
 */
interface Pool<T> {
  readonly items: T[];
  trace: number;
  used: number;
}

const pool = <T>(first: T): Pool<T> => ({ items: [first], trace: 0, used: 0 });

/**
 * Tree node texts as read, and the items of printed flows, shared by the traces of one
 * pipeline (bounded: each starts over when full).
 *
 * @internal
 */
export interface ModelCache {
  readonly lines: Map<string, ReadLine>;
  /** `Datapath actions:` texts, parsed (each trace gets copies). */
  readonly datapathActions: Map<string, readonly DatapathAction[]>;
  /** The items of `Flow:` and `Final flow:` lines, shared by the traces. */
  readonly flowItems: ParseCache;
  /** The pool of each shared flow item (see {@link Pool}). */
  readonly itemPools: Map<MatchField, Pool<MatchField>>;
  /** Traces built so far (each builder's number, for its pools' use counts). */
  traces: number;
}

const MAX_ENTRIES = 1 << 16;

/**
 * A new, empty {@link ModelCache}.
 *
 * @internal
 * @example
 * ```ts
 * import { newModelCache } from "./trace-model.js";
 * const memo = { modelCache: newModelCache() };
 * ```
 */
export function newModelCache(): ModelCache {
  return { lines: new Map(), datapathActions: new Map(), flowItems: new ParseCache(), itemPools: new Map(), traces: 0 };
}

const isTerminalNode = (t: OfTraceNodeType): boolean => t === "action" || t === "detail" || t === "warn" || t === "error" || t === "bucket";

const NOTE_KIND: Readonly<Record<string, TraceNote["kind"]>> = { detail: "note", warn: "warning", error: "error" };

/** The error for a tree the trace parser would not read back (the simulator printed nonsense). */
function unreadable(reason: string, text: string, cause?: unknown): SimulationError {
  return new SimulationError("internal", `the simulator printed a trace the trace parser does not read: ${reason}: ${text}`, cause);
}

/** Caches a read line (its pieces are frozen; its pools grow). */
function cacheLine(map: Map<string, ReadLine>, key: string, value: ReadLine): ReadLine {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, value);
  return value;
}

function cacheSet<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, deepFreeze(value));
  return value;
}

function withoutTrailingBlanks(s: string): string {
  let end = s.length;
  for (let c = s.charCodeAt(end - 1); c === 32 || c === 9 || c === 13; c = s.charCodeAt(end - 1)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Builds the model of one trace; see the module comment. */
class ModelBuilder {
  private line = 0;
  private sectionIndex = 0;
  /** This trace's number (see {@link Pool}). */
  private readonly id: number;

  constructor(private readonly cache: ModelCache) {
    this.id = ++cache.traces;
  }

  trace(records: readonly SectionRecord[]): Trace {
    const sections = records.map((r, i) => this.section(r, i));
    return { kind: "trace", sections: sections as [TraceSection, ...TraceSection[]] };
  }

  /** This trace's next instance of a pooled piece. */
  private own<T>(pool: Pool<T>): T {
    if (pool.trace !== this.id) {
      pool.trace = this.id;
      pool.used = 0;
    }
    const items = pool.items;
    const n = pool.used++;
    let v = items[n];
    if (v === undefined) {
      v = deepFreeze(copyPlain(items[0] as T));
      items.push(v);
    }
    return v;
  }


  private section(r: SectionRecord, index: number): TraceSection {
    this.sectionIndex = index;
    let h: SectionHeader | undefined;
    try {
      if (r.header !== undefined) {
        this.line++; // the blank line before the fence
        h = { line: ++this.line };
        const limits: MutableLimit[] = [];
        headerLine(r.header.title, ++this.line, h, limits);
        const nat = r.header.nat;
        if (nat !== undefined) {
          headerLine(NAT_TITLE, ++this.line, h, limits);
          headerLine(` Initial flow: ${nat.initial}`, ++this.line, h, limits);
          headerLine(` Modified flow: ${nat.modified}`, ++this.line, h, limits);
        }
        this.line += 2; // the closing fence and a blank line
      }
    } catch (e) {
      throw unreadable("a recirculation header", r.header?.title ?? FENCE, e);
    }
    const flowLine = ++this.line;
    let s: MutableSection;
    try {
      s = { kind: "section", index, flow: this.flow(r.flow, flowLine), items: [], line: h?.line ?? flowLine };
    } catch (e) {
      throw unreadable("the Flow: line", r.flow, e);
    }
    if (h !== undefined) {
      if (h.title !== undefined) s.title = h.title;
      if (h.recircId !== undefined) s.recircId = h.recircId;
      if (h.ctState !== undefined) s.ctState = h.ctState;
      if (h.ctStateDefault !== undefined) s.ctStateDefault = h.ctStateDefault;
      if (h.nat !== undefined) s.nat = h.nat;
    }
    this.list(r.nodes, 0, s.items as TraceItem[], undefined, "");
    this.line++; // the blank line before the results
    const state: ResultsState = { slowPath: false, executionFailed: false };
    const result = (text: string): void => {
      try {
        if (!resultLine(text, ++this.line, s, state)) throw new Error("not a result line");
      } catch (e) {
        throw unreadable("a result line", text, e);
      }
    };
    const finalLine = ++this.line;
    try {
      s.finalFlow = r.finalFlow === undefined ? { unchanged: true, line: finalLine } : this.flow(r.finalFlow, finalLine);
    } catch (e) {
      throw unreadable("the Final flow: line", r.finalFlow ?? "", e);
    }
    this.datapathActions(s, r.datapathActions, ++this.line);
    if (r.translationError !== undefined) result(`Translation failed (${r.translationError}), packet is dropped.`);
    else if (r.slowPath.length > 0) {
      result("This flow is handled by the userspace slow path because it:");
      for (const x of r.slowPath) result(`  - ${x}`);
    }
    return s;
  }

  /**
   * A printed flow, as `traceFlowAt` reads it; its items are parsed once per pipeline and
   * shared, frozen, by the traces (pooled: never twice in one trace).
   */
  private flow(text: string, line: number): TraceFlow {
    let end = text.length;
    while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
    const shared: MatchField[] = [];
    parseMatchFields(text, 0, end, shared, this.cache.flowItems);
    const match: MatchField[] = new Array(shared.length);
    const pools = this.cache.itemPools;
    for (let i = 0; i < shared.length; i++) {
      const item = shared[i] as MatchField;
      let p = pools.get(item);
      if (p === undefined) {
        if (pools.size >= MAX_ENTRIES) pools.clear();
        p = pool(item);
        pools.set(item, p);
      }
      match[i] = this.own(p);
    }
    return { text: end === text.length ? text : text.slice(0, end), match, line };
  }

  /** `Datapath actions:`, as `resultLine` reads it; parsed once per pipeline and copied into each trace. */
  private datapathActions(s: MutableSection, text: string, line: number): void {
    const key = text.trimEnd();
    const end = key.length;
    let parsed = this.cache.datapathActions.get(key);
    if (parsed === undefined) {
      try {
        parsed = cacheSet(this.cache.datapathActions, key, parseDatapathActions(text, 0, end));
      } catch (e) {
        throw unreadable(`the Datapath actions: line (line ${line})`, text, e);
      }
    }
    s.datapathActions = copyPlain(parsed);
    s.datapathActionsText = key;
  }

  /** One list of nodes at `level`, laid out as `printNodes` prints it, into `out`. */
  private list(nodes: readonly OfTraceNode[], level: number, out: TraceItem[], step: MStep | undefined, bridge: string): void {
    let nest: NestTracker | undefined;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i] as OfTraceNode;
      if (n.type === "bridge") this.line++; // the blank line before a bridge
      const terminal = isTerminalNode(n.type);
      const more = i < nodes.length - 1 || terminal ? 1 : 0;
      const indent = level + more;
      const sub = level + more + more;
      const lineNo = ++this.line;
      const noteKind = NOTE_KIND[n.type];
      if (noteKind !== undefined) {
        if (n.subs.length > 0) throw unreadable("a note with sub-nodes", n.text);
        // As printed and read back: ` -> TEXT` and ` >> TEXT` lose their trailing blanks; ` >>>> TEXT <<<<` does not.
        out.push({ kind: noteKind, text: noteKind === "error" ? n.text : withoutTrailingBlanks(n.text), indent, line: lineNo });
        continue;
      }
      // A shared text keeps its reading (no map lookup); others are looked up by text.
      const shared = n.shared;
      const read =
        shared === undefined
          ? (this.cache.lines.get(n.text) ?? this.read(n.text, n.type, terminal))
          : ((shared.model as ReadLine | undefined) ?? (shared.model = this.cache.lines.get(n.text) ?? this.read(n.text, n.type, terminal)));
      if (read.kind === "action") {
        const node: MAction = { kind: "action", text: read.text, action: this.own(read.instances), indent, line: lineNo };
        nest ??= new NestTracker();
        nest.next(node);
        if (nest.holder !== undefined) node.nestedIn = nest.holder.line;
        out.push(node);
        if (n.subs.length > 0) this.list(n.subs, sub, (node.items = []), step, bridge);
        continue;
      }
      if (read.kind === "step") {
        const p = read.step;
        const node: MStep = {
          kind: "step",
          table: p.table,
          outcome: p.outcome,
          matchText: p.matchText,
          match: p.match.length === 0 ? [] : this.own(read.instances),
          cookie: p.cookie,
          bridge,
          section: this.sectionIndex,
          depth: step === undefined ? 0 : step.depth + 1,
          indent,
          items: [],
          line: lineNo,
        };
        if (p.priority >= 0) node.priority = p.priority;
        out.push(node);
        this.list(n.subs, sub, node.items, node, bridge);
        continue;
      }
      const tl = read.tl;
      switch (tl.kind) {
        case "bucket": {
          const node: MBucket = { kind: "bucket", id: parseSmallInt(n.text, tl.start, tl.end), items: [], indent, line: lineNo };
          out.push(node);
          this.list(n.subs, sub, node.items, step, bridge);
          break;
        }
        case "bridge": {
          const name = n.text.slice(tl.start, tl.end);
          const items: TraceItem[] = [];
          out.push({ kind: "bridge", name, items, indent, line: lineNo });
          this.line++; // the underline
          this.list(n.subs, sub, items, step, name);
          break;
        }
        case "thaw": {
          const items: TraceItem[] = [];
          out.push(this.thaw(n.text, tl, indent, lineNo, items));
          this.list(n.subs, sub, items, step, bridge);
          break;
        }
        default:
          throw unreadable(`a ${n.type} node that reads as a ${tl.kind}`, n.text);
        case "action-set": {
          const items: TraceItem[] = [];
          out.push({ kind: "action-set", items, indent, line: lineNo });
          this.list(n.subs, sub, items, step, bridge);
        }
      }
    }
  }

  /** Classifies and parses a node's text, as the parser reads its line; caches actions and steps. */
  private read(text: string, type: OfTraceNodeType, terminal: boolean): ReadLine {
    const tl = classifyTreeLine(text);
    if (tl.kind === "dashes" || tl.kind === "note" || tl.kind === "warning" || tl.kind === "error" || isTerminalTreeLine(tl.kind) !== terminal) {
      throw unreadable(`a ${type} node that reads as a ${tl.kind}`, text);
    }
    try {
      if (tl.kind === "action") {
        const action = actionAt(text, tl.start, tl.end);
        return cacheLine(this.cache.lines, text, { kind: "action", text: text.slice(tl.start, tl.end), instances: pool(deepFreeze(action)) });
      }
      if (tl.kind === "step") {
        const h = parseStepHeader(text, tl.start, tl.end);
        if (h.error !== undefined) throw h.error;
        const match = h.matchStart === h.matchEnd ? [] : parseMatchList(text, h.matchStart, h.matchEnd);
        const step: ParsedStep = { table: h.table, outcome: h.outcome, matchText: text.slice(h.matchStart, h.matchEnd), match, priority: h.priority, cookie: h.cookie };
        return cacheLine(this.cache.lines, text, { kind: "step", step: deepFreeze(step), instances: pool(step.match) });
      }
    } catch (e) {
      throw unreadable(`a ${tl.kind} line`, text, e);
    }
    return { kind: "other", tl };
  }

  private thaw(text: string, tl: TreeLine, indent: number, line: number, items: TraceItem[]): TraceThaw {
    const node: { -readonly [K in keyof TraceThaw]: TraceThaw[K] } = { kind: "thaw", text: text.slice(tl.start, tl.end), items, indent, line };
    if (text.startsWith("Resuming from table ", tl.start)) {
      const n = parseSmallInt(text, tl.start + 20, tl.end);
      if (n >= 0) node.table = n;
    } else if (text.startsWith("Restoring action", tl.start)) {
      const colon = text.indexOf(": ", tl.start);
      if (colon >= 0 && colon < tl.end) {
        try {
          node.actions = parseActions(text, colon + 2, tl.end);
        } catch (e) {
          throw unreadable("a thaw line", text, e);
        }
      }
    }
    return node;
  }
}

/**
 * The `Trace` of a simulated trace's sections: what `parseTrace(printSections(sections))`
 * gives (less the deprecated 0.1 fields), without the text.
 *
 * @internal
 * @example
 * ```ts
 * import { traceModel } from "./trace-model.js";
 * const trace = traceModel(runTrace(run, bridge, flow, [], 64), pipeline.memo.modelCache);
 * ```
 */
export function traceModel(sections: readonly SectionRecord[], cache: ModelCache): Trace {
  return new ModelBuilder(cache).trace(sections);
}
