/**
 * The model of an OVSDB database read from its file: schema, rows by UUID, OVSDB values decoded
 * to JavaScript.
 *
 * Value mapping (RFC 7047 section 5.1, as stored in database files):
 *
 * | OVSDB | JavaScript |
 * | --- | --- |
 * | `string` | `string` |
 * | `integer` (64-bit) | `number` when it is a safe integer (the common case), else an exact `bigint` |
 * | `real` | `number` |
 * | `boolean` | `boolean` |
 * | `uuid` `["uuid","…"]` | {@link OvsdbUuid} `{ uuid: "…" }` (lower-case), one shared object per UUID in a database |
 * | a column with exactly one value (`min` = `max` = 1) | the atom itself |
 * | any other set (also optional `min` 0 `max` 1 columns) | a sorted `readonly` array of atoms (`[]` when empty) |
 * | a map | a `ReadonlyMap` from key atom to value atom, sorted by key |
 *
 * Because UUID atoms are shared objects, `===`, `Set` and `Map` compare every kind of atom
 * correctly within one database.
 *
 * @module
 */
import type { OvsdbFileError } from "./error.js";

/** A UUID atom (`["uuid","…"]` in OVSDB JSON). `uuid` is lower-case. */
export interface OvsdbUuid {
  readonly uuid: string;
}

/** One OVSDB atom: string, integer (`number`, or `bigint` beyond 2^53), real, boolean or UUID. */
export type OvsdbAtom = string | number | bigint | boolean | OvsdbUuid;

/** A column value: an atom (scalar columns), a set (array) or a map. */
export type OvsdbValue = OvsdbAtom | readonly OvsdbAtom[] | ReadonlyMap<OvsdbAtom, OvsdbAtom>;

/** A row: column name to value. Every column of the table is present (absent ones have their default). */
export type OvsdbRow = Readonly<Record<string, OvsdbValue>>;

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
 * has values (a `ReadonlyMap`).
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
  /** Columns by name (a prototype-less object). */
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
  /** Tables by name (a prototype-less object). */
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
  /** Every table of the schema (empty ones too): row UUID (lower-case) to row. */
  readonly tables: ReadonlyMap<string, ReadonlyMap<string, OvsdbRow>>;
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
  readonly error?: OvsdbFileError;
}
