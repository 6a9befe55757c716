/**
 * The `learn(...)` action: options and flow-spec list, parsed in order and printed back.
 *
 * @module
 */
import { OvsParseError } from "../../core/parse-error.js";
import { canonicalFieldName, formatFieldRef, readFieldRef } from "../../core/field-ref.js";
import { internSlice } from "../../core/intern.js";
import { findTopLevel, splitTopLevel } from "../../core/scanner.js";
import { ownedSlice } from "../../core/strings.js";
import { formatValue, parseIntValue } from "../../core/values.js";
import { readMatchValue } from "../match.js";
import { type Typed, arrowAt } from "./parse.js";
import type { LearnAction, LearnArg } from "./types.js";

const OPTIONS = new Set([
  "table",
  "idle_timeout",
  "hard_timeout",
  "priority",
  "cookie",
  "fin_idle_timeout",
  "fin_hard_timeout",
  "send_flow_rem",
  "delete_learned",
  "limit",
  "result_dst",
]);

/**
 * Parses the arguments of `learn(...)` at `text[start, end)` (inside the parentheses). Throws
 * {@link OvsParseError} when an argument is malformed.
 *
 * @example
 * ```ts
 * import { parseLearn } from "ovskit";
 * const s = "table=10,NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],output:NXM_OF_IN_PORT[]";
 * parseLearn(s, 0, s.length).args.length; // 4
 * ```
 */
export function parseLearn(text: string, start: number, end: number): LearnAction {
  const learn = readLearn(text, start, end);
  if (typeof learn === "string") throw new OvsParseError("bad-value", learn, text, start);
  return learn;
}

/**
 * The `learn(...)` arguments at `text[start, end)`, or why they are not.
 *
 * @internal
 */
export function readLearn(text: string, start: number, end: number): Typed<LearnAction> {
  const args: LearnArg[] = [];
  const b = splitTopLevel(text, 44, start, end);
  for (let i = 0; i < b.length; i += 2) {
    const arg = readLearnArg(text, b[i] as number, b[i + 1] as number);
    if (typeof arg === "string") return arg;
    args.push(arg);
  }
  return { kind: "learn", args };
}

function readLearnArg(text: string, s: number, e: number): Typed<LearnArg> {
  if (text.startsWith("load:", s)) {
    const arrow = arrowAt(text, s, e);
    if (arrow < 0) return "learn load needs ->";
    const dst = readFieldRef(text, arrow + 2, e);
    if (typeof dst === "string") return dst;
    const src = parseIntValue(text, s + 5, arrow) ?? readFieldRef(text, s + 5, arrow);
    return typeof src === "string" ? src : { kind: "load", src, dst };
  }
  if (text.startsWith("output:", s)) {
    const port = readFieldRef(text, s + 7, e);
    return typeof port === "string" ? port : { kind: "output", port };
  }
  const eq = findTopLevel(text, 61, s, e);
  const key = internSlice(text, s, eq < 0 ? e : eq);
  if (OPTIONS.has(key)) {
    return eq < 0 ? { kind: "option", name: key } : { kind: "option", name: key, value: ownedSlice(text, eq + 1, e) };
  }
  const dst = readFieldRef(text, s, eq < 0 ? e : eq);
  if (typeof dst === "string") return dst;
  if (eq < 0) return { kind: "match", dst };
  const src = readLearnSource(dst.field, text, eq + 1, e);
  return typeof src === "string" ? src : { kind: "match", dst, src };
}

function readLearnSource(dstField: string, text: string, s: number, e: number): Typed<NonNullable<Extract<LearnArg, { kind: "match" }>["src"]>> {
  if (text.charCodeAt(e - 1) === 93 || text.startsWith("NXM_", s) || text.startsWith("OXM_", s)) {
    return readFieldRef(text, s, e);
  }
  const raw = ownedSlice(text, s, e);
  const v = readMatchValue(canonicalFieldName(dstField), text, s, e);
  // Keep the typed value only when it prints back exactly (e.g. not for `0x0800`).
  return v !== undefined && formatValue(v) === raw ? v : { kind: "raw", text: raw };
}

/**
 * Prints a {@link LearnAction} (arguments in the order they were parsed or built).
 *
 * @example
 * ```ts
 * import { formatLearn } from "ovskit";
 * formatLearn({ kind: "learn", args: [{ kind: "option", name: "table", value: "10" }] }); // "learn(table=10)"
 * ```
 */
export function formatLearn(learn: LearnAction): string {
  const parts = learn.args.map((a): string => {
    switch (a.kind) {
      case "option":
        return a.value === undefined ? a.name : `${a.name}=${a.value}`;
      case "load":
        return `load:${a.src.kind === "field" ? formatFieldRef(a.src) : formatValue(a.src)}->${formatFieldRef(a.dst)}`;
      case "output":
        return `output:${formatFieldRef(a.port)}`;
      case "match":
        if (a.src === undefined) return formatFieldRef(a.dst);
        return `${formatFieldRef(a.dst)}=${a.src.kind === "field" ? formatFieldRef(a.src) : formatValue(a.src)}`;
    }
  });
  return `learn(${parts.join(",")})`;
}
