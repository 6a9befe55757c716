/**
 * Replaying OVSDB file transactions into tables of rows, as ovsdb-server does when it opens a
 * database file (`ovsdb_file_txn_from_json`): inserts, updates (whole values, or column diffs
 * in `_is_diff` transactions), deletes, and schema conversions of clustered databases.
 *
 * @module
 */
import { type Invalid, invalid, isInvalid, isJsonObject, quoteJson } from "./signals.js";
import { ValueDecoder, applyDiff, isUuidString } from "./values.js";
import type { OvsdbColumnSchema, OvsdbRow, OvsdbSchema, OvsdbTable, OvsdbTableSchema, OvsdbTransactionInfo, OvsdbValue } from "./types.js";

type MutableRow = Record<string, OvsdbValue>;

/** The replayer's tables: table name to (row UUID to row). Rows are never changed once stored. */
export type ReplayTables = Map<string, Map<string, OvsdbRow>>;

/** What one transaction did: the part of {@link OvsdbTransactionInfo} the replay itself knows. */
export type TxnSummary = Pick<OvsdbTransactionInfo, "date" | "comment" | "isDiff" | "inserted" | "updated" | "deleted">;

/** A member of a record by name, or undefined (never a member of `Object.prototype`). */
function lookup<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The state of a database being replayed. A transaction that does not fit the schema is
 * returned as an {@link Invalid}, and changes nothing.
 *
 * @internal
 */
export class Replayer {
  readonly values = new ValueDecoder();
  schema: OvsdbSchema | undefined;
  /**
   * The tables. Rows are immutable (an update stores a new row object), so a copy of the maps
   * ({@link snapshot}) keeps the state of a moment.
   */
  tables: ReplayTables = new Map();

  /**
   * The current schema and tables, to {@link restore} them after a failed {@link reset} or
   * {@link convert} and apply (those make new tables, so the saved ones stay as they were).
   */
  save(): { schema: OvsdbSchema | undefined; tables: ReplayTables } {
    return { schema: this.schema, tables: this.tables };
  }

  restore(saved: { schema: OvsdbSchema | undefined; tables: ReplayTables }): void {
    this.schema = saved.schema;
    this.tables = saved.tables;
  }

  /** A copy of the tables as they are now (the rows are shared: they never change). */
  snapshot(): ReplayTables {
    return new Map([...this.tables].map(([name, rows]) => [name, new Map(rows)]));
  }

  /** Starts over, empty, with `schema`. */
  reset(schema: OvsdbSchema): void {
    this.schema = schema;
    this.tables = new Map(schema.tableNames.map((t) => [t, new Map<string, OvsdbRow>()]));
  }

  /**
   * Converts the data to a new schema (ovsdb-server's conversion without replacement data):
   * tables and columns that the new schema lacks are dropped, new columns get their default,
   * values whose type changed are kept when they still fit.
   */
  convert(schema: OvsdbSchema): void {
    const old = this.schema;
    const oldTables = this.tables;
    this.reset(schema);
    if (old === undefined) return;
    for (const tableName of schema.tableNames) {
      const rows = oldTables.get(tableName);
      const oldTable = lookup(old.tables, tableName);
      if (rows === undefined || oldTable === undefined) continue;
      const table = schema.tables[tableName] as OvsdbTableSchema;
      const target = this.tables.get(tableName) as Map<string, OvsdbRow>;
      for (const [uuid, row] of rows) {
        const out: MutableRow = {};
        for (const col of table.columnNames) {
          const column = table.columns[col] as OvsdbColumnSchema;
          const before = lookup(oldTable.columns, col);
          out[col] = before === undefined ? this.values.defaultValue(column.type) : this.convertValue(row[col] as OvsdbValue, before, column);
        }
        target.set(uuid, out);
      }
    }
  }

  private convertValue(value: OvsdbValue, before: OvsdbColumnSchema, after: OvsdbColumnSchema): OvsdbValue {
    const a = before.type;
    const b = after.type;
    if (a.key.type !== b.key.type || a.value?.type !== b.value?.type || (a.kind === "map") !== (b.kind === "map")) {
      return this.values.defaultValue(b);
    }
    if (a.kind === b.kind) return value;
    if (b.kind === "atom") {
      const atoms = value as readonly OvsdbValue[];
      return atoms.length === 1 ? (atoms[0] as OvsdbValue) : this.values.defaultValue(b);
    }
    return a.kind === "atom" ? [value as Exclude<OvsdbValue, readonly unknown[]>] as OvsdbValue : value;
  }

  /**
   * Applies one transaction record atomically: it is checked and decoded whole before any
   * row changes, so a bad transaction changes nothing.
   */
  apply(json: unknown): TxnSummary | Invalid {
    const schema = this.schema;
    if (schema === undefined) return invalid("a transaction without a schema");
    if (!isJsonObject(json)) return invalid(`a transaction must be a JSON object, got ${quoteJson(json)}`);
    const isDiff = json._is_diff === true;
    let date: number | undefined;
    let comment: string | undefined;
    const writes: { rows: Map<string, OvsdbRow>; uuid: string; row: OvsdbRow | undefined }[] = [];
    let inserted = 0;
    let updated = 0;
    let deleted = 0;
    for (const tableName in json) {
      const tableJson = json[tableName];
      if (tableName === "_date" && typeof tableJson === "number") {
        date = tableJson;
        continue;
      }
      if (tableName === "_comment") {
        if (typeof tableJson === "string") comment = tableJson;
        continue;
      }
      if (tableName === "_is_diff") continue;
      const table = lookup(schema.tables, tableName);
      const rows = this.tables.get(tableName);
      if (table === undefined || rows === undefined) return invalid(`no table named ${quoteJson(tableName)} in schema ${schema.name}`);
      if (!isJsonObject(tableJson)) return invalid(`table ${tableName}: expected an object of rows, got ${quoteJson(tableJson)}`);
      for (const uuidText in tableJson) {
        const rowJson = tableJson[uuidText];
        if (!isUuidString(uuidText)) return invalid(`table ${tableName}: ${quoteJson(uuidText)} is not a valid UUID`);
        const uuid = uuidText.toLowerCase();
        const old = rows.get(uuid);
        if (rowJson === null) {
          if (old === undefined) return invalid(`table ${tableName}: transaction deletes row ${uuid} that does not exist`);
          writes.push({ rows, uuid, row: undefined });
          deleted++;
        } else if (!isJsonObject(rowJson)) {
          return invalid(`table ${tableName}: row ${uuid} must be a JSON object or null, got ${quoteJson(rowJson)}`);
        } else if (old !== undefined) {
          const row: MutableRow = { ...old };
          const bad = this.setColumns(table, row, rowJson, isDiff, old);
          if (bad !== undefined) return bad;
          writes.push({ rows, uuid, row });
          updated++;
        } else {
          const row = this.insertRow(table, rowJson);
          if (isInvalid(row)) return row;
          writes.push({ rows, uuid, row });
          inserted++;
        }
      }
    }
    for (const w of writes) {
      if (w.row === undefined) w.rows.delete(w.uuid);
      else w.rows.set(w.uuid, w.row);
    }
    return {
      ...(date !== undefined ? { date } : {}),
      ...(comment !== undefined ? { comment } : {}),
      isDiff,
      inserted,
      updated,
      deleted,
    };
  }

  /** A new row: the given columns decoded, the others with their default. */
  private insertRow(table: OvsdbTableSchema, json: Record<string, unknown>): MutableRow | Invalid {
    const row: MutableRow = {};
    let given = 0;
    for (const col of table.columnNames) {
      const column = table.columns[col] as OvsdbColumnSchema;
      const value = json[col];
      // JSON holds no functions: a function came from Object.prototype (a column named "toString").
      if (value === undefined || typeof value === "function") row[col] = this.values.defaultValue(column.type);
      else {
        given++;
        const v = this.decode(table, column, value);
        if (isInvalid(v)) return v;
        row[col] = v;
      }
    }
    // Members that are not columns: an error, except the internal _uuid and _version.
    let members = 0;
    for (const col in json) {
      members++;
      if (col === "_uuid" || col === "_version") given++;
    }
    if (members !== given) {
      const bad = this.setColumns(table, {}, json, false, undefined); // names the unknown column
      if (bad !== undefined) return bad;
    }
    return row;
  }

  private decode(table: OvsdbTableSchema, column: OvsdbColumnSchema, json: unknown): OvsdbValue | Invalid {
    const v = this.values.value(json, column.type);
    return isInvalid(v) ? invalid(`table ${table.name} column ${column.name}: ${v.message}`) : v;
  }

  private setColumns(table: OvsdbTableSchema, row: MutableRow, json: Record<string, unknown>, isDiff: boolean, old: OvsdbRow | undefined): Invalid | undefined {
    for (const col in json) {
      const column = lookup(table.columns, col);
      if (column === undefined) {
        if (col === "_uuid" || col === "_version") continue;
        return invalid(`table ${table.name}: no column ${quoteJson(col)}`);
      }
      const value = this.decode(table, column, json[col]);
      if (isInvalid(value)) return value;
      // Only columns that can hold more than one value are written as diffs (ovsdb_type_is_composite).
      row[col] = isDiff && old !== undefined && column.type.max > 1 ? applyDiff(old[col] as OvsdbValue, value, column.type) : value;
    }
    return undefined;
  }
}

/**
 * The tables as plain data: `{ table: { uuid: row } }`, every table of `schema` present.
 *
 * @internal
 */
export function plainTables(schema: OvsdbSchema, tables: ReplayTables): Record<string, OvsdbTable> {
  const out: Record<string, OvsdbTable> = {};
  for (const name of schema.tableNames) {
    const rows: Record<string, OvsdbRow> = {};
    for (const [uuid, row] of tables.get(name) ?? []) rows[uuid] = row;
    out[name] = rows;
  }
  return out;
}
