/**
 * Fields as actions use them: resolving a field reference (`NXM_NX_REG0[0..15]`, `reg13`,
 * `tun_metadata0`) to a field and bit range, typed action values to bits, the wildcard bits an
 * action reads or writes, and the ` -> FIELD[RANGE] is now VALUE` detail OVS prints after a
 * `move`, `pop`, `multipath`, `bundle_load` or `learn` result.
 *
 * @module
 */
import type { FieldRef } from "../core/field-ref.js";
import type { Value } from "../core/values.js";
import type { FieldDef } from "./fields.js";
import { formatFlagBits } from "./flow-format.js";
import { type FlowWords, getField, readBits, setField } from "./flow-state.js";
import { CT_STATE_NAMES, TCP_FLAG_NAMES, TUN_FLAG_NAMES, formatPortNumber, reservedPort } from "./layout.js";
import { hexBytesText, ipv4Text, ipv6Text, macText, parseIpv4, parseIpv6, parseMac } from "./net-text.js";
import { type XlateCtx, fieldOf } from "./xlate-context.js";

/** A resolved field reference: the field and the bit range `[ofs, ofs + nBits)`. */
export interface Subfield {
  readonly field: FieldDef;
  readonly ofs: number;
  readonly nBits: number;
}

/**
 * Resolves a field reference, or returns undefined for a field the simulator does not know.
 *
 * @internal
 * @example
 * ```ts
 * import { subfieldOf } from "./xlate-fields.js";
 * subfieldOf(ctx, { kind: "field", field: "NXM_NX_REG13", start: 0, end: 15 }); // { field: reg13, ofs: 0, nBits: 16 }
 * ```
 */
export function subfieldOf(ctx: XlateCtx, ref: FieldRef): Subfield | undefined {
  const field = fieldOf(ctx, ref.field);
  if (field === undefined) return undefined;
  if (ref.start === undefined || ref.end === undefined) return { field, ofs: 0, nBits: field.bits };
  return { field, ofs: ref.start, nBits: ref.end - ref.start + 1 };
}

/**
 * `mf_format_subfield`: `NXM_NX_XXREG0[96..127]`, `NXM_OF_IN_PORT[]`, `NXM_NX_REG10[12]`.
 *
 * @internal
 * @example
 * ```ts
 * import { formatSubfield } from "./xlate-fields.js";
 * formatSubfield(sf); // "NXM_NX_XXREG0[111]"
 * ```
 */
export function formatSubfield(sf: Subfield): string {
  if (sf.ofs === 0 && sf.nBits >= sf.field.bits) return `${sf.field.nxm}[]`;
  if (sf.nBits === 1) return `${sf.field.nxm}[${sf.ofs}]`;
  return `${sf.field.nxm}[${sf.ofs}..${sf.ofs + sf.nBits - 1}]`;
}

/**
 * `mf_format` of a whole field value.
 *
 * @internal
 * @example
 * ```ts
 * import { formatFieldValue } from "./xlate-fields.js";
 * formatFieldValue(inPortField, 13n); // "13"
 * ```
 */
export function formatFieldValue(f: FieldDef, v: bigint): string {
  switch (f.format) {
    case "hex":
      return hexBytesText(v);
    case "dec":
      return v.toString();
    case "mac":
      return macText(v);
    case "ipv4":
      return ipv4Text(Number(v));
    case "ipv6":
      return ipv6Text(v);
    case "port":
      return formatPortNumber(Number(v));
    case "port32": {
      const p = Number(v);
      return formatPortNumber(p >= 0xffffff00 ? p - 0xffff0000 : p);
    }
    case "ct_state":
      return formatFlagBits(Number(v), CT_STATE_NAMES);
    case "tcp_flags":
      return formatFlagBits(Number(v), TCP_FLAG_NAMES);
    case "tun_flags":
      return formatFlagBits(Number(v), TUN_FLAG_NAMES);
    case "frag":
      return ["no", "first", "<error>", "later"][Number(v) & 3] as string;
    case "packet_type":
      return `(${Number(v >> 16n)},0x${(v & 0xffffn).toString(16)})`;
  }
}

/**
 * The ` -> SUBFIELD is now VALUE` detail (`xlate_report_subfield`).
 *
 * @internal
 * @example
 * ```ts
 * import { subfieldNowText } from "./xlate-fields.js";
 * subfieldNowText(flow, sf); // "NXM_NX_REG14[0..14] is now 0xc"
 * ```
 */
export function subfieldNowText(flow: FlowWords, sf: Subfield): string {
  const whole = sf.ofs === 0 && sf.nBits >= sf.field.bits;
  const value = whole ? formatFieldValue(sf.field, getField(flow, sf.field)) : hexBytesText(readBits(flow, sf.field, sf.ofs, sf.nBits));
  return `${formatSubfield(sf)} is now ${value}`;
}

/**
 * Sets the wildcard bits of a subfield (`mf_write_subfield_flow(sf, all-ones, &wc->masks)`).
 *
 * @internal
 * @example
 * ```ts
 * import { unwildcard } from "./xlate-fields.js";
 * unwildcard(ctx, sf);
 * ```
 */
export function unwildcard(ctx: XlateCtx, sf: Subfield): void {
  const n = BigInt(Math.min(sf.nBits, sf.field.width - Math.min(sf.ofs, sf.field.width)));
  if (n <= 0n) return;
  const mask = ((1n << n) - 1n) << BigInt(sf.ofs);
  setField(ctx.wc, sf.field, mask, mask);
}

/**
 * The value and mask of a typed action value for field `f` (`set_field:V[/M]->F`), or a reason
 * it cannot be used.
 *
 * @internal
 * @example
 * ```ts
 * import { actionValueMask } from "./xlate-fields.js";
 * actionValueMask(inPortField, { kind: "name", name: "ANY" }, ports); // [65535n, 65535n]
 * ```
 */
export function actionValueMask(f: FieldDef, v: Value, portByName: ReadonlyMap<string, number>): readonly [bigint, bigint] | string {
  const full = (1n << BigInt(Math.min(f.bits, 992))) - 1n;
  switch (v.kind) {
    case "int":
      return [v.value, v.mask ?? full];
    case "mac": {
      const a = parseMac(v.value);
      const m = v.mask === undefined ? full : parseMac(v.mask);
      return a === undefined || m === undefined ? "bad MAC address" : [a, m];
    }
    case "ipv4": {
      const a = parseIpv4(v.value);
      if (a === undefined) return "bad IPv4 address";
      let m = 0xffffffffn;
      if (v.prefix !== undefined) m = v.prefix === 0 ? 0n : (m >> BigInt(32 - v.prefix)) << BigInt(32 - v.prefix);
      else if (v.mask !== undefined) {
        const mm = parseIpv4(v.mask);
        if (mm === undefined) return "bad IPv4 mask";
        m = BigInt(mm);
      }
      return [BigInt(a), m];
    }
    case "ipv6": {
      const a = parseIpv6(v.value);
      if (a === undefined) return "bad IPv6 address";
      let m = (1n << 128n) - 1n;
      if (v.prefix !== undefined) m = v.prefix === 0 ? 0n : (m >> BigInt(128 - v.prefix)) << BigInt(128 - v.prefix);
      else if (v.mask !== undefined) {
        const mm = parseIpv6(v.mask);
        if (mm === undefined) return "bad IPv6 mask";
        m = mm;
      }
      return [a, m];
    }
    case "name": {
      const p = portByName.get(v.name) ?? reservedPort(v.name);
      if (p === undefined) return `unknown port ${v.name}`;
      return [BigInt(f.format === "port32" && p >= 0xff00 ? p + 0xffff0000 : p), full];
    }
    case "flags": {
      const names = f.format === "ct_state" ? CT_STATE_NAMES : f.format === "tcp_flags" ? TCP_FLAG_NAMES : TUN_FLAG_NAMES;
      let value = 0n;
      let mask = 0n;
      for (const fl of v.flags) {
        const bit = names.indexOf(fl.name);
        if (bit < 0) return `unknown flag ${fl.name}`;
        mask |= 1n << BigInt(bit);
        if (fl.set) value |= 1n << BigInt(bit);
      }
      return [value, v.pipe === true ? full : mask];
    }
    case "packet_type":
      return [(v.ns.value << 16n) | v.type.value, full];
    case "raw":
      return `unreadable value ${v.text}`;
  }
}
