/**
 * The single-line flow parser behind {@link parseFlow} and the dump parsers. One pass over char
 * codes locates the info items, the match and the actions. The actions are always checked
 * (parsed); a lazy flow keeps their text instead of the typed nodes, so lazy and eager parsing
 * report the same errors and warnings.
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";
import { checkBalanced, skipQuoted, wordEnd } from "../core/scanner.js";
import { internSlice } from "../core/intern.js";
import { ParseCache } from "../core/parse-cache.js";
import { ownedSlice } from "../core/strings.js";
import { parseSmallInt, parseUnsigned } from "../core/values.js";
import { parseActions } from "./actions/parse.js";
import type { Action } from "./actions/types.js";
import { type ActionWarning, actionWarnings } from "./actions/warnings.js";
import type { AnyFlow, Duration, Flow, FlowFlag, LazyFlow } from "./flow.js";
import { type MatchField, parseMatchFields } from "./match.js";

/**
 * The caches one dump parse shares between its flows (see {@link ParseCache}): match items,
 * action lists (eager) and action texts (lazy), durations and cookies each have their own.
 * Everything shared is frozen.
 */
export interface FlowCaches {
  readonly match: ParseCache;
  readonly actions: ParseCache;
  readonly durations: ParseCache;
  readonly cookies: ParseCache;
  /** Scratch list the match items of one line are collected in (copied at exact size). */
  readonly scratch: MatchField[];
  /**
   * The previous flow's duration, compared before hashing (most consecutive flows of a dump have
   * the same one).
   */
  readonly recent: { durationText: string; duration: Duration | undefined };
}

/**
 * New, empty caches for one dump.
 *
 * @example
 * ```ts
 * import { newFlowCaches, parseFlow } from "ovskit";
 * const caches = newFlowCaches();
 * const a = parseFlow(" priority=1,ip actions=drop", { caches });
 * const b = parseFlow(" priority=2,ip actions=drop", { caches });
 * a.actions === b.actions; // true: one frozen copy
 * ```
 */
export function newFlowCaches(): FlowCaches {
  return {
    match: new ParseCache(),
    actions: new ParseCache(),
    durations: new ParseCache(4096),
    cookies: new ParseCache(),
    scratch: [],
    recent: { durationText: "", duration: undefined },
  };
}

/** Options of {@link parseFlow}. */
export interface ParseFlowOptions {
  /**
   * Keep the actions as text (`actionsText`, a {@link LazyFlow}) instead of typed nodes; decode
   * them with {@link decodeActions} / {@link decodeFlow}. They are checked all the same, so a
   * line is accepted or refused exactly as without this option. Default: false.
   */
  readonly lazyActions?: boolean;
  /** Caches to share identical pieces with other flows of the same dump ({@link newFlowCaches}). */
  readonly caches?: FlowCaches;
}

/**
 * Parses one line of `ovs-ofctl dump-flows` output (or a flow in `ovs-ofctl add-flow`
 * syntax). Throws {@link OvsParseError} (with the column) on a malformed line. A byte order mark
 * before the line is ignored.
 *
 * @example
 * ```ts
 * import { parseFlow } from "ovskit";
 * const f = parseFlow(" cookie=0x5, duration=1.5s, table=8, n_packets=3, n_bytes=180, priority=50,ip,nw_dst=10.0.0.0/8 actions=resubmit(,9)");
 * f.table;           // 8
 * f.nBytes;          // 180n
 * f.match[1]?.value; // { kind: "ipv4", value: "10.0.0.0", prefix: 8 }
 * f.actions[0];      // { kind: "resubmit", table: 9 }
 * parseFlow(" priority=1 actions=drop", { lazyActions: true }).actionsText; // "drop"
 * ```
 */
export function parseFlow(line: string, options: ParseFlowOptions & { readonly lazyActions: true }): LazyFlow;
export function parseFlow(line: string, options?: ParseFlowOptions & { readonly lazyActions?: false }): Flow;
export function parseFlow(line: string, options?: ParseFlowOptions): AnyFlow;
export function parseFlow(line: string, options: ParseFlowOptions = {}): AnyFlow {
  return readFlowLine(line, options.lazyActions === true, options.caches, undefined);
}

/**
 * @deprecated Use {@link parseFlow} with options: `parseFlowLine(text, lazy, caches)` is
 * `parseFlow(text, { lazyActions: lazy, caches })`. Goes away in 0.3.0.
 *
 * @example
 * ```ts
 * import { newFlowCaches, parseFlow } from "ovskit";
 * parseFlow(" priority=1 actions=drop", { lazyActions: true, caches: newFlowCaches() });
 * ```
 */
export function parseFlowLine(text: string, lazy: boolean, caches?: FlowCaches): AnyFlow {
  return readFlowLine(text, lazy, caches, undefined);
}

/**
 * What the line parser reports besides the flow: where the actions start and the warnings about
 * them (positions relative to that start). Reused from line to line by a dump parser.
 *
 * @internal
 */
export interface FlowLineInfo {
  actionsAt: number;
  warnings: readonly ActionWarning[];
}

/** The frozen piece an eager dump parse caches per distinct action text. */
interface EagerActions {
  readonly actions: readonly Action[];
  readonly warnings: readonly ActionWarning[];
}

/** The frozen piece a lazy dump parse caches per distinct action text. */
interface LazyActions {
  readonly text: string;
  readonly warnings: readonly ActionWarning[];
}

const NO_WARNINGS: readonly ActionWarning[] = Object.freeze([]);

type MutableFlow = { -readonly [K in keyof Flow | "actionsText"]?: unknown };

/**
 * The line parser behind every flow parser. `info`, when given, receives where the actions
 * start and their warnings.
 *
 * @internal
 */
export function readFlowLine(text: string, lazy: boolean, caches: FlowCaches | undefined, info: FlowLineInfo | undefined): AnyFlow {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < end && isSpace(text.charCodeAt(pos))) pos++;
  const flow: MutableFlow = {};
  pos = parseInfo(text, pos, end, flow, caches);
  const actionsAt = findActions(text, pos, end);
  if (actionsAt < 0) throw new OvsParseError("missing", "no actions= in flow", text, end);
  let matchEnd = actionsAt;
  while (matchEnd > pos && (isSpace(text.charCodeAt(matchEnd - 1)) || text.charCodeAt(matchEnd - 1) === 44)) matchEnd--;
  let match: MatchField[];
  let priority: number | undefined;
  if (caches === undefined) {
    match = [];
    priority = parseMatchFields(text, pos, matchEnd, match);
  } else {
    const scratch = caches.scratch;
    scratch.length = 0;
    priority = parseMatchFields(text, pos, matchEnd, scratch, caches.match);
    match = scratch.slice();
  }
  if (priority !== undefined) flow.priority = priority;
  flow.match = match;
  const actStart = actionsAt + 8;
  if (actStart >= end) throw new OvsParseError("missing", "empty actions", text, actStart);
  let warnings: readonly ActionWarning[];
  if (caches === undefined) {
    checkBalanced(text, actStart, end);
    const actions = parseActions(text, actStart, end);
    warnings = actionWarnings(actions, text, actStart);
    if (lazy) flow.actionsText = ownedSlice(text, actStart, end);
    else flow.actions = actions;
  } else if (lazy) {
    // Shared per dump: the owned action text and its warnings (the actions are checked once).
    let entry = caches.actions.get<LazyActions | EagerActions>(text, actStart, end);
    if (entry === undefined || !("text" in entry)) {
      checkBalanced(text, actStart, end);
      const w = entry?.warnings ?? actionWarnings(parseActions(text, actStart, end), text, actStart);
      entry = caches.actions.set<LazyActions>(text, actStart, end, { text: ownedSlice(text, actStart, end), warnings: w.length === 0 ? NO_WARNINGS : w });
    }
    flow.actionsText = entry.text;
    warnings = entry.warnings;
  } else {
    // Shared per dump: the frozen action list and its warnings.
    let entry = caches.actions.get<LazyActions | EagerActions>(text, actStart, end);
    if (entry === undefined || !("actions" in entry)) {
      checkBalanced(text, actStart, end);
      const actions = parseActions(text, actStart, end);
      const w = entry?.warnings ?? actionWarnings(actions, text, actStart);
      entry = caches.actions.set<EagerActions>(text, actStart, end, { actions, warnings: w.length === 0 ? NO_WARNINGS : w });
    }
    flow.actions = entry.actions;
    warnings = entry.warnings;
  }
  if (info !== undefined) {
    info.actionsAt = actStart;
    info.warnings = warnings;
  }
  return flow as unknown as AnyFlow;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

const FLAG_WORDS: ReadonlySet<string> = new Set<FlowFlag>([
  "send_flow_rem",
  "check_overlap",
  "reset_counts",
  "no_packet_counts",
  "no_byte_counts",
  "emerg",
]);

function parseInfo(text: string, pos: number, end: number, flow: MutableFlow, caches: FlowCaches | undefined): number {
  let flags: FlowFlag[] | undefined;
  for (;;) {
    const keyEnd = wordEnd(text, pos, end);
    if (keyEnd === pos) return pos;
    const c = text.charCodeAt(keyEnd);
    let next: number;
    if (c === 61 /* = */) {
      let vEnd = keyEnd + 1;
      while (vEnd < end && text.charCodeAt(vEnd) !== 44 && text.charCodeAt(vEnd) !== 32) vEnd++;
      if (text.charCodeAt(vEnd) !== 44 || text.charCodeAt(vEnd + 1) !== 32) return pos;
      if (!setInfo(text, pos, keyEnd, keyEnd + 1, vEnd, flow, caches)) return pos;
      next = vEnd + 2;
    } else if ((c === 32 || c === 44) && FLAG_WORDS.has(internSlice(text, pos, keyEnd))) {
      if (flags === undefined) flow.flags = flags = [];
      flags.push(internSlice(text, pos, keyEnd) as FlowFlag);
      next = keyEnd + 1;
      if (c === 44 && text.charCodeAt(next) === 32) next++;
    } else {
      return pos;
    }
    pos = next;
  }
}

/** Info keys by length and first char: one comparison instead of hashing the key. */
function infoKey(text: string, ks: number, ke: number): string | undefined {
  let key: string | undefined;
  switch (ke - ks) {
    case 5:
      key = "table";
      break;
    case 6:
      key = "cookie";
      break;
    case 7:
      key = "n_bytes";
      break;
    case 8:
      key = text.charCodeAt(ks) === 100 ? "duration" : text.charCodeAt(ks) === 105 ? "idle_age" : "hard_age";
      break;
    case 9:
      key = "n_packets";
      break;
    case 10:
      key = "importance";
      break;
    case 12:
      key = text.charCodeAt(ks) === 105 ? "idle_timeout" : "hard_timeout";
      break;
    default:
      return undefined;
  }
  return text.startsWith(key, ks) ? key : undefined;
}

function setInfo(text: string, ks: number, ke: number, vs: number, ve: number, flow: MutableFlow, caches: FlowCaches | undefined): boolean {
  const key = infoKey(text, ks, ke);
  switch (key) {
    case "cookie":
      flow.cookie = caches === undefined ? unsigned(text, key, vs, ve) : cachedCookie(text, vs, ve, caches.cookies);
      return true;
    case "duration":
      flow.duration = caches === undefined ? (parseDuration(text, vs, ve) ?? badInfo(text, key, vs, ve)) : cachedDuration(text, vs, ve, caches);
      return true;
    case "table": {
      const n = parseSmallInt(text, vs, ve);
      flow.table = n >= 0 ? n : internSlice(text, vs, ve);
      return true;
    }
    case "n_packets":
      flow.nPackets = unsigned(text, key, vs, ve);
      return true;
    case "n_bytes":
      flow.nBytes = unsigned(text, key, vs, ve);
      return true;
    case "idle_timeout":
      flow.idleTimeout = small(text, key, vs, ve);
      return true;
    case "hard_timeout":
      flow.hardTimeout = small(text, key, vs, ve);
      return true;
    case "importance":
      flow.importance = small(text, key, vs, ve);
      return true;
    case "idle_age":
      flow.idleAge = small(text, key, vs, ve);
      return true;
    case "hard_age":
      flow.hardAge = small(text, key, vs, ve);
      return true;
  }
  return false;
}

function cachedDuration(text: string, vs: number, ve: number, caches: FlowCaches): Duration {
  const recent = caches.recent;
  const prev = recent.durationText;
  if (recent.duration !== undefined && prev.length === ve - vs && text.startsWith(prev, vs)) return recent.duration;
  const d =
    caches.durations.get<Duration>(text, vs, ve) ??
    caches.durations.set(text, vs, ve, parseDuration(text, vs, ve) ?? badInfo(text, "duration", vs, ve));
  recent.durationText = text.slice(vs, ve);
  recent.duration = d;
  return d;
}

function cachedCookie(text: string, vs: number, ve: number, cache: ParseCache): bigint {
  const box = cache.get<{ v: bigint }>(text, vs, ve);
  return box !== undefined ? box.v : cache.set(text, vs, ve, { v: unsigned(text, "cookie", vs, ve) }).v;
}

function unsigned(text: string, key: string, vs: number, ve: number): bigint {
  return parseUnsigned(text, vs, ve) ?? badInfo(text, key, vs, ve);
}

function small(text: string, key: string, vs: number, ve: number): number {
  const n = parseSmallInt(text, vs, ve);
  return n >= 0 ? n : badInfo(text, key, vs, ve);
}

/** Refuses the value of an info item, naming the item and quoting (a cut of) the value. */
function badInfo(text: string, key: string, vs: number, ve: number): never {
  const value = ve - vs > 40 ? `${text.slice(vs, vs + 40)}...` : text.slice(vs, ve);
  let digits = ve > vs;
  for (let i = vs; i < ve && digits; i++) digits = text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
  const why = digits && key !== "duration" ? "out of range" : "malformed";
  throw new OvsParseError("bad-value", `bad ${key} "${value}" (${why})`, text, vs);
}

/**
 * Parses an OVS duration such as `3.436s` or `12s` into seconds and nanoseconds.
 *
 * @example
 * ```ts
 * import { parseDuration } from "ovskit";
 * parseDuration("3.436s"); // { sec: 3, nsec: 436000000 }
 * ```
 */
export function parseDuration(text: string, start = 0, end = text.length): Duration | undefined {
  if (text.charCodeAt(end - 1) !== 115 /* s */) return undefined;
  let dot = -1;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) === 46) {
      dot = i;
      break;
    }
  }
  const secEnd = dot >= 0 ? dot : end - 1;
  const sec = parseSmallInt(text, start, secEnd);
  if (sec < 0) return undefined;
  if (secEnd === end - 1) return { sec, nsec: 0 };
  const digits = end - 1 - (secEnd + 1);
  if (digits < 1 || digits > 9) return undefined;
  const frac = parseSmallInt(text, secEnd + 1, end - 1);
  if (frac < 0) return undefined;
  return { sec, nsec: frac * 10 ** (9 - digits) };
}

/** Index of the `actions=` keyword that ends the match, or -1. Skips quoted names. */
function findActions(text: string, pos: number, end: number): number {
  let from = pos;
  let quote = text.indexOf('"', from);
  for (;;) {
    const at = text.indexOf("actions=", from);
    if (at < 0 || at >= end) return -1;
    if (quote >= 0 && quote < at) {
      from = skipQuoted(text, quote, end) + 1;
      quote = text.indexOf('"', from);
      continue;
    }
    if (at === pos || isSpace(text.charCodeAt(at - 1)) || text.charCodeAt(at - 1) === 44) return at;
    from = at + 1;
  }
}
