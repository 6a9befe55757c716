/**
 * The `ct(...)` action and its NAT specification: parsing and printing.
 *
 * @module
 */
import { OvsParseError } from "../../core/parse-error.js";
import { type FieldRef, formatFieldRef, readFieldRef } from "../../core/field-ref.js";
import { internSlice } from "../../core/intern.js";
import { findTopLevel, indexOfChar, matchingClose, splitTopLevel } from "../../core/scanner.js";
import { ownedSlice } from "../../core/strings.js";
import { type IpValue, parseIpValue, parseSmallInt } from "../../core/values.js";
import type { Action, CtAction, NatSpec } from "./types.js";
import { type Typed, readActionList } from "./parse.js";

/**
 * Parses the arguments of `ct(...)` found at `text[start, end)` (inside the parentheses).
 * Throws {@link OvsParseError} when they are not `ct` arguments.
 *
 * @example
 * ```ts
 * import { parseCt } from "ovskit";
 * const s = "commit,zone=NXM_NX_REG13[0..15],nat(src=10.0.0.1-10.0.0.9:1024-2048,random)";
 * parseCt(s, 0, s.length).nat?.portMax; // 2048
 * ```
 */
export function parseCt(text: string, start: number, end: number): CtAction {
  const ct = readCt(text, start, end, 1);
  if (typeof ct === "string") throw new OvsParseError("bad-value", ct, text, start);
  return ct;
}

/**
 * The `ct(...)` arguments at `text[start, end)`, `depth` action lists deep, or why they are not.
 *
 * @internal
 */
export function readCt(text: string, start: number, end: number, depth: number): Typed<CtAction> {
  let commit = false;
  let force = false;
  let table: number | undefined;
  let zone: number | FieldRef | undefined;
  let nat: NatSpec | undefined;
  let exec: Action[] | undefined;
  let alg: string | undefined;
  let timeout: string | undefined;
  const b = splitTopLevel(text, 44, start, end);
  for (let i = 0; i < b.length; i += 2) {
    const s = b[i] as number;
    const e = b[i + 1] as number;
    const eq = findTopLevel(text, 61, s, e);
    const paren = indexOfChar(text, 40, s, e);
    const keyEnd = eq >= 0 ? eq : paren >= 0 ? paren : e;
    const key = text.slice(s, keyEnd);
    // `table`, `zone`, `alg` and `timeout` take a value, as in OVS's parse_CT (an empty one is
    // an error there too): `ct(commit,alg)` is no ct action, not one whose value is a slice
    // from the start of the text.
    if ((eq < 0 || eq + 1 === e) && (key === "table" || key === "zone" || key === "alg" || key === "timeout")) {
      return `ct ${key} needs a value (${key}=...)`;
    }
    switch (key) {
      case "commit":
        commit = true;
        break;
      case "force":
        force = true;
        break;
      case "table":
        table = parseSmallInt(text, eq + 1, e);
        if (table < 0) return "bad ct table";
        break;
      case "zone": {
        const n = parseSmallInt(text, eq + 1, e);
        if (n >= 0) zone = n;
        else {
          const ref = readFieldRef(text, eq + 1, e);
          if (typeof ref === "string") return ref;
          zone = ref;
        }
        break;
      }
      case "nat": {
        if (keyEnd === e) nat = { kind: "nat", flags: [] };
        else {
          const spec = readNatSpec(text, keyEnd + 1, matchingClose(text, keyEnd, e));
          if (typeof spec === "string") return spec;
          nat = spec;
        }
        break;
      }
      case "exec": {
        const list = readActionList(text, keyEnd + 1, matchingClose(text, keyEnd, e), depth + 1, true);
        if (typeof list === "string") return list;
        exec = list;
        break;
      }
      case "alg":
        alg = internSlice(text, eq + 1, e);
        break;
      case "timeout":
        timeout = ownedSlice(text, eq + 1, e);
        break;
      default:
        return `unknown ct argument "${key.length > 40 ? `${key.slice(0, 40)}...` : key}"`;
    }
  }
  const ct: { -readonly [K in keyof CtAction]: CtAction[K] } = { kind: "ct", commit, force };
  if (table !== undefined) ct.table = table;
  if (zone !== undefined) ct.zone = zone;
  if (nat !== undefined) ct.nat = nat;
  if (exec !== undefined) ct.exec = exec;
  if (alg !== undefined) ct.alg = alg;
  if (timeout !== undefined) ct.timeout = timeout;
  return ct;
}

/**
 * Parses the inside of `nat(...)` (`src=10.0.0.1-10.0.0.9:1024-2048,random`), as in OpenFlow
 * `ct(nat(...))` and datapath `ct(nat(...))` actions. Throws {@link OvsParseError} on a
 * malformed address or port range.
 *
 * @example
 * ```ts
 * import { parseNatSpec } from "ovskit";
 * parseNatSpec("dst=10.244.1.8:5353", 0, 19).portMin; // 5353
 * ```
 */
export function parseNatSpec(text: string, start: number, end: number): NatSpec {
  const spec = readNatSpec(text, start, end);
  if (typeof spec === "string") throw new OvsParseError("bad-value", spec, text, start);
  return spec;
}

/**
 * The NAT specification at `text[start, end)`, or why it is not one.
 *
 * @internal
 */
export function readNatSpec(text: string, start: number, end: number): Typed<NatSpec> {
  const flags: string[] = [];
  let type: "src" | "dst" | undefined;
  let range: Partial<NatSpec> = {};
  const b = splitTopLevel(text, 44, start, end);
  for (let i = 0; i < b.length; i += 2) {
    const s = b[i] as number;
    const e = b[i + 1] as number;
    const word = text.slice(s, Math.min(e, s + 4));
    if (word === "src" || word === "dst" || word === "src=" || word === "dst=") {
      type = word.slice(0, 3) as "src" | "dst";
      if (e > s + 3) {
        const r = readNatRange(text, s + 4, e);
        if (typeof r === "string") return r;
        range = r;
      }
    } else {
      flags.push(internSlice(text, s, e));
    }
  }
  return { kind: "nat", ...(type === undefined ? {} : { type }), ...range, flags };
}

function readNatRange(text: string, start: number, end: number): Typed<Partial<NatSpec>> {
  let addrEnd: number;
  let addrMin: IpValue | undefined;
  let addrMax: IpValue | undefined;
  if (text.charCodeAt(start) === 91) {
    const close1 = indexOfChar(text, 93, start, end);
    if (close1 < 0) return BAD_ADDRESS;
    addrMin = parseIpValue(text, start + 1, close1);
    addrEnd = close1 + 1;
    if (text.charCodeAt(addrEnd) === 45 && text.charCodeAt(addrEnd + 1) === 91) {
      const close2 = indexOfChar(text, 93, addrEnd + 2, end);
      if (close2 < 0) return BAD_ADDRESS;
      addrMax = parseIpValue(text, addrEnd + 2, close2);
      addrEnd = close2 + 1;
    }
  } else {
    const colon = indexOfChar(text, 58, start, end);
    addrEnd = colon < 0 || isIpv6Range(text, start, end) ? end : colon;
    const dash = indexOfChar(text, 45, start, addrEnd);
    if (dash > 0) {
      addrMin = parseIpValue(text, start, dash);
      addrMax = parseIpValue(text, dash + 1, addrEnd);
    } else {
      addrMin = parseIpValue(text, start, addrEnd);
    }
  }
  if (addrMin === undefined || (addrEnd < end && text.charCodeAt(addrEnd) !== 58)) return BAD_ADDRESS;
  const out: { -readonly [K in keyof NatSpec]?: NatSpec[K] } = { addrMin };
  if (addrMax !== undefined) out.addrMax = addrMax;
  if (addrEnd < end) {
    const dash = indexOfChar(text, 45, addrEnd, end);
    const portEnd = dash > 0 ? dash : end;
    out.portMin = parseSmallInt(text, addrEnd + 1, portEnd);
    if (portEnd < end) out.portMax = parseSmallInt(text, portEnd + 1, end);
    if (out.portMin < 0 || (out.portMax ?? 0) < 0) return "bad NAT port range";
  }
  return out;
}

const BAD_ADDRESS = "bad NAT address range";

function isIpv6Range(text: string, start: number, end: number): boolean {
  let colons = 0;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 58) colons++;
  return colons > 1;
}

/**
 * Prints a {@link NatSpec} as OVS does (`nat(src=10.0.0.1-10.0.0.9:1024-2048,random)`);
 * IPv6 addresses are bracketed when a port range follows.
 *
 * @example
 * ```ts
 * import { formatNat } from "ovskit";
 * formatNat({ kind: "nat", type: "src", flags: [] }); // "nat(src)"
 * ```
 */
export function formatNat(nat: NatSpec): string {
  if (nat.type === undefined && nat.flags.length === 0) return "nat";
  const parts: string[] = [];
  if (nat.type !== undefined) {
    let t: string = nat.type;
    if (nat.addrMin !== undefined) {
      const bracket = nat.addrMin.kind === "ipv6" && nat.portMin !== undefined;
      const addr = (v: IpValue): string => (bracket ? `[${v.value}]` : v.value);
      t += "=" + addr(nat.addrMin);
      if (nat.addrMax !== undefined) t += "-" + addr(nat.addrMax);
      if (nat.portMin !== undefined) {
        t += ":" + nat.portMin;
        if (nat.portMax !== undefined) t += "-" + nat.portMax;
      }
    }
    parts.push(t);
  }
  parts.push(...nat.flags);
  return `nat(${parts.join(",")})`;
}

/**
 * Prints a {@link CtAction} in OVS's canonical argument order. `formatActionList` prints the
 * nested `exec(...)` actions.
 *
 * @example
 * ```ts
 * import { formatCt, formatActions } from "ovskit";
 * formatCt({ kind: "ct", commit: true, force: false, zone: 5 }, formatActions); // "ct(commit,zone=5)"
 * ```
 */
export function formatCt(ct: CtAction, formatActionList: (a: readonly Action[]) => string): string {
  const parts: string[] = [];
  if (ct.commit) parts.push("commit");
  if (ct.force) parts.push("force");
  if (ct.table !== undefined) parts.push(`table=${ct.table}`);
  if (ct.zone !== undefined) {
    parts.push(`zone=${typeof ct.zone === "number" ? ct.zone : formatFieldRef(ct.zone)}`);
  }
  if (ct.nat !== undefined) parts.push(formatNat(ct.nat));
  if (ct.exec !== undefined) parts.push(`exec(${formatActionList(ct.exec)})`);
  if (ct.alg !== undefined) parts.push(`alg=${ct.alg}`);
  if (ct.timeout !== undefined) parts.push(`timeout=${ct.timeout}`);
  return `ct(${parts.join(",")})`;
}
