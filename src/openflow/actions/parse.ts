/**
 * Parsing of OpenFlow action lists (`actions=...`) into the {@link Action} model.
 *
 * Two outcomes only: structural damage (unbalanced brackets or quotes, an empty action, a
 * missing name, nesting deeper than OVS allows) is an {@link OvsParseError}; an action that is
 * unknown or whose arguments cannot be typed becomes an `unknown` action that keeps its text
 * and the reason. The internal parsers return the reason as a string: no exception is used to
 * steer the parse.
 *
 * @module
 */
import { OvsParseError } from "../../core/parse-error.js";
import { type FieldRef, canonicalFieldName, readFieldRef } from "../../core/field-ref.js";
import { internSlice } from "../../core/intern.js";
import { owned, ownedSlice } from "../../core/strings.js";
import { findTopLevel, indexOfChar, matchingClose, splitTopLevel, unquote, wordEnd } from "../../core/scanner.js";
import {
  type Value,
  parseIntValue,
  parseIpValue,
  parseMacValue,
  parseSmallInt,
} from "../../core/values.js";
import { readMatchValue } from "../match.js";
import { readCt } from "./ct.js";
import { readLearn } from "./learn.js";
import { fastItemEnd } from "./fast-check.js";
import { ARG_ACTIONS, type ArgActionSpec, FLAG_ACTIONS, RESERVED_PORTS } from "./tables.js";
import { readStructured } from "./structured.js";
import type { Action, Port } from "./types.js";
import type { ParseCache } from "../../core/parse-cache.js";
import { type ActionWarning, itemWarnings } from "./warnings.js";

/**
 * What the internal action parsers return: the action, or why it could not be typed (the
 * caller turns the reason into an `unknown` action).
 *
 * @internal
 */
export type Typed<T> = T | string;

/**
 * Parses a comma-separated action list such as `ct(commit,zone=5),resubmit(,8)` found at
 * `text[start, end)`.
 *
 * Unknown actions, or actions whose arguments cannot be typed, become `unknown` nodes (never
 * an error). Throws {@link OvsParseError} only for structural damage: unbalanced brackets or
 * quotes, an empty action, an action without a name, or actions nested more than 100 deep.
 *
 * @example
 * ```ts
 * import { parseActions } from "ovskit";
 * const [ct, resubmit] = parseActions("ct(table=14,zone=NXM_NX_REG11[0..15],nat),resubmit(,8)");
 * ```
 */
export function parseActions(text: string, start = 0, end = text.length): Action[] {
  return readActionList(text, start, end, 1, false) as Action[];
}

/** OVS refuses actions nested deeper than this (ofp-actions.c, MAX_OFPACT_PARSE_DEPTH). */
const MAX_NESTING = 100;

/**
 * The action list at `text[start, end)`, `depth` lists deep. At the top (`nested` false) an
 * empty action or a missing name is an error; inside another action (`clone(...)`,
 * `ct(exec(...))`) it is the reason that action cannot be typed. Structural damage always
 * throws.
 *
 * @internal
 */
export function readActionList(text: string, start: number, end: number, depth: number, nested: boolean): Typed<Action[]> {
  if (depth > MAX_NESTING) throw new OvsParseError("syntax", `actions nested more than ${MAX_NESTING} deep`, text, start);
  const out: Action[] = [];
  let pos = start;
  while (pos < end) {
    let itemEnd = findTopLevel(text, 44, pos, end);
    if (itemEnd < 0) itemEnd = end;
    const a = itemEnd === pos ? EMPTY_ACTION : readAction(text, pos, itemEnd, depth);
    if (typeof a === "string") {
      if (nested) return a;
      throw new OvsParseError("syntax", a, text, pos);
    }
    out.push(a);
    pos = itemEnd + 1;
    if (pos === end) {
      if (nested) return EMPTY_ACTION;
      throw new OvsParseError("syntax", EMPTY_ACTION, text, pos);
    }
  }
  return out;
}

const EMPTY_ACTION = "empty action";
const NO_NAME = "expected an action name";

/**
 * Checks a top-level action list as {@link parseActions} does (the same errors, thrown at the same
 * places) without keeping the actions: each distinct item (`resubmit(,8)`, `set_field:...`) is
 * parsed once per `items` cache, and only its warnings are kept. Returns the list's warnings,
 * offsets relative to `start`. What a lazy parse runs instead of building the actions.
 *
 * @internal
 */
export function checkActionList(text: string, start: number, end: number, items: ParseCache): ActionWarning[] {
  const out: ActionWarning[] = [];
  let pos = start;
  while (pos < end) {
    // The common spellings first: one native match, no parse (see fast-check.ts).
    const fast = fastItemEnd(text, pos);
    if (fast === end) return out;
    if (fast > 0 && fast < end && text.charCodeAt(fast) === 44) {
      pos = fast + 1;
      if (pos === end) throw new OvsParseError("syntax", EMPTY_ACTION, text, pos);
      continue;
    }
    let itemEnd = findTopLevel(text, 44, pos, end);
    if (itemEnd < 0) itemEnd = end;
    if (itemEnd === pos) throw new OvsParseError("syntax", EMPTY_ACTION, text, pos);
    let outcome = items.get<ItemOutcome>(text, pos, itemEnd);
    if (outcome === undefined) {
      const a = readAction(text, pos, itemEnd, 1);
      outcome = items.set<ItemOutcome>(text, pos, itemEnd, typeof a === "string" ? { error: a } : { warnings: itemWarnings(a, text, pos, itemEnd) });
    }
    if (outcome.error !== undefined) throw new OvsParseError("syntax", outcome.error, text, pos);
    for (const w of outcome.warnings ?? []) out.push({ offset: pos - start + w.offset, message: w.message });
    pos = itemEnd + 1;
    if (pos === end) throw new OvsParseError("syntax", EMPTY_ACTION, text, pos);
  }
  return out;
}

/** What {@link checkActionList} keeps of one item: its warnings, or why it is not an action. */
interface ItemOutcome {
  readonly warnings?: readonly ActionWarning[];
  readonly error?: string;
}

/**
 * Parses one action at `text[start, end)`.
 *
 * @example
 * ```ts
 * import { parseAction } from "ovskit";
 * parseAction("output:3"); // { kind: "output", port: 3 }
 * ```
 */
export function parseAction(text: string, start = 0, end = text.length): Action {
  const a = start >= end ? EMPTY_ACTION : readAction(text, start, end, 1);
  if (typeof a === "string") throw new OvsParseError("syntax", a, text, start);
  return a;
}

/** One action: typed, `unknown` with the reason, or (a string) an empty / nameless item. */
function readAction(text: string, start: number, end: number, depth: number): Typed<Action> {
  const nameEnd = wordEnd(text, start, end);
  if (nameEnd === start) return NO_NAME;
  const rawName = internSlice(text, start, nameEnd);
  const name = lower(rawName);
  const sep = nameEnd < end ? text.charCodeAt(nameEnd) : -1;
  let a: Typed<Action>;
  if (sep === -1) a = parseBare(rawName, name, text, start, end);
  else if (sep === 58 /* : */) a = parseColon(name, text, nameEnd + 1, end);
  else if (sep === 40 /* ( */) {
    const close = matchingClose(text, nameEnd, end);
    a = parseParen(name, text, nameEnd + 1, close, close + 1, end, depth);
  } else a = "unexpected text after the action name";
  return typeof a === "string" ? unknown(text, start, end, nameEnd, a) : a;
}

const LOWER = new Map<string, string>();

function lower(name: string): string {
  let l = LOWER.get(name);
  if (l === undefined) {
    l = name.toLowerCase();
    if (LOWER.size < 4096) LOWER.set(name, l);
  }
  return l;
}

function unknown(text: string, start: number, end: number, nameEnd: number, reason: string): Action {
  const name = internSlice(text, start, nameEnd);
  const sep = text.charCodeAt(nameEnd);
  let args: string | undefined;
  if (sep === 58) args = ownedSlice(text, nameEnd + 1, end);
  else if (sep === 40 && text.charCodeAt(end - 1) === 41) args = ownedSlice(text, nameEnd + 1, end - 1);
  const node = { kind: "unknown" as const, name, text: ownedSlice(text, start, end), reason };
  return args === undefined ? node : { ...node, args };
}

function parseBare(rawName: string, name: string, text: string, start: number, end: number): Typed<Action> {
  if (FLAG_ACTIONS.has(name)) return { kind: name } as Action;
  if (name === "dec_ttl") return { kind: "dec_ttl" };
  const upper = rawName.toUpperCase();
  if (RESERVED_PORTS.has(upper)) {
    if (upper === "CONTROLLER") return { kind: "controller" };
    return { kind: "output", port: upper };
  }
  const n = parseSmallInt(text, start, end);
  if (n >= 0) return { kind: "output", port: n };
  return `unknown action "${rawName}"`;
}

function parseColon(name: string, text: string, argStart: number, end: number): Typed<Action> {
  switch (name) {
    case "output": {
      const port = readPortOrField(text, argStart, end);
      return typeof port === "string" ? port : { kind: "output", port: port.port };
    }
    case "resubmit": {
      const port = readPort(text, argStart, end);
      return port === undefined ? NO_PORT : { kind: "resubmit", port };
    }
    case "load": {
      const arrow = arrowAt(text, argStart, end);
      if (arrow < 0) return NO_ARROW;
      const value = parseIntValue(text, argStart, arrow);
      if (value === undefined) return "bad load value";
      const dst = readFieldRef(text, arrow + 2, end);
      return typeof dst === "string" ? dst : { kind: "load", value, dst };
    }
    case "move": {
      const arrow = arrowAt(text, argStart, end);
      if (arrow < 0) return NO_ARROW;
      const src = readFieldRef(text, argStart, arrow);
      if (typeof src === "string") return src;
      const dst = readFieldRef(text, arrow + 2, end);
      return typeof dst === "string" ? dst : { kind: "move", src, dst };
    }
    case "set_field": {
      const arrow = arrowAt(text, argStart, end);
      if (arrow < 0) return NO_ARROW;
      const dst = readFieldRef(text, arrow + 2, end);
      if (typeof dst === "string") return dst;
      const field = canonicalFieldName(dst.field);
      const value = readMatchValue(field, text, argStart, arrow);
      return value === undefined ? `bad value for ${field}` : { kind: "set_field", value, dst };
    }
    case "push":
    case "pop":
    case "delete_field": {
      const field = readFieldRef(text, argStart, end);
      return typeof field === "string" ? field : { kind: name, field };
    }
    case "note":
      return { kind: "note", hex: ownedSlice(text, argStart, end) };
    case "enqueue": {
      let colon = end - 1;
      while (colon > argStart && text.charCodeAt(colon) !== 58) colon--;
      if (colon <= argStart) return "enqueue needs PORT:QUEUE";
      const queue = parseSmallInt(text, colon + 1, end);
      if (queue < 0) return "bad queue";
      const port = readPort(text, argStart, colon);
      return port === undefined ? NO_PORT : { kind: "enqueue", port, queue };
    }
    case "controller": {
      const maxLen = intArg(text, argStart, end);
      return maxLen < 0 ? notANumber(text, argStart, end) : { kind: "controller", maxLen };
    }
  }
  const spec = argSpec(name);
  if (spec === undefined || spec.paren === true) return `unknown action "${name}"`;
  const value = typedArg(spec.type, text, argStart, end);
  return typeof value === "string" ? value : { kind: spec.kind, value };
}

function parseParen(
  name: string,
  text: string,
  argStart: number,
  argEnd: number,
  after: number,
  end: number,
  depth: number,
): Typed<Action> {
  if (name === "check_pkt_larger") {
    if (text.charCodeAt(after) !== 45 || text.charCodeAt(after + 1) !== 62) return "missing ->DST";
    const size = intArg(text, argStart, argEnd);
    if (size < 0) return notANumber(text, argStart, argEnd);
    const dst = readFieldRef(text, after + 2, end);
    return typeof dst === "string" ? dst : { kind: "check_pkt_larger", size, dst };
  }
  if (after !== end) return "unexpected text after ')'";
  switch (name) {
    case "resubmit":
      return parseResubmit(text, argStart, argEnd);
    case "ct":
      return readCt(text, argStart, argEnd, depth);
    case "clone":
    case "write_actions": {
      const actions = readActionList(text, argStart, argEnd, depth + 1, true);
      return typeof actions === "string" ? actions : { kind: name, actions };
    }
    case "learn":
      return readLearn(text, argStart, argEnd);
    case "output": {
      const kv = keyValues(text, argStart, argEnd);
      const port = kv.get("port");
      if (port === undefined) return "output(...) needs port=";
      const portValue = readPortOrField(port, 0, port.length);
      if (typeof portValue === "string") return portValue;
      const maxLenText = kv.get("max_len");
      if (maxLenText === undefined) return { kind: "output", port: portValue.port };
      const maxLen = intArg(maxLenText, 0, maxLenText.length);
      return maxLen < 0 ? notANumber(maxLenText, 0, maxLenText.length) : { kind: "output", port: portValue.port, maxLen };
    }
    case "conjunction": {
      const comma = indexOfChar(text, 44, argStart, argEnd);
      const slash = indexOfChar(text, 47, argStart, argEnd);
      if (comma < 0 || slash < comma) return "conjunction needs (ID,K/N)";
      const id = intArg(text, argStart, comma);
      if (id < 0) return notANumber(text, argStart, comma);
      const clause = intArg(text, comma + 1, slash);
      if (clause < 0) return notANumber(text, comma + 1, slash);
      const nClauses = intArg(text, slash + 1, argEnd);
      if (nClauses < 0) return notANumber(text, slash + 1, argEnd);
      return { kind: "conjunction", id, clause, nClauses };
    }
    case "dec_ttl": {
      const ids: number[] = [];
      const b = splitTopLevel(text, 44, argStart, argEnd);
      for (let i = 0; i < b.length; i += 2) {
        const id = intArg(text, b[i] as number, b[i + 1] as number);
        if (id < 0) return notANumber(text, b[i] as number, b[i + 1] as number);
        ids.push(id);
      }
      return { kind: "dec_ttl", ids };
    }
    case "enqueue": {
      const comma = findTopLevel(text, 44, argStart, argEnd);
      if (comma < 0) return "enqueue needs (PORT,QUEUE)";
      const port = readPort(text, argStart, comma);
      if (port === undefined) return NO_PORT;
      const queue = intArg(text, comma + 1, argEnd);
      return queue < 0 ? notANumber(text, comma + 1, argEnd) : { kind: "enqueue", port, queue };
    }
  }
  const spec = argSpec(name);
  if (spec?.paren === true) {
    const value = typedArg(spec.type, text, argStart, argEnd);
    return typeof value === "string" ? value : { kind: spec.kind, value };
  }
  return readStructured(name, text, argStart, argEnd) ?? `unknown action "${name}"`;
}

function parseResubmit(text: string, s: number, e: number): Typed<Action> {
  const c1 = indexOfChar(text, 44, s, e);
  if (c1 < 0) return "resubmit needs (PORT,TABLE[,ct])";
  let c2 = indexOfChar(text, 44, c1 + 1, e);
  if (c2 < 0) c2 = e;
  if (c2 < e && (e - c2 !== 3 || !text.startsWith("ct", c2 + 1))) return "resubmit's third argument must be ct";
  const ct = c2 < e;
  let table: number | undefined;
  if (c2 > c1 + 1) {
    table = intArg(text, c1 + 1, c2);
    if (table < 0) return notANumber(text, c1 + 1, c2);
  }
  let port: Port | undefined;
  if (c1 > s) {
    port = readPort(text, s, c1);
    if (port === undefined) return NO_PORT;
  }
  // Keys in the order OVS's model has them: port, table, ct.
  const out: { kind: "resubmit"; port?: Port; table?: number; ct?: true } = { kind: "resubmit" };
  if (port !== undefined) out.port = port;
  if (table !== undefined) out.table = table;
  if (ct) out.ct = true;
  return out;
}

/**
 * Parses `key=value` arguments (`port=1,max_len=100`) into a map; bare words map to "".
 *
 * @example
 * ```ts
 * import { keyValues } from "ovskit";
 * keyValues("reason=no_match,pause").get("pause"); // ""
 * ```
 */
export function keyValues(text: string, start = 0, end = text.length): Map<string, string> {
  const out = new Map<string, string>();
  const b = splitTopLevel(text, 44, start, end);
  for (let i = 0; i < b.length; i += 2) {
    const s = b[i] as number;
    const e = b[i + 1] as number;
    const eq = findTopLevel(text, 61, s, e);
    if (eq < 0) out.set(internSlice(text, s, e), "");
    else out.set(internSlice(text, s, eq), ownedSlice(text, eq + 1, e));
  }
  return out;
}

const NO_ARROW = "missing ->";
const NO_PORT = "missing port";

/** Index of the `->` in `text[start, end)`, or -1. @internal */
export function arrowAt(text: string, start: number, end: number): number {
  for (let i = start; i + 1 < end; i++) if (text.charCodeAt(i) === 45 && text.charCodeAt(i + 1) === 62) return i;
  return -1;
}

/** A non-negative decimal argument, or -1 when it is not one. @internal */
export function intArg(text: string, start: number, end: number): number {
  return parseSmallInt(text, start, end);
}

/** The reason for an argument that is not a number. @internal */
export function notANumber(text: string, start: number, end: number): string {
  return `expected a number, got "${end - start > 40 ? `${text.slice(start, start + 40)}...` : text.slice(start, end)}"`;
}

/**
 * Parses a port: a number, a reserved name (upper-cased), or a (possibly quoted) port name.
 * Throws {@link OvsParseError} (`missing`) for an empty port.
 *
 * @example
 * ```ts
 * import { parsePort } from "ovskit";
 * parsePort("local", 0, 5);               // "LOCAL"
 * parsePort('"k8s-ovn-worker"', 0, 16);   // "k8s-ovn-worker"
 * ```
 */
export function parsePort(text: string, start: number, end: number): Port {
  const port = readPort(text, start, end);
  if (port === undefined) throw new OvsParseError("missing", NO_PORT, text, start);
  return port;
}

/** The port at `text[start, end)`, or `undefined` when it is empty. @internal */
export function readPort(text: string, start: number, end: number): Port | undefined {
  if (end <= start) return undefined;
  const n = parseSmallInt(text, start, end);
  if (n >= 0) return n;
  const raw = ownedSlice(text, start, end);
  if (raw.charCodeAt(0) === 34) return owned(unquote(raw));
  const upper = raw.toUpperCase();
  return RESERVED_PORTS.has(upper) ? upper : raw;
}

/** A port, or a field reference (`output:NXM_NX_REG15[]`), or the reason it is neither. */
function readPortOrField(text: string, start: number, end: number): { readonly port: Port | FieldRef } | string {
  if (text.charCodeAt(start) !== 34 && text.charCodeAt(end - 1) === 93) {
    const ref = readFieldRef(text, start, end);
    return typeof ref === "string" ? ref : { port: ref };
  }
  const port = readPort(text, start, end);
  return port === undefined ? NO_PORT : { port };
}

function argSpec(name: string): ArgActionSpec | undefined {
  return Object.hasOwn(ARG_ACTIONS, name) ? ARG_ACTIONS[name] : undefined;
}

function typedArg(type: "int" | "mac" | "ip", text: string, start: number, end: number): Typed<Value> {
  const v =
    type === "int"
      ? parseIntValue(text, start, end)
      : type === "mac"
        ? parseMacValue(text, start, end)
        : parseIpValue(text, start, end);
  return v ?? `expected ${type === "int" ? "an integer" : type === "mac" ? "a MAC" : "an IP"}`;
}
