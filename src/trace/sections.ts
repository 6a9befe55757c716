/**
 * The section-level lines of a trace: the `Flow:` line, the recirculation header between its
 * `=====` fences (title, NAT replacement lines, recirculation limit), and the results
 * (`Final flow:`, `Megaflow:`, `Datapath actions:`, slow path, failures).
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";
import { owned, ownedSlice } from "../core/strings.js";
import { parseFlagsValue, parseUnsigned } from "../core/values.js";
import { parseDatapathActions } from "../datapath/actions.js";
import { parseMatchList } from "../openflow/match.js";
import type { TraceFlow, TraceNat, TraceRecircLimit, TraceSection } from "./types.js";

/** A section while it is being read. */
export type MutableSection = { -readonly [K in keyof TraceSection]: TraceSection[K] };

/** The recirculation header read between the fences, before the section's `Flow:` line. */
export type SectionHeader = Pick<MutableSection, "title" | "recircId" | "ctState" | "ctStateDefault"> & {
  line: number;
  nat?: MutableNat;
};

/** The NAT lines of a header while they are read. */
export type MutableNat = { -readonly [K in keyof TraceNat]: TraceNat[K] } & { extra?: { text: string; line: number }[] };

/** The recirculation limit while it is read. */
export type MutableLimit = { -readonly [K in keyof TraceRecircLimit]: TraceRecircLimit[K] } & { queuedLine?: number };

/**
 * Types the flow printed at `text[start..]` (trailing blanks ignored). Throws {@link OvsParseError}.
 *
 * @internal
 * @example
 * ```ts
 * import { traceFlowAt } from "./sections.js";
 * traceFlowAt("Flow: tcp,in_port=4", 6, 1).match; // [{ name: "tcp" }, { name: "in_port", value: ... }]
 * ```
 */
export function traceFlowAt(text: string, start: number, lineNo: number): TraceFlow {
  let end = text.length;
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  const match = parseMatchList(text, start, end);
  return { text: ownedSlice(text, start, end), match, line: lineNo };
}

/**
 * True for a line of `=` only (OVS prints 79), which fences a recirculation header.
 *
 * @internal
 * @example
 * ```ts
 * import { isFence } from "./sections.js";
 * isFence("=".repeat(79)); // true
 * ```
 */
export function isFence(text: string): boolean {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  if (end < 3) return false;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) !== 61) return false;
  return true;
}

const DEFAULT_CT = " - resume conntrack with default ct_state=";
const CT = " - resume conntrack with ct_state=";
const LIMIT = "Trace reached the recirculation limit.";
const QUEUED = "Queued but not processed: ";
const NAT = "Replacing src/dst IP/ports to simulate NAT:";
const INITIAL = " Initial flow:";
const MODIFIED = " Modified flow:";

/**
 * What a header line was: part of the header, or something kept in the header's NAT lines but
 * worth a warning (OVS prints nothing else there).
 */
export type HeaderLineResult = "header" | "nat-extra" | "no";

/**
 * Reads one line of a recirculation header into `h` (the opening fence was seen). Returns `"no"`
 * when the line is not a header line, `"nat-extra"` for an unexpected line under the NAT header
 * (kept in `nat.extra`); throws {@link OvsParseError} when it is a damaged header line.
 *
 * @internal
 * @example
 * ```ts
 * import { headerLine } from "./sections.js";
 * headerLine("recirc(0x8) - resume conntrack with ct_state=new|trk", 45, h, limit); // "header"; h.recircId === 8
 * ```
 */
export function headerLine(text: string, lineNo: number, h: SectionHeader, limit: MutableLimit[]): HeaderLineResult {
  if (text.startsWith("recirc(")) {
    const close = text.indexOf(")");
    const id = close > 7 ? parseUnsigned(text, 7, close) : undefined;
    if (id === undefined || id > 0xffffffffn) throw new OvsParseError("bad-value", "bad recirculation id", text, 7);
    h.title = owned(text.trimEnd());
    h.recircId = Number(id);
    const rest = close + 1;
    let flags = -1;
    if (text.startsWith(DEFAULT_CT, rest)) {
      h.ctStateDefault = true;
      flags = rest + DEFAULT_CT.length;
    } else if (text.startsWith(CT, rest)) {
      h.ctStateDefault = false;
      flags = rest + CT.length;
    }
    if (flags >= 0) {
      let end = text.indexOf(" ", flags);
      if (end < 0) end = text.trimEnd().length;
      const v = parseFlagsValue(text, flags, end);
      if (v !== undefined) h.ctState = v;
    }
    return "header";
  }
  if (text.startsWith(NAT) && h.nat === undefined) {
    h.nat = { line: lineNo };
    if (text.trimEnd().length > NAT.length) {
      // Text after the colon (OVS prints none): kept, not dropped.
      h.nat.extra = [{ text: owned(text.trimEnd()), line: lineNo }];
      return "nat-extra";
    }
    return "header";
  }
  const nat = h.nat;
  if (nat !== undefined) {
    if (text.startsWith(INITIAL) && nat.initial === undefined && nat.modified === undefined) {
      nat.initial = traceFlowAt(text, INITIAL.length + 1, lineNo);
      return "header";
    }
    if (text.startsWith(MODIFIED) && nat.modified === undefined) {
      nat.modified = traceFlowAt(text, MODIFIED.length + 1, lineNo);
      return "header";
    }
    if (!isFence(text) && !text.startsWith(LIMIT) && !text.startsWith(QUEUED)) {
      (nat.extra ??= []).push({ text: owned(text.trimEnd()), line: lineNo });
      return "nat-extra";
    }
  }
  if (text.startsWith(LIMIT)) {
    limit.push({ queued: 0, text: owned(text.trimEnd()), line: lineNo });
    return "header";
  }
  if (text.startsWith(QUEUED)) {
    const last = limit[limit.length - 1];
    const n = queuedCount(text);
    if (last === undefined || last.queuedLine !== undefined || n < 0) {
      throw new OvsParseError("syntax", "expected 'Queued but not processed: N recirculations.' after the recirculation limit", text, QUEUED.length);
    }
    last.queued = n;
    last.queuedLine = lineNo;
    return "header";
  }
  return "no";
}

/** N of `Queued but not processed: N recirculations.`, or -1. */
function queuedCount(text: string): number {
  let i = QUEUED.length;
  let n = 0;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57 && i < QUEUED.length + 15) n = n * 10 + text.charCodeAt(i++) - 48;
  if (i === QUEUED.length) return -1;
  const rest = text.slice(i).trimEnd();
  return rest === " recirculations." || rest === " recirculation." ? n : -1;
}

/** State of the results block of a section: the open multi-line results. */
export interface ResultsState {
  slowPath: boolean;
  executionFailed: boolean;
}

const DP_ACTIONS = "Datapath actions: ";
const SLOW_PATH = "This flow is handled by the userspace slow path because it:";
const TRANSLATION_FAILED = "Translation failed (";
const EXECUTION_FAILED = "Action execution failed (";
const TRANSLATION_DROPPED = "), packet is dropped.";

/**
 * True when `text` begins the results of a section (it ends the tree).
 *
 * @internal
 * @example
 * ```ts
 * import { isResultStart } from "./sections.js";
 * isResultStart("Final flow: unchanged"); // true
 * ```
 */
export function isResultStart(text: string): boolean {
  switch (text.charCodeAt(0)) {
    case 70 /* F */:
      return text.startsWith("Final flow:");
    case 77 /* M */:
      return text.startsWith("Megaflow:");
    case 68 /* D */:
      return text.startsWith(DP_ACTIONS);
    case 84 /* T */:
      return text.startsWith(TRANSLATION_FAILED) || text.startsWith(SLOW_PATH);
    case 65 /* A */:
      return text.startsWith(EXECUTION_FAILED);
  }
  return false;
}

/**
 * Reads one results line into section `s`. Returns false when it is not a results line; throws
 * {@link OvsParseError} when it is a damaged one.
 *
 * @internal
 * @example
 * ```ts
 * import { resultLine } from "./sections.js";
 * resultLine("Datapath actions: ct(zone=21,nat),recirc(0x8)", 42, section, state); // true
 * ```
 */
export function resultLine(text: string, lineNo: number, s: MutableSection, state: ResultsState): boolean {
  const open = state.slowPath || state.executionFailed;
  state.slowPath = false;
  state.executionFailed = false;
  if (text.startsWith("Final flow:")) {
    if (text.trimEnd() === "Final flow: unchanged") s.finalFlow = { unchanged: true, line: lineNo };
    else s.finalFlow = traceFlowAt(text, 12, lineNo);
  } else if (text.startsWith("Megaflow:")) {
    s.megaflow = traceFlowAt(text, 10, lineNo);
  } else if (text.startsWith(DP_ACTIONS)) {
    const end = text.trimEnd().length;
    s.datapathActions = parseDatapathActions(text, DP_ACTIONS.length, end);
    s.datapathActionsText = ownedSlice(text, DP_ACTIONS.length, end);
  } else if (text.startsWith(TRANSLATION_FAILED)) {
    const end = text.trimEnd().length;
    if (!text.endsWith(TRANSLATION_DROPPED, end) || end - TRANSLATION_DROPPED.length < TRANSLATION_FAILED.length) {
      throw new OvsParseError("syntax", `expected '${TRANSLATION_FAILED}REASON${TRANSLATION_DROPPED}'`, text, TRANSLATION_FAILED.length);
    }
    s.translationError = ownedSlice(text, TRANSLATION_FAILED.length, end - TRANSLATION_DROPPED.length);
  } else if (text.startsWith(SLOW_PATH)) {
    s.slowPath = [];
    state.slowPath = true;
  } else if (text.startsWith("  - ") && s.slowPath !== undefined && open) {
    (s.slowPath as string[]).push(owned(text.slice(4).trimEnd()));
    state.slowPath = true;
  } else if (text.startsWith(EXECUTION_FAILED)) {
    const end = text.trimEnd().length;
    if (text.charCodeAt(end - 1) !== 41 || end - 1 < EXECUTION_FAILED.length) {
      throw new OvsParseError("syntax", `expected '${EXECUTION_FAILED}REASON)'`, text, EXECUTION_FAILED.length);
    }
    s.executionError = ownedSlice(text, EXECUTION_FAILED.length, end - 1);
    state.executionFailed = true;
  } else if (text.trimEnd() === "." && open) {
    // OVS prints "Action execution failed (...)\n." on two lines.
  } else {
    return false;
  }
  return true;
}
