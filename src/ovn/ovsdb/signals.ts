/**
 * Internal signals of the OVSDB file reader: a record that is well-formed but makes no sense
 * ({@link BadRecord}), and damage found while framing records ({@link Damage}). The reader turns
 * both into an {@link OvsdbFileError} that knows the byte offsets.
 *
 * @module
 * @internal
 */
import type { OvsdbDamage, OvsdbFileProblem } from "./error.js";

/**
 * A schema, transaction or Raft record that is valid JSON but not valid OVSDB.
 *
 * @internal
 */
export class BadRecord extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BadRecord";
  }
}

/**
 * Damage at a known place of the file.
 *
 * @internal
 */
export class Damage extends Error implements OvsdbDamage {
  readonly problem: OvsdbFileProblem;
  readonly reason: string;
  readonly offset: number;
  readonly recordOffset: number;
  readonly record: number;
  constructor(problem: OvsdbFileProblem, reason: string, offset: number, recordOffset: number, record: number, cause?: unknown) {
    super(reason);
    this.name = "Damage";
    this.problem = problem;
    this.reason = reason;
    this.offset = offset;
    this.recordOffset = recordOffset;
    this.record = record;
    if (cause !== undefined) Object.defineProperty(this, "cause", { value: cause });
  }
}

/**
 * Throws a {@link BadRecord}.
 *
 * @internal
 */
export function bad(message: string): never {
  throw new BadRecord(message);
}

/**
 * True for a JSON object (not an array, not null).
 *
 * @internal
 */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A short quotation of a JSON value for messages.
 *
 * @internal
 */
export function quoteJson(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)) ?? String(v);
  } catch {
    s = Array.isArray(v) ? "[...]" : "{...}"; // too deep to print
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
