/**
 * Differences between two databases of one schema ({@link diffOvsdbDatabases}), and between two
 * moments of one database file's history ({@link diffOvsdbHistory}). Browser-safe.
 *
 * @module
 */
import type {
  OvsdbColumnChange,
  OvsdbDiff,
  OvsdbDiffRow,
  OvsdbDiffSide,
  OvsdbRowChange,
  OvsdbSchemaDiff,
  OvsdbTableDiff,
} from "./diff-types.js";
import { type ReadOvsdbFileOptions, checkPoint, readOvsdbStates } from "./read.js";
import { OvsdbSchemaMismatchError } from "./schema-error.js";
import type {
  OvsdbAtom,
  OvsdbColumnType,
  OvsdbDatabase,
  OvsdbHistoryPoint,
  OvsdbMap,
  OvsdbRow,
  OvsdbTable,
  OvsdbTableSchema,
  OvsdbValue,
} from "./types.js";

/** Options of {@link diffOvsdbDatabases}. */
export interface DiffOvsdbDatabasesOptions {
  /** Compare only these tables (default: every table of either schema). */
  readonly tables?: readonly string[];
}

/** Options of {@link diffOvsdbHistory}: the two moments, and how to read the file. */
export interface DiffOvsdbHistoryOptions extends Omit<ReadOvsdbFileOptions, "until" | "history">, DiffOvsdbDatabasesOptions {
  /** The older moment, e.g. `{ transactions: -1 }` (before the last transaction) or `{ date }`. */
  readonly from: OvsdbHistoryPoint;
  /** The newer moment (default: the end of the file). */
  readonly to?: OvsdbHistoryPoint;
}

const NO_ROWS: OvsdbTable = Object.freeze({});

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function sameAtom(a: OvsdbAtom | undefined, b: OvsdbAtom | undefined): boolean {
  if (typeof a === "object" && typeof b === "object") return a.uuid === b.uuid;
  return a === b;
}

/** Structural equality of two column values (atoms, sets and maps alike). */
function sameValue(a: OvsdbValue | undefined, b: OvsdbValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameAtom(a[i] as OvsdbAtom, b[i] as OvsdbAtom)) return false;
    return true;
  }
  const x = a as Readonly<Record<string, OvsdbAtom | string>>;
  const y = b as Readonly<Record<string, OvsdbAtom | string>>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (!Object.hasOwn(y, k) || !sameAtom(x[k], y[k])) return false;
  return true;
}

function setKey<T>(out: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

const cloneAtom = (a: OvsdbAtom): OvsdbAtom => (typeof a === "object" ? { uuid: a.uuid } : a);

/** A copy of a value that shares nothing with it (UUID atoms and maps included). */
function cloneValue(v: OvsdbValue): OvsdbValue {
  if (Array.isArray(v)) return (v as readonly OvsdbAtom[]).map(cloneAtom);
  if (typeof v !== "object") return v as OvsdbAtom;
  const out: Record<string, OvsdbAtom> = {};
  for (const k of Object.keys(v)) setKey(out, k, cloneAtom((v as Record<string, OvsdbAtom>)[k] as OvsdbAtom));
  return out;
}

function cloneRow(row: OvsdbRow): OvsdbRow {
  const out: Record<string, OvsdbValue> = {};
  for (const k of Object.keys(row)) out[k] = cloneValue(row[k] as OvsdbValue);
  return out;
}

const atomKey = (a: OvsdbAtom): unknown => (typeof a === "object" ? a.uuid : a);

/** What a set or map column gained and lost. */
function delta(a: OvsdbValue, b: OvsdbValue, type: OvsdbColumnType): Pick<OvsdbColumnChange, "added" | "removed"> {
  if (type.kind === "set" && Array.isArray(a) && Array.isArray(b)) {
    const inA = new Set((a as readonly OvsdbAtom[]).map(atomKey));
    const inB = new Set((b as readonly OvsdbAtom[]).map(atomKey));
    return {
      added: (b as readonly OvsdbAtom[]).filter((x) => !inA.has(atomKey(x))).map(cloneAtom),
      removed: (a as readonly OvsdbAtom[]).filter((x) => !inB.has(atomKey(x))).map(cloneAtom),
    };
  }
  if (type.kind === "map" && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const x = a as OvsdbMap;
    const y = b as OvsdbMap;
    const side = (from: OvsdbMap, other: OvsdbMap): OvsdbMap => {
      const out: Record<string, OvsdbAtom> = {};
      for (const k of Object.keys(from)) {
        if (!Object.hasOwn(other, k) || !sameAtom(from[k], other[k])) setKey(out, k, cloneAtom(from[k] as OvsdbAtom));
      }
      return out;
    };
    return { added: side(y, x), removed: side(x, y) };
  }
  return {};
}

/** Columns that name a row for a person, in order of preference. */
const NAME_COLUMNS = ["name", "logical_port", "ip_prefix", "external_ip", "match", "target"];

/**
 * What names a row for a person: its `name` column, or `logical_port`, `ip_prefix`,
 * `external_ip`, `match`, `target` (the first that is a non-empty string).
 *
 * @internal
 */
export function rowName(row: OvsdbRow): string | undefined {
  for (const col of NAME_COLUMNS) {
    const v = row[col];
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === "string" && s !== "") return s;
  }
  return undefined;
}

const byUuid = <T extends { readonly uuid: string }>(p: T, q: T) => (p.uuid < q.uuid ? -1 : p.uuid > q.uuid ? 1 : 0);

function diffTable(name: string, a: OvsdbDatabase, b: OvsdbDatabase): OvsdbTableDiff | undefined {
  const rowsA = own(a.tables, name) ?? NO_ROWS;
  const rowsB = own(b.tables, name) ?? NO_ROWS;
  const schemaA = own(a.schema.tables, name);
  const schemaB = own(b.schema.tables, name);
  const common = schemaA === undefined || schemaB === undefined ? [] : schemaB.columnNames.filter((c) => Object.hasOwn(schemaA.columns, c));
  const added: OvsdbDiffRow[] = [];
  const removed: OvsdbDiffRow[] = [];
  const changed: OvsdbRowChange[] = [];
  for (const uuid of Object.keys(rowsA)) if (!Object.hasOwn(rowsB, uuid)) removed.push({ uuid, row: cloneRow(rowsA[uuid] as OvsdbRow) });
  for (const uuid of Object.keys(rowsB)) {
    const rowB = rowsB[uuid] as OvsdbRow;
    if (!Object.hasOwn(rowsA, uuid)) {
      added.push({ uuid, row: cloneRow(rowB) });
      continue;
    }
    const rowA = rowsA[uuid] as OvsdbRow;
    if (rowA === rowB) continue; // the same row object: unchanged (one file's history)
    const columns: OvsdbColumnChange[] = [];
    for (const col of common) {
      const x = rowA[col] as OvsdbValue;
      const y = rowB[col] as OvsdbValue;
      if (sameValue(x, y)) continue;
      const typeA = (schemaA as OvsdbTableSchema).columns[col]?.type;
      const typeB = (schemaB as OvsdbTableSchema).columns[col]?.type as OvsdbColumnType;
      const sameKind = typeA !== undefined && typeA.kind === typeB.kind;
      columns.push({ column: col, old: cloneValue(x), new: cloneValue(y), ...(sameKind ? delta(x, y, typeB) : {}) });
    }
    if (columns.length > 0) {
      const name = rowName(rowB);
      changed.push({ uuid, ...(name !== undefined ? { name } : {}), columns });
    }
  }
  if (added.length + removed.length + changed.length === 0) return undefined;
  const types = (schemaB ?? schemaA) as OvsdbTableSchema;
  const columnTypes: Record<string, OvsdbColumnType> = {};
  for (const col of types.columnNames) columnTypes[col] = structuredClone((types.columns[col] as { type: OvsdbColumnType }).type);
  return { table: name, columnTypes, added: added.sort(byUuid), removed: removed.sort(byUuid), changed: changed.sort(byUuid) };
}

function schemaDiff(a: OvsdbDatabase, b: OvsdbDatabase): OvsdbSchemaDiff | undefined {
  const ta = a.schema.tableNames;
  const tb = b.schema.tableNames;
  const columns = (x: OvsdbDatabase, y: OvsdbDatabase) =>
    x.schema.tableNames.flatMap((t) => {
      const other = own(y.schema.tables, t);
      if (other === undefined) return [];
      return (x.schema.tables[t] as OvsdbTableSchema).columnNames.filter((c) => !Object.hasOwn(other.columns, c)).map((c) => `${t}.${c}`);
    });
  const out: OvsdbSchemaDiff = {
    tablesAdded: tb.filter((t) => !ta.includes(t)),
    tablesRemoved: ta.filter((t) => !tb.includes(t)),
    columnsAdded: columns(b, a),
    columnsRemoved: columns(a, b),
  };
  const same = out.tablesAdded.length + out.tablesRemoved.length + out.columnsAdded.length + out.columnsRemoved.length === 0;
  return same && a.schema.version === b.schema.version ? undefined : out;
}

function side(db: OvsdbDatabase, tables: readonly string[]): OvsdbDiffSide {
  let rows = 0;
  for (const t of tables) rows += Object.keys(own(db.tables, t) ?? NO_ROWS).length;
  return {
    schemaVersion: db.schema.version,
    transactions: db.transactions,
    ...(db.lastDate !== undefined ? { date: db.lastDate } : {}),
    rows,
    ...(db.error !== undefined ? { error: { ...db.error } } : {}),
  };
}

/**
 * The differences between two databases of one schema (two files, e.g. two sos reports of one
 * node, or a file and its copy a day later): per table, the rows only `to` has (added), only
 * `from` has (removed), and the rows whose columns differ, with the old and new values (and, for
 * sets and maps, what was added and removed). Rows are matched by UUID; columns only one schema
 * has are listed in `schemaChanges`, not compared. Throws {@link OvsdbSchemaMismatchError} for
 * databases of different schemas. {@link formatOvsdbDiff} prints it.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { diffOvsdbDatabases, formatOvsdbDiff, readOvsdbFile } from "ovskit";
 * const before = readOvsdbFile(readFileSync("monday/ovnnb_db.db"));
 * const after = readOvsdbFile(readFileSync("tuesday/ovnnb_db.db"));
 * const diff = diffOvsdbDatabases(before, after, { tables: ["ACL", "Logical_Switch_Port"] });
 * console.log(diff.summary, formatOvsdbDiff(diff));
 * ```
 */
export function diffOvsdbDatabases(from: OvsdbDatabase, to: OvsdbDatabase, options: DiffOvsdbDatabasesOptions = {}): OvsdbDiff {
  if (from.schema.name !== to.schema.name) throw new OvsdbSchemaMismatchError("diffOvsdbDatabases", from.schema.name, to.schema.name);
  const all = [...new Set([...from.schema.tableNames, ...to.schema.tableNames])].sort();
  const asked = options.tables;
  const names = asked === undefined ? all : all.filter((t) => asked.includes(t));
  const unknownTables = asked === undefined ? [] : asked.filter((t) => !all.includes(t));
  const tables: OvsdbTableDiff[] = [];
  for (const name of names) {
    const d = diffTable(name, from, to);
    if (d !== undefined) tables.push(d);
  }
  const count = (f: (t: OvsdbTableDiff) => number) => tables.reduce((n, t) => n + f(t), 0);
  const schemaChanges = schemaDiff(from, to);
  return {
    kind: "ovsdb-diff",
    schema: to.schema.name,
    from: side(from, names),
    to: side(to, names),
    tables,
    ...(schemaChanges !== undefined ? { schemaChanges } : {}),
    summary: {
      tables: names.length,
      tablesChanged: tables.length,
      added: count((t) => t.added.length),
      removed: count((t) => t.removed.length),
      changed: count((t) => t.changed.length),
      ...(unknownTables.length > 0 ? { unknownTables } : {}),
    },
  };
}

/**
 * The differences between two moments of one database file's history (see
 * {@link OvsdbHistoryPoint}): what the transactions between them did, as
 * {@link diffOvsdbDatabases} reports it, plus those transactions (date, comment such as the
 * `ovn-nbctl` command line, rows inserted / updated / deleted). The file is read once (twice
 * when a moment is counted back from the end). A bad moment throws {@link OvsdbOptionError}.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { diffOvsdbHistory, formatOvsdbDiff } from "ovskit";
 * const bytes = readFileSync("/var/lib/ovn/ovnnb_db.db");
 * console.log(formatOvsdbDiff(diffOvsdbHistory(bytes, { from: { transactions: -1 } }))); // what the last transaction did
 * const today = diffOvsdbHistory(bytes, { from: { date: Date.parse("2024-05-01T00:00:00Z") } });
 * ```
 */
export function diffOvsdbHistory(input: Uint8Array | ArrayBuffer | string, options: DiffOvsdbHistoryOptions): OvsdbDiff {
  const { from, to, tables, ...read } = options;
  const points = [checkPoint("from", from), to === undefined ? { transactions: Infinity } : checkPoint("to", to)];
  const [a, b] = readOvsdbStates(input, { ...read, history: true }, points, { stopAfterPoints: to !== undefined }) as [OvsdbDatabase, OvsdbDatabase];
  const diff = diffOvsdbDatabases(a, b, tables !== undefined ? { tables } : {});
  const lo = Math.min(a.transactions, b.transactions);
  const hi = Math.max(a.transactions, b.transactions);
  const history = (a.transactions > b.transactions ? a.history : b.history) ?? [];
  return { ...diff, transactions: history.slice(lo, hi).map((t) => ({ ...t })) };
}
