/**
 * The iteration order of an OVS `smap` (string map), emulated: OVS hashes each key with
 * `hash_bytes` (lib/hash.c, the Murmur3-based `mhash` of x86-64 builds without SSE 4.2, as
 * Debian's) into an `hmap` (lib/hmap.c) whose buckets double as it grows; `SMAP_FOR_EACH` walks
 * the buckets in index order, each bucket from its most recent node. `smap_sort` then sorts that
 * walk with glibc's stable merge sort. ovn-nbctl prints several lists this way (`lr-nat-list`
 * rows with the same type, gateway port and external IP; a policy's options), so the order of
 * ties is reproducible from the keys and the order they were added in.
 *
 * @module
 * @internal
 */
import { strcmp, utf8Bytes } from "./c-text.js";

const rot = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

function mhashAdd(hash: number, data: number): number {
  let h = hash;
  if (data !== 0) {
    let d = Math.imul(data, 0xcc9e2d51) >>> 0;
    d = rot(d, 15);
    d = Math.imul(d, 0x1b873593) >>> 0;
    h = (h ^ d) >>> 0;
  }
  h = rot(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0;
}

function mhashFinish(hash: number): number {
  let h = hash >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * OVS's `hash_bytes(p, n, basis)` of the UTF-8 bytes of `s` (what `hash_string` and
 * `smap_add` use).
 *
 * @internal
 */
export function ovsHashString(s: string, basis = 0): number {
  const b = utf8Bytes(s);
  let hash = basis >>> 0;
  let i = 0;
  for (; i + 4 <= b.length; i += 4) {
    hash = mhashAdd(hash, ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)) >>> 0);
  }
  if (i < b.length) {
    let tmp = 0;
    for (let k = 0; i + k < b.length; k++) tmp |= (b[i + k] as number) << (8 * k);
    hash = mhashAdd(hash, tmp >>> 0);
  }
  return mhashFinish((hash ^ b.length) >>> 0);
}

/** lib/hmap.c's calc_mask(). */
function calcMask(capacity: number): number {
  let mask = Math.floor(capacity / 2);
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  mask |= (mask & 1) << 1;
  return mask;
}

/**
 * The order in which `HMAP_FOR_EACH` visits nodes inserted with `hmap_insert` in the order
 * given, by their 32-bit hashes: the indexes of `hashes`, in visiting order.
 *
 * @internal
 */
export function hmapIterationOrder(hashes: readonly number[]): number[] {
  let mask = 0;
  let buckets: number[][] = [[]];
  for (let n = 0; n < hashes.length; n++) {
    (buckets[(hashes[n] as number) & mask] as number[]).unshift(n);
    const count = n + 1;
    if (Math.floor(count / 2) > mask) {
      const newMask = calcMask(count);
      if (newMask > mask) {
        const next: number[][] = Array.from({ length: newMask + 1 }, () => []);
        for (const bucket of buckets) for (const node of bucket) (next[(hashes[node] as number) & newMask] as number[]).unshift(node);
        buckets = next;
        mask = newMask;
      }
    }
  }
  return buckets.flat();
}

/**
 * `SMAP_FOR_EACH` order of an smap built with `smap_add` of `keys` in the order given: the
 * indexes of `keys`.
 *
 * @internal
 */
export function smapIterationOrder(keys: readonly string[]): number[] {
  return hmapIterationOrder(keys.map((k) => ovsHashString(k)));
}

/**
 * `smap_sort` of an smap built with `smap_add` of `keys` in the order given: the indexes of
 * `keys`, sorted by key with `strcmp`, ties in `SMAP_FOR_EACH` order (glibc's qsort is a stable
 * merge sort for these sizes).
 *
 * @internal
 */
export function smapSortedOrder(keys: readonly string[]): number[] {
  return smapIterationOrder(keys).sort((a, b) => strcmp(keys[a] as string, keys[b] as string));
}
