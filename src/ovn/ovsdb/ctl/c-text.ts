/**
 * Text the way C's printf and strcmp see it: widths, precisions and comparisons count UTF-8
 * bytes, not JavaScript characters. The OVS tools pad their columns with `%-20s`, cut with
 * `%.16s` and sort with `strcmp`; for ASCII text this is the same as counting characters.
 *
 * @module
 * @internal
 */

/**
 * The UTF-8 length of `s` in bytes (C's `strlen`).
 *
 * @internal
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The longest prefix of `s` of at most `max` UTF-8 bytes (`%.*s`). A character that would be
 * cut in the middle is left out whole (C would print its first bytes).
 *
 * @internal
 */
export function cutBytes(s: string, max: number): string {
  if (s.length <= max && utf8Length(s) <= max) return s;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length;
    const w = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (n + w > max) return s.slice(0, i);
    n += w;
    if (pair) i++;
  }
  return s;
}

/**
 * printf's `%-W.Ps`: `s` cut to `precision` bytes (when given), then padded on the right with
 * spaces to `width` bytes.
 *
 * @internal
 */
export function padRight(s: string, width: number, precision?: number): string {
  const t = precision === undefined ? s : cutBytes(s, precision);
  const len = utf8Length(t);
  return len >= width ? t : t + " ".repeat(width - len);
}

/**
 * printf's `%W.Ps`: `s` cut to `precision` bytes (when given), then padded on the left with
 * spaces to `width` bytes.
 *
 * @internal
 */
export function padLeft(s: string, width: number, precision?: number): string {
  const t = precision === undefined ? s : cutBytes(s, precision);
  const len = utf8Length(t);
  return len >= width ? t : " ".repeat(width - len) + t;
}

/**
 * C's `strcmp` on the UTF-8 encodings of `a` and `b`: code point order (JavaScript's `<`
 * compares UTF-16 code units, which differs for characters above U+FFFF).
 *
 * @internal
 */
export function strcmp(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const sx = x >= 0xd800 && x <= 0xdfff;
      const sy = y >= 0xd800 && y <= 0xdfff;
      if (sx !== sy) return sx ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/**
 * The UTF-8 bytes of `s` (no `TextEncoder` needed, so this runs anywhere).
 *
 * @internal
 */
export function utf8Bytes(s: string): Uint8Array {
  const out = new Uint8Array(utf8Length(s));
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out[j++] = c;
    else if (c < 0x800) {
      out[j++] = 0xc0 | (c >> 6);
      out[j++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      out[j++] = 0xe0 | (c >> 12);
      out[j++] = 0x80 | ((c >> 6) & 63);
      out[j++] = 0x80 | (c & 63);
    } else {
      out[j++] = 0xf0 | (c >> 18);
      out[j++] = 0x80 | ((c >> 12) & 63);
      out[j++] = 0x80 | ((c >> 6) & 63);
      out[j++] = 0x80 | (c & 63);
    }
  }
  return j === out.length ? out : out.subarray(0, j);
}
