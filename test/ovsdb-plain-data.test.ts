/**
 * The OVSDB model is plain data (issue 12): on every committed real database file (the OVSDB
 * fixtures, the OVN sandbox's, the history fixtures, the sos report's), the database and its typed views survive
 * `structuredClone` and `fromJson(toJson(x))` deep-equal, hold no class instance / Map / Error /
 * shared non-frozen node, and their JSON is linear in the file size.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fromJson, toJson } from "../src/core/json.js";
import { type OvsdbDatabase, type OvsdbMap, diffOvsdbHistory, nbView, ovsdbMapEntries, ovsdbMapGet, readOvsdbFile, sbView, vswitchView } from "../src/ovn/ovsdb/index.js";
import { FIXTURES } from "./helpers/fixtures.js";
import { OVSDB_FIXTURES, ovsdbFixture, record, standaloneFile, TINY_SCHEMA } from "./helpers/ovsdb.js";
import { assertPlainData } from "./helpers/ovsdb-plain-data.js";

const TMP = mkdtempSync(join(tmpdir(), "ovskit-ovsdb-plain-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** Every real database file committed: name and bytes. */
function realFiles(): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (const f of readdirSync(OVSDB_FIXTURES).sort()) {
    if (/\.db(\.gz)?$/.test(f)) out.push([`ovsdb/${f}`, ovsdbFixture(f.replace(/\.gz$/, ""))]);
  }
  const ovn = join(FIXTURES, "ovn");
  for (const f of readdirSync(ovn).sort()) if (f.endsWith(".db")) out.push([`ovn/${f}`, readFileSync(join(ovn, f))]);
  for (const f of readdirSync(join(FIXTURES, "ovsdb-history")).sort()) {
    if (/\.db(\.gz)?$/.test(f)) out.push([`ovsdb-history/${f}`, ovsdbFixture(join("..", "ovsdb-history", f.replace(/\.gz$/, "")))]);
  }
  execFileSync("tar", ["-xJf", join(FIXTURES, "sos", "sosreport-ovskit-fixture.tar.xz"), "-C", TMP]);
  const lib = join(TMP, "sosreport-ovskit-fixture", "var", "lib", "ovn");
  for (const f of readdirSync(lib).sort()) if (f.endsWith(".db")) out.push([`sos/${f}`, readFileSync(join(lib, f))]);
  return out;
}

const FILES = realFiles();

function viewOf(db: OvsdbDatabase): unknown {
  switch (db.schema.name) {
    case "OVN_Southbound":
      return sbView(db);
    case "OVN_Northbound":
      return nbView(db);
    default:
      return vswitchView(db);
  }
}

describe("plain data on every real database file", () => {
  it("covers the fixtures of test/fixtures/ovsdb, ovn, ovsdb-history and the sos report", () => {
    expect(FILES.map(([n]) => n.split("/")[0])).toEqual(expect.arrayContaining(["ovsdb", "ovn", "ovsdb-history", "sos"]));
    expect(FILES.length).toBeGreaterThanOrEqual(20);
  });

  for (const [name, bytes] of FILES) {
    it(`${name}: structuredClone and the JSON round trip are deep-equal; the JSON is linear`, () => {
      for (const db of [readOvsdbFile(bytes), readOvsdbFile(bytes, { history: true })]) {
        const rows = Object.values(db.tables).reduce((n, t) => n + Object.keys(t).length, 0);
        expect(rows).toBeGreaterThan(0);
        assertPlainData(db);
        expect(structuredClone(db)).toEqual(db);
        const json = toJson(db);
        expect(fromJson(json)).toEqual(db);
        // JSON.stringify now sees every row (0.1 gave "tables": {}).
        expect(json).toContain(Object.keys(Object.values(db.tables).find((t) => Object.keys(t).length > 0) ?? {})[0]);
        // Linear: never more than a few bytes of JSON per byte of file (a log holds every version of
        // its rows; the database only the last one).
        expect(json.length / bytes.length).toBeLessThan(4);
        const view = viewOf(db);
        assertPlainData(view);
        expect(structuredClone(view)).toEqual(view);
        expect(fromJson(toJson(view))).toEqual(view);
        expect(toJson(view).length / bytes.length).toBeLessThan(4);
      }
      // The history diff of the whole file (from the empty database to the end): plain, linear.
      const diff = diffOvsdbHistory(bytes, { from: { transactions: 0 } });
      assertPlainData(diff);
      expect(structuredClone(diff)).toEqual(diff);
      expect(fromJson(toJson(diff))).toEqual(diff);
      expect(toJson(diff).length / bytes.length).toBeLessThan(8);
    });
  }
});

describe("map keys and UUID atoms", () => {
  const A = "aaaaaaaa-0000-4000-8000-000000000001";
  const U1 = "11111111-0000-4000-8000-000000000001";

  it("a map key named __proto__ or constructor is an own key like any other, through diffs and JSON", () => {
    const bytes = standaloneFile(
      TINY_SCHEMA,
      { T: { [A]: { ids: ["map", [["__proto__", "p"], ["constructor", "c"], ["k", "v"]]], nums: ["map", [[-1, 1], [10, 2], [2, 3]]] } } },
      { _is_diff: true, T: { [A]: { ids: ["map", [["__proto__", "p2"], ["constructor", "c"], ["toString", "t"]]] } } },
    );
    const db = readOvsdbFile(bytes);
    const ids = db.tables.T?.[A]?.ids as OvsdbMap;
    expect(Object.getPrototypeOf(ids)).toBe(Object.prototype); // not replaced by the key
    expect(Object.keys(ids)).toEqual(["__proto__", "k", "toString"]); // constructor removed by the diff
    expect(ovsdbMapGet(ids, "__proto__")).toBe("p2");
    expect(ovsdbMapGet(ids, "constructor")).toBeUndefined(); // not Object.prototype.constructor
    expect(ovsdbMapGet(ids, "hasOwnProperty")).toBeUndefined();
    const back = fromJson<OvsdbDatabase>(toJson(db));
    expect(back).toEqual(db);
    expect(Object.keys(back.tables.T?.[A]?.ids as OvsdbMap)).toEqual(["__proto__", "k", "toString"]);
    expect(structuredClone(db)).toEqual(db);
    assertPlainData(db);
    // Integer keys are decimal texts; ovsdbMapEntries gives them back typed and in OVSDB order.
    const nums = db.tables.T?.[A]?.nums as OvsdbMap;
    expect(nums).toEqual({ "-1": 1, 2: 3, 10: 2 });
    expect(ovsdbMapEntries(nums, db.schema.tables.T!.columns.nums!.type)).toEqual([[-1, 1], [2, 3], [10, 2]]);
  });

  it("UUID atoms are objects of their own: one node, one place", () => {
    const bytes = standaloneFile(TINY_SCHEMA, { T: { [A]: { refs: ["set", [["uuid", U1]]] } }, U: { [U1]: { v: 1 } } }, { T: { [U1.replace("1111", "2222")]: { refs: ["uuid", U1] } } });
    const db = readOvsdbFile(bytes);
    const [a, b] = Object.values(db.tables.T ?? {}).map((r) => (r.refs as { uuid: string }[])[0]);
    expect(a).toEqual({ uuid: U1 });
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
    assertPlainData(db);
  });

  it("lenient damage is a plain record with the error's facts, not an Error", () => {
    const good = standaloneFile(TINY_SCHEMA, { T: { [A]: { name: "x" } } });
    const bytes = Buffer.concat([good, record({ T: { [A]: { n: "not a number" } } })]);
    const db = readOvsdbFile(bytes, { lenient: true });
    expect(db.error).toEqual({
      code: "bad-value",
      problem: "bad-record",
      message: 'table T column n: expected an integer, got "not a number"',
      line: 6, // header and body of the schema, of the good transaction, then this header
      column: 1,
      offset: good.length + bytes.subarray(good.length).indexOf(10) + 1,
      record: 2,
      recordOffset: good.length,
    });
    expect(db.error).not.toBeInstanceOf(Error);
    assertPlainData(db);
    expect(fromJson(toJson(db))).toEqual(db);
  });
});
