/**
 * A small synchronous SHA-1 (FIPS 180-4), to check the hash every OVSDB file record carries.
 *
 * WebCrypto's digest is asynchronous and `node:crypto` is Node-only; this runs everywhere and
 * hashes over 100 MB/s, which keeps checking cheap next to JSON parsing. SHA-1 is used
 * here only to detect damage, as OVSDB does, not for security.
 *
 * @module
 */

const W = new Int32Array(80);

/**
 * The SHA-1 of `bytes[start, end)` as 40 lower-case hex digits.
 *
 * @internal
 */
export function sha1Hex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const h = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0]);
  const length = end - start;
  const fullEnd = start + (length - (length % 64));
  const tail = new Uint8Array(length % 64 < 56 ? 64 : 128);
  tail.set(bytes.subarray(fullEnd, end));
  tail[length % 64] = 0x80;
  const bits = length * 8;
  const t = tail.length;
  // The length in bits, big-endian, in the last 8 bytes (the high word for inputs > 512 MB).
  const high = Math.floor(bits / 0x100000000);
  tail[t - 8] = high >>> 24;
  tail[t - 7] = high >>> 16;
  tail[t - 6] = high >>> 8;
  tail[t - 5] = high;
  tail[t - 4] = bits >>> 24;
  tail[t - 3] = bits >>> 16;
  tail[t - 2] = bits >>> 8;
  tail[t - 1] = bits;
  for (let p = start; p < fullEnd; p += 64) block(h, bytes, p);
  for (let p = 0; p < t; p += 64) block(h, tail, p);
  return hex8(h[0] as number) + hex8(h[1] as number) + hex8(h[2] as number) + hex8(h[3] as number) + hex8(h[4] as number);
}

/** One 64-byte block at `buf[p]` into the state `h`. */
function block(h: Int32Array, buf: Uint8Array, p: number): void {
  const w = W;
  for (let i = 0; i < 16; i++, p += 4) {
    w[i] = ((buf[p] as number) << 24) | ((buf[p + 1] as number) << 16) | ((buf[p + 2] as number) << 8) | (buf[p + 3] as number);
  }
  for (let i = 16; i < 80; i++) {
    const x = (w[i - 3] as number) ^ (w[i - 8] as number) ^ (w[i - 14] as number) ^ (w[i - 16] as number);
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = h[0] as number;
  let b = h[1] as number;
  let c = h[2] as number;
  let d = h[3] as number;
  let e = h[4] as number;
  let i = 0;
  for (; i < 20; i++) {
    const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + (w[i] as number)) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  for (; i < 40; i++) {
    const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + (w[i] as number)) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  for (; i < 60; i++) {
    const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + (w[i] as number)) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  for (; i < 80; i++) {
    const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + (w[i] as number)) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  h[0] = ((h[0] as number) + a) | 0;
  h[1] = ((h[1] as number) + b) | 0;
  h[2] = ((h[2] as number) + c) | 0;
  h[3] = ((h[3] as number) + d) | 0;
  h[4] = ((h[4] as number) + e) | 0;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
