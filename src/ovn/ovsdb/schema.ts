/**
 * OVSDB schemas (RFC 7047 section 3.2) from the JSON stored in database files.
 *
 * @module
 */
import { type Invalid, invalid, isInvalid, isJsonObject, quoteJson } from "./signals.js";
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
 * Parses a schema, or says why it is not one. Names must be identifiers not starting with `_`
 * (as OVSDB requires), so they are safe as object keys. Constraints are kept but not enforced
 * on the data.
 *
 * @internal
 */
export function parseSchema(json: unknown, values: ValueDecoder): OvsdbSchema | Invalid {
  if (!isJsonObject(json)) return invalid(`a schema must be a JSON object, got ${quoteJson(json)}`);
  const name = json.name;
  if (typeof name !== "string" || !ID.test(name)) return invalid(`schema "name" must be an identifier, got ${quoteJson(name)}`);
  const version = json.version ?? "";
  if (typeof version !== "string") return invalid(`schema "version" must be a string, got ${quoteJson(version)}`);
  const cksum = json.cksum;
  if (cksum !== undefined && typeof cksum !== "string") return invalid(`schema "cksum" must be a string`);
  if (!isJsonObject(json.tables)) return invalid(`schema "tables" must be a JSON object`);
  const entries = Object.entries(json.tables);
  // Old schemas have no isRoot anywhere: then every table is a root table.
  const anyRoot = entries.some(([, t]) => isJsonObject(t) && t.isRoot !== undefined);
  const tables: Record<string, OvsdbTableSchema> = {};
  for (const [tableName, t] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const bad = checkName(tableName, "table");
    if (bad !== undefined) return bad;
    const table = parseTable(tableName, t, anyRoot, values);
    if (isInvalid(table)) return table;
    tables[tableName] = table;
  }
  return {
    name,
    version,
    ...(cksum !== undefined ? { cksum } : {}),
    tables,
    tableNames: Object.keys(tables),
  };
}

/** Why `name` cannot be a table or column name (not an identifier, or reserved), if it cannot. */
function checkName(name: string, what: string): Invalid | undefined {
  if (!ID.test(name)) return invalid(`${what} name ${quoteJson(name)} is not an identifier`);
  if (name.startsWith("_")) return invalid(`${what} name ${quoteJson(name)}: names beginning with "_" are reserved`);
  return undefined;
}

function parseTable(name: string, json: unknown, anyRoot: boolean, values: ValueDecoder): OvsdbTableSchema | Invalid {
  if (!isJsonObject(json)) return invalid(`table ${name} must be a JSON object`);
  if (!isJsonObject(json.columns)) return invalid(`table ${name} needs "columns"`);
  const columns: Record<string, OvsdbColumnSchema> = {};
  for (const [col, c] of Object.entries(json.columns).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const bad = checkName(col, `column of table ${name}:`);
    if (bad !== undefined) return bad;
    if (!isJsonObject(c)) return invalid(`column ${name}.${col} must be a JSON object`);
    const type = parseColumnType(c.type, `${name}.${col}`, values);
    if (isInvalid(type)) return type;
    if (c.ephemeral !== undefined && typeof c.ephemeral !== "boolean") return invalid(`column ${name}.${col}: "ephemeral" must be a boolean`);
    if (c.mutable !== undefined && typeof c.mutable !== "boolean") return invalid(`column ${name}.${col}: "mutable" must be a boolean`);
    columns[col] = { name: col, type, ephemeral: c.ephemeral === true, mutable: c.mutable !== false };
  }
  const isRoot = json.isRoot ?? !anyRoot;
  if (typeof isRoot !== "boolean") return invalid(`table ${name}: "isRoot" must be a boolean`);
  const maxRows = json.maxRows;
  if (maxRows !== undefined && (typeof maxRows !== "number" || !Number.isInteger(maxRows) || maxRows < 1)) {
    return invalid(`table ${name}: "maxRows" must be a positive integer`);
  }
  const indexes: string[][] = [];
  if (json.indexes !== undefined) {
    if (!Array.isArray(json.indexes)) return invalid(`table ${name}: "indexes" must be an array`);
    for (const index of json.indexes as unknown[]) {
      if (!Array.isArray(index) || !index.every((c) => typeof c === "string" && Object.hasOwn(columns, c))) {
        return invalid(`table ${name}: bad index ${quoteJson(index)}`);
      }
      indexes.push([...(index as string[])]);
    }
  }
  return {
    name,
    columns,
    columnNames: Object.keys(columns),
    isRoot,
    ...(maxRows !== undefined ? { maxRows } : {}),
    indexes,
  };
}

function parseColumnType(json: unknown, where: string, values: ValueDecoder): OvsdbColumnType | Invalid {
  if (typeof json === "string") {
    const key = parseBaseType(json, where, values);
    if (isInvalid(key)) return key;
    return { kind: "atom", key, min: 1, max: 1 };
  }
  if (!isJsonObject(json)) return invalid(`column ${where}: bad type ${quoteJson(json)}`);
  const key = parseBaseType(json.key, where, values);
  if (isInvalid(key)) return key;
  const value = json.value === undefined ? undefined : parseBaseType(json.value, where, values);
  if (isInvalid(value)) return value;
  const min = json.min ?? 1;
  if (min !== 0 && min !== 1) return invalid(`column ${where}: "min" must be 0 or 1, got ${quoteJson(min)}`);
  const rawMax = json.max ?? 1;
  const max = rawMax === "unlimited" ? Infinity : rawMax;
  if (typeof max !== "number" || !(max >= 1) || (max !== Infinity && !Number.isInteger(max)) || max < min) {
    return invalid(`column ${where}: "max" must be a positive integer or "unlimited", got ${quoteJson(rawMax)}`);
  }
  const kind = value !== undefined ? "map" : min === 1 && max === 1 ? "atom" : "set";
  return { kind, key, ...(value !== undefined ? { value } : {}), min, max };
}

type MutableBaseType = { -readonly [K in keyof OvsdbBaseType]: OvsdbBaseType[K] };

function parseBaseType(json: unknown, where: string, values: ValueDecoder): OvsdbBaseType | Invalid {
  if (typeof json === "string") {
    if (!ATOMIC.includes(json)) return invalid(`column ${where}: unknown type ${quoteJson(json)}`);
    return { type: json as OvsdbAtomicType };
  }
  if (!isJsonObject(json) || typeof json.type !== "string" || !ATOMIC.includes(json.type)) {
    return invalid(`column ${where}: bad base type ${quoteJson(json)}`);
  }
  const type = json.type as OvsdbAtomicType;
  const out: MutableBaseType = { type };
  if (json.enum !== undefined) {
    const v = values.value(json.enum, { kind: "set", key: { type }, min: 0, max: Infinity });
    if (isInvalid(v)) return invalid(`column ${where}: "enum": ${v.message}`);
    out.enum = [...(v as readonly OvsdbAtom[])];
  }
  for (const k of ["minInteger", "maxInteger"] as const) {
    const x = json[k];
    if (x === undefined) continue;
    if ((typeof x === "number" && Number.isInteger(x)) || typeof x === "bigint") out[k] = x;
    else return invalid(`column ${where}: "${k}" must be an integer`);
  }
  for (const k of ["minReal", "maxReal", "minLength", "maxLength"] as const) {
    const x = json[k];
    if (x === undefined) continue;
    if (typeof x === "number") out[k] = x;
    else if (typeof x === "bigint") out[k] = Number(x);
    else return invalid(`column ${where}: "${k}" must be a number`);
  }
  if (json.refTable !== undefined) {
    if (typeof json.refTable !== "string") return invalid(`column ${where}: "refTable" must be a string`);
    out.refTable = json.refTable;
    const refType = json.refType ?? "strong";
    if (refType !== "strong" && refType !== "weak") return invalid(`column ${where}: "refType" must be "strong" or "weak"`);
    out.refType = refType;
  }
  return out;
}
