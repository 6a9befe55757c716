/**
 * The model of an OVSDB database read from its file: schema, rows by UUID, OVSDB values decoded
 * to JavaScript. Everything is plain data (objects, arrays, strings, numbers, booleans,
 * `bigint`): `structuredClone(db)` and `fromJson(toJson(db))` are deep-equal to `db`, and each
 * value sits in exactly one place (the only shared values are the frozen empty set and map).
 *
 * Value mapping (RFC 7047 section 5.1, as stored in database files):
 *
 * | OVSDB | JavaScript |
 * | --- | --- |
 * | `string` | `string` |
 * | `integer` (64-bit) | `number` when it is a safe integer (the common case), else an exact `bigint` |
 * | `real` | `number` |
 * | `boolean` | `boolean` |
 * | `uuid` `["uuid","…"]` | {@link OvsdbUuid} `{ uuid: "…" }` (lower-case): a new object at each occurrence, so compare them by `.uuid` |
 * | a column with exactly one value (`min` = `max` = 1) | the atom itself |
 * | any other set (also optional `min` 0 `max` 1 columns) | a sorted `readonly` array of atoms (`[]` when empty) |
 * | a map | an {@link OvsdbMap}: a plain object from the key atom's text to the value atom |
 *
 * Map keys are texts: strings as they are, integers and reals in decimal, booleans `true` /
 * `false`, UUIDs as the UUID string. The column's schema type (`db.schema.tables[t].columns[c].type`)
 * says how to read a key back ({@link ovsdbMapKeyAtom}, {@link ovsdbMapEntries}) and tells a map
 * from a UUID atom (a map whose only key is `"uuid"` looks like one). A key such as `__proto__`
 * or `constructor` is an own property like any other: look keys that come from outside up with
 * `Object.hasOwn` or {@link ovsdbMapGet}, not with `map[key]` alone (which also finds what
 * `Object.prototype` has). The same holds for `tables` and rows: every dictionary is an
 * ordinary object, so a database and its JSON round trip behave the same.
 *
 * @module
 */
import type { OvsParseErrorCode } from "../../core/parse-error.js";
import type { OvsdbFileProblem } from "./error.js";

/** A UUID atom (`["uuid","…"]` in OVSDB JSON). `uuid` is lower-case. */
export interface OvsdbUuid {
  readonly uuid: string;
}

/** One OVSDB atom: string, integer (`number`, or `bigint` beyond 2^53), real, boolean or UUID. */
export type OvsdbAtom = string | number | bigint | boolean | OvsdbUuid;

/**
 * A map column's value: key text (see {@link ovsdbMapKey}) to value atom. Keys are inserted in
 * OVSDB's order, but JavaScript lists integer-like keys first: {@link ovsdbMapEntries} gives the
 * pairs in OVSDB's order with typed keys.
 */
export type OvsdbMap = Readonly<Record<string, OvsdbAtom>>;

/**
 * A map of strings in the typed views (`externalIds`, `options`, `vips`, ...): a plain object,
 * key to value. Look up keys that come from outside with `Object.hasOwn` first.
 */
export type OvsdbStringMap = Readonly<Record<string, string>>;

/** A column value: an atom (scalar columns), a set (array) or a map ({@link OvsdbMap}). */
export type OvsdbValue = OvsdbAtom | readonly OvsdbAtom[] | OvsdbMap;

/** A row: column name to value. Every column of the table is present (absent ones have their default). */
export type OvsdbRow = Readonly<Record<string, OvsdbValue>>;

/** The rows of a table: row UUID (lower-case) to row. */
export type OvsdbTable = Readonly<Record<string, OvsdbRow>>;

/** The atomic types of OVSDB. */
export type OvsdbAtomicType = "integer" | "real" | "boolean" | "string" | "uuid";

/** The type of a column's keys or values, with its constraints. */
export interface OvsdbBaseType {
  readonly type: OvsdbAtomicType;
  /** Allowed values, when the schema restricts them. */
  readonly enum?: readonly OvsdbAtom[];
  readonly minInteger?: number | bigint;
  readonly maxInteger?: number | bigint;
  readonly minReal?: number;
  readonly maxReal?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** For `uuid`: the table the UUID refers to. */
  readonly refTable?: string;
  /** For `uuid` with `refTable`: `strong` (the default) or `weak`. */
  readonly refType?: "strong" | "weak";
}

/**
 * A column type. `kind` tells how the value is represented: `atom` for exactly one value
 * (`min` = `max` = 1), `set` for any other number of values (an array), `map` when the type
 * has values (an {@link OvsdbMap}).
 */
export interface OvsdbColumnType {
  readonly kind: "atom" | "set" | "map";
  readonly key: OvsdbBaseType;
  /** The value type, for maps. */
  readonly value?: OvsdbBaseType;
  readonly min: number;
  /** The maximum number of elements; `Infinity` for `"unlimited"`. */
  readonly max: number;
}

/** A column of a table schema. */
export interface OvsdbColumnSchema {
  readonly name: string;
  readonly type: OvsdbColumnType;
  /**
   * Ephemeral columns are not written to standalone database files, so a file always gives
   * them their default value.
   */
  readonly ephemeral: boolean;
  readonly mutable: boolean;
}

/** A table of a schema. */
export interface OvsdbTableSchema {
  readonly name: string;
  /** Columns by name. */
  readonly columns: Readonly<Record<string, OvsdbColumnSchema>>;
  /** Column names, sorted (the order of the columns in each row object). */
  readonly columnNames: readonly string[];
  readonly isRoot: boolean;
  readonly maxRows?: number;
  readonly indexes: readonly (readonly string[])[];
}

/** A database schema (RFC 7047 section 3.2) as stored in the file. */
export interface OvsdbSchema {
  readonly name: string;
  /** The schema version (`""` when the schema has none). */
  readonly version: string;
  readonly cksum?: string;
  /** Tables by name. */
  readonly tables: Readonly<Record<string, OvsdbTableSchema>>;
  /** Table names, sorted. */
  readonly tableNames: readonly string[];
}

/** A transaction record, kept in {@link OvsdbDatabase.history} with `{ history: true }`. */
export interface OvsdbTransactionInfo {
  /** 0-based index of the file record that holds it. */
  readonly record: number;
  /** Byte offset of that record. */
  readonly offset: number;
  /** `_date`: milliseconds since the epoch, when the writer recorded it. */
  readonly date?: number;
  /** `_comment`: who made the change (e.g. the ovn-nbctl command line). */
  readonly comment?: string;
  /** Whether the record holds column diffs (`_is_diff`). */
  readonly isDiff: boolean;
  /** Rows inserted, updated and deleted. */
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
  /** For clustered files: the Raft log index of the entry. */
  readonly index?: number;
}

/**
 * A moment of a database file's history, for `readOvsdbFile(..., { until })` and
 * {@link diffOvsdbHistory}:
 *
 * - `{ transactions: n }`: after the first `n` transactions (the state just before transaction
 *   `n + 1` is applied); `0` is the empty database of the first schema; a negative `n` counts
 *   back from the end (`-1`: everything but the last transaction). Transactions are numbered
 *   as in {@link OvsdbDatabase.history} (for clustered files, the header's snapshot is the
 *   first).
 * - `{ date }`: after the last transaction dated at or before `date` (milliseconds since the
 *   epoch, as `_date` and `Date.parse` give them). Transactions without a date never end a
 *   moment.
 *
 * A point beyond the end of the file is the end.
 */
export type OvsdbHistoryPoint = { readonly transactions: number } | { readonly date: number };

/** Something notable but not fatal found while reading. */
export interface OvsdbFileWarning {
  readonly kind: "uncommitted-entries" | "log-truncated" | "schema-changed" | "left-cluster";
  readonly message: string;
  /** Byte offset of the record concerned. */
  readonly offset: number;
  readonly record: number;
}

/** What the header of a clustered (Raft) file and its log records tell. */
export interface OvsdbClusterInfo {
  readonly clusterId?: string;
  readonly serverId: string;
  /** The database name the header records. */
  readonly name: string;
  readonly localAddress: string;
  /** Raft index and term of the snapshot in the header. */
  readonly snapshotIndex: number;
  readonly snapshotTerm: number;
  /** The highest commit index recorded (the snapshot index when no record says more). */
  readonly commitIndex: number;
  /** Index of the last log entry (the snapshot index when the log is empty). */
  readonly lastIndex: number;
  /** The highest term seen. */
  readonly term: number;
  /** The latest cluster membership: server ID to Raft address. */
  readonly servers: Readonly<Record<string, string>>;
  /** Entries of the log that were applied to the tables (0 with nothing after the snapshot). */
  readonly entriesApplied: number;
}

/** The database that a file holds, as {@link readOvsdbFile} replays it. */
export interface OvsdbDatabase {
  readonly kind: "ovsdb-database";
  readonly format: "standalone" | "clustered";
  /** The schema in force at the end (the last one, for clustered files whose schema was converted). */
  readonly schema: OvsdbSchema;
  /**
   * Every table of the schema (empty ones too), by name: row UUID (lower-case) to row, in the
   * order the rows were inserted.
   */
  readonly tables: Readonly<Record<string, OvsdbTable>>;
  /** File records read (the schema or Raft header counts as one). */
  readonly records: number;
  /** Transactions applied (for clustered files: the snapshot and each entry with data). */
  readonly transactions: number;
  /** Bytes of the file read without damage (the file size when it is intact). */
  readonly bytesRead: number;
  /** `_date` of the last transaction that has one (milliseconds since the epoch). */
  readonly lastDate?: number;
  readonly cluster?: OvsdbClusterInfo;
  readonly warnings: readonly OvsdbFileWarning[];
  /** With `{ history: true }`: every transaction applied, in order. */
  readonly history?: readonly OvsdbTransactionInfo[];
  /** With `{ lenient: true }`: the damage that stopped the reading, when there was some. */
  readonly error?: OvsdbFileErrorRecord;
}

/**
 * Damage in a database file as plain data: what {@link OvsdbDatabase.error} holds in lenient
 * mode (the fields of the `OvsdbFileError` that strict mode throws).
 */
export interface OvsdbFileErrorRecord {
  /** The generic code (`syntax`, `missing`, `bad-value`, ...). */
  readonly code: OvsParseErrorCode;
  /** What is wrong, precisely. */
  readonly problem: OvsdbFileProblem;
  /** Why, without the position. */
  readonly message: string;
  /** 1-based line and column of the damage in the file's text. */
  readonly line: number;
  readonly column: number;
  /** Byte offset of the damage (for a truncated file: its length). */
  readonly offset: number;
  /** 0-based index of the damaged record, and the byte offset where it starts. */
  readonly record: number;
  readonly recordOffset: number;
}
