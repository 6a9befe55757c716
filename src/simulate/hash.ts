/**
 * OVS's hash functions, bit for bit, as the Debian OVS 3.1 build computes them (the portable
 * murmur-style `hash_add`/`hash_finish` of lib/hash.h, not the SSE4.2 CRC32 variant, and
 * Bob Jenkins' lookup3 `jhash`), on a little-endian host: select-group bucket scores
 * (`selection_method=hash` and the default method), and `flow_hash_symmetric_l4`.
 *
 * Memory is read as OVS reads it: network-order bytes loaded as little-endian 32-bit words.
 *
 * @module
 */
import type { FlowWords } from "./flow-state.js";
import { ETH_TYPE, IPPROTO, W } from "./layout.js";

const rot = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
const mul = (a: number, b: number): number => Math.imul(a, b) >>> 0;

function mhashAdd(h: number, d: number): number {
  let data = d >>> 0;
  let hash = h >>> 0;
  if (data !== 0) {
    data = mul(data, 0xcc9e2d51);
    data = rot(data, 15);
    data = mul(data, 0x1b873593);
    hash = (hash ^ data) >>> 0;
  }
  hash = rot(hash, 13);
  return (mul(hash, 5) + 0xe6546b64) >>> 0;
}

function mhashFinish(h: number): number {
  let hash = h >>> 0;
  hash = (hash ^ (hash >>> 16)) >>> 0;
  hash = mul(hash, 0x85ebca6b);
  hash = (hash ^ (hash >>> 13)) >>> 0;
  hash = mul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

const hashFinish = (h: number, final: number): number => mhashFinish((h ^ final) >>> 0);

/**
 * `hash_uint64(x)`.
 *
 * @internal
 * @example
 * ```ts
 * import { hashUint64 } from "./hash.js";
 * hashUint64(0n); // the basis of a select group with selection_method_param=0
 * ```
 */
export function hashUint64(x: bigint): number {
  const lo = Number(x & 0xffffffffn);
  const hi = Number((x >> 32n) & 0xffffffffn);
  return hashFinish(mhashAdd(mhashAdd(0, lo), hi), 8);
}

/**
 * `hash_int(x, basis)` (= `hash_2words`).
 *
 * @internal
 * @example
 * ```ts
 * import { hashInt } from "./hash.js";
 * hashInt(2, basis) & 0xffff; // a bucket's score before the weight
 * ```
 */
export function hashInt(x: number, basis: number): number {
  return hashFinish(mhashAdd(mhashAdd(x, 0), basis), 8);
}

/** Little-endian 32-bit word of bytes `b[i..i+4)` (zero past the end). */
function le32(b: Uint8Array, i: number): number {
  return ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0;
}

/**
 * `hash_bytes(p, n, basis)`.
 *
 * @internal
 * @example
 * ```ts
 * import { hashBytes } from "./hash.js";
 * hashBytes(new Uint8Array([10, 0, 1, 1]), basis);
 * ```
 */
export function hashBytes(bytes: Uint8Array, basis: number): number {
  let h = basis >>> 0;
  let i = 0;
  const n = bytes.length;
  for (; n - i >= 4; i += 4) h = mhashAdd(h, le32(bytes, i));
  if (i < n) h = mhashAdd(h, le32(bytes, i));
  return hashFinish(h, n);
}

/**
 * `hash_boolean(x, basis)`.
 *
 * @internal
 * @example
 * ```ts
 * import { hashBoolean } from "./hash.js";
 * hashBoolean(true, 0);
 * ```
 */
export function hashBoolean(x: boolean, basis: number): number {
  return ((x ? 0xc2b73583 : 0xe90f1258) ^ rot(basis >>> 0, 1)) >>> 0;
}

/** lookup3 `mix` of (a, b, c). */
function jmix(a0: number, b0: number, c0: number): [number, number, number] {
  let a = a0;
  let b = b0;
  let c = c0;
  a = (a - c) >>> 0; a = (a ^ rot(c, 4)) >>> 0; c = (c + b) >>> 0;
  b = (b - a) >>> 0; b = (b ^ rot(a, 6)) >>> 0; a = (a + c) >>> 0;
  c = (c - b) >>> 0; c = (c ^ rot(b, 8)) >>> 0; b = (b + a) >>> 0;
  a = (a - c) >>> 0; a = (a ^ rot(c, 16)) >>> 0; c = (c + b) >>> 0;
  b = (b - a) >>> 0; b = (b ^ rot(a, 19)) >>> 0; a = (a + c) >>> 0;
  c = (c - b) >>> 0; c = (c ^ rot(b, 4)) >>> 0; b = (b + a) >>> 0;
  return [a, b, c];
}

/** lookup3 `final` of (a, b, c): returns c. */
function jfinal(a0: number, b0: number, c0: number): number {
  let a = a0;
  let b = b0;
  let c = c0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 14)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 11)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 25)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 16)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 4)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 14)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 24)) >>> 0;
  return c;
}

/**
 * `jhash_bytes(p, n, basis)` (lookup3).
 *
 * @internal
 * @example
 * ```ts
 * import { jhashBytes } from "./hash.js";
 * jhashBytes(new Uint8Array(6), 0);
 * ```
 */
export function jhashBytes(bytes: Uint8Array, basis: number): number {
  let n = bytes.length;
  let a = (0xdeadbeef + n + basis) >>> 0;
  let b = a;
  let c = a;
  let i = 0;
  while (n >= 12) {
    [a, b, c] = jmix((a + le32(bytes, i)) >>> 0, (b + le32(bytes, i + 4)) >>> 0, (c + le32(bytes, i + 8)) >>> 0);
    n -= 12;
    i += 12;
  }
  if (n > 0) {
    const tail = new Uint8Array(12);
    tail.set(bytes.subarray(i, i + n));
    c = jfinal((a + le32(tail, 0)) >>> 0, (b + le32(tail, 4)) >>> 0, (c + le32(tail, 8)) >>> 0);
  }
  return c;
}

/**
 * `flow_hash_symmetric_l4(flow, basis)`: the hash of a 32-byte struct of XORed addresses,
 * Ethertype, VLAN IDs, XORed TCP/SCTP ports and the IP protocol.
 *
 * @internal
 * @example
 * ```ts
 * import { flowHashSymmetricL4 } from "./hash.js";
 * flowHashSymmetricL4(flow, 0);
 * ```
 */
export function flowHashSymmetricL4(flow: FlowWords, basis: number): number {
  const b = new Uint8Array(32);
  const be16At = (off: number, v: number): void => {
    b[off] = (v >>> 8) & 0xff;
    b[off + 1] = v & 0xff;
  };
  const be32At = (off: number, v: number): void => {
    b[off] = (v >>> 24) & 0xff;
    b[off + 1] = (v >>> 16) & 0xff;
    b[off + 2] = (v >>> 8) & 0xff;
    b[off + 3] = v & 0xff;
  };
  // struct { union { be32; in6_addr } @0; be16 eth_type @16; be16 vlan_tci @18; be16 tp_port @20; eth_addr @22; u8 ip_proto @28; } (32 bytes)
  const src = [(flow[W.ETH_SRC]! >>> 0) & 0xffff, flow[W.ETH_SRC + 1]!];
  const dst = [(flow[W.ETH_DST]! >>> 0) & 0xffff, flow[W.ETH_DST + 1]!];
  be16At(22, src[0]! ^ dst[0]!);
  be32At(24, (src[1]! ^ dst[1]!) >>> 0);
  be16At(18, ((flow[W.VLAN0_TCI]! & 0xfff) ^ (flow[W.VLAN1_TCI]! & 0xfff)) & 0xffff);
  const type = flow[W.DL_TYPE]!;
  be16At(16, type);
  const proto = flow[W.NW_PROTO]!;
  const ports = proto === IPPROTO.TCP || proto === IPPROTO.SCTP ? (flow[W.TP_SRC]! ^ flow[W.TP_DST]!) & 0xffff : 0;
  if (type === ETH_TYPE.IP) {
    be32At(0, (flow[W.NW_SRC]! ^ flow[W.NW_DST]!) >>> 0);
    b[28] = proto;
    be16At(20, ports);
  } else if (type === ETH_TYPE.IPV6) {
    for (let i = 0; i < 4; i++) be32At(4 * i, (flow[W.IPV6_SRC + i]! ^ flow[W.IPV6_DST + i]!) >>> 0);
    b[28] = proto;
    be16At(20, ports);
  }
  return jhashBytes(b, basis);
}

const bswap32 = (x: number): number => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
const bswap16 = (x: number): number => ((x & 0xff) << 8) | ((x >>> 8) & 0xff);

/** Bytes of words `w..w+n` of a flow in network order. */
function wordBytes(flow: FlowWords, w: number, n: number): Uint8Array {
  const out = new Uint8Array(4 * n);
  for (let i = 0; i < n; i++) {
    const v = flow[w + i]!;
    out[4 * i] = v >>> 24;
    out[4 * i + 1] = (v >>> 16) & 0xff;
    out[4 * i + 2] = (v >>> 8) & 0xff;
    out[4 * i + 3] = v & 0xff;
  }
  return out;
}

function macBytes(flow: FlowWords, w: number): Uint8Array {
  return wordBytes(flow, w, 2).subarray(2, 8);
}

function symmetricL2(flow: FlowWords, basis: number): number {
  if (flow[W.PACKET_TYPE] !== 0) return 0;
  const b = new Uint8Array(12);
  const src = macBytes(flow, W.ETH_SRC);
  const dst = macBytes(flow, W.ETH_DST);
  const type = flow[W.DL_TYPE]!;
  b[0] = type >>> 8;
  b[1] = type & 0xff;
  const vid = ((flow[W.VLAN0_TCI]! & 0xfff) ^ (flow[W.VLAN1_TCI]! & 0xfff)) & 0xffff;
  b[2] = vid >>> 8;
  b[3] = vid & 0xff;
  for (let i = 0; i < 6; i++) b[4 + i] = (src[i]! ^ dst[i]!) & 0xff;
  let h = basis >>> 0;
  for (let i = 0; i < 12; i += 4) h = mhashAdd(h, le32(b, i));
  return hashFinish(h, basis);
}

function symmetricL3L4(flow: FlowWords, basis: number, udp: boolean): number {
  let h = basis >>> 0;
  const type = flow[W.DL_TYPE];
  if (type === ETH_TYPE.IP) h = mhashAdd(h, bswap32((flow[W.NW_SRC]! ^ flow[W.NW_DST]!) >>> 0));
  else if (type === ETH_TYPE.IPV6) {
    const a = wordBytes(flow, W.IPV6_SRC, 4);
    const c = wordBytes(flow, W.IPV6_DST, 4);
    const x = new Uint8Array(16);
    for (let i = 0; i < 16; i++) x[i] = a[i]! ^ c[i]!;
    for (let i = 0; i < 16; i += 8) h = mhashAdd(mhashAdd(h, le32(x, i)), le32(x, i + 4));
  } else return symmetricL2(flow, basis);
  const proto = flow[W.NW_PROTO]!;
  h = mhashAdd(h, proto);
  if ((flow[W.NW_FRAG]! & 3) === 0 && (proto === IPPROTO.TCP || proto === IPPROTO.SCTP || (udp && proto === IPPROTO.UDP))) {
    h = mhashAdd(h, bswap16((flow[W.TP_SRC]! ^ flow[W.TP_DST]!) & 0xffff));
  }
  return hashFinish(h, basis);
}

function symmetricL3(flow: FlowWords, basis: number): number {
  const b = new Uint8Array(20);
  const type = flow[W.DL_TYPE]!;
  b[16] = type >>> 8;
  b[17] = type & 0xff;
  if (type === ETH_TYPE.IP) b.set(wordBytes(new Uint32Array([(flow[W.NW_SRC]! ^ flow[W.NW_DST]!) >>> 0]), 0, 1), 0);
  else if (type === ETH_TYPE.IPV6) {
    const a = wordBytes(flow, W.IPV6_SRC, 4);
    const c = wordBytes(flow, W.IPV6_DST, 4);
    for (let i = 0; i < 16; i++) b[i] = a[i]! ^ c[i]!;
  }
  return jhashBytes(b, basis);
}

/**
 * `flow_hash_fields(flow, fields, basis)` for `multipath` and `bundle`: `eth_src`,
 * `symmetric_l4`, `symmetric_l3l4`, `symmetric_l3l4+udp`, `nw_src`, `nw_dst`, `symmetric_l3`.
 * Returns undefined for an unknown field set.
 *
 * @internal
 * @example
 * ```ts
 * import { flowHashFields } from "./hash.js";
 * flowHashFields(flow, "symmetric_l4", 50);
 * ```
 */
export function flowHashFields(flow: FlowWords, fields: string, basis: number): number | undefined {
  const type = flow[W.DL_TYPE];
  switch (fields.toLowerCase()) {
    case "eth_src":
      return jhashBytes(macBytes(flow, W.ETH_SRC), basis);
    case "symmetric_l4":
      return flowHashSymmetricL4(flow, basis);
    case "symmetric_l3l4":
      return symmetricL3L4(flow, basis, false);
    case "symmetric_l3l4+udp":
      return symmetricL3L4(flow, basis, true);
    case "nw_src":
      return type === ETH_TYPE.IP ? jhashBytes(wordBytes(flow, W.NW_SRC, 1), basis) : type === ETH_TYPE.IPV6 ? jhashBytes(wordBytes(flow, W.IPV6_SRC, 4), basis) : basis;
    case "nw_dst":
      return type === ETH_TYPE.IP ? jhashBytes(wordBytes(flow, W.NW_DST, 1), basis) : type === ETH_TYPE.IPV6 ? jhashBytes(wordBytes(flow, W.IPV6_DST, 4), basis) : basis;
    case "symmetric_l3":
      return symmetricL3(flow, basis);
  }
  return undefined;
}
