/**
 * Replaying OVSDB file transactions into tables of rows, as ovsdb-server does when it opens a
 * database file (`ovsdb_file_txn_from_json`): inserts, updates (whole values, or column diffs
 * in `_is_diff` transactions), deletes, and schema conversions of clustered databases.
 *
 * @module
 */
import { bad, isJsonObject, quoteJson } from "./signals.js";
import { ValueDecoder, applyDiff, isUuidString } from "./values.js";
import type { OvsdbColumnSchema, OvsdbRow, OvsdbSchema, OvsdbTableSchema, OvsdbTransactionInfo, OvsdbValue } from "./types.js";

type MutableRow = Record<string, OvsdbValue>;

/** What one transaction did: the part of {@link OvsdbTransactionInfo} the replay itself knows. */
export type TxnSummary = Pick<OvsdbTransactionInfo, "date" | "comment" | "isDiff" | "inserted" | "updated" | "deleted">;

/**
 * The state of a database being replayed.
 *
 * @internal
 */
export class Replayer {
  readonly values = new ValueDecoder();
  private current: OvsdbSchema | undefined;
  private data = new Map<string, Map<string, OvsdbRow>>();

  get schema(): OvsdbSchema | undefined {
    return this.current;
  }

  get tables(): ReadonlyMap<string, ReadonlyMap<string, OvsdbRow>> {
    return this.data;
  }

  /**
   * The current schema and tables, to {@link restore} them after a failed {@link reset} or
   * {@link convert} and apply (those make new tables, so the saved ones stay as they were).
   */
  save(): { schema: OvsdbSchema | undefined; data: Map<string, Map<string, OvsdbRow>> } {
    return { schema: this.current, data: this.data };
  }

  restore(saved: { schema: OvsdbSchema | undefined; data: Map<string, Map<string, OvsdbRow>> }): void {
    this.current = saved.schema;
    this.data = saved.data;
  }

  /** Starts over, empty, with `schema`. */
  reset(schema: OvsdbSchema): void {
    this.current = schema;
    this.data = new Map(schema.tableNames.map((t) => [t, new Map<string, OvsdbRow>()]));
  }

  /**
   * Converts the data to a new schema (ovsdb-server's conversion without replacement data):
   * tables and columns that the new schema lacks are dropped, new columns get their default,
   * values whose type changed are kept when they still fit.
   */
  convert(schema: OvsdbSchema): void {
    const old = this.current;
    const oldData = this.data;
    this.reset(schema);
    if (old === undefined) return;
    for (const tableName of schema.tableNames) {
      const rows = oldData.get(tableName);
      const oldTable = old.tables[tableName];
      if (rows === undefined || oldTable === undefined) continue;
      const table = schema.tables[tableName] as OvsdbTableSchema;
      const target = this.data.get(tableName) as Map<string, OvsdbRow>;
      for (const [uuid, row] of rows) {
        const out: MutableRow = {};
        for (const col of table.columnNames) {
          const column = table.columns[col] as OvsdbColumnSchema;
          const before = oldTable.columns[col];
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
    return a.kind === "atom" ? [value as Exclude<OvsdbValue, readonly unknown[] | ReadonlyMap<unknown, unknown>>] : value;
  }

  /**
   * Applies one transaction record atomically: it is checked and decoded whole before any
   * row changes, so a bad transaction changes nothing.
   */
  apply(json: unknown): TxnSummary {
    const schema = this.current;
    if (schema === undefined) return bad("a transaction without a schema");
    if (!isJsonObject(json)) return bad(`a transaction must be a JSON object, got ${quoteJson(json)}`);
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
      const table = schema.tables[tableName];
      const rows = this.data.get(tableName);
      if (table === undefined || rows === undefined) return bad(`no table named ${quoteJson(tableName)} in schema ${schema.name}`);
      if (!isJsonObject(tableJson)) return bad(`table ${tableName}: expected an object of rows, got ${quoteJson(tableJson)}`);
      for (const uuidText in tableJson) {
        const rowJson = tableJson[uuidText];
        if (!isUuidString(uuidText)) return bad(`table ${tableName}: ${quoteJson(uuidText)} is not a valid UUID`);
        const uuid = uuidText.toLowerCase();
        const old = rows.get(uuid);
        if (rowJson === null) {
          if (old === undefined) return bad(`table ${tableName}: transaction deletes row ${uuid} that does not exist`);
          writes.push({ rows, uuid, row: undefined });
          deleted++;
        } else if (!isJsonObject(rowJson)) {
          return bad(`table ${tableName}: row ${uuid} must be a JSON object or null, got ${quoteJson(rowJson)}`);
        } else if (old !== undefined) {
          const row: MutableRow = { ...old };
          this.setColumns(table, row, rowJson, isDiff, old);
          writes.push({ rows, uuid, row });
          updated++;
        } else {
          const row = this.insertRow(table, rowJson);
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
  private insertRow(table: OvsdbTableSchema, json: Record<string, unknown>): MutableRow {
    const row: MutableRow = {};
    let given = 0;
    for (const col of table.columnNames) {
      const column = table.columns[col] as OvsdbColumnSchema;
      const value = json[col];
      if (value === undefined) row[col] = this.values.defaultValue(column.type);
      else {
        given++;
        row[col] = this.decode(table, column, value);
      }
    }
    // Members that are not columns: an error, except the internal _uuid and _version.
    let members = 0;
    for (const col in json) {
      members++;
      if (col === "_uuid" || col === "_version") given++;
    }
    if (members !== given) this.setColumns(table, {}, json, false, undefined); // names the unknown column
    return row;
  }

  private decode(table: OvsdbTableSchema, column: OvsdbColumnSchema, json: unknown): OvsdbValue {
    try {
      return this.values.value(json, column.type);
    } catch (e) {
      return bad(`table ${table.name} column ${column.name}: ${(e as Error).message}`);
    }
  }

  private setColumns(table: OvsdbTableSchema, row: MutableRow, json: Record<string, unknown>, isDiff: boolean, old: OvsdbRow | undefined): void {
    for (const col in json) {
      const column = table.columns[col];
      if (column === undefined) {
        if (col === "_uuid" || col === "_version") continue;
        bad(`table ${table.name}: no column ${quoteJson(col)}`);
      }
      const value = this.decode(table, column, json[col]);
      // Only columns that can hold more than one value are written as diffs (ovsdb_type_is_composite).
      row[col] = isDiff && old !== undefined && column.type.max > 1 ? applyDiff(old[col] as OvsdbValue, value, column.type) : value;
    }
  }
}
