/**
 * OVSDB schemas (RFC 7047 section 3.2) from the JSON stored in database files.
 *
 * @module
 */
import { bad, isJsonObject, quoteJson } from "./signals.js";
import type { ValueDecoder } from "./values.js";
import type {
  OvsdbAtom,
  OvsdbAtomicType,
  OvsdbBaseType,
  OvsdbColumnSchema,
  OvsdbColumnType,
  OvsdbSchema,
  OvsdbTableSchema,
} from "./types.js";

const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ATOMIC: readonly string[] = ["integer", "real", "boolean", "string", "uuid"];

/**
 * Parses a schema. Names must be identifiers not starting with `_` (as OVSDB requires), so
 * they are safe as object keys. Constraints are kept but not enforced on the data.
 *
 * @internal
 */
export function parseSchema(json: unknown, values: ValueDecoder): OvsdbSchema {
  if (!isJsonObject(json)) return bad(`a schema must be a JSON object, got ${quoteJson(json)}`);
  const name = json.name;
  if (typeof name !== "string" || !ID.test(name)) return bad(`schema "name" must be an identifier, got ${quoteJson(name)}`);
  const version = json.version ?? "";
  if (typeof version !== "string") return bad(`schema "version" must be a string, got ${quoteJson(version)}`);
  const cksum = json.cksum;
  if (cksum !== undefined && typeof cksum !== "string") return bad(`schema "cksum" must be a string`);
  if (!isJsonObject(json.tables)) return bad(`schema "tables" must be a JSON object`);
  const entries = Object.entries(json.tables);
  // Old schemas have no isRoot anywhere: then every table is a root table.
  const anyRoot = entries.some(([, t]) => isJsonObject(t) && t.isRoot !== undefined);
  const tables: Record<string, OvsdbTableSchema> = Object.create(null) as Record<string, OvsdbTableSchema>;
  for (const [tableName, t] of entries) {
    checkName(tableName, "table");
    tables[tableName] = parseTable(tableName, t, anyRoot, values);
  }
  return {
    name,
    version,
    ...(cksum !== undefined ? { cksum } : {}),
    tables,
    tableNames: Object.keys(tables).sort(),
  };
}

function checkName(name: string, what: string): void {
  if (!ID.test(name)) bad(`${what} name ${quoteJson(name)} is not an identifier`);
  if (name.startsWith("_")) bad(`${what} name ${quoteJson(name)}: names beginning with "_" are reserved`);
}

function parseTable(name: string, json: unknown, anyRoot: boolean, values: ValueDecoder): OvsdbTableSchema {
  if (!isJsonObject(json)) return bad(`table ${name} must be a JSON object`);
  if (!isJsonObject(json.columns)) return bad(`table ${name} needs "columns"`);
  const columns: Record<string, OvsdbColumnSchema> = Object.create(null) as Record<string, OvsdbColumnSchema>;
  for (const [col, c] of Object.entries(json.columns)) {
    checkName(col, `column of table ${name}:`);
    if (!isJsonObject(c)) return bad(`column ${name}.${col} must be a JSON object`);
    const type = parseColumnType(c.type, `${name}.${col}`, values);
    if (c.ephemeral !== undefined && typeof c.ephemeral !== "boolean") bad(`column ${name}.${col}: "ephemeral" must be a boolean`);
    if (c.mutable !== undefined && typeof c.mutable !== "boolean") bad(`column ${name}.${col}: "mutable" must be a boolean`);
    columns[col] = { name: col, type, ephemeral: c.ephemeral === true, mutable: c.mutable !== false };
  }
  const isRoot = json.isRoot ?? !anyRoot;
  if (typeof isRoot !== "boolean") return bad(`table ${name}: "isRoot" must be a boolean`);
  const maxRows = json.maxRows;
  if (maxRows !== undefined && (typeof maxRows !== "number" || !Number.isInteger(maxRows) || maxRows < 1)) {
    return bad(`table ${name}: "maxRows" must be a positive integer`);
  }
  const indexes: string[][] = [];
  if (json.indexes !== undefined) {
    if (!Array.isArray(json.indexes)) return bad(`table ${name}: "indexes" must be an array`);
    for (const index of json.indexes as unknown[]) {
      if (!Array.isArray(index) || !index.every((c) => typeof c === "string" && Object.hasOwn(columns, c))) {
        return bad(`table ${name}: bad index ${quoteJson(index)}`);
      }
      indexes.push(index as string[]);
    }
  }
  return {
    name,
    columns,
    columnNames: Object.keys(columns).sort(),
    isRoot,
    ...(maxRows !== undefined ? { maxRows } : {}),
    indexes,
  };
}

function parseColumnType(json: unknown, where: string, values: ValueDecoder): OvsdbColumnType {
  if (typeof json === "string") {
    const key = parseBaseType(json, where, values);
    return { kind: "atom", key, min: 1, max: 1 };
  }
  if (!isJsonObject(json)) return bad(`column ${where}: bad type ${quoteJson(json)}`);
  const key = parseBaseType(json.key, where, values);
  const value = json.value === undefined ? undefined : parseBaseType(json.value, where, values);
  const min = json.min ?? 1;
  if (min !== 0 && min !== 1) return bad(`column ${where}: "min" must be 0 or 1, got ${quoteJson(min)}`);
  const rawMax = json.max ?? 1;
  const max = rawMax === "unlimited" ? Infinity : rawMax;
  if (typeof max !== "number" || !(max >= 1) || (max !== Infinity && !Number.isInteger(max)) || max < min) {
    return bad(`column ${where}: "max" must be a positive integer or "unlimited", got ${quoteJson(rawMax)}`);
  }
  const kind = value !== undefined ? "map" : min === 1 && max === 1 ? "atom" : "set";
  return { kind, key, ...(value !== undefined ? { value } : {}), min, max };
}

function parseBaseType(json: unknown, where: string, values: ValueDecoder): OvsdbBaseType {
  if (typeof json === "string") {
    if (!ATOMIC.includes(json)) return bad(`column ${where}: unknown type ${quoteJson(json)}`);
    return { type: json as OvsdbAtomicType };
  }
  if (!isJsonObject(json) || typeof json.type !== "string" || !ATOMIC.includes(json.type)) {
    return bad(`column ${where}: bad base type ${quoteJson(json)}`);
  }
  const type = json.type as OvsdbAtomicType;
  const out: { -readonly [K in keyof OvsdbBaseType]: OvsdbBaseType[K] } = { type };
  if (json.enum !== undefined) {
    const v = values.value(json.enum, { kind: "set", key: { type }, min: 0, max: Infinity });
    out.enum = v as readonly OvsdbAtom[];
  }
  const int = (k: "minInteger" | "maxInteger") => {
    const x = json[k];
    if (x === undefined) return;
    if ((typeof x === "number" && Number.isInteger(x)) || typeof x === "bigint") out[k] = x;
    else bad(`column ${where}: "${k}" must be an integer`);
  };
  const num = (k: "minReal" | "maxReal" | "minLength" | "maxLength") => {
    const x = json[k];
    if (x === undefined) return;
    if (typeof x === "number") out[k] = x;
    else if (typeof x === "bigint") out[k] = Number(x);
    else bad(`column ${where}: "${k}" must be a number`);
  };
  int("minInteger");
  int("maxInteger");
  num("minReal");
  num("maxReal");
  num("minLength");
  num("maxLength");
  if (json.refTable !== undefined) {
    if (typeof json.refTable !== "string") return bad(`column ${where}: "refTable" must be a string`);
    out.refTable = json.refTable;
    const refType = json.refType ?? "strong";
    if (refType !== "strong" && refType !== "weak") return bad(`column ${where}: "refType" must be "strong" or "weak"`);
    out.refType = refType;
  }
  return out;
}
