/**
 * {@link OvsdbFileError}: damage in an OVSDB database file, with its byte offset and what was
 * read before it.
 *
 * @module
 */
import { OvsParseError, type OvsParseErrorCode } from "../../core/parse-error.js";
import type { OvsdbDatabase } from "./types.js";

/** What is wrong, more precisely than {@link OvsParseErrorCode}. */
export type OvsdbFileProblem =
  /** The input has no bytes. */
  | "empty"
  /** The first bytes are not `OVSDB JSON ` or `OVSDB CLUSTER `. */
  | "not-ovsdb"
  /** A record header line is malformed (magic, length, SHA-1 or end of line). */
  | "bad-header"
  /** The file ends inside a record (a partial write, or a cut copy). */
  | "truncated"
  /** A record's bytes do not have the SHA-1 its header gives. */
  | "checksum"
  /** A record is not valid UTF-8. */
  | "bad-utf8"
  /** A record is not valid JSON. */
  | "bad-json"
  /** A record is valid JSON but not a valid schema, transaction or Raft record. */
  | "bad-record"
  /** The file holds no schema (a clustered server that has not joined its cluster yet). */
  | "no-schema"
  /** A bug in ovskit (the original exception is the `cause`); please report it. */
  | "internal";

const CODES: Record<OvsdbFileProblem, OvsParseErrorCode> = {
  empty: "unrecognized",
  "not-ovsdb": "unrecognized",
  "bad-header": "syntax",
  truncated: "missing",
  checksum: "bad-value",
  "bad-utf8": "decode-error",
  "bad-json": "syntax",
  "bad-record": "bad-value",
  "no-schema": "missing",
  internal: "unrecognized",
};

const BRAND = Symbol.for("ovskit.OvsdbFileError");

/** Where the damage is: what {@link OvsdbFileError} needs besides the message. */
export interface OvsdbDamage {
  readonly problem: OvsdbFileProblem;
  readonly reason: string;
  /** Byte offset of the first damaged byte (for a truncated file: its length). */
  readonly offset: number;
  /** Byte offset where the damaged record starts. */
  readonly recordOffset: number;
  /** 0-based index of the damaged record. */
  readonly record: number;
  readonly cause?: unknown;
}

/**
 * Damage in an OVSDB database file. It is an {@link OvsParseError} (so `isOvsParseError` is
 * true, `line` / `column` / `excerpt` point into the file's text) and adds the exact byte
 * `offset`, the damaged `record`, and `partial`: the database as replayed from the records
 * before the damage (transactions are atomic: a damaged one is not applied at all).
 *
 * {@link readOvsdbFile} throws it, or with `{ lenient: true }` returns the partial database
 * with `error` set to the same facts as plain data (an {@link OvsdbFileErrorRecord}).
 *
 * @example
 * ```ts
 * import { readOvsdbFile, isOvsdbFileError } from "ovskit";
 * try {
 *   readOvsdbFile(bytes);
 * } catch (e) {
 *   if (isOvsdbFileError(e)) console.log(e.problem, e.offset, Object.keys(e.partial?.tables.Logical_Flow ?? {}).length);
 * }
 * ```
 */
export class OvsdbFileError extends OvsParseError {
  /** What is wrong. */
  readonly problem: OvsdbFileProblem;
  /** Byte offset of the damage (for a truncated file: the file length, where bytes are missing). */
  override readonly offset: number;
  /** Byte offset of the start of the damaged record: every byte before it was read. */
  readonly recordOffset: number;
  /** 0-based index of the damaged record (0 is the schema or Raft header). */
  readonly record: number;
  /** The database replayed from the records before the damage; undefined when no schema was read. */
  readonly partial: OvsdbDatabase | undefined;

  constructor(damage: OvsdbDamage, bytes: Uint8Array, partial?: OvsdbDatabase) {
    const where = locate(bytes, damage.offset);
    super(CODES[damage.problem], damage.reason, where.text, where.column, where.line);
    this.name = "OvsdbFileError";
    this.message = `byte ${damage.offset} (record ${damage.record} at byte ${damage.recordOffset}, line ${this.line}): ${damage.reason}`;
    this.problem = damage.problem;
    this.offset = damage.offset;
    this.recordOffset = damage.recordOffset;
    this.record = damage.record;
    this.partial = partial;
    if (damage.cause !== undefined) Object.defineProperty(this, "cause", { value: damage.cause });
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True when `e` is an {@link OvsdbFileError}, also across realms.
 *
 * @example
 * ```ts
 * import { readOvsdbFile, isOvsdbFileError } from "ovskit";
 * try { readOvsdbFile(bytes); } catch (e) { if (isOvsdbFileError(e)) console.log(e.offset); }
 * ```
 */
export function isOvsdbFileError(e: unknown): e is OvsdbFileError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

const NL = 10;
const EXCERPT_BYTES = 4096;

/** The 1-based line of a byte offset, and the text around it with the column in that text. */
function locate(bytes: Uint8Array, offset: number): { line: number; text: string; column: number } {
  const at = Math.max(0, Math.min(offset, bytes.length));
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(NL); i !== -1 && i < at; i = bytes.indexOf(NL, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  // Lines of a database file can be megabytes long: decode at most a little past the offset.
  let to = bytes.indexOf(NL, at);
  if (to === -1) to = bytes.length;
  to = Math.min(to, at + EXCERPT_BYTES);
  const decoder = new TextDecoder("utf-8");
  const before = decoder.decode(bytes.subarray(lineStart, at));
  const text = before + decoder.decode(bytes.subarray(at, to));
  return { line, text, column: before.length };
}
