/**
 * The `learn(...)` action: options and flow-spec list, parsed in order and printed back.
 *
 * @module
 */
import { canonicalFieldName, formatFieldRef, parseFieldRef } from "../../core/field-ref.js";
import { internSlice } from "../../core/intern.js";
import { findTopLevel, splitTopLevel } from "../../core/scanner.js";
import { ownedSlice } from "../../core/strings.js";
import { type Value, formatValue, parseIntValue } from "../../core/values.js";
import { parseMatchValue } from "../match.js";
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
 * Parses the arguments of `learn(...)` at `text[start, end)` (inside the parentheses).
 *
 * @example
 * ```ts
 * import { parseLearn } from "ovskit";
 * const s = "table=10,NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],output:NXM_OF_IN_PORT[]";
 * parseLearn(s, 0, s.length).args.length; // 4
 * ```
 */
export function parseLearn(text: string, start: number, end: number): LearnAction {
  const args: LearnArg[] = [];
  const b = splitTopLevel(text, 44, start, end);
  for (let i = 0; i < b.length; i += 2) args.push(parseLearnArg(text, b[i] as number, b[i + 1] as number));
  return { kind: "learn", args };
}

function parseLearnArg(text: string, s: number, e: number): LearnArg {
  if (text.startsWith("load:", s)) {
    const arrow = text.indexOf("->", s);
    if (arrow < 0 || arrow > e) throw new Error("learn load needs ->");
    const dst = parseFieldRef(text, arrow + 2, e);
    const src = parseIntValue(text, s + 5, arrow) ?? parseFieldRef(text, s + 5, arrow);
    return { kind: "load", src, dst };
  }
  if (text.startsWith("output:", s)) return { kind: "output", port: parseFieldRef(text, s + 7, e) };
  const eq = findTopLevel(text, 61, s, e);
  const key = internSlice(text, s, eq < 0 ? e : eq);
  if (OPTIONS.has(key)) {
    return eq < 0 ? { kind: "option", name: key } : { kind: "option", name: key, value: ownedSlice(text, eq + 1, e) };
  }
  if (eq < 0) return { kind: "match", dst: parseFieldRef(text, s, e) };
  const dst = parseFieldRef(text, s, eq);
  return { kind: "match", dst, src: parseLearnSource(dst.field, text, eq + 1, e) };
}

function parseLearnSource(dstField: string, text: string, s: number, e: number) {
  if (text.charCodeAt(e - 1) === 93 || /^(NXM|OXM)_/.test(text.slice(s, s + 4))) {
    return parseFieldRef(text, s, e);
  }
  const raw = ownedSlice(text, s, e);
  let v: Value;
  try {
    v = parseMatchValue(canonicalFieldName(dstField), text, s, e);
  } catch {
    return { kind: "raw" as const, text: raw };
  }
  // Keep the typed value only when it prints back exactly (e.g. not for `0x0800`).
  return formatValue(v) === raw ? v : { kind: "raw" as const, text: raw };
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
