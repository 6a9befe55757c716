/**
 * The record framing of OVSDB database files (ovsdb/log.c): each record is a header line
 * `OVSDB JSON <length> <sha1>\n` (or `OVSDB CLUSTER ...` in clustered files) followed by
 * `<length>` bytes of JSON (the writer ends them with a new-line), whose SHA-1 the header gives.
 *
 * @module
 */
import type { OvsdbDamage, OvsdbFileProblem } from "./error.js";
import { parseJson } from "./json.js";
import { sha1Hex } from "./sha1.js";

/** The two record magics: standalone and clustered files. */
export type OvsdbMagic = "OVSDB JSON" | "OVSDB CLUSTER";

const MAGICS: readonly OvsdbMagic[] = ["OVSDB JSON", "OVSDB CLUSTER"];
const ENCODED = new Map(MAGICS.map((m) => [m, new TextEncoder().encode(`${m} `)]));

/** One record read from the file. */
export interface FileRecord {
  /** 0-based index. */
  readonly index: number;
  /** Byte offset of the header line. */
  readonly offset: number;
  /** Byte offset of the JSON. */
  readonly bodyOffset: number;
  /** Byte offset just past the record. */
  readonly end: number;
  readonly json: unknown;
}

const NL = 0x0a;
/** ovsdb/log.c reads a header line into a 128-byte buffer. */
const MAX_HEADER = 127;

/**
 * Reads the records of a database file one at a time. At the first damaged byte it stops:
 * {@link next} returns undefined and {@link damage} says where and why.
 *
 * @internal
 */
export class RecordReader {
  /** The magic of the file (known after the first record). */
  magic: OvsdbMagic | undefined;
  /** Byte offset of the next record (= bytes read without damage). */
  offset = 0;
  /** Records read. */
  count = 0;
  /** The damage that stopped the reading, if any. */
  damage: OvsdbDamage | undefined;
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  constructor(
    private readonly bytes: Uint8Array,
    private readonly verify: boolean,
  ) {}

  /** The next record, or undefined at the end of the file or at damage (then {@link damage} is set). */
  next(): FileRecord | undefined {
    if (this.damage !== undefined) return undefined;
    const bytes = this.bytes;
    const start = this.offset;
    if (start >= bytes.length) {
      if (bytes.length === 0) this.damage = { problem: "empty", reason: "the file is empty", offset: 0, recordOffset: 0, record: 0 };
      return undefined;
    }
    const index = this.count;
    const damage = (problem: OvsdbFileProblem, reason: string, at: number): undefined => {
      this.damage = { problem, reason, offset: at, recordOffset: start, record: index };
      return undefined;
    };

    // Magic.
    let magic = this.magic;
    let p = start;
    const candidates = magic === undefined ? MAGICS : [magic];
    let matched: OvsdbMagic | undefined;
    let best = start;
    for (const m of candidates) {
      const enc = ENCODED.get(m) as Uint8Array;
      let i = 0;
      while (i < enc.length && start + i < bytes.length && bytes[start + i] === enc[i]) i++;
      if (i === enc.length) {
        matched = m;
        p = start + i;
        break;
      }
      best = Math.max(best, start + i);
    }
    if (matched === undefined) {
      if (best >= bytes.length) return damage("truncated", "the file ends inside a record header", bytes.length);
      const what = magic === undefined ? `"OVSDB JSON " or "OVSDB CLUSTER "` : `"${magic} "`;
      if (index === 0) return damage("not-ovsdb", `not an OVSDB database file: it does not start with ${what}`, best);
      return damage("bad-header", `record header does not start with ${what}`, best);
    }
    magic = matched;

    // Length.
    const digitsStart = p;
    let length = 0;
    while (p < bytes.length && (bytes[p] as number) >= 0x30 && (bytes[p] as number) <= 0x39) {
      length = length * 10 + ((bytes[p] as number) - 0x30);
      p++;
    }
    if (p >= bytes.length) return damage("truncated", "the file ends inside a record header", bytes.length);
    if (p === digitsStart || bytes[p] !== 0x20) return damage("bad-header", "record header: expected a length in bytes and a space", p);
    if (length === 0) return damage("bad-header", "record header: the length is 0", digitsStart);
    p++;

    // SHA-1 and end of line.
    const shaStart = p;
    for (; p < shaStart + 40; p++) {
      if (p >= bytes.length) return damage("truncated", "the file ends inside a record header", bytes.length);
      const c = bytes[p] as number;
      const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
      if (!hex) return damage("bad-header", "record header: expected 40 hex digits of SHA-1", p);
    }
    if (p >= bytes.length) return damage("truncated", "the file ends inside a record header", bytes.length);
    if (bytes[p] !== NL) return damage("bad-header", "record header: expected the end of the line after the SHA-1", p);
    if (p + 1 - start > MAX_HEADER) return damage("bad-header", `record header is longer than ${MAX_HEADER} bytes`, start + MAX_HEADER);
    const bodyOffset = p + 1;
    const end = bodyOffset + length;

    // Body.
    if (end > bytes.length) {
      return damage("truncated", `the file ends inside a record: its header announces ${length} bytes, ${bytes.length - bodyOffset} are left`, bytes.length);
    }
    if (this.verify) {
      const expected = new TextDecoder().decode(bytes.subarray(shaStart, shaStart + 40)).toLowerCase();
      const actual = sha1Hex(bytes, bodyOffset, end);
      if (actual !== expected) {
        return damage("checksum", `the ${length} bytes of the record have SHA-1 ${actual} but its header says ${expected}`, bodyOffset);
      }
    }
    const body = bytes.subarray(bodyOffset, end);
    const text = this.decoder.decode(body);
    // Invalid UTF-8 decodes to U+FFFD; so does a real U+FFFD: only then look at the bytes.
    if (text.includes("\uFFFD")) {
      const bad = firstBadUtf8(body);
      if (bad !== -1) return damage("bad-utf8", "the record is not valid UTF-8", bodyOffset + bad);
    }
    const parsed = parseJson(text);
    if (!parsed.ok) {
      const at = bodyOffset + new TextEncoder().encode(text.slice(0, parsed.problem.position)).length;
      return damage("bad-json", `the record is not valid JSON: ${parsed.problem.message}`, Math.min(at, end));
    }
    this.magic = magic;
    this.offset = end;
    this.count++;
    return { index, offset: start, bodyOffset, end, json: parsed.value };
  }
}

/** Index of the first byte of an invalid UTF-8 sequence in `bytes`, or -1 when it is valid. */
function firstBadUtf8(bytes: Uint8Array): number {
  const end = bytes.length;
  let p = 0;
  while (p < end) {
    const c = bytes[p] as number;
    if (c < 0x80) {
      p++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return p;
    if (p + n >= end) return p;
    let cp = c & (0x3f >> n);
    for (let i = 1; i <= n; i++) {
      const d = bytes[p + i] as number;
      if ((d & 0xc0) !== 0x80) return p;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return p;
    p += n + 1;
  }
  return -1;
}
