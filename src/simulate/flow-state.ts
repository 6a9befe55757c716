/**
 * Reading and writing fields of a flow (the words of {@link W}): whole fields as `bigint`s,
 * masked writes (`set_field:V/M->F`, `load`), and bit ranges (`move:A[0..15]->B[16..31]`,
 * `output:reg0[0..15]`, `push`/`pop`), with the field semantics of OVS's `mf_get_value` /
 * `mf_set_flow_value` for the few fields that are not a plain bit range of their storage.
 *
 * @module
 */
import type { FieldDef } from "./fields.js";
import { OFPP, W } from "./layout.js";

/** A flow: the field words of one packet (see {@link W}). */
export type FlowWords = Uint32Array;

/** `ONES_TABLE[n]`: n one bits (n <= 1024: wider than any field, tun_metadata included). */
const ONES_TABLE: readonly bigint[] = Object.freeze(Array.from({ length: 1025 }, (_, n) => (1n << BigInt(n)) - 1n));
const ONES = (bits: number): bigint => ONES_TABLE[bits] ?? (1n << BigInt(bits)) - 1n;
const VLAN_CFI = 0x1000;
const VLAN_VID = 0x0fff;
const VLAN_PCP = 0xe000;

/**
 * The bits `[shift, shift + width)` of the number made of `words` words from `word` (most
 * significant word first).
 *
 * @internal
 * @example
 * ```ts
 * import { readStorage } from "./flow-state.js";
 * readStorage(new Uint32Array([1, 2]), 0, 2, 0, 64); // 0x100000002n
 * ```
 */
export function readStorage(flow: FlowWords, word: number, words: number, shift: number, width: number): bigint {
  if (words === 1) {
    const v = width >= 32 ? flow[word]! >>> 0 : (flow[word]! >>> shift) & ((1 << width) - 1 >>> 0);
    return BigInt(width >= 32 ? v : v >>> 0);
  }
  let v = 0n;
  for (let i = 0; i < words; i++) v = (v << 32n) | BigInt(flow[word + i]!);
  return shift === 0 && width === words * 32 ? v : (v >> BigInt(shift)) & ONES(width);
}

/**
 * Writes `value` into the bits `[shift, shift + width)` of the storage, leaving the other bits
 * alone; with `mask`, only the bits set in it.
 *
 * @internal
 * @example
 * ```ts
 * import { writeStorage } from "./flow-state.js";
 * const f = new Uint32Array(1);
 * writeStorage(f, 0, 1, 13, 3, 5n); // f[0] === 0xa000
 * ```
 */
export function writeStorage(flow: FlowWords, word: number, words: number, shift: number, width: number, value: bigint, mask?: bigint): void {
  if (words === 1 && mask === undefined) {
    const mm = (width >= 32 ? 0xffffffff : (1 << width) - 1) << shift;
    flow[word] = ((flow[word]! & ~mm) | ((Number(BigInt.asUintN(width, value)) << shift) & mm)) >>> 0;
    return;
  }
  const m = mask === undefined ? ONES(width) : mask & ONES(width);
  if (words === 1) {
    const mm = Number(m) << shift;
    const vv = Number(value & m) << shift;
    flow[word] = ((flow[word]! & ~mm) | vv) >>> 0;
    return;
  }
  if (shift === 0) {
    // Word by word from the least significant one: no wide intermediate value.
    let v = value;
    let mm = m;
    for (let i = words - 1; i >= 0; i--) {
      const mw = Number(BigInt.asUintN(32, mm));
      if (mw !== 0) flow[word + i] = ((flow[word + i]! & ~mw) | (Number(BigInt.asUintN(32, v)) & mw)) >>> 0;
      v >>= 32n;
      mm >>= 32n;
    }
    return;
  }
  let cur = 0n;
  for (let i = 0; i < words; i++) cur = (cur << 32n) | BigInt(flow[word + i]!);
  const sm = m << BigInt(shift);
  cur = (cur & ~sm) | ((value << BigInt(shift)) & sm);
  for (let i = words - 1; i >= 0; i--) {
    flow[word + i] = Number(cur & 0xffffffffn);
    cur >>= 32n;
  }
}

/**
 * A masked write of one field as word operations: `[word, mask, bits, ...]`, each word becoming
 * `(word & ~mask) | bits`. What {@link writeStorage} does for the same field, value and mask, with
 * no bigint arithmetic: for writes repeated with the same operands (a flow's `set_field`).
 *
 * @internal
 * @example
 * ```ts
 * import { applyWordWrite, wordWrite } from "./flow-state.js";
 * applyWordWrite(flow, wordWrite(reg0, 5n, 0xffn));
 * ```
 */
export function wordWrite(f: FieldDef, value: bigint, mask?: bigint): Uint32Array {
  const m = new Uint32Array(f.word + f.words);
  const v = new Uint32Array(f.word + f.words);
  writeStorage(m, f.word, f.words, f.shift, f.width, ONES(f.width), mask);
  writeStorage(v, f.word, f.words, f.shift, f.width, value, mask);
  const out: number[] = [];
  for (let i = f.word; i < f.word + f.words; i++) if (m[i] !== 0) out.push(i, m[i]!, v[i]!);
  return Uint32Array.from(out);
}

/**
 * Applies a {@link wordWrite} plan to `flow`.
 *
 * @internal
 * @example
 * ```ts
 * import { applyWordWrite } from "./flow-state.js";
 * applyWordWrite(flow, plan);
 * ```
 */
export function applyWordWrite(flow: FlowWords, plan: Uint32Array): void {
  for (let i = 0; i < plan.length; i += 3) {
    const w = plan[i]!;
    flow[w] = ((flow[w]! & ~plan[i + 1]!) | plan[i + 2]!) >>> 0;
  }
}

/** OpenFlow 1.1+ port number of a 16-bit one (reserved ports move to 0xffffff00+). */
function ofp11Port(p: number): number {
  return p >= OFPP.MAX ? (p + 0xffff0000) >>> 0 : p;
}

/** 16-bit port number of an OpenFlow 1.1+ one (what does not map becomes OFPP_NONE). */
function ofp10Port(p: number): number {
  if (p < OFPP.MAX) return p;
  if (p >= 0xffffff00) return (p - 0xffff0000) >>> 0;
  return OFPP.NONE;
}

/**
 * The value of field `f` in `flow` (`mf_get_value`).
 *
 * @internal
 * @example
 * ```ts
 * import { getField } from "./flow-state.js";
 * getField(flow, fields.byName.get("reg0")!); // 5n
 * ```
 */
export function getField(flow: FlowWords, f: FieldDef): bigint {
  switch (f.special) {
    case "dl_vlan":
      return BigInt(flow[W.VLAN0_TCI]! & VLAN_VID);
    case "vlan_vid":
      return BigInt(flow[W.VLAN0_TCI]! & (VLAN_VID | VLAN_CFI));
    case "vlan_pcp":
      return BigInt((flow[W.VLAN0_TCI]! & VLAN_PCP) >>> 13);
    case "nw_tos":
      return BigInt(flow[W.NW_TOS]! & 0xfc);
    case "in_port_oxm":
      return BigInt(ofp11Port(flow[W.IN_PORT]!));
    case "actset_output":
      return BigInt(ofp11Port(flow[W.ACTSET_OUTPUT]!));
  }
  return readStorage(flow, f.word, f.words, f.shift, f.width);
}

/**
 * Sets field `f` to `value`, or only the bits of `mask` (`mf_set_flow_value_masked`). Writing a
 * tunnel metadata option marks it present.
 *
 * @internal
 * @example
 * ```ts
 * import { setField } from "./flow-state.js";
 * setField(flow, fields.byName.get("xxreg0")!, 0x5000000000n, 0xffff00000000n);
 * ```
 */
export function setField(flow: FlowWords, f: FieldDef, value: bigint, mask?: bigint): void {
  if (f.special !== undefined && f.special !== "tun_metadata") {
    const full = mask === undefined ? value : (getField(flow, f) & ~mask) | (value & mask);
    setSpecial(flow, f, Number(full & 0xffffffffn));
    return;
  }
  if (f.special === "tun_metadata" && f.tunIndex !== undefined) markTunPresent(flow, f.tunIndex);
  writeStorage(flow, f.word, f.words, f.shift, f.width, value, mask);
}

function setSpecial(flow: FlowWords, f: FieldDef, v: number): void {
  const tci = flow[W.VLAN0_TCI]!;
  switch (f.special) {
    case "dl_vlan":
      // flow_set_dl_vlan: OFP10_VLAN_NONE (0xffff) removes the tag.
      flow[W.VLAN0_TCI] = v === 0xffff ? 0 : ((tci & ~VLAN_VID) | VLAN_CFI | (v & VLAN_VID)) >>> 0;
      if (v !== 0xffff && flow[W.VLAN0_TPID] === 0) flow[W.VLAN0_TPID] = 0x8100;
      return;
    case "vlan_vid": {
      // flow_set_vlan_vid: the 0x1000 bit says whether there is a tag.
      const vid = v & (VLAN_VID | VLAN_CFI);
      flow[W.VLAN0_TCI] = ((tci & ~(VLAN_VID | VLAN_CFI)) | vid) >>> 0;
      return;
    }
    case "vlan_pcp":
      flow[W.VLAN0_TCI] = ((tci & ~VLAN_PCP) | ((v & 7) << 13) | VLAN_CFI) >>> 0;
      return;
    case "nw_tos":
      flow[W.NW_TOS] = ((flow[W.NW_TOS]! & 3) | (v & 0xfc)) >>> 0;
      return;
    case "in_port_oxm":
      flow[W.IN_PORT] = ofp10Port(v >>> 0);
      return;
    case "actset_output":
      flow[W.ACTSET_OUTPUT] = ofp10Port(v >>> 0);
      return;
  }
}

/**
 * Marks tunnel metadata option `index` present (as OVS does when it is written or received).
 *
 * @internal
 * @example
 * ```ts
 * import { markTunPresent } from "./flow-state.js";
 * markTunPresent(flow, 0);
 * ```
 */
export function markTunPresent(flow: FlowWords, index: number): void {
  const w = index >= 32 ? W.TUN_MD_PRESENT : W.TUN_MD_PRESENT + 1;
  flow[w] = (flow[w]! | (1 << (index % 32))) >>> 0;
}

/**
 * True when tunnel metadata option `index` is present in `flow`.
 *
 * @internal
 * @example
 * ```ts
 * import { isTunPresent } from "./flow-state.js";
 * isTunPresent(flow, 0); // false
 * ```
 */
export function isTunPresent(flow: FlowWords, index: number): boolean {
  const w = index >= 32 ? W.TUN_MD_PRESENT : W.TUN_MD_PRESENT + 1;
  return ((flow[w]! >>> (index % 32)) & 1) === 1;
}

/**
 * The bits `[ofs, ofs + nBits)` of field `f` (`mf_read_subfield`).
 *
 * @internal
 * @example
 * ```ts
 * import { readBits } from "./flow-state.js";
 * readBits(flow, fields.byName.get("NXM_NX_REG10")!, 12, 1); // 0n or 1n
 * ```
 */
export function readBits(flow: FlowWords, f: FieldDef, ofs: number, nBits: number): bigint {
  if (f.special === undefined && f.words === 1 && f.shift === 0 && nBits < 32 && ofs + nBits <= 32) {
    return BigInt((flow[f.word]! >>> ofs) & ((1 << nBits) - 1));
  }
  return (getField(flow, f) >> BigInt(ofs)) & ONES(nBits);
}

/**
 * Writes `value` into the bits `[ofs, ofs + nBits)` of field `f` (`mf_write_subfield_flow`).
 *
 * @internal
 * @example
 * ```ts
 * import { writeBits } from "./flow-state.js";
 * writeBits(flow, fields.byName.get("NXM_NX_XXREG0")!, 111, 1, 1n);
 * ```
 */
export function writeBits(flow: FlowWords, f: FieldDef, ofs: number, nBits: number, value: bigint): void {
  const mask = ONES(nBits) << BigInt(ofs);
  setField(flow, f, (value & ONES(nBits)) << BigInt(ofs), mask);
}
