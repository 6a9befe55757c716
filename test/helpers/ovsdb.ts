/**
 * Helpers of the test/ovsdb*.test.ts suites: fixtures, the `ovsdb-client dump --format=json`
 * ground truth in a canonical form, and synthetic database files.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { isOvsdbUuid, ovsdbMapEntries } from "../../src/ovn/ovsdb/index.js";
import type { OvsdbAtom, OvsdbColumnType, OvsdbDatabase, OvsdbMap, OvsdbSchema, OvsdbValue } from "../../src/ovn/ovsdb/index.js";

export const OVSDB_FIXTURES = join(import.meta.dirname, "..", "fixtures", "ovsdb");

/** A fixture's bytes (`name` or `name.gz`, gunzipped). */
export function ovsdbFixture(name: string): Buffer {
  const plain = join(OVSDB_FIXTURES, name);
  if (existsSync(plain)) return readFileSync(plain);
  return gunzipSync(readFileSync(`${plain}.gz`));
}

/** One table of an `ovsdb-client dump --format=json` (one JSON object per line). */
export interface DumpTable {
  readonly caption: string;
  readonly headings: string[];
  readonly data: unknown[][];
}

/** The tables of a dump, by name (the caption is "<name> table"); `name` in test/fixtures/ovsdb, or a path from test/fixtures ("ovn/x.dump.json"). */
export function readDump(name: string): Map<string, DumpTable> {
  const out = new Map<string, DumpTable>();
  const bytes = ovsdbFixture(name.includes("/") ? join("..", name) : name);
  for (const line of bytes.toString("utf8").split("\n")) {
    if (line.trim() === "") continue;
    const t = JSON.parse(line) as DumpTable;
    out.set(t.caption.replace(/ table$/, ""), t);
  }
  return out;
}

/** A canonical, comparable form of an atom: strings, numbers, booleans, "uuid:…", "bigint:…". */
type Canon = string | number | boolean | Canon[];

function canonMine(atom: OvsdbAtom): Canon {
  if (typeof atom === "object") return `uuid:${atom.uuid}`;
  if (typeof atom === "bigint") return `bigint:${atom}`;
  return atom;
}

function canonDumpAtom(json: unknown): Canon {
  if (Array.isArray(json) && json[0] === "uuid") return `uuid:${json[1] as string}`;
  if (typeof json === "number" && !Number.isSafeInteger(json) && Number.isInteger(json)) {
    throw new Error(`the dump has an integer beyond 2^53 (${json}): JSON.parse cannot compare it exactly`);
  }
  return json as Canon;
}

const sortCanon = (xs: Canon[]) => xs.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** Canonical form of one of our values. */
export function canonValue(value: OvsdbValue, type: OvsdbColumnType): Canon {
  if (type.kind === "map") {
    if (typeof value !== "object" || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) throw new Error("a map column without a plain object");
    return sortCanon(ovsdbMapEntries(value as OvsdbMap, type).map(([k, v]) => [canonMine(k), canonMine(v)]));
  }
  if (type.kind === "set") {
    if (!Array.isArray(value)) throw new Error("a set column without an array");
    return sortCanon((value as OvsdbAtom[]).map(canonMine));
  }
  if (Array.isArray(value) || (typeof value === "object" && !isOvsdbUuid(value))) throw new Error("a scalar column with a set or map");
  return canonMine(value as OvsdbAtom);
}

/** Canonical form of a value as ovsdb-client prints it. */
export function canonDumpValue(json: unknown, type: OvsdbColumnType): Canon {
  if (type.kind === "map") {
    const pairs = (json as ["map", [unknown, unknown][]])[1];
    return sortCanon(pairs.map(([k, v]) => [canonDumpAtom(k), canonDumpAtom(v)]));
  }
  const isSet = Array.isArray(json) && json[0] === "set";
  if (type.kind === "set") return sortCanon(isSet ? (json[1] as unknown[]).map(canonDumpAtom) : [canonDumpAtom(json)]);
  return canonDumpAtom(isSet ? (json[1] as unknown[])[0] : json);
}

/** Table → row UUID → column → canonical value, for the columns `keep` accepts. */
export type CanonTables = Record<string, Record<string, Record<string, Canon>>>;

export function canonDatabase(db: OvsdbDatabase, keep: (table: string, column: string) => boolean): CanonTables {
  const out: CanonTables = {};
  for (const [name, rows] of Object.entries(db.tables)) {
    const table = db.schema.tables[name];
    if (table === undefined) throw new Error(`table ${name} not in the schema`);
    const t: Record<string, Record<string, Canon>> = {};
    for (const [uuid, row] of Object.entries(rows)) {
      const r: Record<string, Canon> = {};
      for (const col of table.columnNames) {
        if (keep(name, col)) r[col] = canonValue(row[col] as OvsdbValue, table.columns[col]!.type);
      }
      t[uuid] = r;
    }
    out[name] = t;
  }
  return out;
}

export function canonDump(dump: Map<string, DumpTable>, schema: OvsdbSchema, keep: (table: string, column: string) => boolean): CanonTables {
  const out: CanonTables = {};
  for (const [name, t] of dump) {
    const table = schema.tables[name];
    if (table === undefined) throw new Error(`dump table ${name} not in the schema`);
    const rows: Record<string, Record<string, Canon>> = {};
    for (const data of t.data) {
      const r: Record<string, Canon> = {};
      let uuid = "";
      t.headings.forEach((col, i) => {
        if (col === "_uuid") uuid = (data[i] as [string, string])[1];
        else if (!col.startsWith("_") && keep(name, col)) r[col] = canonDumpValue(data[i], table.columns[col]!.type);
      });
      rows[uuid] = r;
    }
    out[name] = rows;
  }
  return out;
}

/** One file record with its real SHA-1 header. */
export function record(json: unknown, magic: "OVSDB JSON" | "OVSDB CLUSTER" = "OVSDB JSON"): Buffer {
  const body = Buffer.from(`${typeof json === "string" ? json : JSON.stringify(json)}\n`, "utf8");
  const sha = createHash("sha1").update(body).digest("hex");
  return Buffer.concat([Buffer.from(`${magic} ${body.length} ${sha}\n`), body]);
}

/** A standalone file from a schema and transactions. */
export function standaloneFile(schema: unknown, ...txns: unknown[]): Buffer {
  return Buffer.concat([record(schema), ...txns.map((t) => record(t))]);
}

/** Byte offsets where the records of a file start, and the end. */
export function recordOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let p = 0;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (p < bytes.length) {
    out.push(p);
    const nl = text.indexOf(10, p);
    const length = Number(text.subarray(p, nl).toString("latin1").split(" ")[2]);
    p = nl + 1 + length;
  }
  out.push(p);
  return out;
}

/** A tiny schema for synthetic files. */
export const TINY_SCHEMA = {
  name: "Tiny",
  version: "1.0.0",
  tables: {
    T: {
      columns: {
        name: { type: "string" },
        n: { type: "integer" },
        r: { type: "real" },
        flag: { type: "boolean" },
        opt: { type: { key: "string", min: 0, max: 1 } },
        tags: { type: { key: "string", min: 0, max: "unlimited" } },
        refs: { type: { key: { type: "uuid", refTable: "U" }, min: 0, max: "unlimited" } },
        ids: { type: { key: "string", value: "string", min: 0, max: "unlimited" } },
        nums: { type: { key: "integer", value: "integer", min: 0, max: "unlimited" } },
        one: { type: { key: "integer", min: 1, max: "unlimited" } },
        big: { type: "integer" },
      },
      isRoot: true,
    },
    U: { columns: { v: { type: "integer" }, e: { type: "string", ephemeral: true } }, isRoot: true },
  },
};
