/**
 * Rebuilds the node tree of one trace section from its indented lines.
 *
 * OVS prints a list of nodes at level L (always even) as follows: actions, notes, warnings,
 * errors and buckets at L+1 with their sub-nodes at L+2; a table step, bridge, thaw or
 * action-set node at L+1 with its sub-nodes at L+2 when more nodes follow it in its list, and at
 * L with its sub-nodes at L when it is the last. So a step at an even level closes its list, one
 * at an odd level does not, and every line has exactly one place: the innermost open list of the
 * level it implies. A stack of open lists finds it in amortized constant time per line.
 *
 * @module
 */
import { type Issue, issueFromError } from "../core/dump-lines.js";
import { OvsParseError } from "../core/parse-error.js";
import { owned, ownedSlice } from "../core/strings.js";
import { parseSmallInt } from "../core/values.js";
import { parseActions } from "../openflow/actions/parse.js";
import type { Action, NatSpec } from "../openflow/actions/types.js";
import { warnUnknownActions } from "../openflow/actions/warnings.js";
import { type MatchField, parseMatchList } from "../openflow/match.js";
import { NestTracker, actionAt } from "./action-lines.js";
import { type Frame, type MAction, type MBucket, type MStep, frame } from "./frames.js";
import { type StepHeader, type TreeLine, classifyTreeLine, isTerminalTreeLine, parseStepHeader } from "./lines.js";
import { PieceCache, matchListCopier } from "./piece-cache.js";
import type { TraceBridge, TraceItem, TraceNote, TraceThaw } from "./types.js";

/** Parsed action texts and step matches of one parse, handed out as copies. */
export interface TracePieces {
  readonly actions: PieceCache;
  readonly matches: PieceCache;
}

/**
 * New, empty piece caches for one parse.
 *
 * @internal
 * @example
 * ```ts
 * import { TraceTreeBuilder, newTracePieces } from "./tree.js";
 * const b = new TraceTreeBuilder(0, (issue) => issues.push(issue), true, newTracePieces());
 * ```
 */
export function newTracePieces(): TracePieces {
  return { actions: new PieceCache(), matches: new PieceCache() };
}

/** What a tree line was accounted as. */
export type TreeLineResult = "steps" | "actions" | "notes" | "headers" | "issue";

/**
 * Builds one section's tree, line by line.
 *
 * @internal
 * @example
 * ```ts
 * import { TraceTreeBuilder } from "./tree.js";
 * const b = new TraceTreeBuilder(0, (issue) => issues.push(issue), true, newTracePieces());
 * b.line('bridge("br-int")', 3);
 * ```
 */
export class TraceTreeBuilder {
  /** The section's top-level nodes. */
  readonly items: TraceItem[] = [];
  private readonly stack: Frame[];
  /** Column of the bridge header just read, whose underline comes next. */
  private underlineCol = -1;

  constructor(
    private readonly section: number,
    private readonly onIssue: (issue: Issue) => void,
    private readonly warnings: boolean,
    private readonly pieces: TracePieces = newTracePieces(),
  ) {
    this.stack = [frame(0, this.items, undefined, "")];
  }

  /** Places one non-blank tree line; returns what it was accounted as. */
  line(text: string, lineNo: number): TreeLineResult {
    const tl = classifyTreeLine(text);
    const underline = this.underlineCol;
    this.underlineCol = -1;
    if (tl.kind === "dashes") {
      if (underline === tl.col) return "headers";
      return this.fail("an underline without a bridge header", text, lineNo, tl.col);
    }
    if (tl.col % 4 !== 0) return this.fail("indentation is not a multiple of 4 spaces", text, lineNo, tl.col);
    const indent = tl.col / 4;
    const terminal = isTerminalTreeLine(tl.kind);
    if (terminal && indent % 2 === 0) return this.fail(`${tl.kind === "action" || tl.kind === "error" ? "an" : "a"} ${tl.kind} line at an even indentation level`, text, lineNo, tl.col);
    const level = indent % 2 === 0 ? indent : indent - 1;
    const f = this.frameAt(level);
    if (f === undefined) return this.fail("indentation deeper than the tree allows here", text, lineNo, tl.col);
    if (terminal) return this.terminal(f, tl, text, lineNo, indent);
    return this.container(f, tl, text, lineNo, indent, indent % 2 === 0 ? level : level + 2);
  }

  /** The innermost open list at `level`, closing deeper ones. */
  private frameAt(level: number): Frame | undefined {
    const stack = this.stack;
    let i = stack.length - 1;
    while (i > 0 && (stack[i] as Frame).level > level) i--;
    const f = stack[i] as Frame;
    if (f.level === level) {
      stack.length = i + 1;
      return f;
    }
    // Deeper lists are closed either way (also when the line cannot be placed: damaged input
    // then costs no rescans, and parsing stays linear).
    stack.length = i + 1;
    const owner = f.lastTerminal;
    if (f.level !== level - 2 || owner === undefined) return undefined;
    // The first sub-node of a bucket (or of an action): open its list.
    f.lastTerminal = undefined;
    const items = owner.kind === "bucket" ? owner.items : (owner.items ??= []);
    const sub = frame(level, items, f.step, f.bridge);
    stack.push(sub);
    return sub;
  }

  private terminal(f: Frame, tl: TreeLine, text: string, lineNo: number, indent: number): TreeLineResult {
    if (tl.kind === "bucket") {
      const bucket: MBucket = { kind: "bucket", id: parseSmallInt(text, tl.start, tl.end), items: [], indent, line: lineNo };
      f.items.push(bucket);
      f.lastTerminal = bucket;
      return "headers";
    }
    if (tl.kind === "action") return this.action(f, tl, text, lineNo, indent);
    const note: TraceNote = { kind: tl.kind as TraceNote["kind"], text: ownedSlice(text, tl.start, tl.end), indent, line: lineNo };
    f.items.push(note);
    f.lastTerminal = undefined;
    return "notes";
  }

  private action(f: Frame, tl: TreeLine, text: string, lineNo: number, indent: number): TreeLineResult {
    let result: TreeLineResult = "actions";
    let action: Action | NatSpec;
    const cache = this.pieces.actions;
    const hit = cache.get<Action | NatSpec>(text, tl.start, tl.end);
    const raw = hit !== undefined ? hit.text : ownedSlice(text, tl.start, tl.end);
    try {
      action = hit !== undefined ? hit.copy() : cache.set(raw, actionAt(text, tl.start, tl.end));
      if (this.warnings && action.kind === "unknown") warnUnknownActions([action], owned(text), lineNo, this.onIssue);
    } catch (e) {
      this.onIssue(issueFromError(e, owned(text), lineNo));
      result = "issue";
      const reason = e instanceof Error ? e.message : String(e);
      action = { kind: "unknown", name: "", text: raw, reason };
    }
    const node: MAction = { kind: "action", text: raw, action, indent, line: lineNo };
    const nest = (f.nest ??= new NestTracker());
    nest.next(node);
    if (nest.holder !== undefined) node.nestedIn = nest.holder.line;
    f.items.push(node);
    f.lastTerminal = node;
    return result;
  }

  private container(f: Frame, tl: TreeLine, text: string, lineNo: number, indent: number, childLevel: number): TreeLineResult {
    f.lastTerminal = undefined;
    let step = f.step;
    let bridge = f.bridge;
    const items: TraceItem[] = [];
    let result: TreeLineResult = "headers";
    switch (tl.kind) {
      case "step": {
        let header: StepHeader;
        try {
          header = parseStepHeader(text, tl.start, tl.end);
        } catch (e) {
          // No table number: the step cannot be modelled. Its sub-nodes still get a list (left
          // out of the model) so that they do not cascade into more issues.
          this.onIssue(issueFromError(e, owned(text), lineNo));
          this.stack.push(frame(childLevel, [], step, bridge));
          return "issue";
        }
        let match: readonly MatchField[];
        const ms = header.matchStart;
        const me = header.matchEnd;
        const cache = this.pieces.matches;
        const hit = ms === me ? undefined : cache.get<MatchField[]>(text, ms, me);
        const matchText = hit !== undefined ? hit.text : ownedSlice(text, ms, me);
        result = "steps";
        if (header.error !== undefined) {
          this.onIssue(issueFromError(header.error, owned(text), lineNo));
          result = "issue";
        }
        try {
          match = ms === me ? [] : hit !== undefined ? hit.copy() : cache.set(matchText, parseMatchList(text, ms, me), matchListCopier);
        } catch (e) {
          if (result !== "issue") this.onIssue(issueFromError(e, owned(text), lineNo));
          result = "issue";
          match = [];
        }
        const node: MStep = {
          kind: "step",
          table: header.table,
          outcome: header.outcome,
          matchText,
          match,
          cookie: header.cookie,
          bridge,
          section: this.section,
          depth: step === undefined ? 0 : step.depth + 1,
          indent,
          items,
          line: lineNo,
        };
        if (header.priority >= 0) node.priority = header.priority;
        f.items.push(node);
        step = node;
        break;
      }
      case "bridge": {
        const node: TraceBridge = { kind: "bridge", name: ownedSlice(text, tl.start, tl.end), items, indent, line: lineNo };
        f.items.push(node);
        bridge = node.name;
        this.underlineCol = tl.col;
        break;
      }
      case "thaw": {
        const node = this.thaw(text, tl, lineNo, indent, items);
        if (node === undefined) {
          // A damaged `Restoring actions:` line: kept without its actions.
          f.items.push({ kind: "thaw", text: ownedSlice(text, tl.start, tl.end), items, indent, line: lineNo });
          result = "issue";
        } else f.items.push(node);
        break;
      }
      default:
        f.items.push({ kind: "action-set", items, indent, line: lineNo });
    }
    this.stack.push(frame(childLevel, items, step, bridge));
    return result;
  }

  /** A thaw node, or undefined (issue reported) when its restored actions do not parse. */
  private thaw(text: string, tl: TreeLine, lineNo: number, indent: number, items: TraceItem[]): TraceThaw | undefined {
    const node: { -readonly [K in keyof TraceThaw]: TraceThaw[K] } = { kind: "thaw", text: ownedSlice(text, tl.start, tl.end), items, indent, line: lineNo };
    if (text.startsWith("Resuming from table ", tl.start)) {
      const n = parseSmallInt(text, tl.start + 20, tl.end);
      if (n >= 0) node.table = n;
    } else if (text.startsWith("Restoring action", tl.start)) {
      const colon = text.indexOf(": ", tl.start);
      if (colon >= 0 && colon < tl.end) {
        try {
          node.actions = parseActions(text, colon + 2, tl.end);
        } catch (e) {
          this.onIssue(issueFromError(e, owned(text), lineNo));
          return undefined;
        }
      }
    }
    return node;
  }

  private fail(reason: string, text: string, lineNo: number, col: number): "issue" {
    this.onIssue(issueFromError(new OvsParseError("syntax", reason, text, Math.max(0, col)), owned(text), lineNo));
    return "issue";
  }
}

