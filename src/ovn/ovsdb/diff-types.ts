/**
 * The model of a database diff ({@link diffOvsdbDatabases}, {@link diffOvsdbHistory}): rows
 * added, removed and changed per table, with the columns that changed.
 *
 * @module
 */
import type { OvsdbAtom, OvsdbColumnType, OvsdbFileErrorRecord, OvsdbMap, OvsdbRow, OvsdbTransactionInfo, OvsdbValue } from "./types.js";

/** A column whose value differs between the two sides. */
export interface OvsdbColumnChange {
  readonly column: string;
  readonly old: OvsdbValue;
  readonly new: OvsdbValue;
  /**
   * For set and map columns: the elements (for maps, the key-value pairs) only the new value
   * has. A map key whose value changed is in both `added` (the new pair) and `removed`.
   */
  readonly added?: readonly OvsdbAtom[] | OvsdbMap;
  /** For set and map columns: the elements or pairs only the old value has. */
  readonly removed?: readonly OvsdbAtom[] | OvsdbMap;
}

/** A row that only one side has. */
export interface OvsdbDiffRow {
  readonly uuid: string;
  readonly row: OvsdbRow;
}

/** A row both sides have, with different values in some columns (those the two schemas share). */
export interface OvsdbRowChange {
  readonly uuid: string;
  /** What names the row for a person (its `name`, `logical_port`, ... column in `to`), if anything does. */
  readonly name?: string;
  /** The changed columns, in column-name order. */
  readonly columns: readonly OvsdbColumnChange[];
}

/** The differences in one table; rows in UUID order. */
export interface OvsdbTableDiff {
  readonly table: string;
  /**
   * The type of each column the rows below hold (of the newer side's schema, or the older's
   * for a table only it has): what {@link formatOvsdbValue} and {@link ovsdbMapEntries} need.
   */
  readonly columnTypes: Readonly<Record<string, OvsdbColumnType>>;
  readonly added: readonly OvsdbDiffRow[];
  readonly removed: readonly OvsdbDiffRow[];
  readonly changed: readonly OvsdbRowChange[];
}

/** What the schemas of the two sides differ in (only when their versions or tables differ). */
export interface OvsdbSchemaDiff {
  readonly tablesAdded: readonly string[];
  readonly tablesRemoved: readonly string[];
  /** `Table.column` names. */
  readonly columnsAdded: readonly string[];
  readonly columnsRemoved: readonly string[];
}

/** One side of a diff: the database it was taken from. */
export interface OvsdbDiffSide {
  readonly schemaVersion: string;
  /** Transactions applied to make it. */
  readonly transactions: number;
  /** `_date` of the last of them that has one (milliseconds since the epoch). */
  readonly date?: number;
  /** Rows in the tables compared. */
  readonly rows: number;
  /** With `lenient`: the damage that stopped the reading before this side's moment. */
  readonly error?: OvsdbFileErrorRecord;
}

/** How many rows differ. */
export interface OvsdbDiffSummary {
  /** Tables compared (every table of either schema, or those asked for). */
  readonly tables: number;
  /** Tables with a difference. */
  readonly tablesChanged: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  /** Tables asked for (`tables` option) that neither schema has. */
  readonly unknownTables?: readonly string[];
}

/**
 * The differences between two databases of one schema: two files, or two moments of one file's
 * history. Plain data.
 */
export interface OvsdbDiff {
  readonly kind: "ovsdb-diff";
  /** The schema name. */
  readonly schema: string;
  readonly from: OvsdbDiffSide;
  readonly to: OvsdbDiffSide;
  /** Only the tables with a difference, by name. */
  readonly tables: readonly OvsdbTableDiff[];
  /** Present when the two schemas differ (a schema conversion between the two moments). */
  readonly schemaChanges?: OvsdbSchemaDiff;
  /**
   * {@link diffOvsdbHistory} only: the transactions applied between the two moments (those
   * after `from` up to `to`), with their dates and comments: who made the changes.
   */
  readonly transactions?: readonly OvsdbTransactionInfo[];
  readonly summary: OvsdbDiffSummary;
}
