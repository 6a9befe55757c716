/**
 * Mutations of real inputs, by the kinds issue 16 lists (bit flips, truncation, duplicated
 * lines, deleted brackets, huge numbers, deep nesting, long lines, NUL, CRLF, lone CR, BOM,
 * invalid UTF-8) plus a few generic ones. Every mutation is a pure function of its `Rng`.
 */
import type { Rng } from "./rng.js";

/** The text mutation kinds. */
export const TEXT_KINDS = [
  "bit-flip",
  "truncate",
  "duplicate-lines",
  "delete-brackets",
  "huge-numbers",
  "deep-nesting",
  "long-line",
  "nul",
  "crlf",
  "lone-cr",
  "bom",
  "invalid-utf8",
  "splice-lines",
  "insert-token",
  "delete-range",
  "unicode",
] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

/** The binary mutation kinds (datagrams). */
export const BYTE_KINDS = ["bit-flip", "truncate", "duplicate-range", "huge-numbers", "zero-range", "insert-bytes", "splice"] as const;
export type ByteKind = (typeof BYTE_KINDS)[number];

/** A mutated text: a string, or bytes when the mutation made invalid UTF-8. */
export type Mutated = string | Uint8Array;

const HUGE_NUMBERS = [
  "18446744073709551616", // 2^64
  "18446744073709551615",
  "340282366920938463463374607431768211456", // 2^128
  "4294967296",
  "65536",
  "-1",
  "-9223372036854775809",
  "9".repeat(400),
  "0x" + "f".repeat(40),
  "0x" + "0".repeat(300) + "1",
  "1e400",
  "-0",
  "NaN",
  "Infinity",
  "0.00000000000000000000000001",
  "1".repeat(20) + "." + "1".repeat(20),
];
const OPENERS = ["(", "[", "{", "!(", "((", "!", "\"", "clone(", "{\"a\":[", "ct(commit,exec("];
const CLOSE: Record<string, string> = { "(": ")", "[": "]", "{": "}", "!(": ")", "((": "))", "!": "", "\"": "\"", "clone(": ")", "{\"a\":[": "]}", "ct(commit,exec(": "))" };
const NESTING = [10, 100, 600, 2_000, 10_000, 100_000];
const BRACKETS = new Set(["(", ")", "[", "]", "{", "}", "\"", "'", "<", ">"]);
const UNICODE = ["é", "\u00a0", "\u200b", "\u202e", "😀", "\ud800", "\udfff", "\u0301", "\u2028", "\u2029", "\uffff", "\ufffd", "\t", "\v", "\f"];
const BAD_UTF8 = [[0xff], [0xfe], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xf0, 0x9f, 0x98]];
const utf8 = new TextEncoder();

/** Applies 1-3 random text mutations to `text` (`others`: texts of the same target, for splices). */
export function mutateText(rng: Rng, text: string, others: readonly string[], kinds: TextKind[]): Mutated {
  let out: string = text;
  let bad: "utf8" | undefined;
  const n = rng.chance(0.6) ? 1 : rng.range(2, 3);
  for (let i = 0; i < n; i++) {
    const kind = rng.pick(TEXT_KINDS);
    kinds.push(kind);
    if (kind === "invalid-utf8") bad = "utf8";
    else out = applyText(rng, kind, out, others);
  }
  return bad === undefined ? out : invalidUtf8(rng, out);
}

function applyText(rng: Rng, kind: Exclude<TextKind, "invalid-utf8">, text: string, others: readonly string[]): string {
  const at = () => rng.int(text.length + 1);
  switch (kind) {
    case "bit-flip": {
      const chars = [...text.slice(0, 1 << 20)];
      if (chars.length === 0) return String.fromCharCode(rng.int(256));
      for (let k = rng.range(1, 8); k > 0; k--) {
        const i = rng.int(chars.length);
        chars[i] = String.fromCharCode(((chars[i] as string).charCodeAt(0) ^ (1 << rng.int(rng.chance(0.9) ? 8 : 16))) & 0xffff);
      }
      return chars.join("") + text.slice(1 << 20);
    }
    case "truncate": {
      const i = at();
      return rng.chance(0.8) ? text.slice(0, i) : text.slice(i);
    }
    case "duplicate-lines": {
      if (rng.chance(0.15)) return text.repeat(rng.range(2, 4));
      const lines = text.split("\n");
      for (let k = rng.range(1, 4); k > 0; k--) {
        const i = rng.int(lines.length);
        const len = rng.range(1, Math.min(5, lines.length - i));
        lines.splice(rng.int(lines.length + 1), 0, ...lines.slice(i, i + len));
      }
      return lines.join("\n");
    }
    case "delete-brackets": {
      const positions: number[] = [];
      for (let i = 0; i < text.length && positions.length < 10_000; i++) if (BRACKETS.has(text[i] as string)) positions.push(i);
      if (positions.length === 0) return text;
      const drop = new Set<number>();
      for (let k = rng.chance(0.2) ? positions.length : rng.range(1, 4); k > 0; k--) drop.add(rng.pick(positions));
      let out = "";
      let last = 0;
      for (const p of [...drop].sort((a, b) => a - b)) {
        out += text.slice(last, p);
        last = p + 1;
      }
      return out + text.slice(last);
    }
    case "huge-numbers": {
      const re = /\d+/g;
      const spans: [number, number][] = [];
      for (let m = re.exec(text); m !== null && spans.length < 10_000; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
      if (spans.length === 0) {
        const i = at();
        return text.slice(0, i) + rng.pick(HUGE_NUMBERS) + text.slice(i);
      }
      let out = text;
      for (let k = rng.range(1, 3); k > 0; k--) {
        const [s, e] = rng.pick(spans);
        if (e > out.length) continue;
        out = out.slice(0, s) + rng.pick(HUGE_NUMBERS) + out.slice(e);
      }
      return out;
    }
    case "deep-nesting": {
      const open = rng.pick(OPENERS);
      const depth = rng.pick(NESTING);
      const i = at();
      const closed = rng.chance(0.6);
      const j = closed ? i + rng.int(Math.min(64, text.length - i) + 1) : i;
      return text.slice(0, i) + open.repeat(depth) + text.slice(i, j) + (closed ? (CLOSE[open] ?? "").repeat(depth) : "") + text.slice(j);
    }
    case "long-line": {
      const lines = text.split("\n");
      const li = rng.int(lines.length);
      const line = lines[li] as string;
      const s = rng.int(line.length + 1);
      const piece = line.slice(s, s + rng.range(1, 40)) || "x";
      const target = rng.pick([1 << 12, 1 << 16, 1 << 18, 1 << 20]);
      lines[li] = line.slice(0, s) + piece.repeat(Math.ceil(target / piece.length)) + line.slice(s);
      return lines.join("\n");
    }
    case "nul": {
      let out = text;
      for (let k = rng.range(1, 3); k > 0; k--) {
        const i = rng.int(out.length + 1);
        out = out.slice(0, i) + (rng.chance(0.8) ? "\0" : "\0".repeat(rng.range(2, 64))) + out.slice(rng.chance(0.5) ? i : i + 1);
      }
      return out;
    }
    case "crlf":
      return rng.chance(0.7) ? text.replace(/\n/g, "\r\n") : text.replace(/\n/g, () => (rng.chance(0.3) ? "\r\n" : "\n"));
    case "lone-cr":
      return rng.chance(0.6) ? text.replace(/\n/g, "\r") : text.replace(/\n/g, () => (rng.chance(0.3) ? "\r" : rng.chance(0.2) ? "\r\r\n" : "\n"));
    case "bom": {
      if (rng.chance(0.6)) return "\ufeff" + text;
      const i = at();
      return text.slice(0, i) + "\ufeff" + text.slice(i);
    }
    case "splice-lines": {
      const lines = text.split("\n");
      const donor = rng.chance(0.5) && others.length > 0 ? rng.pick(others).split("\n") : lines;
      for (let k = rng.range(1, 6); k > 0; k--) {
        const line = donor[rng.int(donor.length)] ?? "";
        if (rng.chance(0.3) && lines.length > 1) lines.splice(rng.int(lines.length), 1);
        lines.splice(rng.int(lines.length + 1), 0, rng.chance(0.3) ? line.slice(0, rng.int(line.length + 1)) : line);
      }
      return lines.join("\n");
    }
    case "insert-token": {
      let out = text;
      for (let k = rng.range(1, 6); k > 0; k--) {
        const i = rng.int(out.length + 1);
        const c = out.length > 0 && rng.chance(0.7) ? out.charAt(rng.int(out.length)) : rng.pick([",", "=", ":", "(", ")", "[", "]", "{", "}", "\"", "\\", " ", "\n", "/", ".", "-", ">", "|", "&", "!", "~", "0", "x"]);
        out = out.slice(0, i) + c + out.slice(i);
      }
      return out;
    }
    case "delete-range": {
      const i = at();
      const j = Math.min(text.length, i + rng.range(1, rng.chance(0.8) ? 16 : 4096));
      return text.slice(0, i) + text.slice(j);
    }
    case "unicode": {
      let out = text;
      for (let k = rng.range(1, 4); k > 0; k--) {
        const i = rng.int(out.length + 1);
        out = out.slice(0, i) + rng.pick(UNICODE) + out.slice(i);
      }
      return out;
    }
  }
}

/** The UTF-8 bytes of `text` with 1-4 invalid sequences inserted or overwritten. */
function invalidUtf8(rng: Rng, text: string): Uint8Array {
  const bytes = Array.from(utf8.encode(text));
  for (let k = rng.range(1, 4); k > 0; k--) {
    const i = rng.int(bytes.length + 1);
    const bad = rng.pick(BAD_UTF8);
    bytes.splice(i, rng.chance(0.5) ? 0 : bad.length, ...bad);
  }
  return Uint8Array.from(bytes);
}

/** Applies 1-3 random binary mutations to a datagram. */
export function mutateBytes(rng: Rng, input: Uint8Array, others: readonly Uint8Array[], kinds: ByteKind[]): Uint8Array {
  let b: Uint8Array = input.slice();
  const n = rng.chance(0.6) ? 1 : rng.range(2, 3);
  for (let i = 0; i < n; i++) {
    const kind = rng.pick(BYTE_KINDS);
    kinds.push(kind);
    b = applyBytes(rng, kind, b, others);
  }
  return b;
}

function applyBytes(rng: Rng, kind: ByteKind, b: Uint8Array, others: readonly Uint8Array[]): Uint8Array {
  const at = () => rng.int(b.length + 1);
  switch (kind) {
    case "bit-flip": {
      if (b.length === 0) return Uint8Array.of(rng.int(256));
      const out = b.slice();
      for (let k = rng.range(1, 8); k > 0; k--) {
        const i = rng.int(out.length);
        out[i] = (out[i] as number) ^ (1 << rng.int(8));
      }
      return out;
    }
    case "truncate":
      return b.slice(0, at());
    case "duplicate-range": {
      const i = at();
      const j = Math.min(b.length, i + rng.range(1, 256));
      const k = at();
      return concat(b.slice(0, k), b.slice(i, j), b.slice(k));
    }
    case "huge-numbers": {
      // Overwrite a 1-, 2- or 4-byte field (lengths, counts, ids) with an extreme value.
      const out = b.slice();
      const width = rng.pick([1, 2, 4]);
      if (out.length < width) return out;
      const i = rng.int(out.length - width + 1);
      const fill = rng.pick([0x00, 0xff, 0x7f, 0x80]);
      for (let k = 0; k < width; k++) out[i + k] = k === width - 1 && fill === 0x7f ? 0xff : fill;
      return out;
    }
    case "zero-range": {
      const out = b.slice();
      const i = at();
      out.fill(0, i, Math.min(out.length, i + rng.range(1, 64)));
      return out;
    }
    case "insert-bytes": {
      const extra = new Uint8Array(rng.range(1, 32));
      for (let k = 0; k < extra.length; k++) extra[k] = rng.int(256);
      const i = at();
      return concat(b.slice(0, i), extra, b.slice(i));
    }
    case "splice": {
      const other = others.length > 0 ? rng.pick(others) : b;
      const cut = rng.int(b.length + 1);
      const from = rng.int(other.length + 1);
      return concat(b.slice(0, cut), other.slice(from));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A random window of 1-60 consecutive lines of `text` (most bugs show on small inputs). */
export function windowOf(rng: Rng, text: string): string {
  const lines = text.split("\n");
  if (lines.length <= 60) return text;
  const len = rng.range(1, 60);
  const start = rng.int(lines.length - len + 1);
  return lines.slice(start, start + len).join("\n") + (rng.chance(0.5) ? "\n" : "");
}
