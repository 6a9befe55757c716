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
import { checkActionList, parseActions } from "./actions/parse.js";
import type { Action } from "./actions/types.js";
import { type ActionWarning, listActionWarnings } from "./actions/warnings.js";
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
  /** Single actions (`resubmit(,8)`) a lazy parse has checked, with their warnings. */
  readonly actionItems: ParseCache;
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
    actionItems: new ParseCache(),
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
  /** Scratch for the info items of each line. */
  readonly items: InfoItems;
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
export function readFlowLine(
  text: string,
  lazy: boolean,
  caches: FlowCaches | undefined,
  info: FlowLineInfo | undefined,
  line?: number,
): AnyFlow {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < end && isSpace(text.charCodeAt(pos))) pos++;
  const items = info?.items ?? newInfoItems();
  items.mask = 0;
  items.flags = undefined;
  pos = parseInfo(text, pos, end, items, caches);
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
  const actStart = actionsAt + 8;
  if (actStart >= end) throw new OvsParseError("missing", "empty actions", text, actStart);
  let warnings: readonly ActionWarning[];
  let acts: string | readonly Action[];
  if (caches === undefined) {
    checkBalanced(text, actStart, end);
    const actions = parseActions(text, actStart, end);
    warnings = listActionWarnings(actions, text, actStart, end);
    acts = lazy ? ownedSlice(text, actStart, end) : actions;
  } else if (lazy) {
    // Shared per dump: the owned action text and its warnings (the actions are checked once).
    let entry = caches.actions.get<LazyActions | EagerActions>(text, actStart, end);
    if (entry === undefined || !("text" in entry)) {
      checkBalanced(text, actStart, end);
      // Checked item by item (items repeat far more than whole lists): the same errors and
      // warnings as parsing the list, without building it.
      const w = entry?.warnings ?? checkActionList(text, actStart, end, caches.actionItems);
      entry = caches.actions.set<LazyActions>(text, actStart, end, { text: ownedSlice(text, actStart, end), warnings: w.length === 0 ? NO_WARNINGS : w });
    }
    acts = entry.text;
    warnings = entry.warnings;
  } else {
    // Shared per dump: the frozen action list and its warnings.
    let entry = caches.actions.get<LazyActions | EagerActions>(text, actStart, end);
    if (entry === undefined || !("actions" in entry)) {
      checkBalanced(text, actStart, end);
      const actions = parseActions(text, actStart, end);
      const w = entry?.warnings ?? listActionWarnings(actions, text, actStart, end);
      entry = caches.actions.set<EagerActions>(text, actStart, end, { actions, warnings: w.length === 0 ? NO_WARNINGS : w });
    }
    acts = entry.actions;
    warnings = entry.warnings;
  }
  if (info !== undefined) {
    info.actionsAt = actStart;
    info.warnings = warnings;
  }
  return buildFlow(items, priority, match, acts, line);
}

/** Bits of {@link InfoItems}' `mask`: which info items the line had. */
const COOKIE = 1;
const DURATION = 2;
const TABLE = 4;
const N_PACKETS = 8;
const N_BYTES = 16;
const IDLE_TIMEOUT = 32;
const HARD_TIMEOUT = 64;
const IMPORTANCE = 128;
const IDLE_AGE = 256;
const HARD_AGE = 512;
/** What `ovs-ofctl dump-flows` prints for most flows, with and without statistics. */
const WITH_STATS = COOKIE | DURATION | TABLE | N_PACKETS | N_BYTES | IDLE_AGE;
const NO_STATS = COOKIE | TABLE;

/**
 * The info items of the line being parsed, collected before the flow is built. A dump parser
 * reuses one from line to line ({@link FlowLineInfo}); a single parse takes a new one.
 *
 * @internal
 */
export interface InfoItems {
  /** Which items the line had (bits `COOKIE`, `DURATION`, ...). */
  mask: number;
  cookie: bigint;
  duration: Duration;
  table: number | string;
  nPackets: bigint;
  nBytes: bigint;
  idleTimeout: number;
  hardTimeout: number;
  importance: number;
  idleAge: number;
  hardAge: number;
  flags: FlowFlag[] | undefined;
}

/**
 * A new, empty {@link InfoItems}.
 *
 * @internal
 */
export function newInfoItems(): InfoItems {
  return {
    mask: 0,
    cookie: 0n,
    duration: { sec: 0, nsec: 0 },
    table: 0,
    nPackets: 0n,
    nBytes: 0n,
    idleTimeout: 0,
    hardTimeout: 0,
    importance: 0,
    idleAge: 0,
    hardAge: 0,
    flags: undefined,
  };
}

/**
 * Builds the flow in one go, properties in the order OVS prints them (the usual shapes as one
 * object literal: one allocation, every property in the object).
 */
function buildFlow(
  i: InfoItems,
  priority: number | undefined,
  match: readonly MatchField[],
  acts: string | readonly Action[],
  line: number | undefined,
): AnyFlow {
  if (priority !== undefined && line !== undefined && i.flags === undefined) {
    if (i.mask === WITH_STATS) {
      return typeof acts === "string"
        ? { cookie: i.cookie, duration: i.duration, table: i.table, nPackets: i.nPackets, nBytes: i.nBytes, idleAge: i.idleAge, priority, match, actionsText: acts, line }
        : { cookie: i.cookie, duration: i.duration, table: i.table, nPackets: i.nPackets, nBytes: i.nBytes, idleAge: i.idleAge, priority, match, actions: acts, line };
    }
    if (i.mask === NO_STATS) {
      return typeof acts === "string"
        ? { cookie: i.cookie, table: i.table, priority, match, actionsText: acts, line }
        : { cookie: i.cookie, table: i.table, priority, match, actions: acts, line };
    }
  }
  const m = i.mask;
  const flow: MutableFlow = {};
  if ((m & COOKIE) !== 0) flow.cookie = i.cookie;
  if ((m & DURATION) !== 0) flow.duration = i.duration;
  if ((m & TABLE) !== 0) flow.table = i.table;
  if ((m & N_PACKETS) !== 0) flow.nPackets = i.nPackets;
  if ((m & N_BYTES) !== 0) flow.nBytes = i.nBytes;
  if ((m & IDLE_TIMEOUT) !== 0) flow.idleTimeout = i.idleTimeout;
  if ((m & HARD_TIMEOUT) !== 0) flow.hardTimeout = i.hardTimeout;
  if (i.flags !== undefined) flow.flags = i.flags;
  if ((m & IMPORTANCE) !== 0) flow.importance = i.importance;
  if ((m & IDLE_AGE) !== 0) flow.idleAge = i.idleAge;
  if ((m & HARD_AGE) !== 0) flow.hardAge = i.hardAge;
  if (priority !== undefined) flow.priority = priority;
  flow.match = match;
  if (typeof acts === "string") flow.actionsText = acts;
  else flow.actions = acts;
  if (line !== undefined) flow.line = line;
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

function parseInfo(text: string, pos: number, end: number, items: InfoItems, caches: FlowCaches | undefined): number {
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
      if (!setInfo(text, pos, keyEnd, keyEnd + 1, vEnd, items, caches)) return pos;
      next = vEnd + 2;
    } else if ((c === 32 || c === 44) && FLAG_WORDS.has(internSlice(text, pos, keyEnd))) {
      if (flags === undefined) items.flags = flags = [];
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

function setInfo(
  text: string,
  ks: number,
  ke: number,
  vs: number,
  ve: number,
  i: InfoItems,
  caches: FlowCaches | undefined,
): boolean {
  const key = infoKey(text, ks, ke);
  switch (key) {
    case "cookie":
      i.cookie = caches === undefined ? unsigned(text, key, vs, ve) : cachedCookie(text, vs, ve, caches.cookies);
      i.mask |= COOKIE;
      return true;
    case "duration":
      i.duration = caches === undefined ? (parseDuration(text, vs, ve) ?? badInfo(text, key, vs, ve)) : cachedDuration(text, vs, ve, caches);
      i.mask |= DURATION;
      return true;
    case "table": {
      const n = parseSmallInt(text, vs, ve);
      i.table = n >= 0 ? n : internSlice(text, vs, ve);
      i.mask |= TABLE;
      return true;
    }
    case "n_packets":
      i.nPackets = unsigned(text, key, vs, ve);
      i.mask |= N_PACKETS;
      return true;
    case "n_bytes":
      i.nBytes = unsigned(text, key, vs, ve);
      i.mask |= N_BYTES;
      return true;
    case "idle_timeout":
      i.idleTimeout = small(text, key, vs, ve);
      i.mask |= IDLE_TIMEOUT;
      return true;
    case "hard_timeout":
      i.hardTimeout = small(text, key, vs, ve);
      i.mask |= HARD_TIMEOUT;
      return true;
    case "importance":
      i.importance = small(text, key, vs, ve);
      i.mask |= IMPORTANCE;
      return true;
    case "idle_age":
      i.idleAge = small(text, key, vs, ve);
      i.mask |= IDLE_AGE;
      return true;
    case "hard_age":
      i.hardAge = small(text, key, vs, ve);
      i.mask |= HARD_AGE;
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
