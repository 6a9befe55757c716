/**
 * Classification of the lines of a trace tree by their first characters (no regular
 * expressions): table steps, bridge headers and underlines, thaw, bucket and action-set nodes,
 * notes, warnings, errors, and actions. Also the parser of a step's header line.
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";
import { parseSmallInt, parseUnsigned } from "../core/values.js";
import type { TraceStepOutcome } from "./types.js";

/** The kinds of tree line. */
export type TreeLineKind =
  | "step"
  | "action-set"
  | "bridge"
  | "dashes"
  | "thaw"
  | "bucket"
  | "note"
  | "warning"
  | "error"
  | "action";

/** A classified tree line: its kind, the column of its node, and where its content is. */
export interface TreeLine {
  readonly kind: TreeLineKind;
  /** Column of the node (a multiple of 4 in OVS output; the caller checks). */
  readonly col: number;
  /** Start of the content (after the `-> ` / `>> ` / `>>>> ` marker). */
  readonly start: number;
  /** End of the content (trailing blanks and the ` <<<<` of an error removed). */
  readonly end: number;
}

/**
 * True for the node kinds OVS always indents one level deeper than their list (actions, notes,
 * warnings, errors, buckets); false for steps, bridges, thaw and action-set nodes, which sit at
 * their list's level when they are its last node.
 *
 * @internal
 * @example
 * ```ts
 * import { isTerminalTreeLine } from "./lines.js";
 * isTerminalTreeLine("action"); // true
 * isTerminalTreeLine("step");   // false
 * ```
 */
export function isTerminalTreeLine(kind: TreeLineKind): boolean {
  return kind === "action" || kind === "note" || kind === "warning" || kind === "error" || kind === "bucket";
}

/**
 * Classifies one non-blank line of a trace tree.
 *
 * @internal
 * @example
 * ```ts
 * import { classifyTreeLine } from "./lines.js";
 * classifyTreeLine("     -> no live bucket"); // { kind: "note", col: 4, start: 8, end: 22 }
 * classifyTreeLine(" 8. metadata=0x2, priority 50").kind; // "step"
 * ```
 */
export function classifyTreeLine(line: string): TreeLine {
  let sp = 0;
  while (sp < line.length && line.charCodeAt(sp) === 32) sp++;
  let end = line.length;
  while (end > sp && isBlankCode(line.charCodeAt(end - 1))) end--;
  const c = line.charCodeAt(sp);
  // OVS prints a table as "%2d. " and a note as " -> ": one extra space before a one-digit
  // table or a marker. Accept the line without it too.
  const padded = (sp - 1) % 4 === 0 ? sp - 1 : sp;
  if (c >= 48 && c <= 57) {
    let d = sp;
    while (d < end && isDigit(line.charCodeAt(d))) d++;
    if (line.charCodeAt(d) === 46 /* . */ && (d + 1 === end || line.charCodeAt(d + 1) === 32)) {
      return { kind: "step", col: d - sp === 1 ? padded : sp, start: sp, end };
    }
  } else if (c === 45 /* - */) {
    if (line.charCodeAt(sp + 1) === 62 /* > */ && (sp + 2 === end || line.charCodeAt(sp + 2) === 32)) {
      return { kind: "note", col: padded, start: Math.min(sp + 3, end), end };
    }
    let i = sp;
    while (i < end && line.charCodeAt(i) === 45) i++;
    if (i === end) return { kind: "dashes", col: sp, start: sp, end };
    if (end - sp === ACTION_SET.length && line.startsWith(ACTION_SET, sp)) return { kind: "action-set", col: sp, start: sp, end };
  } else if (c === 62 /* > */) {
    if (line.startsWith(">>>> ", sp) || (line.startsWith(">>>>", sp) && sp + 4 === end)) {
      const close = end - sp >= 10 && line.startsWith(" <<<<", end - 5) ? end - 5 : end;
      return { kind: "error", col: padded, start: Math.min(sp + 5, close), end: close };
    }
    if (line.startsWith(">> ", sp) || (line.startsWith(">>", sp) && sp + 2 === end)) {
      return { kind: "warning", col: padded, start: Math.min(sp + 3, end), end };
    }
  } else if (c === 98 /* b */) {
    if (line.startsWith('bridge("', sp) && end - sp >= 10 && line.startsWith('")', end - 2)) {
      return { kind: "bridge", col: sp, start: sp + 8, end: end - 2 };
    }
    if (line.startsWith("bucket ", sp) && end > sp + 7 && allDigits(line, sp + 7, end)) {
      return { kind: "bucket", col: sp, start: sp + 7, end };
    }
  } else if (c === 116 /* t */) {
    if (end - sp === 4 && line.startsWith("thaw", sp)) return { kind: "thaw", col: sp, start: sp, end };
  } else if (c === 82 /* R */) {
    if (line.startsWith("Resuming from table ", sp) || line.startsWith("Restoring action", sp)) {
      return { kind: "thaw", col: sp, start: sp, end };
    }
  } else if (c === 114 /* r */) {
    if (line.startsWith("restored state: ", sp)) return { kind: "thaw", col: sp, start: sp, end };
  }
  return { kind: "action", col: sp, start: sp, end };
}

/** A step header line, parsed: `73. ip,reg14=0x1, priority 90, cookie 0x6748cebd`. */
export interface StepHeader {
  readonly table: number;
  readonly outcome: TraceStepOutcome;
  readonly matchStart: number;
  readonly matchEnd: number;
  /** -1 for a miss (or a damaged priority). */
  readonly priority: number;
  readonly cookie: bigint;
  /** What is wrong with the priority or the cookie, when the line is damaged after its table number. */
  readonly error?: OvsParseError;
}

/**
 * The text of an action-set node (`xlate_action_set` in ofproto-dpif-xlate.c).
 *
 * @internal
 * @example
 * ```ts
 * import { ACTION_SET } from "./lines.js";
 * ACTION_SET; // "--. Executing action set:"
 * ```
 */
export const ACTION_SET = "--. Executing action set:";
const NO_MATCH = "No match.";
const PACKET_IN = 'No match, and a "packet-in" is called for.';
const FRAG_DROP = "Packets are IP fragments and the fragment handling mode is";

/**
 * How OVS words a table lookup that matched no flow (`xlate_report_table`), by outcome.
 *
 * @internal
 * @example
 * ```ts
 * import { MISS_TEXT } from "./lines.js";
 * MISS_TEXT["no-match"]; // "No match."
 * ```
 */
export const MISS_TEXT: Readonly<Record<Exclude<TraceStepOutcome, "match">, string>> = {
  "no-match": NO_MATCH,
  "packet-in": PACKET_IN,
  "frag-drop": `${FRAG_DROP} "drop".`,
};

/**
 * Parses a table step line whose content is `line[start, end)`: `N. [MATCH, ]priority P[, cookie
 * 0xC]` or one of OVS's miss texts. Throws {@link OvsParseError} when there is no table number;
 * a table number over 255, a damaged priority or cookie is returned in `error`, with the rest
 * of the header.
 *
 * @internal
 * @example
 * ```ts
 * import { parseStepHeader } from "./lines.js";
 * const l = "14. tcp,nw_dst=10.96.0.2, priority 120, cookie 0xc98334e";
 * parseStepHeader(l, 0, l.length); // { table: 14, outcome: "match", priority: 120, cookie: 0xc98334en, matchStart: 4, matchEnd: 24 }
 * ```
 */
export function parseStepHeader(line: string, start: number, end: number): StepHeader {
  const dot = line.indexOf(".", start);
  const table = dot > start && dot < end ? parseSmallInt(line, start, dot) : -1;
  if (table < 0) throw new OvsParseError("bad-value", "bad table number", line, start);
  // A table number over 255 is damage, but the step (and what is under it) is still kept.
  if (table > 255) {
    const h = parseStepHeader(line.slice(0, start) + "0".padStart(dot - start, "0") + line.slice(dot), start, end);
    return { ...h, table, error: new OvsParseError("bad-value", "bad table number", line, start) };
  }
  const rest = Math.min(dot + 2, end);
  const miss = missOutcome(line, rest, end);
  if (miss !== undefined) return { table, outcome: miss, matchStart: rest, matchEnd: rest, priority: -1, cookie: 0n };
  let e = end;
  let cookie = 0n;
  const damaged = (error: OvsParseError): StepHeader => ({ table, outcome: "match", matchStart: rest, matchEnd: e, priority: -1, cookie, error });
  const ck = line.lastIndexOf(", cookie ", e);
  if (ck >= rest) {
    const v = parseUnsigned(line, ck + 9, e);
    e = ck;
    if (v === undefined) return damaged(new OvsParseError("bad-value", "bad cookie", line, ck + 9));
    cookie = v;
  }
  const p = line.lastIndexOf("priority ", e);
  if (p < rest || (p !== rest && !(line.charCodeAt(p - 1) === 32 && line.charCodeAt(p - 2) === 44))) {
    return damaged(new OvsParseError("missing", "expected ', priority N' after the match", line, e));
  }
  const priority = parseSmallInt(line, p + 9, e);
  const matchEnd = p === rest ? rest : p - 2;
  if (priority < 0 || priority > 65535) {
    e = matchEnd;
    return damaged(new OvsParseError("bad-value", "bad priority", line, p + 9));
  }
  return { table, outcome: "match", matchStart: rest, matchEnd, priority, cookie };
}

function missOutcome(line: string, start: number, end: number): TraceStepOutcome | undefined {
  const c = line.charCodeAt(start);
  if (c === 78 /* N */) {
    if (end - start === NO_MATCH.length && line.startsWith(NO_MATCH, start)) return "no-match";
    if (end - start === PACKET_IN.length && line.startsWith(PACKET_IN, start)) return "packet-in";
  } else if (c === 80 /* P */ && line.startsWith(FRAG_DROP, start)) return "frag-drop";
  return undefined;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

function allDigits(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}
