/**
 * {@link readOvsdbFile}: an ovsdb-server database file (standalone or clustered) replayed into
 * tables of rows, with its schema; also as it was at a moment of its history.
 *
 * @module
 */
import { errorRecord } from "../../core/ovskit-error.js";
import { type OvsdbDamage, OvsdbFileError } from "./error.js";
import { OvsdbOptionError } from "./option-error.js";
import { FileReplay, type ReplayState } from "./file-replay.js";
import type { OvsdbDatabase, OvsdbFileErrorRecord, OvsdbHistoryPoint } from "./types.js";

/** Options of {@link readOvsdbFile}. */
export interface ReadOvsdbFileOptions {
  /**
   * `true`: on damage, return what was read before it with `error` set, instead of throwing.
   * ovsdb-server itself does this for standalone files (a torn last write after a crash).
   */
  readonly lenient?: boolean;
  /**
   * Check the SHA-1 that each record header gives (default `true`, as ovsdb-server does; it
   * costs about 10 ms per MB). `false` skips it: damage inside a record may then go unseen.
   */
  readonly verifyChecksums?: boolean;
  /** `true`: keep a {@link OvsdbTransactionInfo} per transaction in `history`. */
  readonly history?: boolean;
  /**
   * Clustered files: apply only the log entries up to the highest commit index the file
   * records. By default every entry in the log is applied (a warning tells when some are
   * beyond the recorded commit index: in a single-server cluster they are committed anyway).
   */
  readonly committedOnly?: boolean;
  /**
   * The database as it was at this moment of its history instead of at the end: after the
   * first `transactions` transactions (negative: counted back from the end), or after the
   * last transaction dated at or before `date`. Reading stops there, so damage further on
   * does not matter. A point beyond the end is the end. Anything else throws
   * {@link OvsdbOptionError}.
   */
  readonly until?: OvsdbHistoryPoint;
}

/**
 * `point` when it is a history point (an integer number of transactions, or `Infinity` for the
 * end; or a date, a finite number); else throws {@link OvsdbOptionError}.
 *
 * @internal
 */
export function checkPoint(option: string, point: unknown): OvsdbHistoryPoint {
  if (typeof point === "object" && point !== null) {
    const p = point as { transactions?: unknown; date?: unknown };
    const keys = Object.keys(p);
    if (keys.length === 1 && typeof p.transactions === "number" && (Number.isInteger(p.transactions) || p.transactions === Infinity)) return { transactions: p.transactions };
    if (keys.length === 1 && typeof p.date === "number" && Number.isFinite(p.date)) return { date: p.date };
  }
  let shown: string;
  try {
    shown = JSON.stringify(point) ?? String(point);
  } catch {
    shown = String(point);
  }
  throw new OvsdbOptionError(option, `expected { transactions: <integer> } or { date: <milliseconds> }, got ${shown}`);
}

/** A string input: the file's text, a UTF-8 byte order mark at its start ignored. */
function bytesOf(input: Uint8Array | ArrayBuffer | string): Uint8Array {
  if (typeof input === "string") return new TextEncoder().encode(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/**
 * Reads an OVSDB database file: the schema, then every transaction replayed into tables of
 * rows by UUID, as ovsdb-server does when it opens the file.
 *
 * - **Standalone** files (`OVSDB JSON` records): the schema, then transactions; `_is_diff`
 *   transactions hold column diffs (symmetric difference for sets and maps).
 * - **Clustered** files (`OVSDB CLUSTER` records): the Raft header with the snapshot, then the
 *   log; entries whose data is `[schema, transaction]` are applied in index order (a schema
 *   replaces the database, or converts it when no data comes with it).
 *
 * Input is the file's bytes (a `Uint8Array` such as a Node `Buffer`, or an `ArrayBuffer`); a
 * string is taken as the file's text (a byte order mark at its start is ignored) and encoded
 * back to UTF-8. The result is plain data, described in the {@link OvsdbDatabase} model:
 * `db.tables.Logical_Flow[uuid].match`; integers are `number`s, or `bigint`s beyond 2^53;
 * UUIDs are `{ uuid }` objects; sets are arrays; maps are objects keyed by the key's text.
 * Columns that an inserted row does not give have their default value.
 *
 * Damage (truncation, bad header, bad checksum, bad JSON, a transaction that does not fit the
 * schema) throws an {@link OvsdbFileError} with the byte `offset` and the `partial` database
 * read before it; with `{ lenient: true }` the partial database is returned with `error` set
 * to the same facts as plain data.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { readOvsdbFile } from "ovskit";
 * const db = readOvsdbFile(readFileSync("/var/lib/ovn/ovnsb_db.db"));
 * for (const [uuid, row] of Object.entries(db.tables.Logical_Flow ?? {})) console.log(uuid, row.match);
 * const before = readOvsdbFile(readFileSync("/var/lib/ovn/ovnsb_db.db"), { until: { transactions: -1 } });
 * ```
 */
export function readOvsdbFile(input: Uint8Array | ArrayBuffer | string, options: ReadOvsdbFileOptions = {}): OvsdbDatabase {
  const bytes = bytesOf(input);
  const points = options.until === undefined ? [] : [checkPoint("until", options.until)];
  const [state] = readOvsdbStates(bytes, options, points, { stopAfterPoints: true });
  return state as OvsdbDatabase;
}

/**
 * Reads a file once and gives the database at the end, or at each of `points` (in the order
 * given). Throws {@link OvsdbFileError} on damage met before the last point, unless lenient.
 *
 * @internal
 */
export function readOvsdbStates(
  input: Uint8Array | ArrayBuffer | string,
  options: Omit<ReadOvsdbFileOptions, "until">,
  points: readonly OvsdbHistoryPoint[],
  how: { readonly stopAfterPoints: boolean },
): OvsdbDatabase[] {
  const bytes = bytesOf(input);
  let resolved = points;
  if (points.some((p) => "transactions" in p && p.transactions < 0)) {
    // Counted from the end: learn how many transactions there are first.
    const total = readOvsdbStates(bytes, { ...options, lenient: true, history: false }, [], how)[0]?.transactions ?? 0;
    resolved = points.map((p) => ("transactions" in p && p.transactions < 0 ? { transactions: Math.max(0, total + p.transactions) } : p));
  }
  const replay = new FileReplay(bytes, options, resolved, how.stopAfterPoints);
  let damage: OvsdbDamage | undefined;
  try {
    damage = replay.run();
  } catch (e) {
    // Only a bug of ovskit gets here (the reader returns damage, it does not throw it).
    const at = replay.at;
    damage = { problem: "internal", reason: `unexpected ${String(e)}`, offset: at.offset, recordOffset: at.offset, record: at.record, cause: e };
  }
  if (damage === undefined) return replay.captured(points.length, true).map((s) => database(s));
  const last = replay.current(false);
  const partial = last === undefined ? undefined : database(last);
  const error = new OvsdbFileError(damage, bytes, partial);
  if (options.lenient === true && partial !== undefined) {
    const record = fileErrorRecord(error);
    return replay.captured(points.length, false).map((s) => ({ ...database(s), ...(s.complete ? {} : { error: record }) }));
  }
  throw error;
}

/** The plain-data form of an {@link OvsdbFileError}. */
function fileErrorRecord(e: OvsdbFileError): OvsdbFileErrorRecord {
  const r = errorRecord(e);
  return {
    code: e.code,
    problem: e.problem,
    message: r.message,
    line: e.line,
    column: e.column,
    offset: e.offset,
    record: e.record,
    recordOffset: e.recordOffset,
  };
}

/** A captured state as the public model. */
function database(s: ReplayState): OvsdbDatabase {
  return {
    kind: "ovsdb-database",
    format: s.format,
    schema: s.schema,
    tables: s.tables,
    records: s.records,
    transactions: s.transactions,
    bytesRead: s.bytesRead,
    ...(s.lastDate !== undefined ? { lastDate: s.lastDate } : {}),
    ...(s.cluster !== undefined ? { cluster: s.cluster } : {}),
    warnings: s.warnings,
    ...(s.history !== undefined ? { history: s.history } : {}),
  };
}
