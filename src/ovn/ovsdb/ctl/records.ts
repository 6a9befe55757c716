/**
 * Tables, columns and rows named on a command line, resolved as lib/db-ctl-base.c resolves
 * them: a table or column by its name or an unambiguous abbreviation (case- and `-`/`_`-
 * insensitive), a row by its UUID, `.` (the only row), the tool's name columns (see
 * row-ids.ts), or a UUID prefix of at least 4 characters; with the tools' error messages.
 *
 * Rows are walked in UUID order: the real tools walk their IDL's hash table, whose order
 * depends on the server's history, so where the first match or the order of a listing would
 * differ, ovskit picks the UUID order (stable for the same database content).
 *
 * @module
 * @internal
 */
import type { OvsdbColumnSchema, OvsdbDatabase, OvsdbMap, OvsdbRow, OvsdbTableSchema, OvsdbValue } from "../types.js";
import { isUuidString, ovsdbMapGet } from "../values.js";
import { type Parsed } from "./datum-parse.js";
import { type CtlRowId, type CtlToolName, ctlRowIds } from "./row-ids.js";

/**
 * One run's view of a database: the tool and the rows in walking order (computed once per
 * table and run).
 *
 * @internal
 */
export interface CtlDb {
  readonly tool: CtlToolName;
  readonly db: OvsdbDatabase;
  readonly order: Map<string, readonly string[]>;
  /** Other things computed once per run (ovs-vsctl's cache). */
  readonly memo: Map<string, unknown>;
}

/**
 * A new per-run view of `db`.
 *
 * @internal
 */
export function ctlDb(tool: CtlToolName, db: OvsdbDatabase): CtlDb {
  return { tool, db, order: new Map(), memo: new Map() };
}

/**
 * The UUIDs of a table's rows, in the order the tool walks them (UUID order).
 *
 * @internal
 */
export function rowUuids(ctx: CtlDb, table: string): readonly string[] {
  let o = ctx.order.get(table);
  if (o === undefined) {
    o = Object.hasOwn(ctx.db.tables, table) ? Object.keys(ctx.db.tables[table] as object).sort() : [];
    ctx.order.set(table, o);
  }
  return o;
}

/**
 * The row of `table` with UUID `uuid` (lower-case), if any.
 *
 * @internal
 */
export function rowByUuid(ctx: CtlDb, table: string, uuid: string): OvsdbRow | undefined {
  const t = Object.hasOwn(ctx.db.tables, table) ? ctx.db.tables[table] : undefined;
  return t !== undefined && Object.hasOwn(t, uuid) ? t[uuid] : undefined;
}

const lowerUnderscore = (c: string): string => (c === "-" ? "_" : c.toLowerCase());

/** `score_partial_match(name, s)`: how well the user's `s` matches `name` (0: not at all). */
function scorePartialMatch(name: string, s: string): number {
  if (name === s) return Number.MAX_SAFE_INTEGER;
  let i = 0;
  for (; ; i++) {
    const a = i < name.length ? lowerUnderscore(name[i] as string) : "";
    const b = i < s.length ? lowerUnderscore(s[i] as string) : "";
    if (a !== b) break;
    if (a === "") return Number.MAX_SAFE_INTEGER - 1;
  }
  return i >= s.length ? i : 0;
}

function bestMatch<T>(names: readonly string[], wanted: string, pick: (name: string) => T): { best?: T; matches: string[] } {
  let bestScore = 0;
  let best: T | undefined;
  let matches: string[] = [];
  for (const name of names) {
    const score = scorePartialMatch(name, wanted);
    if (score > 0 && score >= bestScore) {
      if (score > bestScore) matches = [];
      matches.push(name);
      best = pick(name);
      bestScore = score;
    }
  }
  return best === undefined ? { matches } : { best, matches };
}

const HASH_COLUMN: OvsdbColumnSchema = { name: "hash", type: { kind: "atom", key: { type: "integer" }, min: 1, max: 1 }, ephemeral: true, mutable: true };

/**
 * A table as the tool's IDL sees it: ovn-sbctl's IDL adds a synthetic integer column `hash`
 * to `Logical_Flow` (lib/ovn-sb-idl.ann), listed last and always read as 0.
 *
 * @internal
 */
export function ctlTableSchema(ctx: CtlDb, table: OvsdbTableSchema): OvsdbTableSchema {
  if (ctx.tool !== "ovn-sbctl" || table.name !== "Logical_Flow" || table.columns.hash !== undefined) return table;
  return { ...table, columns: { ...table.columns, hash: HASH_COLUMN }, columnNames: [...table.columnNames, "hash"] };
}

/**
 * The value of `column` in `row` (the default value for a synthetic column).
 *
 * @internal
 */
export function cellValue(row: OvsdbRow, column: OvsdbColumnSchema): OvsdbValue {
  const v = row[column.name];
  if (v !== undefined) return v;
  const t = column.type;
  if (t.kind === "map") return {};
  if (t.kind === "set") return [];
  return t.key.type === "string" ? "" : t.key.type === "boolean" ? false : t.key.type === "uuid" ? { uuid: "00000000-0000-0000-0000-000000000000" } : 0;
}

/**
 * `get_table`: the table named (or abbreviated) `name`.
 *
 * @internal
 */
export function findTable(ctx: CtlDb, name: string): Parsed<OvsdbTableSchema> {
  const db = ctx.db;
  const { best, matches } = bestMatch(db.schema.tableNames, name, (n) => ctlTableSchema(ctx, db.schema.tables[n] as OvsdbTableSchema));
  if (best === undefined) return { ok: false, error: `unknown table "${name}"` };
  if (matches.length > 1) return { ok: false, error: `"${name}" matches multiple table names: ${[...matches].sort().join(", ")}` };
  return { ok: true, value: best };
}

/**
 * `get_column`: the column of `table` named (or abbreviated) `name`.
 *
 * @internal
 */
export function findColumn(table: OvsdbTableSchema, name: string): Parsed<OvsdbColumnSchema> {
  const { best, matches } = bestMatch(table.columnNames, name, (n) => table.columns[n] as OvsdbColumnSchema);
  if (best === undefined) return { ok: false, error: `${table.name} does not contain a column whose name matches "${name}"` };
  if (matches.length > 1) return { ok: false, error: `${table.name} contains more than one column whose name matches "${name}": ${[...matches].sort().join(", ")}` };
  return { ok: true, value: best };
}

/** The name a row id reads from a row (`name`, or `external_ids:name`), if it has one. */
function nameOf(row: OvsdbRow, rowId: CtlRowId): string | number | bigint | undefined {
  const v: OvsdbValue | undefined = row[rowId.nameColumn];
  if (v === undefined) return undefined;
  if (rowId.key !== undefined) {
    if (typeof v !== "object" || Array.isArray(v)) return undefined;
    const n = ovsdbMapGet(v as OvsdbMap, rowId.key);
    return typeof n === "string" ? n : undefined;
  }
  const a = Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v;
  return typeof a === "string" || typeof a === "number" || typeof a === "bigint" ? a : undefined;
}

/** `record_id_equals`. */
function nameEquals(name: string | number | bigint, recordId: string): boolean {
  if (typeof name === "string") return name === recordId || (recordId.length >= 4 && isUuidString(name) && name.startsWith(recordId));
  return /^\d+$/.test(recordId) && BigInt(name) === BigInt(recordId);
}

/** `get_row_by_id`: the row one row id names, or a "multiple rows" error. */
function rowByRowId(ctx: CtlDb, table: string, rowId: CtlRowId, recordId: string): Parsed<string | undefined> {
  const nameTable = ctx.db.schema.tables[rowId.nameTable];
  const column = nameTable?.columns[rowId.nameColumn];
  if (column === undefined) return { ok: true, value: undefined };
  const nameType = rowId.key === undefined ? column.type.key.type : column.type.value?.type;
  if (nameType === "integer" && !/^\d+$/.test(recordId)) return { ok: true, value: undefined };
  let referrer: string | undefined;
  for (const uuid of rowUuids(ctx, rowId.nameTable)) {
    const name = nameOf(rowByUuid(ctx, rowId.nameTable, uuid) as OvsdbRow, rowId);
    if (name === undefined || !nameEquals(name, recordId)) continue;
    if (referrer !== undefined) return { ok: false, error: `multiple rows in ${rowId.nameTable} match "${recordId}"` };
    referrer = uuid;
  }
  if (referrer === undefined || rowId.uuidColumn === undefined) return { ok: true, value: referrer };
  const ref = (rowByUuid(ctx, rowId.nameTable, referrer) as OvsdbRow)[rowId.uuidColumn];
  const refs = Array.isArray(ref) ? ref : ref === undefined ? [] : [ref];
  if (refs.length !== 1) return { ok: true, value: undefined };
  const target = (refs[0] as { uuid: string }).uuid;
  return { ok: true, value: rowByUuid(ctx, table, target) === undefined ? undefined : target };
}

const PARTIAL = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

/** `uuid_is_partial_string`: the length of `s` when it is the beginning of a UUID, else 0. */
function partialUuidLength(s: string): number {
  if (s.length > 36) return 0;
  for (let i = 0; i < s.length; i++) {
    const ok = PARTIAL[i] === "x" ? /[0-9a-fA-F]/.test(s[i] as string) : s[i] === "-";
    if (!ok) return 0;
  }
  return s.length;
}

/**
 * `ctl_get_row`: the UUID of the row of `table` that `recordId` names, `undefined` when none
 * does and `mustExist` is false, or the tool's error.
 *
 * @internal
 */
export function ctlGetRow(ctx: CtlDb, table: string, recordId: string, mustExist: boolean): Parsed<string | undefined> {
  let found: string | undefined;
  if (isUuidString(recordId)) {
    const u = recordId.toLowerCase();
    if (rowByUuid(ctx, table, u) !== undefined) found = u;
  }
  if (found === undefined && recordId === ".") {
    const all = rowUuids(ctx, table);
    if (all.length === 1) found = all[0];
  }
  if (found === undefined) {
    for (const rowId of ctlRowIds(ctx.tool, table)) {
      const r = rowByRowId(ctx, table, rowId, recordId);
      if (!r.ok) return r;
      if (r.value !== undefined) {
        found = r.value;
        break;
      }
    }
  }
  if (found === undefined && partialUuidLength(recordId) >= 4) {
    for (const uuid of rowUuids(ctx, table)) {
      if (!uuid.startsWith(recordId)) continue;
      if (found !== undefined) {
        return { ok: false, error: `${table} contains 2 or more rows whose UUIDs begin with ${recordId}: at least ${found} and ${uuid}` };
      }
      found = uuid;
    }
  }
  if (mustExist && found === undefined) return { ok: false, error: `no row "${recordId}" in table ${table}` };
  return { ok: true, value: found };
}
