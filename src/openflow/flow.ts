/**
 * The OpenFlow flow model and the single-line parser behind {@link parseFlow} and the dump
 * parsers. One pass over char codes locates the info items, the match and the actions; the
 * actions are decoded eagerly or on first access.
 *
 * @module
 */
import { OvsParseError, isOvsParseError } from "../core/parse-error.js";
import { checkBalanced, skipQuoted, wordEnd } from "../core/scanner.js";
import { internSlice } from "../core/intern.js";
import { ParseCache } from "../core/parse-cache.js";
import { ownedSlice } from "../core/strings.js";
import { parseSmallInt, parseUnsigned } from "../core/values.js";
import { parseActions } from "./actions/parse.js";
import type { Action } from "./actions/types.js";
import { type MatchField, parseMatchFields } from "./match.js";

/** A flow's age since it was added: whole seconds and nanoseconds, as OVS keeps it. */
export interface Duration {
  readonly sec: number;
  readonly nsec: number;
}

/** The flow-mod flags OVS prints among the info items. */
export type FlowFlag = "send_flow_rem" | "check_overlap" | "reset_counts" | "no_packet_counts" | "no_byte_counts" | "emerg";

/**
 * One OpenFlow flow as printed by `ovs-ofctl dump-flows`.
 *
 * Info items are present when the dump printed them (`--no-stats` prints none of the
 * statistics). 64-bit counters and the cookie are exact `bigint`s.
 */
export interface Flow {
  readonly cookie?: bigint | undefined;
  readonly duration?: Duration | undefined;
  /** Table number, or its name when the dump used table names. */
  readonly table?: number | string | undefined;
  readonly nPackets?: bigint | undefined;
  readonly nBytes?: bigint | undefined;
  readonly idleTimeout?: number | undefined;
  readonly hardTimeout?: number | undefined;
  readonly importance?: number | undefined;
  readonly idleAge?: number | undefined;
  readonly hardAge?: number | undefined;
  /** Flow-mod flags (`send_flow_rem`, `reset_counts`, ...), in the order printed. */
  readonly flags?: readonly FlowFlag[] | undefined;
  /** Absent when the flow has the default priority (32768), which OVS does not print. */
  readonly priority?: number | undefined;
  /** Match items in the order printed (without `priority`). */
  readonly match: readonly MatchField[];
  /** The actions (`drop` when the flow has none). */
  readonly actions: readonly Action[];
  /** 1-based line number in the dump it came from, when parsed from a dump. */
  readonly line?: number | undefined;
}

const FLAG_WORDS: ReadonlySet<string> = new Set<FlowFlag>([
  "send_flow_rem",
  "check_overlap",
  "reset_counts",
  "no_packet_counts",
  "no_byte_counts",
  "emerg",
]);

/**
 * The class of the flows the parsers return: a {@link Flow} whose `actions` are decoded on
 * first access when parsing lazily. `toJSON()` gives a plain object.
 *
 * @example
 * ```ts
 * import { parseFlows, ParsedFlow } from "ovskit";
 * const [f] = parseFlows(" priority=1 actions=drop", { lazyActions: true });
 * (f as ParsedFlow).actionsPending; // true until f.actions is read
 * ```
 */
export class ParsedFlow implements Flow {
  cookie: bigint | undefined = undefined;
  duration: Duration | undefined = undefined;
  table: number | string | undefined = undefined;
  nPackets: bigint | undefined = undefined;
  nBytes: bigint | undefined = undefined;
  idleTimeout: number | undefined = undefined;
  hardTimeout: number | undefined = undefined;
  importance: number | undefined = undefined;
  idleAge: number | undefined = undefined;
  hardAge: number | undefined = undefined;
  flags: FlowFlag[] | undefined = undefined;
  priority: number | undefined = undefined;
  match: MatchField[] = [];
  line: number | undefined = undefined;
  #actions: readonly Action[] | undefined = undefined;
  #actionsText: string | undefined = undefined;

  /** The actions, decoded now if they were left lazy. */
  get actions(): readonly Action[] {
    if (this.#actions === undefined) {
      const text = this.#actionsText as string;
      try {
        this.#actions = parseActions(text, 0, text.length);
      } catch (e) {
        // Lazy decoding never throws: text that does not decode is kept, with the reason.
        const reason = isOvsParseError(e) ? e.reason : String(e);
        this.#actions = [{ kind: "unknown", name: "", text, reason: `actions do not decode: ${reason}` }];
      }
      this.#actionsText = undefined;
    }
    return this.#actions;
  }

  set actions(actions: readonly Action[]) {
    this.#actions = actions;
    this.#actionsText = undefined;
  }

  /** True until the actions have been decoded. */
  get actionsPending(): boolean {
    return this.#actions === undefined;
  }

  /** @internal */
  setLazyActions(text: string): void {
    this.#actionsText = text;
    this.#actions = undefined;
  }

  /** A plain-object copy (actions decoded), for JSON or structured cloning. */
  toJSON(): Flow {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) if (v !== undefined) out[k] = v;
    out.actions = this.actions;
    return out as unknown as Flow;
  }
}

/**
 * The caches one dump parse shares between its flows (see {@link ParseCache}): match items,
 * action lists, undecoded action texts and durations each have their own namespace.
 */
export interface FlowCaches {
  readonly match: ParseCache;
  readonly actions: ParseCache;
  readonly durations: ParseCache;
  readonly cookies: ParseCache;
  /** Scratch list the match items of one line are collected in (copied at exact size). */
  readonly scratch: MatchField[];
}

/**
 * New, empty caches for one dump.
 *
 * @example
 * ```ts
 * import { newFlowCaches, parseFlowLine } from "ovskit";
 * const caches = newFlowCaches();
 * const a = parseFlowLine(" priority=1,ip actions=drop", false, caches);
 * const b = parseFlowLine(" priority=2,ip actions=drop", false, caches);
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
  };
}

/** Options of the single-line parser. */
export interface ParseFlowOptions {
  /**
   * Decode the actions only when `flow.actions` is first read. Brackets and quotes are still
   * checked while parsing; reading the actions later never throws: text that does not decode
   * becomes one `unknown` action that keeps the text and the reason. Default: false.
   */
  readonly lazyActions?: boolean;
}

/**
 * Parses one line of `ovs-ofctl dump-flows` output (or a flow in `ovs-ofctl add-flow`
 * syntax) into a {@link Flow}. Throws {@link OvsParseError} on a malformed line.
 *
 * @example
 * ```ts
 * import { parseFlow } from "ovskit";
 * const f = parseFlow(" cookie=0x5, duration=1.5s, table=8, n_packets=3, n_bytes=180, priority=50,ip,nw_dst=10.0.0.0/8 actions=resubmit(,9)");
 * f.table;           // 8
 * f.nBytes;          // 180n
 * f.match[1]?.value; // { kind: "ipv4", value: "10.0.0.0", prefix: 8 }
 * f.actions[0];      // { kind: "resubmit", table: 9 }
 * ```
 */
export function parseFlow(line: string, options: ParseFlowOptions = {}): Flow {
  return parseFlowLine(line, options.lazyActions === true);
}

/**
 * The line parser behind every flow parser: `lazy` leaves the actions undecoded; `caches`
 * (one per dump) shares identical pieces between the flows of a dump.
 *
 * @example
 * ```ts
 * import { parseFlowLine } from "ovskit";
 * parseFlowLine(" priority=1 actions=drop", true).actionsPending; // true
 * ```
 */
export function parseFlowLine(text: string, lazy: boolean, caches?: FlowCaches): ParsedFlow {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let pos = 0;
  while (pos < end && isSpace(text.charCodeAt(pos))) pos++;
  const flow = new ParsedFlow();
  pos = parseInfo(text, pos, end, flow, caches);
  const actionsAt = findActions(text, pos, end);
  if (actionsAt < 0) throw new OvsParseError("missing", "no actions= in flow", text, end);
  let matchEnd = actionsAt;
  while (matchEnd > pos && (isSpace(text.charCodeAt(matchEnd - 1)) || text.charCodeAt(matchEnd - 1) === 44)) matchEnd--;
  if (caches === undefined) flow.priority = parseMatchFields(text, pos, matchEnd, flow.match);
  else {
    const scratch = caches.scratch;
    scratch.length = 0;
    flow.priority = parseMatchFields(text, pos, matchEnd, scratch, caches.match);
    flow.match = scratch.slice();
  }
  const actStart = actionsAt + 8;
  if (actStart >= end) throw new OvsParseError("missing", "empty actions", text, actStart);
  if (caches === undefined) {
    checkBalanced(text, actStart, end);
    if (lazy) flow.setLazyActions(ownedSlice(text, actStart, end));
    else flow.actions = parseActions(text, actStart, end);
    return flow;
  }
  // Shared per dump: the owned action text (lazy) or the frozen action list (eager).
  const cached = caches.actions.get<string | readonly Action[]>(text, actStart, end);
  if (lazy) {
    if (typeof cached === "string") flow.setLazyActions(cached);
    else if (cached !== undefined) flow.actions = cached;
    else {
      checkBalanced(text, actStart, end);
      flow.setLazyActions(caches.actions.set(text, actStart, end, ownedSlice(text, actStart, end)));
    }
  } else if (Array.isArray(cached)) {
    flow.actions = cached;
  } else {
    checkBalanced(text, actStart, end);
    flow.actions = caches.actions.set(text, actStart, end, parseActions(text, actStart, end));
  }
  return flow;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

function parseInfo(text: string, pos: number, end: number, flow: ParsedFlow, caches: FlowCaches | undefined): number {
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
      (flow.flags ??= []).push(internSlice(text, pos, keyEnd) as FlowFlag);
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
  flow: ParsedFlow,
  caches: FlowCaches | undefined,
): boolean {
  const bad = (what: string): never => {
    throw new OvsParseError("bad-value", `bad ${what}`, text, vs);
  };
  switch (infoKey(text, ks, ke)) {
    case "cookie":
      if (caches === undefined) flow.cookie = parseUnsigned(text, vs, ve) ?? bad("cookie");
      else {
        const box = caches.cookies.get<{ v: bigint }>(text, vs, ve);
        flow.cookie = box !== undefined ? box.v : caches.cookies.set(text, vs, ve, { v: parseUnsigned(text, vs, ve) ?? bad("cookie") }).v;
      }
      return true;
    case "duration": {
      if (caches === undefined) {
        flow.duration = parseDuration(text, vs, ve) ?? bad("duration");
        return true;
      }
      flow.duration =
        caches.durations.get<Duration>(text, vs, ve) ??
        caches.durations.set(text, vs, ve, parseDuration(text, vs, ve) ?? bad("duration"));
      return true;
    }
    case "table": {
      const n = parseSmallInt(text, vs, ve);
      flow.table = n >= 0 ? n : internSlice(text, vs, ve);
      return true;
    }
    case "n_packets":
      flow.nPackets = parseUnsigned(text, vs, ve) ?? bad("n_packets");
      return true;
    case "n_bytes":
      flow.nBytes = parseUnsigned(text, vs, ve) ?? bad("n_bytes");
      return true;
    case "idle_timeout":
      flow.idleTimeout = smallOr(text, vs, ve, bad);
      return true;
    case "hard_timeout":
      flow.hardTimeout = smallOr(text, vs, ve, bad);
      return true;
    case "importance":
      flow.importance = smallOr(text, vs, ve, bad);
      return true;
    case "idle_age":
      flow.idleAge = smallOr(text, vs, ve, bad);
      return true;
    case "hard_age":
      flow.hardAge = smallOr(text, vs, ve, bad);
      return true;
  }
  return false;
}

function smallOr(text: string, s: number, e: number, bad: (what: string) => never): number {
  const n = parseSmallInt(text, s, e);
  return n >= 0 ? n : bad(text.slice(s, e));
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
  const dot = text.indexOf(".", start);
  const secEnd = dot >= 0 && dot < end ? dot : end - 1;
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
  for (;;) {
    const at = text.indexOf("actions=", from);
    if (at < 0 || at >= end) return -1;
    const quote = text.indexOf('"', from);
    if (quote >= 0 && quote < at) {
      from = skipQuoted(text, quote, end) + 1;
      continue;
    }
    if (at === pos || isSpace(text.charCodeAt(at - 1)) || text.charCodeAt(at - 1) === 44) return at;
    from = at + 1;
  }
}
