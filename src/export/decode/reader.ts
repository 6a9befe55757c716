/**
 * A bounds-checked big-endian reader over a Uint8Array (DataView based, browser-safe). Every
 * read past the end throws a {@link FlowDecodeError} with the offset.
 *
 * @module
 */
import { FlowDecodeError, type FlowProtocol } from "./errors.js";

/**
 * Network-order reader with a cursor and an end limit.
 *
 * @internal
 * @example
 * ```ts
 * const r = new ByteReader(new Uint8Array([0, 5]), "netflow-v5");
 * r.u16(); // 5
 * ```
 */
export class ByteReader {
  readonly view: DataView;
  /** Current 0-based offset in the underlying datagram. */
  pos: number;
  /** Reads may not go past this offset. */
  end: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly protocol: FlowProtocol,
    start = 0,
    end = bytes.length,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  /** Bytes left before {@link end}. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws a "truncated" error unless `n` more bytes are available. */
  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end) {
      throw new FlowDecodeError(this.protocol, "truncated", `${what}: needs ${n} bytes, ${Math.max(0, this.end - this.pos)} left`, this.pos);
    }
  }

  u8(what = "u8"): number {
    this.need(1, what);
    return this.view.getUint8(this.pos++);
  }

  u16(what = "u16"): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }

  u32(what = "u32"): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  u64(what = "u64"): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos);
    this.pos += 8;
    return v;
  }

  /** A view (not a copy) of the next `n` bytes. */
  take(n: number, what = "bytes"): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number, what = "padding"): void {
    this.need(n, what);
    this.pos += n;
  }

  /** A reader over the next `n` bytes (this reader moves past them). */
  sub(n: number, what: string): ByteReader {
    this.need(n, what);
    const r = new ByteReader(this.bytes, this.protocol, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }

  fail(code: "bad-length" | "bad-value" | "bad-version", reason: string, offset = this.pos): never {
    throw new FlowDecodeError(this.protocol, code, reason, offset);
  }
}

/**
 * Dotted-quad text of 4 bytes.
 *
 * @internal
 * @example
 * ```ts
 * ipv4Text(new Uint8Array([10, 0, 0, 1])); // "10.0.0.1"
 * ```
 */
export function ipv4Text(b: Uint8Array, at = 0): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/**
 * RFC 5952 text of 16 bytes (lower case, longest zero run compressed).
 *
 * @internal
 * @example
 * ```ts
 * ipv6Text(new Uint8Array([0xfd, 0, ...new Array(13).fill(0), 1])); // "fd00::1"
 * ```
 */
export function ipv6Text(b: Uint8Array, at = 0): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(((b[at + 2 * i] ?? 0) << 8) | (b[at + 2 * i + 1] ?? 0));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(":");
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLen))}`;
}

/**
 * `aa:bb:cc:dd:ee:ff` text of 6 bytes.
 *
 * @internal
 * @example
 * ```ts
 * macText(new Uint8Array([0x50, 0x54, 0, 0, 0, 1])); // "50:54:00:00:00:01"
 * ```
 */
export function macText(b: Uint8Array, at = 0): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push((b[at + i] ?? 0).toString(16).padStart(2, "0"));
  return parts.join(":");
}
