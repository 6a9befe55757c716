/**
 * The database commands every ctl tool has (lib/db-ctl-base.c): `list`, `find`, `get`,
 * `comment` and `wait-until`, read-only, with the same checks, messages and output.
 *
 * @module
 * @internal
 */
import type { OvsdbAtom, OvsdbColumnSchema, OvsdbColumnType, OvsdbMap, OvsdbRow, OvsdbTableSchema } from "../types.js";
import { ovsdbMapKey } from "../values.js";
import { type CtlCommandDef, type CtlInvocation, type CtlOutcome, MANY, failure, text } from "./command.js";
import { type Datum, atomToString, compareDatums, datumOf, datumToString, excludesAll, findKey, includesAll } from "./datum.js";
import { type Parsed, atomFromString, datumFromString, parseToken } from "./datum-parse.js";
import { type CtlDb, cellValue, ctlGetRow, findColumn, findTable, rowByUuid, rowUuids } from "./records.js";
import type { CtlTable } from "./table-format.js";

const UUID_TYPE: OvsdbColumnType = { kind: "atom", key: { type: "uuid" }, min: 1, max: 1 };

/** `parse_column_names`: `undefined` for the `_uuid` pseudo-column. */
function columnList(table: OvsdbTableSchema, names: string | null | undefined): Parsed<(OvsdbColumnSchema | undefined)[]> {
  if (names === undefined || names === null) return { ok: true, value: [undefined, ...table.columnNames.map((n) => table.columns[n])] };
  const out: (OvsdbColumnSchema | undefined)[] = [];
  for (const name of names.split(/[, ]+/).filter((n) => n !== "")) {
    if (name.toLowerCase() === "_uuid") out.push(undefined);
    else {
      const c = findColumn(table, name);
      if (!c.ok) return c;
      out.push(c.value);
    }
  }
  if (out.length === 0) return { ok: false, error: "must specify at least one column name" };
  return { ok: true, value: out };
}

function makeTable(columns: readonly (OvsdbColumnSchema | undefined)[], rows: readonly (readonly [string, OvsdbRow])[]): CtlTable {
  return {
    headings: columns.map((c) => c?.name ?? "_uuid"),
    types: columns.map((c) => c?.type ?? UUID_TYPE),
    rows: rows.map(([uuid, row]) => columns.map((c) => (c === undefined ? { uuid } : cellValue(row, c)))),
  };
}

/** `pre_parse_column_key_value`: the column named at the start of `arg` exists. */
function preColumn(table: OvsdbTableSchema, arg: string): string | undefined {
  const t = parseToken(arg, 0);
  if (!t.ok) return t.error;
  if (t.value.token === "") return `${arg}: missing column name`;
  const c = findColumn(table, t.value.token);
  return c.ok ? undefined : c.error;
}

const OPERATORS = ["=", "!=", "<", ">", "<=", ">=", "{=}", "{!=}", "{<}", "{>}", "{<=}", "{>=}", "{in}", "{not-in}"] as const;
type Operator = (typeof OPERATORS)[number];

function missingOperator(arg: string, ops: readonly string[]): string {
  const q = ops.map((o) => `"${o}"`);
  const list = q.length === 1 ? q[0] : q.length === 2 ? `${q[0]} or ${q[1]}` : `${q.slice(0, -1).join(", ")}, or ${q[q.length - 1]}`;
  return `${arg}: argument does not end in ${list} followed by a value.`;
}

interface ColumnKeyValue {
  readonly column: OvsdbColumnSchema;
  readonly key?: string;
  readonly op?: Operator;
  readonly value?: string;
}

/** `parse_column_key_value`: `COLUMN[:KEY]`, then an operator and a value when `withValue`. */
function columnKeyValue(arg: string, table: OvsdbTableSchema, withValue: boolean): Parsed<ColumnKeyValue> {
  const t = parseToken(arg, 0);
  if (!t.ok) return t;
  if (t.value.token === "") return { ok: false, error: `${arg}: missing column name` };
  const c = findColumn(table, t.value.token);
  if (!c.ok) return c;
  let p = t.value.end;
  let key: string | undefined;
  if (arg[p] === ":") {
    const k = parseToken(arg, p + 1);
    if (!k.ok) return k;
    key = k.value.token;
    p = k.value.end;
  }
  const base = { column: c.value, ...(key === undefined ? {} : { key }) };
  if (!withValue) {
    if (p < arg.length) return { ok: false, error: `${arg}: trailing garbage "${arg.slice(p)}" in argument` };
    return { ok: true, value: base };
  }
  let best: Operator | undefined;
  for (const op of OPERATORS) {
    if (op.length > (best?.length ?? 0) && arg.startsWith(op, p) && p + op.length < arg.length) best = op;
  }
  if (best === undefined) return { ok: false, error: missingOperator(arg, OPERATORS) };
  return { ok: true, value: { ...base, op: best, value: arg.slice(p + best.length) } };
}

const SET_OPS = new Set<Operator>(["{=}", "{!=}", "{<}", "{>}", "{<=}", "{>=}", "{in}", "{not-in}"]);

function relop(a: Datum, b: Datum, op: Operator, withValues: boolean): boolean {
  switch (op) {
    case "=":
    case "{=}":
      return compareDatums(a, b, withValues) === 0;
    case "!=":
    case "{!=}":
      return compareDatums(a, b, withValues) !== 0;
    case "<":
      return compareDatums(a, b, withValues) < 0;
    case ">":
      return compareDatums(a, b, withValues) > 0;
    case "<=":
      return compareDatums(a, b, withValues) <= 0;
    case ">=":
      return compareDatums(a, b, withValues) >= 0;
    case "{<}":
      return b.keys.length > a.keys.length && includesAll(a, b, withValues);
    case "{>}":
      return a.keys.length > b.keys.length && includesAll(b, a, withValues);
    case "{<=}":
    case "{in}":
      return includesAll(a, b, withValues);
    case "{>=}":
      return includesAll(b, a, withValues);
    case "{not-in}":
      return excludesAll(a, b, withValues);
  }
}

/**
 * `check_condition`, compiled once: a test of rows for `arg` (`COLUMN[:KEY]OP VALUE`), or the
 * error the real tool reports when it checks the first row.
 */
function compileCondition(table: OvsdbTableSchema, arg: string): Parsed<(row: OvsdbRow) => boolean> {
  const p = columnKeyValue(arg, table, true);
  if (!p.ok) return p;
  const { column, key, op, value } = p.value as Required<Pick<ColumnKeyValue, "column" | "op" | "value">> & ColumnKeyValue;
  if (key === undefined) {
    const want = datumFromString(column.type, value);
    if (!want.ok) return want;
    const isMap = column.type.kind === "map";
    return { ok: true, value: (row) => relop(datumOf(cellValue(row, column), column.type), want.value, op, isMap) };
  }
  if (column.type.kind !== "map") return { ok: false, error: `cannot specify key to check for non-map column ${column.name}` };
  const wantKey = atomFromString(column.type.key, key);
  if (!wantKey.ok) return wantKey;
  const valueType: OvsdbColumnType = { kind: "set", key: column.type.value ?? { type: "string" }, min: column.type.min, max: Infinity };
  const b = datumFromString(valueType, value);
  if (!b.ok) return b;
  const keyText = ovsdbMapKey(wantKey.value[0] as OvsdbAtom);
  const setOp = SET_OPS.has(op);
  return {
    ok: true,
    value: (row) => {
      const map = cellValue(row, column) as OvsdbMap;
      const found = Object.hasOwn(map, keyText);
      if (!found && !setOp) return false;
      return relop({ keys: found ? [map[keyText] as OvsdbAtom] : [] }, b.value, op, false);
    },
  };
}

/** `check_condition`: whether `row` satisfies `arg`. */
function checkCondition(table: OvsdbTableSchema, row: OvsdbRow, arg: string): Parsed<boolean> {
  const c = compileCondition(table, arg);
  return c.ok ? { ok: true, value: c.value(row) } : c;
}

function preTable(ctx: CtlDb, name: string | undefined): Parsed<OvsdbTableSchema> {
  return findTable(ctx, name ?? "");
}

const preList = (ctx: CtlDb, inv: CtlInvocation): string | undefined => {
  const t = preTable(ctx, inv.args[0]);
  if (!t.ok) return t.error;
  const c = columnList(t.value, inv.options.get("--columns"));
  return c.ok ? undefined : c.error;
};

function runList(ctx: CtlDb, inv: CtlInvocation): CtlOutcome {
  const t = preTable(ctx, inv.args[0]);
  if (!t.ok) return failure(t.error);
  const cols = columnList(t.value, inv.options.get("--columns"));
  if (!cols.ok) return failure(cols.error);
  const mustExist = !inv.options.has("--if-exists");
  const rows: [string, OvsdbRow][] = [];
  if (inv.args.length > 1) {
    for (const id of inv.args.slice(1)) {
      const r = ctlGetRow(ctx, t.value.name, id, mustExist);
      if (!r.ok) return failure(r.error);
      if (r.value !== undefined) rows.push([r.value, rowByUuid(ctx, t.value.name, r.value) as OvsdbRow]);
    }
  } else for (const u of rowUuids(ctx, t.value.name)) rows.push([u, rowByUuid(ctx, t.value.name, u) as OvsdbRow]);
  return { ok: true, table: makeTable(cols.value, rows) };
}

const preFind = (ctx: CtlDb, inv: CtlInvocation): string | undefined => {
  const e = preList(ctx, { ...inv, args: inv.args.slice(0, 1) });
  if (e !== undefined) return e;
  const t = preTable(ctx, inv.args[0]) as { ok: true; value: OvsdbTableSchema };
  for (const arg of inv.args.slice(1)) {
    const c = preColumn(t.value, arg);
    if (c !== undefined) return c;
  }
  return undefined;
};

function runFind(ctx: CtlDb, inv: CtlInvocation): CtlOutcome {
  const t = preTable(ctx, inv.args[0]);
  if (!t.ok) return failure(t.error);
  const cols = columnList(t.value, inv.options.get("--columns"));
  if (!cols.ok) return failure(cols.error);
  const rows: [string, OvsdbRow][] = [];
  // The real tool parses a condition when it first checks a row against it (after the
  // conditions before it held): a bad condition is only an error then.
  const conditions = inv.args.slice(1);
  const tests: ((row: OvsdbRow) => boolean)[] = [];
  for (const u of rowUuids(ctx, t.value.name)) {
    const row = rowByUuid(ctx, t.value.name, u) as OvsdbRow;
    let all = true;
    for (let i = 0; i < conditions.length && all; i++) {
      if (tests[i] === undefined) {
        const c = compileCondition(t.value, conditions[i] as string);
        if (!c.ok) return failure(c.error);
        tests[i] = c.value;
      }
      all = (tests[i] as (row: OvsdbRow) => boolean)(row);
    }
    if (all) rows.push([u, row]);
  }
  return { ok: true, table: makeTable(cols.value, rows) };
}

const isUuidArg = (a: string): boolean => a.toLowerCase() === "_uuid" || a.toLowerCase() === "-uuid";

const preGet = (ctx: CtlDb, inv: CtlInvocation): string | undefined => {
  const t = preTable(ctx, inv.args[0]);
  if (!t.ok) return t.error;
  for (const arg of inv.args.slice(2)) {
    if (isUuidArg(arg)) continue;
    const c = preColumn(t.value, arg);
    if (c !== undefined) return c;
  }
  return undefined;
};

function runGet(ctx: CtlDb, inv: CtlInvocation): CtlOutcome {
  const id = inv.options.get("--id");
  const mustExist = !inv.options.has("--if-exists");
  if (id !== undefined && !mustExist) return failure("--if-exists and --id may not be specified together");
  const t = preTable(ctx, inv.args[0]);
  if (!t.ok) return failure(t.error);
  const recordId = inv.args[1] as string;
  const r = ctlGetRow(ctx, t.value.name, recordId, mustExist);
  if (!r.ok) return failure(r.error);
  if (r.value === undefined) return text("");
  if (id !== undefined && id !== null && !id.startsWith("@")) return failure(`row id "${id}" does not begin with "@"`);
  const row = rowByUuid(ctx, t.value.name, r.value) as OvsdbRow;
  let out = "";
  for (const arg of inv.args.slice(2)) {
    if (isUuidArg(arg)) {
      out += `${r.value}\n`;
      continue;
    }
    const p = columnKeyValue(arg, t.value, false);
    if (!p.ok) return failure(p.error);
    const { column, key } = p.value;
    const datum = datumOf(cellValue(row, column), column.type);
    if (key !== undefined) {
      if (column.type.kind !== "map") return failure(`cannot specify key to get for non-map column ${column.name}`);
      const k = atomFromString(column.type.key, key);
      if (!k.ok) return failure(k.error);
      const idx = findKey(datum, k.value[0] as never);
      if (idx < 0) {
        if (mustExist) return failure(`no key "${key}" in ${t.value.name} record "${recordId}" column ${column.name}`);
      } else out += atomToString((datum.values as readonly never[])[idx] as never, column.type.value?.type ?? "string");
    } else out += datumToString(datum, column.type);
    out += "\n";
  }
  return text(out);
}

function runWaitUntil(ctx: CtlDb, inv: CtlInvocation): CtlOutcome {
  const t = preTable(ctx, inv.args[0]);
  if (!t.ok) return failure(t.error);
  const r = ctlGetRow(ctx, t.value.name, inv.args[1] as string, false);
  if (!r.ok) return failure(r.error);
  const waiting = `wait-until: the condition does not hold in these database files, which never change (the real tool would wait)`;
  if (r.value === undefined) return failure(waiting);
  const row = rowByUuid(ctx, t.value.name, r.value) as OvsdbRow;
  for (const arg of inv.args.slice(2)) {
    const c = checkCondition(t.value, row, arg);
    if (!c.ok) return failure(c.error);
    if (!c.value) return failure(waiting);
  }
  return text("");
}

/**
 * The database commands of lib/db-ctl-base.c: the read-only ones with their implementation,
 * the others by syntax only.
 *
 * @internal
 */
export const DB_COMMANDS: readonly CtlCommandDef[] = [
  { name: "comment", minArgs: 0, maxArgs: MANY, options: "", rw: false, run: () => text("") },
  { name: "get", minArgs: 2, maxArgs: MANY, options: "--if-exists,--id=", rw: false, pre: preGet, run: runGet },
  { name: "list", minArgs: 1, maxArgs: MANY, options: "--if-exists,--columns=", rw: false, pre: preList, run: runList },
  { name: "find", minArgs: 1, maxArgs: MANY, options: "--columns=", rw: false, pre: preFind, run: runFind },
  { name: "set", minArgs: 3, maxArgs: MANY, options: "--if-exists", rw: true },
  { name: "add", minArgs: 4, maxArgs: MANY, options: "--if-exists", rw: true },
  { name: "remove", minArgs: 4, maxArgs: MANY, options: "--if-exists", rw: true },
  { name: "clear", minArgs: 3, maxArgs: MANY, options: "--if-exists", rw: true },
  { name: "create", minArgs: 2, maxArgs: MANY, options: "--id=", rw: true },
  { name: "destroy", minArgs: 1, maxArgs: MANY, options: "--if-exists,--all", rw: true },
  { name: "wait-until", minArgs: 2, maxArgs: MANY, options: "", rw: false, pre: preGet, run: runWaitUntil },
];
