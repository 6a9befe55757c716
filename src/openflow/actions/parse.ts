/**
 * Parsing of OpenFlow action lists (`actions=...`) into the {@link Action} model.
 *
 * @module
 */
import { OvsParseError } from "../../core/parse-error.js";
import { type FieldRef, canonicalFieldName, parseFieldRef } from "../../core/field-ref.js";
import { internSlice } from "../../core/intern.js";
import { owned, ownedSlice } from "../../core/strings.js";
import { findTopLevel, matchingClose, splitTopLevel, unquote, wordEnd } from "../../core/scanner.js";
import {
  type Value,
  parseIntValue,
  parseIpValue,
  parseMacValue,
  parseSmallInt,
} from "../../core/values.js";
import { parseMatchValue } from "../match.js";
import { parseCt } from "./ct.js";
import { parseLearn } from "./learn.js";
import { ARG_ACTIONS, FLAG_ACTIONS, RESERVED_PORTS } from "./tables.js";
import { parseStructured } from "./structured.js";
import type { Action, Port } from "./types.js";

/**
 * Parses a comma-separated action list such as `ct(commit,zone=5),resubmit(,8)` found at
 * `text[start, end)`.
 *
 * Unknown actions, or actions whose arguments cannot be typed, become `unknown` nodes (never
 * an error). Throws {@link OvsParseError} only for structural damage: unbalanced brackets or
 * quotes, or an empty action.
 *
 * @example
 * ```ts
 * import { parseActions } from "ovskit";
 * const [ct, resubmit] = parseActions("ct(table=14,zone=NXM_NX_REG11[0..15],nat),resubmit(,8)");
 * ```
 */
export function parseActions(text: string, start = 0, end = text.length): Action[] {
  if (++depth > MAX_NESTING) {
    depth = 0;
    throw new OvsParseError("syntax", `actions nested more than ${MAX_NESTING} deep`, text, start);
  }
  try {
    const out: Action[] = [];
    let pos = start;
    while (pos < end) {
      let itemEnd = findTopLevel(text, 44, pos, end);
      if (itemEnd < 0) itemEnd = end;
      out.push(parseAction(text, pos, itemEnd));
      pos = itemEnd + 1;
      if (pos === end) throw new OvsParseError("syntax", "empty action", text, pos);
    }
    return out;
  } finally {
    if (depth > 0) depth--;
  }
}

/** OVS refuses actions nested deeper than this (ofp-actions.c, MAX_OFPACT_PARSE_DEPTH). */
const MAX_NESTING = 100;
let depth = 0;

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
  if (start >= end) throw new OvsParseError("syntax", "empty action", text, start);
  const nameEnd = wordEnd(text, start, end);
  if (nameEnd === start) {
    throw new OvsParseError("syntax", "expected an action name", text, start);
  }
  const rawName = internSlice(text, start, nameEnd);
  const name = lower(rawName);
  const sep = nameEnd < end ? text.charCodeAt(nameEnd) : -1;
  try {
    if (sep === -1) return parseBare(rawName, name, text, start, end);
    if (sep === 58 /* : */) return parseColon(name, text, nameEnd + 1, end);
    if (sep === 40 /* ( */) {
      const close = matchingClose(text, nameEnd, end);
      return parseParen(name, text, nameEnd + 1, close, close + 1, end);
    }
  } catch (e) {
    if (e instanceof OvsParseError && (e.code === "unbalanced" || e.reason.startsWith("actions nested"))) throw e;
    return unknown(text, start, end, nameEnd, e instanceof OvsParseError ? e.reason : e instanceof Error ? e.message : String(e));
  }
  return unknown(text, start, end, nameEnd, "unexpected text after the action name");
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

class NotTyped extends Error {}

function fail(reason: string): never {
  throw new NotTyped(reason);
}

function parseBare(rawName: string, name: string, text: string, start: number, end: number): Action {
  if (FLAG_ACTIONS.has(name)) return { kind: name } as Action;
  if (name === "dec_ttl") return { kind: "dec_ttl" };
  if (RESERVED_PORTS.has(rawName.toUpperCase())) {
    if (rawName.toUpperCase() === "CONTROLLER") return { kind: "controller" };
    return { kind: "output", port: rawName.toUpperCase() };
  }
  const n = parseSmallInt(text, start, end);
  if (n >= 0) return { kind: "output", port: n };
  return unknown(text, start, end, end, `unknown action "${rawName}"`);
}

function parseColon(name: string, text: string, argStart: number, end: number): Action {
  switch (name) {
    case "output":
      return { kind: "output", port: parsePortOrField(text, argStart, end) };
    case "resubmit":
      return { kind: "resubmit", port: parsePort(text, argStart, end) };
    case "load": {
      const arrow = arrowAt(text, argStart, end);
      const value = parseIntValue(text, argStart, arrow) ?? fail("bad load value");
      return { kind: "load", value, dst: parseFieldRef(text, arrow + 2, end) };
    }
    case "move": {
      const arrow = arrowAt(text, argStart, end);
      return {
        kind: "move",
        src: parseFieldRef(text, argStart, arrow),
        dst: parseFieldRef(text, arrow + 2, end),
      };
    }
    case "set_field": {
      const arrow = arrowAt(text, argStart, end);
      const dst = parseFieldRef(text, arrow + 2, end);
      const value = parseMatchValue(canonicalFieldName(dst.field), text, argStart, arrow);
      return { kind: "set_field", value, dst };
    }
    case "push":
    case "pop":
    case "delete_field":
      return { kind: name, field: parseFieldRef(text, argStart, end) };
    case "note":
      return { kind: "note", hex: ownedSlice(text, argStart, end) };
    case "enqueue": {
      const colon = text.lastIndexOf(":", end);
      if (colon <= argStart) fail("enqueue needs PORT:QUEUE");
      const queue = parseSmallInt(text, colon + 1, end);
      if (queue < 0) fail("bad queue");
      return { kind: "enqueue", port: parsePort(text, argStart, colon), queue };
    }
    case "controller":
      return { kind: "controller", maxLen: intArg(text, argStart, end) };
  }
  const spec = ARG_ACTIONS[name];
  if (spec === undefined || spec.paren) fail(`unknown action "${name}"`);
  return { kind: spec.kind, value: typedArg(spec.type, text, argStart, end) };
}

function parseParen(
  name: string,
  text: string,
  argStart: number,
  argEnd: number,
  after: number,
  end: number,
): Action {
  if (name === "check_pkt_larger") {
    if (text.charCodeAt(after) !== 45 || text.charCodeAt(after + 1) !== 62) fail("missing ->DST");
    return { kind: "check_pkt_larger", size: intArg(text, argStart, argEnd), dst: parseFieldRef(text, after + 2, end) };
  }
  if (after !== end) fail("unexpected text after ')'");
  switch (name) {
    case "resubmit":
      return parseResubmit(text, argStart, argEnd);
    case "ct":
      return parseCt(text, argStart, argEnd);
    case "clone":
    case "write_actions":
      return { kind: name, actions: parseActions(text, argStart, argEnd) };
    case "learn":
      return parseLearn(text, argStart, argEnd);
    case "output": {
      const kv = keyValues(text, argStart, argEnd);
      const port = kv.get("port") ?? fail("output(...) needs port=");
      const maxLen = kv.get("max_len");
      const portValue = parsePortOrField(port, 0, port.length);
      return maxLen === undefined
        ? { kind: "output", port: portValue }
        : { kind: "output", port: portValue, maxLen: intArg(maxLen, 0, maxLen.length) };
    }
    case "conjunction": {
      const comma = text.indexOf(",", argStart);
      const slash = text.indexOf("/", argStart);
      if (comma < 0 || slash < comma || slash > argEnd) fail("conjunction needs (ID,K/N)");
      return {
        kind: "conjunction",
        id: intArg(text, argStart, comma),
        clause: intArg(text, comma + 1, slash),
        nClauses: intArg(text, slash + 1, argEnd),
      };
    }
    case "dec_ttl": {
      const ids: number[] = [];
      const b = splitTopLevel(text, 44, argStart, argEnd);
      for (let i = 0; i < b.length; i += 2) ids.push(intArg(text, b[i] as number, b[i + 1] as number));
      return { kind: "dec_ttl", ids };
    }
    case "enqueue": {
      const comma = findTopLevel(text, 44, argStart, argEnd);
      if (comma < 0) fail("enqueue needs (PORT,QUEUE)");
      return { kind: "enqueue", port: parsePort(text, argStart, comma), queue: intArg(text, comma + 1, argEnd) };
    }
  }
  const spec = ARG_ACTIONS[name];
  if (spec?.paren) return { kind: spec.kind, value: typedArg(spec.type, text, argStart, argEnd) };
  return parseStructured(name, text, argStart, argEnd) ?? fail(`unknown action "${name}"`);
}

function parseResubmit(text: string, s: number, e: number): Action {
  const c1 = text.indexOf(",", s);
  if (c1 < 0 || c1 >= e) fail("resubmit needs (PORT,TABLE[,ct])");
  let c2 = text.indexOf(",", c1 + 1);
  if (c2 < 0 || c2 > e) c2 = e;
  if (c2 < e && (e - c2 !== 3 || !text.startsWith("ct", c2 + 1))) fail("resubmit's third argument must be ct");
  if (c1 === s) {
    if (c2 === c1 + 1) return c2 < e ? { kind: "resubmit", ct: true } : { kind: "resubmit" };
    const table = intArg(text, c1 + 1, c2);
    return c2 < e ? { kind: "resubmit", table, ct: true } : { kind: "resubmit", table };
  }
  const port = parsePort(text, s, c1);
  if (c2 === c1 + 1) return c2 < e ? { kind: "resubmit", port, ct: true } : { kind: "resubmit", port };
  const table = intArg(text, c1 + 1, c2);
  return c2 < e ? { kind: "resubmit", port, table, ct: true } : { kind: "resubmit", port, table };
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

/** Index of the `->` in `text[start, end)`; fails when absent. @internal */
export function arrowAt(text: string, start: number, end: number): number {
  const i = text.indexOf("->", start);
  if (i < 0 || i + 2 > end) fail("missing ->");
  return i;
}

/** A non-negative decimal argument; fails when it is not one. @internal */
export function intArg(text: string, start: number, end: number): number {
  const n = parseSmallInt(text, start, end);
  if (n < 0) fail(`expected a number, got "${text.slice(start, end)}"`);
  return n;
}

/**
 * Parses a port: a number, a reserved name (upper-cased), or a (possibly quoted) port name.
 *
 * @example
 * ```ts
 * import { parsePort } from "ovskit";
 * parsePort("local", 0, 5);               // "LOCAL"
 * parsePort('"k8s-ovn-worker"', 0, 16);   // "k8s-ovn-worker"
 * ```
 */
export function parsePort(text: string, start: number, end: number): Port {
  if (end <= start) fail("missing port");
  const n = parseSmallInt(text, start, end);
  if (n >= 0) return n;
  const raw = ownedSlice(text, start, end);
  if (raw.charCodeAt(0) === 34) return owned(unquote(raw));
  const upper = raw.toUpperCase();
  return RESERVED_PORTS.has(upper) ? upper : raw;
}

function parsePortOrField(text: string, start: number, end: number): Port | FieldRef {
  if (text.charCodeAt(start) !== 34 && text.charCodeAt(end - 1) === 93) {
    return parseFieldRef(text, start, end);
  }
  return parsePort(text, start, end);
}

function typedArg(type: "int" | "mac" | "ip", text: string, start: number, end: number): Value {
  const v =
    type === "int"
      ? parseIntValue(text, start, end)
      : type === "mac"
        ? parseMacValue(text, start, end)
        : parseIpValue(text, start, end);
  return v ?? fail(`expected ${type === "int" ? "an integer" : type === "mac" ? "a MAC" : "an IP"}`);
}
